import { describe, expect, it } from 'vitest';
import {
  buildRepeatRule,
  checkRepeat,
  describeRepeat,
  describeRule,
  type Repeat,
  repeatDates,
  repeatKindOptions,
  weekdayInMonthLabel,
} from './repeat-rule';

const repeat = (overrides: Partial<Repeat>): Repeat => ({
  kind: 'weekly',
  end: 'count',
  count: 6,
  until: '',
  ...overrides,
});

// 12 January 2027 is the second Tuesday of the month.
const START = '2027-01-12';

describe('buildRepeatRule', () => {
  it('returns null when the meeting does not repeat', () => {
    expect(buildRepeatRule(repeat({ kind: 'none' }), START)).toBeNull();
  });

  it('builds weekly and fortnightly rules on the start’s weekday', () => {
    expect(buildRepeatRule(repeat({ kind: 'weekly' }), START)).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=6');
    expect(buildRepeatRule(repeat({ kind: 'biweekly', count: 4 }), START)).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4',
    );
  });

  it('builds the monthly rule on the same weekday of the month', () => {
    expect(buildRepeatRule(repeat({ kind: 'monthly_weekday' }), START)).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=6');
  });

  it('uses "the last" weekday when the start is the fifth one of its month', () => {
    expect(buildRepeatRule(repeat({ kind: 'monthly_weekday' }), '2027-03-30')).toBe('FREQ=MONTHLY;BYDAY=-1TU;COUNT=6');
  });

  it('builds the monthly rule on the same date', () => {
    expect(buildRepeatRule(repeat({ kind: 'monthly_date', count: 3 }), START)).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=12;COUNT=3',
    );
  });

  it('ends on a date at the end of that day', () => {
    expect(buildRepeatRule(repeat({ kind: 'weekly', end: 'until', until: '2027-03-31' }), START)).toBe(
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270331T235959Z',
    );
  });
});

describe('repeatDates', () => {
  it('lists each week from the start', () => {
    expect(repeatDates(repeat({ kind: 'weekly', count: 3 }), START)).toEqual([
      '2027-01-12',
      '2027-01-19',
      '2027-01-26',
    ]);
  });

  it('finds the second Tuesday of each month', () => {
    expect(repeatDates(repeat({ kind: 'monthly_weekday', count: 4 }), START)).toEqual([
      '2027-01-12',
      '2027-02-09',
      '2027-03-09',
      '2027-04-13',
    ]);
  });

  it('finds the last Tuesday of each month', () => {
    expect(repeatDates(repeat({ kind: 'monthly_weekday', count: 3 }), '2027-03-30')).toEqual([
      '2027-03-30',
      '2027-04-27',
      '2027-05-25',
    ]);
  });

  it('skips months without the date, as RRULE does', () => {
    expect(repeatDates(repeat({ kind: 'monthly_date', count: 3 }), '2027-01-31')).toEqual([
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
    ]);
  });

  it('stops at the end date, including it', () => {
    expect(repeatDates(repeat({ kind: 'biweekly', end: 'until', until: '2027-02-09' }), START)).toEqual([
      '2027-01-12',
      '2027-01-26',
      '2027-02-09',
    ]);
  });
});

describe('describeRepeat', () => {
  it('says the pattern and the end in plain words', () => {
    expect(describeRepeat(repeat({ kind: 'monthly_weekday' }), START)).toBe('Monthly on the second Tuesday, 6 times');
    expect(describeRepeat(repeat({ kind: 'weekly', end: 'until', until: '2027-06-30' }), START)).toBe(
      'Every week on Tuesday, until 30 June 2027',
    );
    expect(describeRepeat(repeat({ kind: 'none' }), START)).toBe('Once');
  });

  it('warns that short months are skipped for a date past the 28th', () => {
    expect(describeRepeat(repeat({ kind: 'monthly_date' }), '2027-01-31')).toMatch(/skipped/);
  });

  it('labels the choices with the start date', () => {
    const labels = repeatKindOptions(START).map((option) => option.label);
    expect(labels).toContain('Monthly on the 12th');
    expect(labels).toContain('Every 2 weeks on Tuesday');
    expect(weekdayInMonthLabel('2027-01-01')).toBe('first Friday');
  });
});

describe('checkRepeat', () => {
  it('accepts a series within the server’s limits', () => {
    expect(checkRepeat(repeat({ count: 500 }), START)).toBeNull();
    expect(checkRepeat(repeat({ kind: 'none', count: 0 }), START)).toBeNull();
  });

  it('refuses too few or too many meetings', () => {
    expect(checkRepeat(repeat({ count: 1 }), START)?.field).toBe('count');
    expect(checkRepeat(repeat({ count: 501 }), START)?.field).toBe('count');
  });

  it('refuses an end date before the first meeting or one that gives too many', () => {
    expect(checkRepeat(repeat({ end: 'until', until: '2027-01-01' }), START)?.field).toBe('until');
    expect(checkRepeat(repeat({ end: 'until', until: '2040-01-01' }), START)?.message).toMatch(/more than 500/);
    expect(checkRepeat(repeat({ end: 'until', until: '2027-01-13' }), START)?.message).toMatch(/single/);
  });
});

describe('describeRule', () => {
  it('reads the rules the form builds, and others, as a sentence', () => {
    expect(describeRule('FREQ=MONTHLY;BYDAY=2TU;COUNT=6')).toBe('Monthly on the second Tuesday, 6 meetings in all');
    expect(describeRule('FREQ=MONTHLY;BYDAY=-1FR;COUNT=3')).toBe('Monthly on the last Friday, 3 meetings in all');
    expect(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270331T235959Z')).toBe(
      'Every 2 weeks on Tuesday, until 31 March 2027',
    );
    expect(describeRule('FREQ=MONTHLY;BYMONTHDAY=15;COUNT=4')).toBe('Monthly on the 15th, 4 meetings in all');
    expect(describeRule('FREQ=DAILY;COUNT=3')).toBe('Every day, 3 meetings in all');
  });
});
