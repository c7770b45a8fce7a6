import {
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CHANNELS,
  type Channel,
  type DigestFrequency,
  NOTIFICATION_KINDS,
  type NotificationPreferencesView,
} from '@roundtable/contract/notifications';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { usePageTitle } from '../../lib/use-page-title';
import classes from './notifications.module.css';
import { useNotificationPreferences, useUpdateNotificationPreferences } from './notifications.queries';

type Draft = {
  channels: Record<string, Channel>;
  digestFrequency: DigestFrequency;
  digestHour: number;
  isQuiet: boolean;
  quietStart: number;
  quietEnd: number;
  includeContent: boolean;
};

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel.id, label: channel.label }));
const HOUR_OPTIONS = Array.from({ length: 24 }, (_, hour) => ({
  value: String(hour),
  label: `${String(hour).padStart(2, '0')}:00`,
}));
const isChannel = (value: string | null): value is Channel => CHANNELS.some((channel) => channel.id === value);
const isFrequency = (value: string): value is DigestFrequency => ['daily', 'weekly', 'off'].includes(value);

function draftOf(view: NotificationPreferencesView): Draft {
  const channels: Record<string, Channel> = {};
  for (const kind of NOTIFICATION_KINDS) channels[kind.id] = view.channels[kind.id] ?? kind.channel;
  return {
    channels,
    digestFrequency: view.digestFrequency,
    digestHour: view.digestHour,
    isQuiet: view.quietHours !== null,
    quietStart: view.quietHours?.start ?? 22,
    quietEnd: view.quietHours?.end ?? 7,
    includeContent: view.includeContent,
  };
}

const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b);

function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="section">
      <Stack gap={4} mb="md">
        <Title order={2} fz="h3">
          {title}
        </Title>
        <Text c="dimmed" fz="sm">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

function HourSelect({ label, value, onChange }: { label: string; value: number; onChange: (hour: number) => void }) {
  return (
    <Select
      label={label}
      data={HOUR_OPTIONS}
      value={String(value)}
      onChange={(next) => {
        if (next !== null) onChange(Number(next));
      }}
      allowDeselect={false}
      checkIconPosition="right"
      w={{ base: '100%', xs: 140 }}
    />
  );
}

