import { SERIES_MAX_OCCURRENCES } from '@roundtable/contract/meetings';
import { isValidTimeZone } from '@roundtable/contract/profiles';
import icalGenerator, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import rrule from 'rrule';
import { invalidField } from '../../platform/errors.js';

// rrule ships CommonJS to Node: its named exports come through the default one.
const { Frequency, RRule } = rrule;

/*
 * Time for meetings. A facilitator picks wall-clock times in a zone; we store UTC and keep the
 * wall-clock start, so a series computed here stays at 09:00 local when the clocks change. RRULE
 * occurrences are computed in "floating" time (rrule's UTC fields stand for local fields, as its
 * documentation advises) and each is then placed in the zone by Luxon.
 */

export function checkTimeZone(timeZone: string, path = '/timeZone'): void {
  if (!isValidTimeZone(timeZone)) throw invalidField(path, 'is not a known time zone');
}

/** The UTC instant of a wall-clock time in a zone (a time the clocks skip moves forward, as calendars do). */
export function toUtc(local: string, timeZone: string): string {
  const instant = DateTime.fromISO(local, { zone: timeZone });
  if (!instant.isValid) throw invalidField('/startsAt', 'is not a date and time');
  return instant.toUTC().toISO({ suppressMilliseconds: false }) ?? '';
}

/** The wall-clock time, `YYYY-MM-DDTHH:mm`, of a UTC instant in a zone. */
export const toLocal = (utc: string, timeZone: string): string =>
  DateTime.fromISO(utc, { zone: 'utc' }).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");

const minutesBetween = (startLocal: string, endLocal: string) =>
  DateTime.fromISO(endLocal, { zone: 'utc' }).diff(DateTime.fromISO(startLocal, { zone: 'utc' }), 'minutes').minutes;

const floating = (local: string) => DateTime.fromISO(local, { zone: 'utc' }).toJSDate();
const fromFloating = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm");

export type Occurrence = { localStart: string; startsAt: string; endsAt: string };

/**
 * Every occurrence of a meeting: one without a rule, or each of a series that must end (COUNT or
 * UNTIL) within 500 occurrences, at most daily. The end keeps the first occurrence's length in
 * wall-clock minutes.
 */
export function occurrencesOf(input: {
  startsAt: string;
  endsAt: string;
  timeZone: string;
  repeat: string | null | undefined;
}): Occurrence[] {
  checkTimeZone(input.timeZone);
  const length = minutesBetween(input.startsAt, input.endsAt);
  if (!(length > 0)) throw invalidField('/endsAt', 'must be after the start');
  if (length > 24 * 60) throw invalidField('/endsAt', 'must be within 24 hours of the start');
  const starts = input.repeat ? localStartsOf(input.repeat, input.startsAt) : [input.startsAt];
  return starts.map((localStart) => {
    const localEnd = DateTime.fromISO(localStart, { zone: 'utc' })
      .plus({ minutes: length })
      .toFormat("yyyy-MM-dd'T'HH:mm");
    return {
      localStart,
      startsAt: toUtc(localStart, input.timeZone),
      endsAt: toUtc(localEnd, input.timeZone),
    };
  });
}

function localStartsOf(repeat: string, startsAt: string): string[] {
  const text = repeat.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|TZID|\n/i.test(text)) throw invalidField('/repeat', 'must be a rule only; the start is the meeting’s');
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(text);
  } catch {
    throw invalidField('/repeat', 'is not a recurrence rule (RRULE)');
  }
  if (options.freq === undefined) throw invalidField('/repeat', 'needs a FREQ');
  if (options.freq > Frequency.DAILY) throw invalidField('/repeat', 'may repeat at most daily');
  if (options.count == null && options.until == null) throw invalidField('/repeat', 'must end (COUNT or UNTIL)');
  if (options.count != null && options.count > SERIES_MAX_OCCURRENCES)
    throw invalidField('/repeat', `may yield at most ${SERIES_MAX_OCCURRENCES} occurrences`);
  let dates: Date[];
  try {
    const rule = new RRule({ ...options, dtstart: floating(startsAt), tzid: null });
    dates = rule.all((_date, index) => index <= SERIES_MAX_OCCURRENCES);
  } catch {
    throw invalidField('/repeat', 'is not a recurrence rule (RRULE)');
  }
  if (dates.length > SERIES_MAX_OCCURRENCES)
    throw invalidField('/repeat', `may yield at most ${SERIES_MAX_OCCURRENCES} occurrences`);
  if (dates.length === 0) throw invalidField('/repeat', 'yields no occurrence');
  return dates.map(fromFloating);
}

export type CalendarEvent = {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  location: string | null;
  videoUrl: string | null;
  status: 'scheduled' | 'cancelled';
  sequence: number;
  updatedAt: string;
  url: string;
};

/**
 * An iCalendar file. Each occurrence is its own event with a UID that never changes, so a calendar
 * replaces it when it changes (SEQUENCE counts the changes) and strikes it when cancelled.
 */
export function calendarOf(input: { name: string; host: string; events: readonly CalendarEvent[] }): string {
  const calendar = icalGenerator({
    name: input.name,
    prodId: { company: 'Roundtable', product: 'meetings', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 3_600,
  });
  for (const event of input.events) {
    const description = [event.description, event.videoUrl ? `Join: ${event.videoUrl}` : '', event.url]
      .filter(Boolean)
      .join('\n\n');
    calendar.createEvent({
      id: `meeting-${event.id}@${input.host}`,
      start: new Date(event.startsAt),
      end: new Date(event.endsAt),
      summary: event.title,
      description,
      location: event.location ?? event.videoUrl ?? undefined,
      url: event.url,
      sequence: event.sequence,
      lastModified: new Date(event.updatedAt),
      stamp: new Date(event.updatedAt),
      status: event.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
