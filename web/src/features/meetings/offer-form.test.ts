import { describe, expect, it } from 'vitest';
import { dueLabel, formatBytes, localToday, validateFile, validateLink, validateOffer } from './offer-form';

describe('validateOffer', () => {
  it('accepts what to send and a day from today', () => {
    expect(validateOffer({ description: 'Our hiring scorecard', dueOn: '2027-03-12' }, '2027-03-09')).toEqual({});
    expect(validateOffer({ description: 'Our hiring scorecard', dueOn: '2027-03-09' }, '2027-03-09')).toEqual({});
  });

  it('asks for a description and a day not in the past', () => {
    expect(validateOffer({ description: '  ', dueOn: '' }, '2027-03-09')).toEqual({
      description: 'Say what you will send or do.',
      dueOn: 'Choose the day you will send it by.',
    });
    expect(validateOffer({ description: 'x', dueOn: '2027-03-08' }, '2027-03-09').dueOn).toBe(
      'Choose today or a later day.',
    );
    expect(validateOffer({ description: 'x'.repeat(501), dueOn: '2027-03-09' }, '2027-03-09').description).toMatch(
      /500/,
    );
  });
});

describe('validateLink and validateFile', () => {
  it('takes full web addresses only', () => {
    expect(validateLink('https://example.com/process')).toBeNull();
    expect(validateLink('example.com')).toMatch(/https/);
    expect(validateLink('')).toMatch(/Paste/);
  });

  it('refuses missing, empty and too large files before uploading', () => {
    expect(validateFile(null)).toMatch(/Choose/);
    expect(validateFile({ size: 0 })).toMatch(/empty/);
    expect(validateFile({ size: 26 * 1024 * 1024 })).toMatch(/25 MB/);
    expect(validateFile({ size: 1024 })).toBeNull();
  });
});

describe('dueLabel', () => {
  it('counts the days to the deadline, and past it', () => {
    expect(dueLabel('2027-03-09', '2027-03-09')).toBe('Due today');
    expect(dueLabel('2027-03-10', '2027-03-09')).toBe('Due tomorrow');
    expect(dueLabel('2027-04-01', '2027-03-09')).toBe('Due in 23 days');
    expect(dueLabel('2027-03-08', '2027-03-09')).toBe('1 day overdue');
    expect(dueLabel('2027-03-01', '2027-03-09')).toBe('8 days overdue');
  });

  it('crosses the change to summer time without losing a day', () => {
    expect(dueLabel('2027-03-29', '2027-03-27')).toBe('Due in 2 days');
  });
});

describe('formatBytes and localToday', () => {
  it('shows sizes people read', () => {
    expect(formatBytes(12)).toBe('12 bytes');
    expect(formatBytes(348_160)).toBe('340 KB');
    expect(formatBytes(1_258_291)).toBe('1.2 MB');
  });

  it('reads today from the local calendar', () => {
    expect(localToday(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
  });
});
