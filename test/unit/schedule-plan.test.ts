import { describe, expect, it } from 'vitest';
import { checkPlan, inCycle, recurrenceOf } from '../../src/dialogues/recurrence.js';
import { describeSchedule } from '../../src/i18n/recurrence-text.js';

describe('describeSchedule: one sentence for every list', () => {
  it('names a weekly schedule in Dutch and English', () => {
    expect(describeSchedule({ cron: '0 9 * * 1', everyWeeks: 1 }, 'nl')).toBe('Elke maandag om 09:00');
    expect(describeSchedule({ cron: '0 9 * * 1', everyWeeks: 1 }, 'en')).toBe('Every Monday at 09:00');
  });

  it('names every n weeks', () => {
    expect(describeSchedule({ cron: '30 14 * * 3', everyWeeks: 2 }, 'nl')).toBe('Om de 2 weken op woensdag om 14:30');
    expect(describeSchedule({ cron: '30 14 * * 3', everyWeeks: 3 }, 'en')).toBe('Every 3 weeks on Wednesday at 14:30');
  });

  it('reads Sunday as 0 or 7, several days, daily and monthly expressions made before the pickers', () => {
    expect(describeSchedule({ cron: '5 7 * * 0' }, 'nl')).toBe('Elke zondag om 07:05');
    expect(describeSchedule({ cron: '5 7 * * 7' }, 'en')).toBe('Every Sunday at 07:05');
    expect(describeSchedule({ cron: '0 9 * * 1,3' }, 'nl')).toBe('Elke maandag en woensdag om 09:00');
    expect(describeSchedule({ cron: '0 9 * * 1-3' }, 'en')).toBe('Every Monday, Tuesday and Wednesday at 09:00');
    expect(describeSchedule({ cron: '0 8 * * *' }, 'nl')).toBe('Elke dag om 08:00');
    expect(describeSchedule({ cron: '0 9 1 * *' }, 'nl')).toBe('Elke maand op de 1e om 09:00');
    expect(describeSchedule({ cron: '0 9 1 * *' }, 'en')).toBe('Every month on day 1 at 09:00');
  });

  it('shows an expression no picker can make as it is, marked as custom', () => {
    expect(describeSchedule({ cron: '*/15 9 * * 1' }, 'nl')).toBe('Eigen ritme (*/15 9 * * 1)');
    expect(recurrenceOf({ cron: '0 9 * 1 1' }).kind).toBe('custom');
  });
});

describe('checkPlan: what a form sends', () => {
  it('turns day, time and cycle into the stored expression', () => {
    expect(checkPlan({ weekday: '1', time: '09:00', everyWeeks: '2', windowHours: '' })).toEqual({
      ok: true,
      value: { cron: '0 9 * * 1', everyWeeks: 2, windowHours: null },
    });
    expect(checkPlan({ weekday: 7, time: '7:30', everyWeeks: 1, windowHours: 48 })).toEqual({
      ok: true,
      value: { cron: '30 7 * * 0', everyWeeks: 1, windowHours: 48 },
    });
  });

  it('refuses a bad time, day, cycle or window and names the field', () => {
    const field = (r: ReturnType<typeof checkPlan>) => (r.ok ? null : r.details?.field);
    expect(field(checkPlan({ weekday: 1, time: '25:00', everyWeeks: 1 }))).toBe('time');
    expect(field(checkPlan({ weekday: 1, time: '09:60', everyWeeks: 1 }))).toBe('time');
    expect(field(checkPlan({ weekday: 1, time: 'nine', everyWeeks: 1 }))).toBe('time');
    expect(field(checkPlan({ weekday: 0, time: '09:00', everyWeeks: 1 }))).toBe('weekday');
    expect(field(checkPlan({ weekday: 1, time: '09:00', everyWeeks: 0 }))).toBe('every_weeks');
    expect(field(checkPlan({ weekday: 1, time: '09:00', everyWeeks: 53 }))).toBe('every_weeks');
    expect(field(checkPlan({ weekday: 1, time: '09:00', everyWeeks: 1, windowHours: '0' }))).toBe('window_hours');
    expect(field(checkPlan({ weekday: 1, time: '09:00', everyWeeks: 1, windowHours: '2.5' }))).toBe('window_hours');
  });
});

describe('inCycle: every n weeks', () => {
  it('runs in the first week and every n-th week after it, counted Monday to Sunday', () => {
    // 2025-03-05 is a Wednesday; its week starts Monday 3 March.
    expect(inCycle('2025-03-03', '2025-03-05', 2)).toBe(true);
    expect(inCycle('2025-03-10', '2025-03-05', 2)).toBe(false);
    expect(inCycle('2025-03-17', '2025-03-05', 2)).toBe(true);
    expect(inCycle('2025-03-24', '2025-03-05', 3)).toBe(true);
    expect(inCycle('2025-02-17', '2025-03-05', 2)).toBe(true);
    expect(inCycle('2025-03-10', '2025-03-05', 1)).toBe(true);
  });
});
