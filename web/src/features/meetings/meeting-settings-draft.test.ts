import { DEFAULT_MEETING_PROTOCOL } from '@roundtable/contract/meetings';
import { describe, expect, it } from 'vitest';
import {
  addStep,
  checkSettings,
  draftOfSettings,
  hasErrors,
  moveStep,
  protocolMinutes,
  removeStep,
  toSettingsBody,
} from './meeting-settings-draft';

const settings = {
  timeZone: 'Europe/Berlin',
  protocol: DEFAULT_MEETING_PROTOCOL.map((step) => ({ ...step })),
  minutesAllowed: false,
  missedMeetingsAlert: 3,
  abilities: { edit: true },
};

describe('the meeting settings draft', () => {
  it('round-trips the settings into the body the server takes', () => {
    expect(toSettingsBody(draftOfSettings(settings))).toEqual({
      timeZone: 'Europe/Berlin',
      protocol: settings.protocol,
      minutesAllowed: false,
      missedMeetingsAlert: 3,
    });
    expect(toSettingsBody({ ...draftOfSettings(settings), timeZone: ' ', alert: 'off' })).toMatchObject({
      timeZone: null,
      missedMeetingsAlert: null,
    });
  });

  it('adds up to eight steps, keeps at least one, and moves them within bounds', () => {
    let steps = draftOfSettings(settings).steps;
    for (let i = 0; i < 6; i++) steps = addStep(steps);
    expect(steps).toHaveLength(8);
    const first = steps[0];
    expect(
      removeStep(
        [first ?? steps[1]].filter((s) => s !== undefined),
        first?.key ?? 0,
      ),
    ).toHaveLength(1);
    const moved = moveStep(draftOfSettings(settings).steps, 0, 1);
    expect(moved.map((step) => step.name)).toEqual([
      'Clarifying questions',
      'Present',
      'Experience sharing',
      'Commitment',
    ]);
    expect(moveStep(moved, 0, -1).map((step) => step.name)).toEqual(moved.map((step) => step.name));
    expect(protocolMinutes(moved)).toBe(35);
  });

  it('refuses an unnamed step, minutes out of range and an unknown zone', () => {
    const draft = draftOfSettings(settings);
    const errors = checkSettings({
      ...draft,
      timeZone: 'Mars/Olympus',
      steps: [
        { key: 1, name: ' ', minutes: 0 },
        { key: 2, name: 'Fine', minutes: 10 },
      ],
    });
    expect(errors.timeZone).toMatch(/time zone/);
    expect(errors.steps).toEqual([{ name: 'Name the step.', minutes: 'From 1 to 120 minutes.' }, {}]);
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors(checkSettings(draft))).toBe(false);
  });
});
