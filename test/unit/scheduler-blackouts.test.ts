import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Blackout } from '../../src/dialogues/model.js';
import { localDate } from '../../src/dialogues/time-zone.js';
import { blackoutOf, blackoutsFromICalendar, isValidBlackout } from '../../src/scheduler/blackouts.js';

const AMS = 'Europe/Amsterdam';
const fixture = readFileSync(
  new URL('../fixtures/calendars/schoolvakanties-2026-2027-midden.ics', import.meta.url),
  'utf8',
);
const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]) =>
  ['BEGIN:VEVENT', `UID:${Math.random()}@test`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

describe('blackouts from dates', () => {
  const herfst: Blackout = { from: '2026-10-17', to: '2026-10-25', label: 'herfstvakantie' };

  it('judges an occurrence by its local date, both ends inclusive', () => {
    expect(blackoutOf(new Date('2026-10-19T07:00:00Z'), AMS, [herfst])).toEqual(herfst);
    expect(blackoutOf(new Date('2026-10-25T21:00:00Z'), AMS, [herfst])).toEqual(herfst); // Sunday 22:00 local
    expect(blackoutOf(new Date('2026-10-26T08:00:00Z'), AMS, [herfst])).toBeNull();
    expect(blackoutOf(new Date('2026-10-16T07:00:00Z'), AMS, [herfst])).toBeNull();
  });

  it('uses the schedule’s zone, not UTC: 00:30 Saturday in Amsterdam is Friday in UTC', () => {
    const at = new Date('2026-10-16T22:30:00Z');
    expect(localDate(at, AMS)).toBe('2026-10-17');
    expect(blackoutOf(at, AMS, [herfst])).toEqual(herfst);
    expect(blackoutOf(at, 'UTC', [herfst])).toBeNull();
  });

  it('checks that a blackout is two real dates in order', () => {
    expect(isValidBlackout(herfst)).toBe(true);
    expect(isValidBlackout({ ...herfst, to: '2026-10-01' })).toBe(false);
    expect(isValidBlackout({ ...herfst, from: '2026-02-30' })).toBe(false);
    expect(isValidBlackout({ ...herfst, from: '17-10-2026' })).toBe(false);
  });
});

describe('blackouts from an iCalendar file', () => {
  it('reads the regio midden school holidays 2026-2027, all-day DTEND exclusive', () => {
    const read = blackoutsFromICalendar(fixture);
    expect(read).toEqual({
      ok: true,
      value: [
        { from: '2026-10-17', to: '2026-10-25', label: 'Herfstvakantie' },
        { from: '2026-12-19', to: '2027-01-03', label: 'Kerstvakantie' },
        { from: '2027-02-20', to: '2027-02-28', label: 'Voorjaarsvakantie' },
        { from: '2027-04-24', to: '2027-05-02', label: 'Meivakantie' },
        { from: '2027-07-17', to: '2027-08-29', label: 'Zomervakantie' },
      ],
    });
  });

  it('places timed events on every local date they touch, and an event without DTEND on its own day', () => {
    const read = blackoutsFromICalendar(
      calendar(
        event(
          'DTSTART;TZID=Europe/Amsterdam:20261103T230000',
          'DTEND;TZID=Europe/Amsterdam:20261104T010000',
          'SUMMARY:Nachtelijke studiedag',
        ),
        event('DTSTART:20261110T120000Z', 'DTEND:20261110T230000Z', 'SUMMARY:Studiemiddag'),
        event('DTSTART;VALUE=DATE:20261120', 'SUMMARY:Margedag'),
      ),
    );
    expect(read.ok && read.value).toEqual([
      { from: '2026-11-03', to: '2026-11-04', label: 'Nachtelijke studiedag' },
      { from: '2026-11-10', to: '2026-11-10', label: 'Studiemiddag' }, // ends 00:00 local on the 11th: not touched
      { from: '2026-11-20', to: '2026-11-20', label: 'Margedag' },
    ]);
  });

  it('unrolls a yearly event over the horizon and leaves cancelled events out', () => {
    const read = blackoutsFromICalendar(
      calendar(
        event('DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261227', 'RRULE:FREQ=YEARLY', 'SUMMARY:Kerstdagen'),
        event('DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261202', 'STATUS:CANCELLED', 'SUMMARY:Geschrapt'),
      ),
      { horizonYears: 1 },
    );
    expect(read.ok && read.value).toEqual([
      { from: '2026-12-25', to: '2026-12-26', label: 'Kerstdagen' },
      { from: '2027-12-25', to: '2027-12-26', label: 'Kerstdagen' },
    ]);
  });

  it('refuses text that is not a calendar', () => {
    expect(blackoutsFromICalendar('herfstvakantie 17-25 oktober')).toMatchObject({
      ok: false,
      code: 'input.invalid',
      details: { field: 'calendar' },
    });
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles'])(
    'gives the same dates when the host runs in %s',
    (zone) => {
      // node-ical builds all-day dates at the host's local midnight; a server far from
      // Amsterdam must still read herfstvakantie as 17-25 October.
      const before = process.env.TZ;
      process.env.TZ = zone; // Node re-reads TZ on assignment
      try {
        expect(new Date(2026, 0, 1).getTimezoneOffset()).not.toBe(0);
        const read = blackoutsFromICalendar(fixture);
        expect(read.ok && read.value[0]).toEqual({ from: '2026-10-17', to: '2026-10-25', label: 'Herfstvakantie' });
        expect(read.ok && read.value[1]).toEqual({ from: '2026-12-19', to: '2027-01-03', label: 'Kerstvakantie' });
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    },
  );
});
