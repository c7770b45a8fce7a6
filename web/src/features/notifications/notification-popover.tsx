import { Anchor, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { errorMessageOf } from '../../lib/api';
import { NotificationList } from './notification-list';
import classes from './notifications.module.css';
import { useLatestNotifications, useMarkAllRead } from './notifications.queries';

type NotificationPopoverProps = { onClose: () => void };

/** The bell's dropdown: the newest notifications, mark all read, and the way to the centre. */
export function NotificationPopover({ onClose }: NotificationPopoverProps) {
  const latest = useLatestNotifications();
  const markAllRead = useMarkAllRead();
  const unread = latest.data?.unreadCount ?? 0;

  let body: React.ReactNode;
  if (latest.isPending)
    body = (
      <Stack gap="md" p="md" aria-busy="true" aria-label="Loading notifications">
        {[0, 1, 2].map((row) => (
          <Stack key={row} gap={6}>
            <Skeleton height={12} width="85%" radius="xl" />
            <Skeleton height={10} width="30%" radius="xl" />
          </Stack>
        ))}
      </Stack>
    );
  else if (latest.isError)
    body = (
      <ErrorState
        title="Notifications did not load"
        message={errorMessageOf(latest.error)}
        onRetry={() => void latest.refetch()}
        retrying={latest.isRefetching}
      />
    );
  else if (latest.data.items.length === 0)
    body = (
      <Stack gap={4} p="lg" ta="center">
        <Text fw={600} fz="sm">
          You’re all caught up
        </Text>
        <Text c="dimmed" fz="sm">
          We’ll tell you here when peers reply, apply or ask you something.
        </Text>
      </Stack>
    );
  else body = <NotificationList items={latest.data.items} label="Newest notifications" onOpen={onClose} compact />;

  return (
    <div>
      <Group justify="space-between" wrap="nowrap" className={classes.popoverHeader}>
        <Title order={2} fz="md">
          Notifications
        </Title>
        {unread > 0 ? (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => markAllRead.mutate()}
            loading={markAllRead.isPending}
          >
            Mark all read
          </Button>
        ) : null}
      </Group>
      <div className={classes.popoverBody}>{body}</div>
      <Group justify="space-between" className={classes.popoverFooter}>
        <Anchor component={Link} to="/notifications" fz="sm" fw={500} onClick={onClose}>
          See all
        </Anchor>
        <Anchor component={Link} to="/settings/notifications" fz="sm" c="dimmed" onClick={onClose}>
          Preferences
        </Anchor>
      </Group>
    </div>
  );
}
