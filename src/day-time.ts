// Kept apart from config.ts so the command line can use it without loading the configuration's zod schema.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "mon 07:30" as an ISO weekday (1 = Monday) and a time; null when it is not one. */
export function parseDayTime(value: string): { weekday: number; hour: number; minute: number } | null {
  const match = /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim().toLowerCase());
  if (!match) return null;
  return {
    weekday: WEEKDAYS.indexOf(match[1] as (typeof WEEKDAYS)[number]) + 1,
    hour: Number(match[2]),
    minute: Number(match[3]),
  };
}
