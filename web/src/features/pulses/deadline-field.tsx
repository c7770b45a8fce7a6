import { SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { MAX_DURATION_MS, MIN_DURATION_MS } from '@roundtable/contract/pulses';
import { useId } from 'react';
import { formatDateTime } from '../../lib/time';

const HOUR = 3_600_000;

export type DeadlineChoice = '24h' | '48h' | '1w' | 'custom';
export type Deadline = { choice: DeadlineChoice; custom: string };

const PRESETS: { value: DeadlineChoice; label: string; ms: number }[] = [
  { value: '24h', label: '24 h', ms: 24 * HOUR },
  { value: '48h', label: '48 h', ms: 48 * HOUR },
  { value: '1w', label: '1 week', ms: 7 * 24 * HOUR },
  { value: 'custom', label: 'Custom', ms: 0 },
];

const pad = (value: number) => String(value).padStart(2, '0');

/** A date in the viewer's time zone as a datetime-local input holds it. */
export function toLocalInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The deadline as an ISO time, or null when the custom one is not a date. */
export function deadlineAt(deadline: Deadline, now: Date): Date | null {
  const preset = PRESETS.find((candidate) => candidate.value === deadline.choice);
  if (preset && preset.value !== 'custom') return new Date(now.getTime() + preset.ms);
  const at = new Date(deadline.custom);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The server's rule: one hour to 14 days from `from` (now, or when the pulse opened). */
export function checkDeadline(at: Date | null, now: Date, latest = now.getTime() + MAX_DURATION_MS): string | null {
  if (at === null) return 'Choose a date and time.';
  if (at.getTime() < now.getTime() + MIN_DURATION_MS) return 'Give peers at least an hour.';
  if (at.getTime() > latest) return 'A pulse runs for at most 14 days.';
  return null;
}

type DeadlineFieldProps = {
  value: Deadline;
  onChange: (value: Deadline) => void;
  now: Date;
  error: string | null;
  label?: string;
  /** Presets this far out or more are left out, e.g. when extending within the 14 days. */
  latest?: number;
};

/** Presets (24 h, 48 h, 1 week) and a custom date and time; says when that is in the viewer's time zone. */
export function DeadlineField({ value, onChange, now, error, label = 'Deadline', latest }: DeadlineFieldProps) {
  const id = useId();
  const at = deadlineAt(value, now);
  const presets = PRESETS.filter(
    (preset) => preset.value === 'custom' || latest === undefined || now.getTime() + preset.ms <= latest,
  );
  return (
    <Stack gap={6}>
      <Text component="span" fz="sm" fw={500} id={`${id}-label`}>
        {label}
      </Text>
      <SegmentedControl
        aria-labelledby={`${id}-label`}
        value={value.choice}
        onChange={(choice) =>
          onChange({
            choice: choice as DeadlineChoice,
            custom: value.custom || toLocalInput(new Date(now.getTime() + 72 * HOUR)),
          })
        }
        data={presets.map(({ value: preset, label: text }) => ({ value: preset, label: text }))}
        style={{ alignSelf: 'flex-start' }}
      />
      {value.choice === 'custom' ? (
        <TextInput
          size="sm"
          type="datetime-local"
          label="Custom deadline"
          value={value.custom}
          onChange={(event) => onChange({ ...value, custom: event.currentTarget.value })}
          error={error}
          maw={280}
        />
      ) : error ? (
        <Text fz="sm" c="red.8" role="alert">
          {error}
        </Text>
      ) : null}
      {at && !error ? (
        <Text fz="sm" c="dimmed">
          Closes {formatDateTime(at)}.
        </Text>
      ) : null}
    </Stack>
  );
}
