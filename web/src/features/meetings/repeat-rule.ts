import { SERIES_MAX_OCCURRENCES } from '@roundtable/contract/meetings';

/*
 * "Repeats" in the schedule form: a few patterns people use, each turned into the RRULE the
 * server expands (in the meeting's own wall-clock time), with a sentence that says it plainly
 * and the dates it gives, computed here the same way so the form can show them before saving.
 */

export type RepeatKind = 'none' | 'weekly' | 'biweekly' | 'monthly_weekday' | 'monthly_date';
export type RepeatEndKind = 'count' | 'until';

export type Repeat = {
  kind: RepeatKind;
  end: RepeatEndKind;
  /** How many meetings in all, the first included. */
  count: number;
  /** The last day a meeting may fall on, `YYYY-MM-DD`. */
  until: string;
};

export const REPEAT_KINDS: { value: RepeatKind; label: string }[] = [
  { value: 'none', label: 'Does not repeat' },
  { value: 'weekly', label: 'Every week' },
  { value: 'biweekly', label: 'Every 2 weeks' },
  { value: 'monthly_weekday', label: 'Monthly on the same weekday' },
  { value: 'monthly_date', label: 'Monthly on the same date' },
];

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const ORDINALS = ['first', 'second', 'third', 'fourth'] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

type Day = { year: number; month: number; day: number };

function parseDay(value: string): Day | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const day = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = new Date(Date.UTC(day.year, day.month - 1, day.day));
  return check.getUTCMonth() === day.month - 1 && check.getUTCDate() === day.day ? day : null;
}

