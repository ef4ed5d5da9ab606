import type { Clock } from '../../src/dialogues/ports.js';

/**
 * A clock tests move by hand instead of sleeping (STYLE: time is injected).
 *
 * @example
 * const clock = fakeClock('2026-03-30T07:00:00Z'); // Monday 09:00 in Amsterdam (summer time)
 * clock.advance(72 * HOUR);
 */
export interface FakeClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function fakeClock(start: Date | string = '2026-11-23T08:00:00Z'): FakeClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at).getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}
