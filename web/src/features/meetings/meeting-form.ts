import {
  MEETING_CAPACITY_MAX,
  MEETING_DESCRIPTION_MAX_LENGTH,
  MEETING_LOCATION_MAX_LENGTH,
  MEETING_TITLE_MAX_LENGTH,
  MEETING_VIDEO_URL_MAX_LENGTH,
  type MeetingCreateBody,
  type MeetingFormat,
  type MeetingUpdateBody,
  type MeetingView,
} from '@roundtable/contract/meetings';
import { isValidTimeZone } from '@roundtable/contract/profiles';
import { localDateTime, toZonedParts, zonedToInstant } from './meeting-time';
import { buildRepeatRule, checkRepeat, type Repeat } from './repeat-rule';

/*
 * The schedule and edit forms' model: what is typed, the server's rules checked as you type, the
 * bodies sent, and where the server's `details[].path` lands among the fields.
 */

export type MeetingFormValues = {
  title: string;
  description: string;
  /** `YYYY-MM-DD` in `timeZone`. */
  date: string;
  /** `HH:mm` in `timeZone`. */
  startTime: string;
  endTime: string;
  timeZone: string;
  format: MeetingFormat;
  location: string;
  videoUrl: string;
  /** Empty for no limit. */
  capacity: number | string;
  repeat: Repeat;
};

export const needsLocation = (format: MeetingFormat) => format !== 'online';
export const needsVideoUrl = (format: MeetingFormat) => format !== 'in_person';

const VIDEO_URL = /^https?:\/\/\S+$/;
const pad = (value: number) => String(value).padStart(2, '0');

/** A new meeting a week from today, 09:00–11:00 in the viewer's zone, happening once. */
export function newMeetingValues(now: Date, timeZone: string): MeetingFormValues {
  const inAWeek = new Date(now.getTime() + 7 * 86_400_000);
  const date = toZonedParts(inAWeek, timeZone).date;
  const until = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + 6, Number(date.slice(8))));
  return {
    title: '',
    description: '',
    date,
    startTime: '09:00',
    endTime: '11:00',
    timeZone,
    format: 'in_person',
    location: '',
    videoUrl: '',
    capacity: '',
    repeat: {
      kind: 'none',
      end: 'count',
      count: 6,
      until: `${until.getUTCFullYear()}-${pad(until.getUTCMonth() + 1)}-${pad(until.getUTCDate())}`,
    },
  };
}

/** The form filled from a meeting, in the meeting's own zone (an edit keeps its zone). */
export function valuesOfMeeting(meeting: MeetingView): MeetingFormValues {
  const start = toZonedParts(meeting.startsAt, meeting.timeZone);
  const end = toZonedParts(meeting.endsAt, meeting.timeZone);
  return {
    title: meeting.title,
    description: meeting.description,
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    timeZone: meeting.timeZone,
    format: meeting.format,
    location: meeting.location ?? '',
    videoUrl: meeting.videoUrl ?? '',
    capacity: meeting.capacity ?? '',
    repeat: { kind: 'none', end: 'count', count: 2, until: '' },
  };
}

const isWhole = (value: number | string): value is number => typeof value === 'number' && Number.isInteger(value);

