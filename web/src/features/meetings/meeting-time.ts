/*
 * Meeting times. The server stores UTC instants and the zone a meeting was scheduled in; members
 * read them in their own zone (the browser's), and see the meeting's zone beside it when the two
 * differ at that moment. Forms speak in wall-clock times (`YYYY-MM-DD`, `HH:mm`) of a chosen zone.
 */

/** The viewer's IANA time zone, e.g. `Europe/Berlin`. */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The wall-clock date (`YYYY-MM-DD`) and time (`HH:mm`) of an instant in a zone. */
export function toZonedParts(value: string | Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** Minutes between two instants. */
export const minutesBetween = (startsAt: string, endsAt: string): number =>
  Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);

/** "45 min", "2 h", "1 h 30 min". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** True when the two zones show a different clock at that instant. */
export function zonesDiffer(zoneA: string, zoneB: string, at: string | Date): boolean {
  if (zoneA === zoneB) return false;
  const a = toZonedParts(at, zoneA);
  const b = toZonedParts(at, zoneB);
  return a.date !== b.date || a.time !== b.time;
}

/** A zone as people read it: "Europe/Berlin" → "Berlin", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export const zoneCity = (timeZone: string): string => (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');

type FormatOptions = { timeZone?: string; locale?: string };

/**
 * When a meeting happens, in one zone (the viewer's unless given): "Tuesday, 12 January 2027,
 * 09:00–11:00", or both dates when it ends on another day.
 */
export function formatMeetingWhen(startsAt: string, endsAt: string, options: FormatOptions = {}): string {
  const { timeZone, locale } = options;
  const day = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const clock = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const zone = timeZone ?? browserTimeZone();
  if (toZonedParts(start, zone).date === toZonedParts(end, zone).date)
    return `${day.format(start)}, ${clock.format(start)}–${clock.format(end)}`;
  return `${day.format(start)}, ${clock.format(start)} – ${day.format(end)}, ${clock.format(end)}`;
}

/** The clock range alone, "09:00–11:00", for a list row beside its date tile. */
export function formatClockRange(startsAt: string, endsAt: string, options: FormatOptions = {}): string {
  const clock = new Intl.DateTimeFormat(options.locale, { timeZone: options.timeZone, timeStyle: 'short' });
  return `${clock.format(new Date(startsAt))}–${clock.format(new Date(endsAt))}`;
}

/** The pieces of a date tile: "JAN", "12", "Tue". */
export function dateTileOf(
  value: string,
  options: FormatOptions = {},
): { month: string; day: string; weekday: string; year: number } {
  const { timeZone, locale } = options;
  const date = new Date(value);
  return {
    month: new Intl.DateTimeFormat(locale, { timeZone, month: 'short' }).format(date),
    day: new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric' }).format(date),
    weekday: new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(date),
    year: Number(toZonedParts(date, timeZone ?? browserTimeZone()).date.slice(0, 4)),
  };
}

/** "CET", "GMT+1": the zone's short name at that instant, for "09:00 CET". */
export function zoneAbbreviation(timeZone: string, at: string | Date, locale?: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date(at));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}

/** A form's date and time, `2027-01-12` and `09:00`, as the API's local date-time `2027-01-12T09:00`. */
export const localDateTime = (date: string, time: string): string => `${date}T${time}`;

/**
 * The UTC instant of a wall-clock time in a zone, for checks such as "in the future" before the
 * server answers. A time the clocks skip comes out an hour off, which such checks can bear.
 */
export function zonedToInstant(date: string, time: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match || !clock) return null;
  const guess = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(clock[1]), Number(clock[2]));
  if (Number.isNaN(guess)) return null;
  // The zone's offset at the guessed instant, read back from its wall clock; twice to settle near a change.
  let instant = guess;
  for (let step = 0; step < 2; step += 1) {
    const shown = toZonedParts(new Date(instant), timeZone);
    const shownMs = Date.parse(`${shown.date}T${shown.time}:00Z`);
    instant += guess - shownMs;
  }
  return new Date(instant);
}
