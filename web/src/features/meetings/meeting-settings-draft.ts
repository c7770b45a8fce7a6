import { type MeetingSettingsBody, type MeetingSettingsView, PROTOCOL_MAX_STEPS } from '@roundtable/contract/meetings';

export type StepDraft = { key: number; name: string; minutes: number | string };

export type SettingsDraft = {
  timeZone: string;
  steps: StepDraft[];
  minutesAllowed: boolean;
  /** 'off', or how many missed meetings in a row alert the facilitators. */
  alert: 'off' | number;
};

let nextKey = 1;
const keyed = (name: string, minutes: number | string): StepDraft => ({ key: nextKey++, name, minutes });

export const draftOfSettings = (settings: MeetingSettingsView): SettingsDraft => ({
  timeZone: settings.timeZone ?? '',
  steps: settings.protocol.map((step) => keyed(step.name, step.minutes)),
  minutesAllowed: settings.minutesAllowed,
  alert: settings.missedMeetingsAlert ?? 'off',
});

export const addStep = (steps: readonly StepDraft[]): StepDraft[] =>
  steps.length >= PROTOCOL_MAX_STEPS ? [...steps] : [...steps, keyed('', 5)];

export const removeStep = (steps: readonly StepDraft[], key: number): StepDraft[] =>
  steps.length <= 1 ? [...steps] : steps.filter((step) => step.key !== key);

export function moveStep(steps: readonly StepDraft[], index: number, delta: -1 | 1): StepDraft[] {
  const target = index + delta;
  const moved = [...steps];
  const [step] = moved.splice(index, 1);
  if (!step || target < 0 || target > steps.length - 1) return [...steps];
  moved.splice(target, 0, step);
  return moved;
}

/** The contract's rules for one step: a name up to 60 characters, 1 to 120 whole minutes. */
export function checkStep(step: StepDraft): { name?: string; minutes?: string } {
  const errors: { name?: string; minutes?: string } = {};
  if (step.name.trim() === '') errors.name = 'Name the step.';
  else if (step.name.trim().length > 60) errors.name = 'Keep it under 60 characters.';
  if (typeof step.minutes !== 'number' || !Number.isInteger(step.minutes) || step.minutes < 1 || step.minutes > 120)
    errors.minutes = 'From 1 to 120 minutes.';
  return errors;
}

export const protocolMinutes = (steps: readonly StepDraft[]): number =>
  steps.reduce((sum, step) => sum + (typeof step.minutes === 'number' ? step.minutes : 0), 0);

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export function checkSettings(draft: SettingsDraft): { timeZone?: string; steps: ReturnType<typeof checkStep>[] } {
  const zone = draft.timeZone.trim();
  return {
    ...(zone !== '' && !isTimeZone(zone)
      ? { timeZone: 'Choose a time zone from the list, such as Europe/Berlin.' }
      : {}),
    steps: draft.steps.map(checkStep),
  };
}

export const hasErrors = (errors: ReturnType<typeof checkSettings>): boolean =>
  errors.timeZone !== undefined || errors.steps.some((step) => Object.keys(step).length > 0);

export const toSettingsBody = (draft: SettingsDraft): MeetingSettingsBody => ({
  timeZone: draft.timeZone.trim() === '' ? null : draft.timeZone.trim(),
  protocol: draft.steps.map((step) => ({ name: step.name.trim(), minutes: Number(step.minutes) })),
  minutesAllowed: draft.minutesAllowed,
  missedMeetingsAlert: draft.alert === 'off' ? null : draft.alert,
});
