import { DEFAULT_MEETING_PROTOCOL } from '@roundtable/contract/meetings';
import { describe, expect, it } from 'vitest';
import {
  clockOffset,
  describeCountdown,
  formatCountdown,
  nextActionLabel,
  runPhase,
  runPositionLabel,
  stepReminder,
  stepTime,
} from './run-clock';

const protocol = DEFAULT_MEETING_PROTOCOL.map((step) => ({ ...step }));
const STARTED = '2027-03-09T08:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

const run = {
  startedAt: STARTED,
  endedAt: null,
  issueId: 'issue-1',
  stepIndex: 1,
  stepStartedAt: '2027-03-09T08:05:00.000Z',
  protocol,
  position: 0,
  agendaLength: 2,
};

describe('runPhase', () => {
  it('reads waiting before the start, the issue while one runs, then done and ended', () => {
    expect(runPhase(null)).toBe('waiting');
    expect(runPhase({ startedAt: null, endedAt: null, issueId: null })).toBe('waiting');
    expect(runPhase(run)).toBe('issue');
    expect(runPhase({ ...run, issueId: null })).toBe('agendaDone');
    expect(runPhase({ ...run, issueId: null, endedAt: '2027-03-09T09:00:00.000Z' })).toBe('ended');
  });
});

describe('stepTime', () => {
  it('counts down from the step start plus its minutes', () => {
    // Clarifying questions: 10 minutes from 08:05, so 7 minutes left at 08:08.
    expect(stepTime(run, at('2027-03-09T08:08:00.000Z'), 0)).toEqual({
      totalMs: 600_000,
      remainingMs: 420_000,
      isOvertime: false,
    });
  });

  it('corrects a browser clock that runs behind the server', () => {
    // The browser reads 08:06 when the server reads 08:08.
    const offset = clockOffset('2027-03-09T08:08:00.000Z', at('2027-03-09T08:06:00.000Z'));
    expect(offset).toBe(120_000);
    expect(stepTime(run, at('2027-03-09T08:06:00.000Z'), offset)?.remainingMs).toBe(420_000);
  });

  it('turns to overtime once the step runs past its minutes', () => {
    const time = stepTime(run, at('2027-03-09T08:16:05.000Z'), 0);
    expect(time).toMatchObject({ remainingMs: -65_000, isOvertime: true });
  });

  it('has no countdown between issues', () => {
    expect(stepTime({ ...run, issueId: null, stepIndex: null }, at(STARTED), 0)).toBeNull();
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounding up while counting down', () => {
    expect(formatCountdown(300_000)).toBe('5:00');
    expect(formatCountdown(299_000)).toBe('4:59');
    expect(formatCountdown(299_001)).toBe('5:00');
    expect(formatCountdown(500)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
  });

  it('shows hours past sixty minutes and a plus once over time', () => {
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-65_000)).toBe('+1:05');
    expect(formatCountdown(-400)).toBe('+0:00');
  });

  it('says the same in words', () => {
    expect(describeCountdown(299_000)).toBe('4 minutes 59 seconds left');
    expect(describeCountdown(60_000)).toBe('1 minute left');
    expect(describeCountdown(-1_000)).toBe('1 second over time');
  });
});

describe('nextActionLabel', () => {
  it('says next step within an issue, next issue at its last step, and finish on the last issue', () => {
    expect(nextActionLabel(run)).toBe('Next step');
    expect(nextActionLabel({ ...run, stepIndex: 3 })).toBe('Next issue');
    expect(nextActionLabel({ ...run, stepIndex: 3, position: 1 })).toBe('Finish the last issue');
    expect(nextActionLabel({ ...run, issueId: null })).toBeNull();
  });
});

describe('runPositionLabel and stepReminder', () => {
  it('places the issue and the step', () => {
    expect(runPositionLabel(run)).toBe('Issue 1 of 2 · Step 2 of 4');
  });

  it('reminds the experience-sharing step of I statements', () => {
    expect(stepReminder('Experience sharing')).toMatch(/^I statements, not advice/);
    expect(stepReminder('Present')).toBeNull();
  });
});