const pad = (value: number) => String(value).padStart(2, '0');
const dayText = ({ year, month, day }: Day) => `${year}-${pad(month)}-${pad(day)}`;
const weekdayOf = ({ year, month, day }: Day) => new Date(Date.UTC(year, month - 1, day)).getUTCDay();
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const addDays = ({ year, month, day }: Day, days: number): Day => {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** Which of its weekday in the month a date is: 1 to 4, or -1 when it is the fifth (so "the last"). */
export function weekOfMonth(date: string): number {
  const day = parseDay(date);
  if (!day) return 1;
  const nth = Math.ceil(day.day / 7);
  return nth >= 5 ? -1 : nth;
}

const ordinalDay = (day: number) => {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${{ 1: 'st', 2: 'nd', 3: 'rd' }[day % 10] ?? 'th'}`;
};

/** "second Tuesday", "last Friday": how the monthly-on-the-same-weekday choice reads for this date. */
export function weekdayInMonthLabel(date: string): string {
  const day = parseDay(date);
  if (!day) return 'same weekday';
  const nth = weekOfMonth(date);
  return `${nth === -1 ? 'last' : ORDINALS[nth - 1]} ${WEEKDAY_NAMES[weekdayOf(day)]}`;
}

/** The choices with the start date worked in: "Monthly on the second Tuesday", "Monthly on the 12th". */
export function repeatKindOptions(startDate: string): { value: RepeatKind; label: string }[] {
  const day = parseDay(startDate);
  if (!day) return REPEAT_KINDS;
  return REPEAT_KINDS.map((option) => {
    if (option.value === 'weekly') return { ...option, label: `Every week on ${WEEKDAY_NAMES[weekdayOf(day)]}` };
    if (option.value === 'biweekly') return { ...option, label: `Every 2 weeks on ${WEEKDAY_NAMES[weekdayOf(day)]}` };
    if (option.value === 'monthly_weekday')
      return { ...option, label: `Monthly on the ${weekdayInMonthLabel(startDate)}` };
    if (option.value === 'monthly_date') return { ...option, label: `Monthly on the ${ordinalDay(day.day)}` };
    return option;
  });
}

/**
 * The RRULE for a repeat starting on `startDate` (`YYYY-MM-DD`), or null when it does not repeat.
 * UNTIL is the end of that day in the meeting's wall-clock time, as the server reads the rule.
 */
export function buildRepeatRule(repeat: Repeat, startDate: string): string | null {
  const start = parseDay(startDate);
  if (repeat.kind === 'none' || !start) return null;
  const parts: string[] = [];
  if (repeat.kind === 'weekly') parts.push('FREQ=WEEKLY', `BYDAY=${WEEKDAYS[weekdayOf(start)]}`);
  if (repeat.kind === 'biweekly') parts.push('FREQ=WEEKLY', 'INTERVAL=2', `BYDAY=${WEEKDAYS[weekdayOf(start)]}`);
  if (repeat.kind === 'monthly_weekday')
    parts.push('FREQ=MONTHLY', `BYDAY=${weekOfMonth(startDate)}${WEEKDAYS[weekdayOf(start)]}`);
  if (repeat.kind === 'monthly_date') parts.push('FREQ=MONTHLY', `BYMONTHDAY=${start.day}`);
  if (repeat.end === 'count') parts.push(`COUNT=${repeat.count}`);
  else parts.push(`UNTIL=${repeat.until.replace(/-/g, '')}T235959Z`);
  return parts.join(';');
}

/** The n-th (1–4, or -1 for the last) given weekday of a month, or null when it has none. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): Day | null {
  if (nth === -1) {
    const last = { year, month, day: daysInMonth(year, month) };
    return addDays(last, -((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = { year, month, day: 1 };
  const day = 1 + ((weekday - weekdayOf(first) + 7) % 7) + (nth - 1) * 7;
  return day <= daysInMonth(year, month) ? { year, month, day } : null;
}

/**
 * The dates (`YYYY-MM-DD`) the repeat gives, first included, up to `limit` (one more than the
 * server allows by default, so a rule too long can be told apart). Months without the date are
 * skipped, as RRULE does.
 */
export function repeatDates(repeat: Repeat, startDate: string, limit = SERIES_MAX_OCCURRENCES + 1): string[] {
  const start = parseDay(startDate);
  if (!start) return [];
  if (repeat.kind === 'none') return [startDate];
  const until = repeat.end === 'until' ? parseDay(repeat.until) : null;
  const max = repeat.end === 'count' ? Math.min(Math.max(0, Math.floor(repeat.count)), limit) : limit;
  if (repeat.end === 'until' && (!until || dayText(until) < startDate)) return [];
  const isInside = (day: Day) => !until || dayText(day) <= dayText(until);
  const dates: string[] = [];
  const weekday = weekdayOf(start);
  const nth = weekOfMonth(startDate);
  // Months are counted from the start; a long gap of skipped months still ends within this bound.
  for (let step = 0; dates.length < max && step < limit * 2; step += 1) {
    let day: Day | null;
    if (repeat.kind === 'weekly' || repeat.kind === 'biweekly')
      day = addDays(start, step * (repeat.kind === 'weekly' ? 7 : 14));
    else {
      const monthIndex = start.month - 1 + step;
      const year = start.year + Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      if (repeat.kind === 'monthly_weekday') day = nthWeekday(year, month, weekday, nth);
      else day = start.day <= daysInMonth(year, month) ? { year, month, day: start.day } : null;
    }
    if (day === null) continue;
    if (!isInside(day)) break;
    dates.push(dayText(day));
  }
  return dates;
}

const readableDate = (value: string) => {
  const day = parseDay(value);
  return day ? `${day.day} ${MONTHS[day.month - 1]} ${day.year}` : value;
};

/** "Every week on Tuesday, 6 times" or "Monthly on the second Tuesday, until 30 June 2027". */
export function describeRepeat(repeat: Repeat, startDate: string): string {
  if (repeat.kind === 'none') return 'Once';
  const option = repeatKindOptions(startDate).find((candidate) => candidate.value === repeat.kind);
  const pattern = option?.label ?? 'Repeats';
  const ending =
    repeat.end === 'count'
      ? `${repeat.count} ${repeat.count === 1 ? 'time' : 'times'}`
      : `until ${readableDate(repeat.until)}`;
  const start = parseDay(startDate);
  const skips =
    repeat.kind === 'monthly_date' && start && start.day > 28 ? ' (months without that date are skipped)' : '';
  return `${pattern}, ${ending}${skips}`;
}

/** What is wrong with the repeat's end, in the server's terms, or null. */
export function checkRepeat(repeat: Repeat, startDate: string): { field: 'count' | 'until'; message: string } | null {
  if (repeat.kind === 'none') return null;
  if (repeat.end === 'count') {
    if (!Number.isInteger(repeat.count) || repeat.count < 2)
      return { field: 'count', message: 'A series has at least 2 meetings.' };
    if (repeat.count > SERIES_MAX_OCCURRENCES)
      return { field: 'count', message: `A series has at most ${SERIES_MAX_OCCURRENCES} meetings.` };
    return null;
  }
  if (!parseDay(repeat.until)) return { field: 'until', message: 'Choose the last date.' };
  if (!parseDay(startDate)) return null;
  if (repeat.until <= startDate) return { field: 'until', message: 'Choose a date after the first meeting.' };
  const dates = repeatDates(repeat, startDate);
  if (dates.length < 2) return { field: 'until', message: 'That leaves a single meeting; choose a later date.' };
  if (dates.length > SERIES_MAX_OCCURRENCES)
    return {
      field: 'until',
      message: `That makes more than ${SERIES_MAX_OCCURRENCES} meetings; choose an earlier date.`,
    };
  return null;
}

const WEEKDAY_BY_CODE: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** A series' rule as a sentence, e.g. "Monthly on the second Tuesday, 6 meetings in all". */
export function describeRule(rule: string): string {
  const parts = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((part) => part.split('=') as [string, string | undefined])
      .map(([key, value]) => [key.toUpperCase(), value ?? ''] as const),
  );
  const interval = Number(parts.get('INTERVAL') ?? '1') || 1;
  const byDay = parts.get('BYDAY') ?? '';
  const dayMatch = /^(-?\d)?([A-Z]{2})$/.exec(byDay);
  const dayName = dayMatch?.[2] ? WEEKDAY_BY_CODE[dayMatch[2]] : undefined;
  let pattern: string;
  switch (parts.get('FREQ')) {
    case 'DAILY':
      pattern = interval === 1 ? 'Every day' : `Every ${interval} days`;
      break;
    case 'WEEKLY':
      pattern = `${interval === 1 ? 'Every week' : `Every ${interval} weeks`}${dayName ? ` on ${dayName}` : ''}`;
      break;
    case 'MONTHLY': {
      const nth = Number(dayMatch?.[1] ?? '0');
      const monthDay = Number(parts.get('BYMONTHDAY') ?? '0');
      const every = interval === 1 ? 'Monthly' : `Every ${interval} months`;
      if (dayName && nth !== 0) pattern = `${every} on the ${nth === -1 ? 'last' : ORDINALS[nth - 1]} ${dayName}`;
      else if (monthDay > 0) pattern = `${every} on the ${ordinalDay(monthDay)}`;
      else pattern = every;
      break;
    }
    case 'YEARLY':
      pattern = 'Every year';
      break;
    default:
      return 'Repeats';
  }
  const count = parts.get('COUNT');
  const until = /^(\d{4})(\d{2})(\d{2})/.exec(parts.get('UNTIL') ?? '');
  if (count) return `${pattern}, ${count} meetings in all`;
  if (until) return `${pattern}, until ${readableDate(`${until[1]}-${until[2]}-${until[3]}`)}`;
  return pattern;
}
