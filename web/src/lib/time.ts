const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const fullDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const clockTime = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

/** "just now", "2 min ago", "3 h ago", "yesterday", "4 days ago", then a short date; ahead, "in 31 h". */
export function formatRelativeTime(value: string | Date, now: Date = new Date()): string {
  const date = new Date(value);
  const elapsed = now.getTime() - date.getTime();
  // A time ahead, such as an expiry or a deadline, counts down.
  if (elapsed < -45_000) {
    const ahead = -elapsed;
    if (ahead < HOUR) return `in ${Math.max(1, Math.round(ahead / MINUTE))} min`;
    if (ahead < 2 * DAY) return `in ${Math.round(ahead / HOUR)} h`;
    if (ahead < 14 * DAY) return `in ${Math.round(ahead / DAY)} days`;
    return `on ${date.getFullYear() === now.getFullYear() ? dayMonth.format(date) : dayMonthYear.format(date)}`;
  }
  if (elapsed < 45_000) return 'just now';
  if (elapsed < HOUR) return `${Math.max(1, Math.round(elapsed / MINUTE))} min ago`;
  if (elapsed < DAY) return `${Math.round(elapsed / HOUR)} h ago`;
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)} days ago`;
  return date.getFullYear() === now.getFullYear() ? dayMonth.format(date) : dayMonthYear.format(date);
}

/** The absolute time in the viewer's time zone, e.g. "Tuesday, 25 November 2026 at 19:30". */
export const formatDateTime = (value: string | Date): string => fullDateTime.format(new Date(value));

/** A calendar date, e.g. "25 November 2026". */
export const formatDate = (value: string | Date): string => longDate.format(new Date(value));

/** A time of day in the viewer's time zone, e.g. "14:32" or "2:32 PM". */
export const formatClockTime = (value: string | Date): string => clockTime.format(new Date(value));