/** The local end: the same day, or the next when the end time is not after the start (an evening past midnight). */
export function endDateOf(values: Pick<MeetingFormValues, 'date' | 'startTime' | 'endTime'>): string {
  if (values.endTime > values.startTime) return values.date;
  const day = new Date(`${values.date}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return values.date;
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Minutes from start to end, reading an end not after the start as the next day. */
export function lengthOf(values: Pick<MeetingFormValues, 'date' | 'startTime' | 'endTime'>): number | null {
  const start = /^(\d{2}):(\d{2})$/.exec(values.startTime);
  const end = /^(\d{2}):(\d{2})$/.exec(values.endTime);
  if (!start || !end) return null;
  const minutes = Number(end[1]) * 60 + Number(end[2]) - (Number(start[1]) * 60 + Number(start[2]));
  return minutes > 0 ? minutes : minutes + 24 * 60;
}

/**
 * The server's rules (contract/meetings.ts and the service's checks), as errors keyed by field.
 * `retimed` is false for an edit that keeps its times, which may then stay in the past.
 */
export function validateMeetingForm(
  values: MeetingFormValues,
  now: Date,
  options: { retimed: boolean; series: boolean },
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.title.trim() === '') errors.title = 'Give the meeting a title, e.g. “Monthly roundtable”.';
  else if (values.title.length > MEETING_TITLE_MAX_LENGTH)
    errors.title = `Keep the title under ${MEETING_TITLE_MAX_LENGTH} characters.`;
  if (values.description.length > MEETING_DESCRIPTION_MAX_LENGTH)
    errors.description = `Keep the description under ${MEETING_DESCRIPTION_MAX_LENGTH.toLocaleString()} characters.`;
  if (!isValidTimeZone(values.timeZone)) errors.timeZone = 'Pick a time zone from the list.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.date = 'Choose the date.';
  if (!/^\d{2}:\d{2}$/.test(values.startTime)) errors.startTime = 'Choose the start time.';
  if (!/^\d{2}:\d{2}$/.test(values.endTime)) errors.endTime = 'Choose the end time.';
  else if (values.endTime === values.startTime) errors.endTime = 'End after the start.';
  if (!errors.date && !errors.startTime && !errors.timeZone && options.retimed) {
    const at = zonedToInstant(values.date, values.startTime, values.timeZone);
    if (at && at.getTime() <= now.getTime()) errors.date = 'Choose a date and time in the future.';
  }
  if (needsLocation(values.format)) {
    if (values.location.trim() === '') errors.location = 'Say where members meet: an address or a venue.';
    else if (values.location.length > MEETING_LOCATION_MAX_LENGTH)
      errors.location = `Keep it under ${MEETING_LOCATION_MAX_LENGTH} characters.`;
  }
  if (needsVideoUrl(values.format)) {
    if (values.videoUrl.trim() === '') errors.videoUrl = 'Paste the link members use to join.';
    else if (!VIDEO_URL.test(values.videoUrl.trim()))
      errors.videoUrl = 'Paste a full link starting with https:// and without spaces.';
    else if (values.videoUrl.length > MEETING_VIDEO_URL_MAX_LENGTH)
      errors.videoUrl = `Keep the link under ${MEETING_VIDEO_URL_MAX_LENGTH} characters.`;
  }
  if (values.capacity !== '' && (!isWhole(values.capacity) || values.capacity < 1))
    errors.capacity = 'Enter a whole number of seats, or leave it empty for no limit.';
  else if (isWhole(values.capacity) && values.capacity > MEETING_CAPACITY_MAX)
    errors.capacity = `At most ${MEETING_CAPACITY_MAX.toLocaleString()} seats.`;
  if (options.series && !errors.date) {
    const problem = checkRepeat(values.repeat, values.date);
    if (problem) errors[`repeat.${problem.field}`] = problem.message;
  }
  return errors;
}

const placeOf = (values: MeetingFormValues) => ({
  location: needsLocation(values.format) ? values.location.trim() : null,
  videoUrl: needsVideoUrl(values.format) ? values.videoUrl.trim() : null,
});

export function toCreateBody(values: MeetingFormValues): MeetingCreateBody {
  const repeat = buildRepeatRule(values.repeat, values.date);
  return {
    title: values.title.trim(),
    ...(values.description.trim() ? { description: values.description.trim() } : {}),
    startsAt: localDateTime(values.date, values.startTime),
    endsAt: localDateTime(endDateOf(values), values.endTime),
    timeZone: values.timeZone,
    format: values.format,
    ...placeOf(values),
    capacity: isWhole(values.capacity) ? values.capacity : null,
    ...(repeat ? { repeat } : {}),
  };
}

/** Only what changed, so keeping the times does not move the meeting away from its series. */
export function toUpdateBody(values: MeetingFormValues, initial: MeetingFormValues): MeetingUpdateBody {
  const body: MeetingUpdateBody = {};
  if (values.title.trim() !== initial.title) body.title = values.title.trim();
  if (values.description.trim() !== initial.description) body.description = values.description.trim();
  if (isRetimed(values, initial)) {
    body.startsAt = localDateTime(values.date, values.startTime);
    body.endsAt = localDateTime(endDateOf(values), values.endTime);
  }
  const place = placeOf(values);
  if (values.format !== initial.format) body.format = values.format;
  if ((place.location ?? '') !== initial.location || values.format !== initial.format) body.location = place.location;
  if ((place.videoUrl ?? '') !== initial.videoUrl || values.format !== initial.format) body.videoUrl = place.videoUrl;
  const capacity = isWhole(values.capacity) ? values.capacity : null;
  if (capacity !== (isWhole(initial.capacity) ? initial.capacity : null)) body.capacity = capacity;
  return body;
}

export const isRetimed = (values: MeetingFormValues, initial: MeetingFormValues) =>
  values.date !== initial.date || values.startTime !== initial.startTime || values.endTime !== initial.endTime;

/** The field a server error's path (`/endsAt`, `/repeat`) belongs to. */
export function fieldOfPath(path: string, values: Pick<MeetingFormValues, 'repeat'>): string | null {
  const top = path.replace(/^\//, '').split('/')[0] ?? '';
  const map: Record<string, string> = {
    title: 'title',
    description: 'description',
    startsAt: 'date',
    endsAt: 'endTime',
    timeZone: 'timeZone',
    format: 'format',
    location: 'location',
    videoUrl: 'videoUrl',
    capacity: 'capacity',
    repeat: values.repeat.end === 'until' ? 'repeat.until' : 'repeat.count',
  };
  return map[top] ?? null;
}
