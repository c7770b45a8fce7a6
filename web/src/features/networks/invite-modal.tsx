import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  NumberInput,
  Paper,
  Skeleton,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  INVITATION_EMAILS_MAX,
  INVITATION_MESSAGE_MAX_LENGTH,
  type InvitationStatus,
  type InvitationView,
  type NetworkView,
} from '@roundtable/contract/networks';
import { IconCheck, IconCopy, IconLink, IconMail, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import classes from './networks.module.css';
import { useCreateInviteLink, useInvitations, useInviteByEmail, useRevokeInvitation } from './networks.queries';

// The same shape the server's `format: 'email'` accepts, so a typo is caught before sending.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function EmailInvites({ network }: { network: NetworkView }) {
  const invite = useInviteByEmail(network.slug);
  const [emails, setEmails] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [touched, setTouched] = useState(false);
  const invalid = emails.filter((email) => !EMAIL.test(email));
  const emailError =
    invalid.length > 0
      ? `Check ${invalid.join(', ')}: that does not look like an email address.`
      : touched && emails.length === 0
        ? 'Add at least one email address.'
        : emails.length > INVITATION_EMAILS_MAX
          ? `Up to ${INVITATION_EMAILS_MAX} people at a time.`
          : null;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (emails.length === 0 || emailError) return;
        invite.mutate(
          { emails, ...(message.trim() ? { message: message.trim() } : {}) },
          {
            onSuccess: (sent) => {
              notifications.show({
                color: 'teal',
                title: sent.items.length === 1 ? 'Invitation sent' : `${sent.items.length} invitations sent`,
                message: 'Each person gets an email with a link that works once, even without an account.',
              });
              setEmails([]);
              setMessage('');
              setTouched(false);
            },
          },
        );
      }}
    >
      <Stack gap="md">
        <FormAlert message={invite.isError ? formErrorMessageOf(invite.error) : null} />
        <TagsInput
          label="Email addresses"
          description="Press Enter or a comma after each address."
          placeholder="name@company.com"
          value={emails}
          onChange={(value) => setEmails([...new Set(value.map((email) => email.trim().toLowerCase()))])}
          splitChars={[',', ' ', ';']}
          maxTags={INVITATION_EMAILS_MAX}
          error={emailError}
          required
          clearable
          clearButtonProps={{ 'aria-label': 'Remove every address' }}
          acceptValueOnBlur
        />
        <div>
          <Textarea
            label="Personal note (optional)"
            description="Quoted in the email, so they know why you thought of them. Plain words only: no links."
            autosize
            minRows={3}
            maxLength={INVITATION_MESSAGE_MAX_LENGTH}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
          />
          <Text fz="xs" c="dimmed" ta="right" mt={2}>
            {message.length} / {INVITATION_MESSAGE_MAX_LENGTH}
          </Text>
        </div>
        <Group justify="flex-end">
          <Button type="submit" loading={invite.isPending} leftSection={<IconMail size={16} aria-hidden="true" />}>
            Send invitations
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkInvites({ network }: { network: NetworkView }) {
  const create = useCreateInviteLink(network.slug);
  const [days, setDays] = useState<number | string>(7);
  const [maxUses, setMaxUses] = useState<number | string>('');
  const daysError = typeof days !== 'number' || days < 1 || days > 30 ? 'Between 1 and 30 days.' : null;
  const usesError =
    maxUses !== '' && (typeof maxUses !== 'number' || maxUses < 1 || maxUses > 500) ? 'Between 1 and 500.' : null;

  if (create.data) {
    const { url, invitation } = create.data;
    return (
      <Stack gap="md">
        <Alert
          color="teal"
          variant="light"
          icon={<IconCheck size={18} aria-hidden="true" />}
          title="Your link is ready"
        >
          Copy it now: for safety we show it only once. It works until <RelativeTime value={invitation.expiresAt} />
          {invitation.maxUses ? ` or for ${invitation.maxUses} people, whichever comes first` : ''}.
        </Alert>
        <TextInput
          label="Invite link"
          value={url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          rightSectionWidth={44}
          rightSection={
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy link'}>
                  <ActionIcon variant="subtle" onClick={copy} aria-label={copied ? 'Link copied' : 'Copy link'}>
                    {copied ? <IconCheck size={16} aria-hidden="true" /> : <IconCopy size={16} aria-hidden="true" />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => create.reset()}>
            Create another link
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (daysError || usesError || typeof days !== 'number') return;
        create.mutate({ expiresInDays: days, maxUses: typeof maxUses === 'number' ? maxUses : null });
      }}
    >
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          Anyone with the link can join once they accept the charter, so share it only where the right people will see
          it.
        </Text>
        <FormAlert message={create.isError ? formErrorMessageOf(create.error) : null} />
        <Group grow align="flex-start">
          <NumberInput
            label="Expires after (days)"
            min={1}
            max={30}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={setDays}
            error={daysError}
            required
          />
          <NumberInput
            label="Most people (optional)"
            placeholder="No limit"
            min={1}
            max={500}
            allowDecimal={false}
            allowNegative={false}
            value={maxUses}
            onChange={setMaxUses}
            error={usesError}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} leftSection={<IconLink size={16} aria-hidden="true" />}>
            Create link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const STATUS: Record<InvitationStatus, { label: string; color: string }> = {
  pending: { label: 'Waiting', color: 'indigo' },
  accepted: { label: 'Accepted', color: 'teal' },
  expired: { label: 'Expired', color: 'gray' },
  revoked: { label: 'Revoked', color: 'gray' },
};

function InvitationRow({ network, invitation }: { network: NetworkView; invitation: InvitationView }) {
  const revoke = useRevokeInvitation(network.slug);
  const status = STATUS[invitation.status];
  const who = invitation.email ?? 'Shared link';
  return (
    <Group component="li" gap="sm" wrap="nowrap" px="md" py="sm">
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={8} wrap="wrap">
          <Text fz="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {who}
          </Text>
          <Badge variant="light" color={status.color} tt="none" size="sm">
            {status.label}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          By {invitation.invitedBy.name}, <RelativeTime value={invitation.createdAt} />
          {invitation.kind === 'link'
            ? ` · used ${invitation.uses}${invitation.maxUses ? ` of ${invitation.maxUses}` : ''} times`
            : ''}
          {invitation.status === 'pending' ? (
            <>
              {' '}
              · expires <RelativeTime value={invitation.expiresAt} />
            </>
          ) : null}
        </Text>
      </Stack>
      {invitation.status === 'pending' ? (
        <Button
          variant="subtle"
          color="red"
          size="compact-sm"
          leftSection={<IconTrash size={14} aria-hidden="true" />}
          loading={revoke.isPending}
          aria-label={`Revoke the invitation for ${who}`}
          onClick={() =>
            revoke.mutate(invitation.id, {
              onSuccess: () => notifications.show({ color: 'teal', message: 'The invitation no longer works.' }),
              onError: (error) =>
                notifications.show({ color: 'red', title: 'Not revoked', message: formErrorMessageOf(error) }),
            })
          }
        >
          Revoke
        </Button>
      ) : null}
    </Group>
  );
}

function InvitationList({ network }: { network: NetworkView }) {
  const invitations = useInvitations(network.slug);
  if (invitations.isPending)
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading invitations">
        <Skeleton height={40} />
        <Skeleton height={40} />
      </Stack>
    );
  if (invitations.isError)
    return (
      <ErrorState
        title="Invitations did not load"
        message={errorMessageOf(invitations.error)}
        onRetry={() => void invitations.refetch()}
        retrying={invitations.isRefetching}
      />
    );
  if (invitations.data.length === 0)
    return (
      <Text fz="sm" c="dimmed">
        No invitations yet. The ones you send or share appear here, with whether they were accepted.
      </Text>
    );
  return (
    <Stack gap="sm">
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <ul className={classes.list} aria-label="Invitations, newest first">
          {invitations.data.map((invitation) => (
            <InvitationRow key={invitation.id} network={network} invitation={invitation} />
          ))}
        </ul>
      </Paper>
      {invitations.hasNextPage ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => void invitations.fetchNextPage()}
            loading={invitations.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Invite by email, share an expiring link, and see (and revoke) what was sent. */
export function InviteModal({
  network,
  opened,
  onClose,
}: {
  network: NetworkView;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={`Invite peers to ${network.name}`}
      size="lg"
      centered
    >
      <Tabs defaultValue="email" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="email">By email</Tabs.Tab>
          <Tabs.Tab value="link">Share a link</Tabs.Tab>
          <Tabs.Tab value="sent">Sent</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="email">
          <EmailInvites network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="link">
          <LinkInvites network={network} />
        </Tabs.Panel>
        <Tabs.Panel value="sent">
          <InvitationList network={network} />
        </Tabs.Panel>
      </Tabs>
    </Modal>
  );
}
