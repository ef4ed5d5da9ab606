import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrencesBetween, validateCron } from '../../src/scheduler/occurrences.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const AMS = 'Europe/Amsterdam';

describe('occurrences of a cron expression in a time zone', () => {
  it('keeps Monday 09:00 at 09:00 local across the spring change (29 March 2026)', () => {
    const found = occurrencesBetween(
      '0 9 * * 1',
      AMS,
      new Date('2026-03-15T00:00:00Z'),
      new Date('2026-04-07T00:00:00Z'),
    );
    // CET (UTC+1) until the last Sunday of March, CEST (UTC+2) after.
    expect(iso(found)).toEqual([
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
  });

  it('keeps Monday 09:00 at 09:00 local across the autumn change (25 October 2026)', () => {
    const found = occurrencesBetween(
      '0 9 * * 1',
      AMS,
      new Date('2026-10-11T00:00:00Z'),
      new Date('2026-11-03T00:00:00Z'),
    );
    expect(iso(found)).toEqual([
      '2026-10-12T07:00:00.000Z',
      '2026-10-19T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
    ]);
  });

  it('fires once on the night the clock goes back, and at the shifted hour on the night it skips', () => {
    const autumn = occurrencesBetween(
      '30 2 * * *',
      AMS,
      new Date('2026-10-24T12:00:00Z'),
      new Date('2026-10-25T12:00:00Z'),
    );
    expect(iso(autumn)).toEqual(['2026-10-25T00:30:00.000Z']);
    const spring = occurrencesBetween(
      '30 2 * * *',
      AMS,
      new Date('2026-03-28T12:00:00Z'),
      new Date('2026-03-29T12:00:00Z'),
    );
    expect(spring).toHaveLength(1);
  });

  it('covers (from, to]: an occurrence exactly at `from` belongs to the window before', () => {
    const monday = new Date('2026-11-23T08:00:00Z');
    expect(iso(occurrencesBetween('0 9 * * 1', AMS, new Date(monday.getTime() - 1), monday))).toEqual([
      monday.toISOString(),
    ]);
    expect(occurrencesBetween('0 9 * * 1', AMS, monday, new Date(monday.getTime() + 60_000))).toEqual([]);
    expect(
      occurrencesBetween('0 9 * * 1', AMS, new Date(monday.getTime() + 500), new Date(monday.getTime() + 60_000)),
    ).toEqual([]);
    expect(occurrencesBetween('0 9 * * 1', AMS, monday, monday)).toEqual([]);
  });

  it('reads the same expression in another zone as that zone’s wall clock', () => {
    const found = occurrencesBetween(
      '0 9 * * 1',
      'America/New_York',
      new Date('2026-11-22T00:00:00Z'),
      new Date('2026-11-24T00:00:00Z'),
    );
    expect(iso(found)).toEqual(['2026-11-23T14:00:00.000Z']);
  });

  it('gives the next occurrence after an instant', () => {
    expect(nextOccurrence('0 9 * * 1', AMS, new Date('2026-11-23T08:00:00Z')).toISOString()).toBe(
      '2026-11-30T08:00:00.000Z',
    );
  });
});

describe('validateCron', () => {
  it('accepts five fields in a known zone, normalising the spacing', () => {
    expect(validateCron(' 0  9 * * 1 ', AMS)).toEqual({ ok: true, value: { cron: '0 9 * * 1', timeZone: AMS } });
    expect(validateCron('0 9 * * MON-FRI', 'UTC').ok).toBe(true);
  });

  it.each([['not cron'], ['* * * *'], ['0 0 9 * * 1'], ['61 9 * * 1'], ['0 9 31 2 *'], ['']])(
    'refuses %j with schedule.invalid_cron',
    (cron) => {
      expect(validateCron(cron, AMS)).toMatchObject({ ok: false, code: 'schedule.invalid_cron', details: { cron } });
    },
  );

  it('refuses an unknown time zone with schedule.invalid_time_zone', () => {
    expect(validateCron('0 9 * * 1', 'Europe/Amstelveen')).toEqual({
      ok: false,
      code: 'schedule.invalid_time_zone',
      details: { timeZone: 'Europe/Amstelveen' },
    });
    expect(validateCron('0 9 * * 1', '')).toMatchObject({ ok: false, code: 'schedule.invalid_time_zone' });
  });
});
