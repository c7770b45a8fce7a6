import { describe, expect, it } from 'vitest';
import { formatClockTime, formatRelativeTime } from './time';

const now = new Date('2026-12-03T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatRelativeTime', () => {
  it('says how long ago, in the largest unit that reads naturally', () => {
    expect(formatRelativeTime(ago(10_000), now)).toBe('just now');
    expect(formatRelativeTime(ago(2 * MINUTE), now)).toBe('2 min ago');
    expect(formatRelativeTime(ago(3 * HOUR), now)).toBe('3 h ago');
    expect(formatRelativeTime(ago(30 * HOUR), now)).toBe('yesterday');
    expect(formatRelativeTime(ago(4 * DAY), now)).toBe('4 days ago');
  });

  it('counts down to a time ahead', () => {
    expect(formatRelativeTime(ago(-31 * MINUTE), now)).toBe('in 31 min');
    expect(formatRelativeTime(ago(-31 * HOUR), now)).toBe('in 31 h');
    expect(formatRelativeTime(ago(-5 * DAY), now)).toBe('in 5 days');
  });

  it('falls back to a date after a week, with the year only when it differs', () => {
    expect(formatRelativeTime(ago(20 * DAY), now)).not.toMatch(/ago|\d{4}/);
    expect(formatRelativeTime(ago(400 * DAY), now)).toMatch(/2025/);
  });
});

describe('formatClockTime', () => {
  it('shows hours and minutes, without seconds or a date', () => {
    const shown = formatClockTime('2026-12-03T14:32:00.000Z');
    expect(shown).toMatch(/\d{1,2}[:.]32/);
    expect(shown).not.toMatch(/2026|:00:|\.000/);
  });
});
