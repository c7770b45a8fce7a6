import {
  ActionIcon,
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type MembershipView, type NetworkView, REMOVAL_REASON_MAX_LENGTH } from '@roundtable/contract/networks';
import { IconDots, IconShieldCheck, IconShieldX, IconUserMinus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import classes from './networks.module.css';
import { useAppointFacilitator, useMembers, useRemoveMember, useStepDownFacilitator } from './networks.queries';

function RemoveModal({
  network,
  membership,
  onClose,
}: {
  network: NetworkView;
  membership: MembershipView | null;
  onClose: () => void;
}) {
  const remove = useRemoveMember(network.slug);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const error =
    touched && reason.trim() === '' ? 'Give the reason; the member reads it in the email that tells them.' : null;
  const name = membership?.member.name ?? '';
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={membership !== null}
      onClose={onClose}
      title={`Remove ${name}?`}
      centered
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (!membership || reason.trim() === '') return;
          remove.mutate(
            { memberId: membership.member.id, reason: reason.trim() },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `${name} is no longer a member of ${network.name}.` });
                setReason('');
                setTouched(false);
                onClose();
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <Text fz="sm">
            {name} loses access to everything in {network.name} at once. They stay bound by the confidentiality
            agreement.
          </Text>
          <FormAlert message={remove.isError ? formErrorMessageOf(remove.error) : null} />
          <Textarea
            label="Reason"
            description="Sent to the member; other members do not see it."
            required
            autosize
            minRows={3}
            maxLength={REMOVAL_REASON_MAX_LENGTH}
            value={reason}
            error={error}
            onChange={(event) => setReason(event.currentTarget.value)}
            onBlur={() => setTouched(reason !== '')}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={remove.isPending}>
              Remove member
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MemberRow({
  network,
  membership,
  onRemove,
}: {
  network: NetworkView;
  membership: MembershipView;
  onRemove: (membership: MembershipView) => void;
}) {
  const { member } = membership;
  const { abilities } = network.viewer;
  const appoint = useAppointFacilitator(network.slug);
  const stepDown = useStepDownFacilitator(network.slug);
  const role = [member.jobTitle, member.company].filter(Boolean).join(' · ');
  const isFacilitator = membership.role === 'facilitator';
  const canAppoint = abilities.appointFacilitators;
  const canRemove = abilities.manage && !member.isSelf;
  const outdated =
    membership.acceptedCharterVersion !== undefined &&
    (membership.acceptedCharterVersion ?? 0) < network.charterVersion;

  const onError = (error: unknown) =>
    notifications.show({ color: 'red', title: 'That did not work', message: formErrorMessageOf(error) });

  return (
    <Group component="li" gap="md" wrap="nowrap" px="md" py="sm" align="center">
      <Avatar src={member.avatarUrl} radius="xl" size={44} color="indigo" alt="">
        {initialsOf(member.name)}
      </Avatar>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={8} wrap="wrap">
          <Anchor component={Link} to={`/members/${member.id}`} fw={600} fz="sm">
            {member.name}
          </Anchor>
          {isFacilitator ? (
            <Badge
              variant="light"
              color="indigo"
              tt="none"
              size="sm"
              leftSection={<IconShieldCheck size={12} aria-hidden="true" />}
            >
              Facilitator
            </Badge>
          ) : null}
          {member.isSelf ? (
            <Badge variant="default" tt="none" size="sm" fw={500}>
              You
            </Badge>
          ) : null}
          {outdated ? (
            <Badge variant="light" color="yellow" tt="none" size="sm">
              Has not accepted the new charter
            </Badge>
          ) : null}
        </Group>
        {member.headline ? (
          <Text fz="sm" lineClamp={1}>
            {member.headline}
          </Text>
        ) : null}
        {role ? (
          <Text fz="xs" c="dimmed" lineClamp={1}>
            {role}
          </Text>
        ) : null}
        <Text fz="xs" c="dimmed">
          Joined <RelativeTime value={membership.joinedAt} />
        </Text>
      </Stack>
      {canAppoint || canRemove ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Actions for ${member.name}`}
              loading={appoint.isPending || stepDown.isPending}
            >
              <IconDots size={18} aria-hidden="true" />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {canAppoint && !isFacilitator ? (
              <Menu.Item
                leftSection={<IconShieldCheck size={16} aria-hidden="true" />}
                onClick={() =>
                  appoint.mutate(member.id, {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: `${member.name} is now a facilitator.` }),
                    onError,
                  })
                }
              >
                Make facilitator
              </Menu.Item>
            ) : null}
            {canAppoint && isFacilitator ? (
              <Menu.Item
                leftSection={<IconShieldX size={16} aria-hidden="true" />}
                onClick={() =>
                  stepDown.mutate(member.id, {
                    onSuccess: () =>
                      notifications.show({
                        color: 'teal',
                        message: member.isSelf
                          ? 'You are no longer a facilitator.'
                          : `${member.name} is no longer a facilitator.`,
                      }),
                    onError,
                  })
                }
              >
                {member.isSelf ? 'Step down as facilitator' : 'Remove as facilitator'}
              </Menu.Item>
            ) : null}
            {canRemove ? (
              <Menu.Item
                color="red"
                leftSection={<IconUserMinus size={16} aria-hidden="true" />}
                onClick={() => onRemove(membership)}
              >
                Remove from network…
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}

/** Everyone in the network, facilitators marked; facilitators can appoint and remove from here. */
export function MembersTab({ network }: { network: NetworkView }) {
  const members = useMembers(network.slug);
  const [removing, setRemoving] = useState<MembershipView | null>(null);

  if (members.isPending) {
    return (
      <Paper withBorder p="md" aria-busy="true" aria-label="Loading members">
        <Stack gap="md">
          {[1, 2, 3].map((key) => (
            <Group key={key} gap="md">
              <Skeleton circle height={44} />
              <Stack gap={6} style={{ flex: 1 }}>
                <Skeleton height={14} width="30%" />
                <Skeleton height={12} width="50%" />
              </Stack>
            </Group>
          ))}
        </Stack>
      </Paper>
    );
  }
  if (members.isError) {
    return (
      <Paper withBorder>
        <ErrorState
          title="The member list did not load"
          message={errorMessageOf(members.error)}
          onRetry={() => void members.refetch()}
          retrying={members.isRefetching}
        />
      </Paper>
    );
  }
  return (
    <Stack gap="md">
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <ul className={classes.list} aria-label={`Members of ${network.name}`}>
          {members.data.map((membership) => (
            <MemberRow key={membership.member.id} network={network} membership={membership} onRemove={setRemoving} />
          ))}
        </ul>
      </Paper>
      <Group justify="space-between">
        <Text c="dimmed" fz="sm">
          {membersLabelFor(network.memberCount)}
        </Text>
        {members.hasNextPage ? (
          <Button variant="default" onClick={() => void members.fetchNextPage()} loading={members.isFetchingNextPage}>
            Load more
          </Button>
        ) : null}
      </Group>
      <RemoveModal network={network} membership={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}

const membersLabelFor = (count: number) => (count === 1 ? '1 member' : `${count} members`);
