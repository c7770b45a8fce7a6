import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type MeetingSettingsView, PROTOCOL_MAX_STEPS } from '@roundtable/contract/meetings';
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import {
  addStep,
  checkSettings,
  draftOfSettings,
  hasErrors,
  moveStep,
  protocolMinutes,
  removeStep,
  type SettingsDraft,
  toSettingsBody,
} from './meeting-settings-draft';
import { formatDuration } from './meeting-time';
import classes from './meetings.module.css';
import { useMeetingSettings, useUpdateMeetingSettings } from './meetings.queries';

const ALERT_OPTIONS = [
  { value: 'off', label: 'Off' },
  ...Array.from({ length: 12 }, (_, index) => ({
    value: String(index + 1),
    label: index === 0 ? 'After 1 missed meeting' : `After ${index + 1} missed in a row`,
  })),
];

const zoneList = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

function SettingsForm({ networkId, settings }: { networkId: string; settings: MeetingSettingsView }) {
  const save = useUpdateMeetingSettings(networkId);
  const zones = useMemo(zoneList, []);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOfSettings(settings));
  const [submitted, setSubmitted] = useState(false);
  const errors = checkSettings(draft);
  const change = (next: Partial<SettingsDraft>) => setDraft((current) => ({ ...current, ...next }));
  const setStep = (key: number, patch: { name?: string; minutes?: number | string }) =>
    change({ steps: draft.steps.map((step) => (step.key === key ? { ...step, ...patch } : step)) });
  const submit = () => {
    setSubmitted(true);
    if (hasErrors(errors)) return;
    save.mutate(toSettingsBody(draft), {
      onSuccess: (saved) => {
        setDraft(draftOfSettings(saved));
        setSubmitted(false);
        notifications.show({ color: 'teal', message: 'The meeting settings are saved.' });
      },
    });
  };
  const shown = (message: string | undefined) => (submitted ? message : undefined);
  return (
    <Stack gap="lg">
      <Autocomplete
        label="Time zone"
        description="New meetings are scheduled in this zone unless the facilitator picks another."
        placeholder="Europe/Berlin"
        data={zones}
        limit={20}
        maw={360}
        value={draft.timeZone}
        onChange={(timeZone) => change({ timeZone })}
        error={shown(errors.timeZone)}
      />
      <Stack gap="xs">
        <div>
          <Text fz="sm" fw={500} id="protocol-label">
            The protocol
          </Text>
          <Text fz="xs" c="dimmed">
            The steps each issue goes through, in order. {draft.steps.length} of {PROTOCOL_MAX_STEPS} steps,{' '}
            {formatDuration(protocolMinutes(draft.steps))} per issue.
          </Text>
        </div>
        <ol className={classes.offers} aria-labelledby="protocol-label">
          {draft.steps.map((step, index) => (
            <li key={step.key} style={{ marginBottom: 8 }}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text fz="sm" fw={600} w={20} mt={8} aria-hidden="true">
                  {index + 1}
                </Text>
                <TextInput
                  aria-label={`Step ${index + 1} name`}
                  value={step.name}
                  maxLength={60}
                  onChange={(event) => setStep(step.key, { name: event.currentTarget.value })}
                  error={shown(errors.steps[index]?.name)}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <NumberInput
                  aria-label={`Step ${index + 1} minutes`}
                  min={1}
                  max={120}
                  allowDecimal={false}
                  allowNegative={false}
                  suffix=" min"
                  value={step.minutes}
                  onChange={(minutes) => setStep(step.key, { minutes })}
                  error={shown(errors.steps[index]?.minutes)}
                  w={100}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  disabled={index === 0}
                  onClick={() => change({ steps: moveStep(draft.steps, index, -1) })}
                  aria-label={`Move step ${index + 1} up`}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  disabled={index === draft.steps.length - 1}
                  onClick={() => change({ steps: moveStep(draft.steps, index, 1) })}
                  aria-label={`Move step ${index + 1} down`}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  disabled={draft.steps.length <= 1}
                  onClick={() => change({ steps: removeStep(draft.steps, step.key) })}
                  aria-label={`Remove step ${index + 1}`}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            </li>
          ))}
        </ol>
        <Group>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden="true" />}
            disabled={draft.steps.length >= PROTOCOL_MAX_STEPS}
            onClick={() => change({ steps: addStep(draft.steps) })}
          >
            Add a step
          </Button>
        </Group>
      </Stack>
      <Switch
        label="Keep minutes"
        description="Let the recap carry minutes. A safe harbor may prefer to keep none: then the recap holds attendance, issues, offers and commitments only."
        checked={draft.minutesAllowed}
        onChange={(event) => change({ minutesAllowed: event.currentTarget.checked })}
      />
      <Select
        label="Attendance alert"
        description="Tell the facilitators when a member misses meetings in a row."
        data={ALERT_OPTIONS}
        value={draft.alert === 'off' ? 'off' : String(draft.alert)}
        onChange={(value) => change({ alert: value === null || value === 'off' ? 'off' : Number(value) })}
        allowDeselect={false}
        maw={320}
      />
      <FormAlert message={save.isError ? formErrorMessageOf(save.error) : null} />
      <Group justify="flex-end">
        <Button loading={save.isPending} onClick={submit}>
          Save meeting settings
        </Button>
      </Group>
    </Stack>
  );
}

/** The network settings' "Meetings" section: zone, protocol, minutes and the attendance alert. */
export function MeetingSettingsSection({ networkId }: { networkId: string }) {
  const settings = useMeetingSettings(networkId);
  return (
    <Paper withBorder p="md" mt="xl" component="section" aria-labelledby="meeting-settings-title">
      <Stack gap="md">
        <div>
          <Title order={2} fz="h3" id="meeting-settings-title">
            Meetings
          </Title>
          <Text fz="sm" c="dimmed">
            How this network’s meetings run.
          </Text>
        </div>
        {settings.isPending ? (
          <Skeleton height={200} />
        ) : settings.isError ? (
          <ErrorState
            title="The meeting settings did not load"
            message={errorMessageOf(settings.error)}
            onRetry={() => void settings.refetch()}
            retrying={settings.isFetching}
          />
        ) : settings.data.abilities.edit ? (
          <SettingsForm networkId={networkId} settings={settings.data} />
        ) : (
          <Text fz="sm" c="dimmed">
            Only the network’s facilitators change how its meetings run.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
