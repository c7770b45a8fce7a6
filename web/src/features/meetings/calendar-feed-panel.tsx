import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { CalendarFeedView } from '@roundtable/contract/meetings';
import { IconCalendarShare, IconCheck, IconCopy, IconKey, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { formatDate } from '../../lib/time';
import { useCalendarFeed, useCalendarFeedMutation } from './meetings.queries';

function SecretAddress({ label, value }: { label: string; value: string }) {
  return (
    <TextInput
      size="sm"
      label={label}
      value={value}
      readOnly
      onFocus={(event) => event.currentTarget.select()}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

function NewAddress({ feed }: { feed: CalendarFeedView }) {
  if (!feed.url || !feed.webcalUrl) return null;
  return (
    <Stack gap="sm">
      <Alert variant="light" color="yellow" icon={<IconKey size={18} aria-hidden="true" />} p="sm">
        <Text fz="sm">
          <strong>Copy it now: we show it only this once.</strong> Anyone with this address sees your meetings, so keep
          it to yourself.
        </Text>
      </Alert>
      <Button component="a" href={feed.webcalUrl} variant="light" leftSection={<IconCalendarShare size={16} />}>
        Open in my calendar app
      </Button>
      <SecretAddress label="Calendar address (webcal)" value={feed.webcalUrl} />
      <SecretAddress label="Calendar address (https)" value={feed.url} />
      <Text fz="xs" c="dimmed">
        In Google Calendar: Other calendars → From URL, and paste the https address. Calendars refresh it every few
        hours.
      </Text>
    </Stack>
  );
}

type Confirm = 'renew' | 'off' | null;

/**
 * "Subscribe in your calendar": one private address with every meeting of the member's networks.
 * The address is a secret shown once; making a new one stops the old one.
 */
export function CalendarFeedPanel() {
  const feed = useCalendarFeed();
  const create = useCalendarFeedMutation('create');
  const remove = useCalendarFeedMutation('delete');
  const [fresh, setFresh] = useState<CalendarFeedView | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const makeAddress = () =>
    create.mutate(undefined, {
      onSuccess: (made) => {
        setFresh(made);
        setConfirm(null);
      },
    });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="calendar-feed-title">
      <Stack gap="sm">
        <Group gap={8} wrap="nowrap">
          <IconCalendarShare size={20} aria-hidden="true" style={{ flex: 'none' }} />
          <Title order={2} fz="h5" id="calendar-feed-title">
            Subscribe in your calendar
          </Title>
        </Group>
        <Text fz="sm" c="dimmed">
          Every meeting of your networks in Google Calendar, Outlook or Apple Calendar, kept up to date when one moves
          or is cancelled.
        </Text>
        {feed.isPending ? (
          <Skeleton height={36} aria-label="Loading your calendar address" />
        ) : feed.isError ? (
          <ErrorState
            title="Your calendar address did not load"
            message={errorMessageOf(feed.error)}
            onRetry={() => void feed.refetch()}
            retrying={feed.isFetching}
          />
        ) : fresh?.url ? (
          <>
            <NewAddress feed={fresh} />
            <Button variant="default" size="xs" onClick={() => setFresh(null)} style={{ alignSelf: 'flex-start' }}>
              Done, I have copied it
            </Button>
          </>
        ) : feed.data.active ? (
          <Stack gap="xs">
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconLock size={14} aria-hidden="true" style={{ flex: 'none', marginTop: 3 }} />
              <Text fz="sm">
                Your private address has been on
                {feed.data.createdAt ? ` since ${formatDate(feed.data.createdAt)}` : ''}. We showed it once; if you lost
                it or shared it by mistake, make a new one.
              </Text>
            </Group>
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setConfirm('renew')}>
                Make a new address
              </Button>
              <Button variant="subtle" color="red" size="xs" onClick={() => setConfirm('off')}>
                Turn off
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Text fz="sm">You get a private address that only you know. You can turn it off at any time.</Text>
            <FormAlert message={create.isError ? formErrorMessageOf(create.error) : null} />
            <Button onClick={makeAddress} loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
              Get my calendar address
            </Button>
          </Stack>
        )}
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm === 'off' ? 'Turn off your calendar address?' : 'Make a new calendar address?'}
        closeButtonProps={{ 'aria-label': 'Close' }}
        centered
      >
        <Stack gap="md">
          <Text fz="sm">
            {confirm === 'off'
              ? 'Calendars subscribed to it stop getting your meetings. You can make a new address later.'
              : 'The address you have now stops working at once; subscribe your calendar again with the new one.'}
          </Text>
          <FormAlert
            message={
              remove.isError
                ? formErrorMessageOf(remove.error)
                : create.isError
                  ? formErrorMessageOf(create.error)
                  : null
            }
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirm(null)}>
              Keep it
            </Button>
            {confirm === 'off' ? (
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(undefined, { onSuccess: () => setConfirm(null) })}
              >
                Turn off
              </Button>
            ) : (
              <Button loading={create.isPending} onClick={makeAddress}>
                Make a new address
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
