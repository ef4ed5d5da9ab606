/** Reminders wait for daytime: no nudges before 08:00 or after 18:00, nor at weekends, local time. */
export const QUIET_BEFORE_HOUR = 8;
export const QUIET_FROM_HOUR = 18;

export function isQuietTime(at: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '12');
  const weekday = parts.find((p) => p.type === 'weekday')?.value ?? 'Mon';
  if (weekday === 'Sat' || weekday === 'Sun') return true;
  return hour < QUIET_BEFORE_HOUR || hour >= QUIET_FROM_HOUR;
}
