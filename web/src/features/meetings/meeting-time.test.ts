import { describe, expect, it } from 'vitest';
import {
  dateTileOf,
  formatClockRange,
  formatDuration,
  formatMeetingWhen,
  minutesBetween,
  toZonedParts,
  zoneCity,
  zonedToInstant,
  zonesDiffer,
} from './meeting-time';

// 09:00–11:00 in Berlin (CET, UTC+1) on Tuesday 12 January 2027.
const STARTS = '2027-01-12T08:00:00.000Z';
const ENDS = '2027-01-12T10:00:00.000Z';

describe('toZonedParts', () => {
  it('reads an instant as the wall clock of a zone', () => {
    expect(toZonedParts(STARTS, 'Europe/Berlin')).toEqual({ date: '2027-01-12', time: '09:00' });
    expect(toZonedParts(STARTS, 'America/New_York')).toEqual({ date: '2027-01-12', time: '03:00' });
    expect(toZonedParts('2027-01-12T23:30:00.000Z', 'Asia/Tokyo')).toEqual({ date: '2027-01-13', time: '08:30' });
  });
});

describe('zonedToInstant', () => {
  it('turns a wall-clock time in a zone into its instant, across summer time', () => {
    expect(zonedToInstant('2027-01-12', '09:00', 'Europe/Berlin')?.toISOString()).toBe(STARTS);
    expect(zonedToInstant('2027-07-13', '09:00', 'Europe/Berlin')?.toISOString()).toBe('2027-07-13T07:00:00.000Z');
    expect(zonedToInstant('2027-01-12', '09:00', 'America/New_York')?.toISOString()).toBe('2027-01-12T14:00:00.000Z');
  });

  it('returns null for what is not a date and time', () => {
    expect(zonedToInstant('', '09:00', 'Europe/Berlin')).toBeNull();
    expect(zonedToInstant('2027-01-12', '9', 'Europe/Berlin')).toBeNull();
  });
});

describe('formatMeetingWhen', () => {
  it('shows the day once and the clock range in the zone asked for', () => {
    expect(formatMeetingWhen(STARTS, ENDS, { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toMatch(
      /^Tuesday,? 12 January 2027, 09:00–11:00$/,
    );
    expect(formatMeetingWhen(STARTS, ENDS, { timeZone: 'America/New_York', locale: 'en-US' })).toBe(
      'Tuesday, January 12, 2027, 3:00 AM–5:00 AM',
    );
  });

  it('shows both days when the meeting ends on another day in that zone', () => {
    const shown = formatMeetingWhen(STARTS, ENDS, { timeZone: 'Pacific/Kiritimati', locale: 'en-GB' });
    expect(shown).toMatch(/^Tuesday,? 12 January 2027, 22:00 – Wednesday,? 13 January 2027, 00:00$/);
  });

  it('gives the clock range alone for a list row', () => {
    expect(formatClockRange(STARTS, ENDS, { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toBe('09:00–11:00');
  });
});

describe('dateTileOf', () => {
  it('gives the month, day and weekday in the zone', () => {
    expect(dateTileOf(STARTS, { timeZone: 'Europe/Berlin', locale: 'en-GB' })).toEqual({
      month: 'Jan',
      day: '12',
      weekday: 'Tue',
      year: 2027,
    });
  });
});

describe('zones and durations', () => {
  it('tells whether two zones show another clock at that moment', () => {
    expect(zonesDiffer('Europe/Berlin', 'Europe/Paris', STARTS)).toBe(false);
    expect(zonesDiffer('Europe/Berlin', 'Europe/London', STARTS)).toBe(true);
  });

  it('names a zone by its city', () => {
    expect(zoneCity('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
  });

  it('measures and words a length', () => {
    expect(minutesBetween(STARTS, ENDS)).toBe(120);
    expect(formatDuration(120)).toBe('2 h');
    expect(formatDuration(90)).toBe('1 h 30 min');
    expect(formatDuration(45)).toBe('45 min');
  });
});