function PreferencesForm({ saved }: { saved: NotificationPreferencesView }) {
  const update = useUpdateNotificationPreferences();
  const [draft, setDraft] = useState(() => draftOf(saved));
  const [alert, setAlert] = useState<string | null>(null);
  const isDirty = !sameDraft(draft, draftOf(saved));
  const change = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const zone = saved.timeZone.replace(/_/g, ' ');

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setAlert(null);
        update.mutate(
          {
            channels: draft.channels,
            digestFrequency: draft.digestFrequency,
            digestHour: draft.digestHour,
            quietHours: draft.isQuiet ? { start: draft.quietStart, end: draft.quietEnd } : null,
            includeContent: draft.includeContent,
          },
          {
            onSuccess: (view) => {
              setDraft(draftOf(view));
              notifications.show({
                color: 'teal',
                title: 'Preferences saved',
                message: 'We’ll notify you as you chose.',
              });
            },
            // What was chosen stays on screen, so saving again is one click.
            onError: (error) => setAlert(formErrorMessageOf(error)),
          },
        );
      }}
    >
      <Stack gap="lg">
        <Section
          title="What you hear about"
          description="For each kind of notification, choose how it reaches you. Everything you don’t switch off also shows under the bell."
        >
          <div>
            {NOTIFICATION_KINDS.map((kind) => (
              <SimpleGrid
                key={kind.id}
                cols={{ base: 1, sm: 2 }}
                spacing={{ base: 6, sm: 'lg' }}
                className={classes.kindRow}
              >
                <Text fz="sm" fw={500} id={`kind-${kind.id}`} style={{ alignSelf: 'center' }}>
                  {kind.label}
                </Text>
                <Select
                  aria-labelledby={`kind-${kind.id}`}
                  data={CHANNEL_OPTIONS}
                  value={draft.channels[kind.id] ?? kind.channel}
                  onChange={(value) => {
                    if (isChannel(value)) change({ channels: { ...draft.channels, [kind.id]: value } });
                  }}
                  allowDeselect={false}
                  checkIconPosition="right"
                />
              </SimpleGrid>
            ))}
          </div>
        </Section>

        <Section
          title="Email digest"
          description="One email bundling what you chose to hear about in the digest. Weekly digests arrive on Mondays."
        >
          <Stack gap="md">
            <Box>
              <Text id="digest-frequency" fz="sm" fw={500} mb={6}>
                How often
              </Text>
              <SegmentedControl
                aria-labelledby="digest-frequency"
                value={draft.digestFrequency}
                onChange={(value) => {
                  if (isFrequency(value)) change({ digestFrequency: value });
                }}
                data={[
                  { value: 'daily', label: 'Daily' },
                  { value: 'weekly', label: 'Weekly' },
                  { value: 'off', label: 'Never' },
                ]}
              />
            </Box>
            {draft.digestFrequency === 'off' ? null : (
              <HourSelect label="At" value={draft.digestHour} onChange={(digestHour) => change({ digestHour })} />
            )}
            <Text c="dimmed" fz="sm">
              Times are in your time zone, <strong>{zone}</strong>. You can set it in your{' '}
              <Anchor component={Link} to="/profile" fz="sm" underline="always">
                profile
              </Anchor>
              .
            </Text>
          </Stack>
        </Section>

        <Section
          title="Quiet hours"
          description="No emails in these hours; whatever comes in waits until they end. The bell still shows everything."
        >
          <Stack gap="md">
            <Switch
              label="Hold emails during quiet hours"
              checked={draft.isQuiet}
              onChange={(event) => change({ isQuiet: event.currentTarget.checked })}
            />
            {draft.isQuiet ? (
              <>
                <Group gap="md" align="flex-end">
                  <HourSelect label="From" value={draft.quietStart} onChange={(quietStart) => change({ quietStart })} />
                  <HourSelect label="Until" value={draft.quietEnd} onChange={(quietEnd) => change({ quietEnd })} />
                </Group>
                <Text c="dimmed" fz="sm">
                  In your time zone, {zone}.
                </Text>
              </>
            ) : null}
          </Stack>
        </Section>

        <Section title="Email content" description="For inboxes other people may read, or simply for discretion.">
          <Switch
            label="Emails without content"
            description="Emails only say that something happened; you read it in Roundtable."
            checked={!draft.includeContent}
            onChange={(event) => change({ includeContent: !event.currentTarget.checked })}
          />
        </Section>

        <FormAlert message={alert} title="Your preferences were not saved" />
        <Group gap="sm">
          <Button type="submit" loading={update.isPending} disabled={!isDirty}>
            Save preferences
          </Button>
          {isDirty ? (
            <Button variant="subtle" color="gray" onClick={() => setDraft(draftOf(saved))} disabled={update.isPending}>
              Undo changes
            </Button>
          ) : (
            <Text c="dimmed" fz="sm">
              Everything is saved.
            </Text>
          )}
        </Group>
      </Stack>
    </form>
  );
}

/** How each kind of notification reaches the member, the digest, quiet hours and discreet emails. */
export function NotificationPreferencesPage() {
  usePageTitle('Notification preferences');
  const preferences = useNotificationPreferences();

  let content: ReactNode;
  if (preferences.isPending)
    content = (
      <Paper withBorder p="xl" aria-busy="true" aria-label="Loading your preferences">
        <Stack gap="md">
          {[0, 1, 2, 3, 4].map((row) => (
            <Group key={row} justify="space-between" wrap="nowrap">
              <Skeleton height={12} width="40%" radius="xl" />
              <Skeleton height={32} width="40%" />
            </Group>
          ))}
        </Stack>
      </Paper>
    );
  else if (preferences.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="Your preferences did not load"
          message={errorMessageOf(preferences.error)}
          onRetry={() => void preferences.refetch()}
          retrying={preferences.isRefetching}
        />
      </Paper>
    );
  else content = <PreferencesForm saved={preferences.data} />;

  return (
    <Box maw={860}>
      <PageHeader
        title="Notification preferences"
        description="Choose what Roundtable tells you about, and whether by email at once, in a digest or only in the app."
        actions={
          <Button variant="default" component={Link} to="/notifications">
            Your notifications
          </Button>
        }
      />
      {content}
    </Box>
  );
}
