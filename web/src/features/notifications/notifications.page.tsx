import { Button, EmptyState, Group, Paper, SegmentedControl, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellCheck, IconChecks, IconSettings } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { NotificationList } from './notification-list';
import classes from './notifications.module.css';
import {
  type NotificationFilter,
  useLatestNotifications,
  useMarkAllRead,
  useNotificationCentre,
} from './notifications.queries';

function CentreSkeleton() {
  return (
    <Paper withBorder aria-busy="true" aria-label="Loading notifications">
      {[0, 1, 2, 3, 4].map((row) => (
        <Group key={row} className={classes.row} wrap="nowrap" gap="sm" align="flex-start">
          <Skeleton circle height={8} mt={6} />
          <Stack gap={8} style={{ flex: 1 }}>
            <Skeleton height={12} width="60%" radius="xl" />
            <Skeleton height={10} width="20%" radius="xl" />
          </Stack>
        </Group>
      ))}
    </Paper>
  );
}

/** Everything Roundtable told the member, newest first, with the unread ones to act on. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const [searchParams, setSearchParams] = useSearchParams();
  // The filter lives in the URL, so a reload or the back button keeps it.
  const filter: NotificationFilter = searchParams.get('show') === 'unread' ? 'unread' : 'all';
  const centre = useNotificationCentre(filter);
  const latest = useLatestNotifications();
  const markAllRead = useMarkAllRead();
  const unread = latest.data?.unreadCount ?? 0;
  const items = centre.data?.pages.flatMap((page) => page.items) ?? [];

  let content: ReactNode;
  if (centre.isPending) content = <CentreSkeleton />;
  else if (centre.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="Your notifications did not load"
          message={errorMessageOf(centre.error)}
          onRetry={() => void centre.refetch()}
          retrying={centre.isRefetching}
        />
      </Paper>
    );
  else if (items.length === 0)
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconBellCheck size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title="You’re all caught up"
          description={
            filter === 'unread'
              ? 'Nothing unread. We’ll tell you when peers reply, apply or ask you something.'
              : 'We’ll tell you when peers reply, apply or ask you something — here, and by email if you like.'
          }
        >
          <EmptyState.Actions>
            <Group gap="sm" justify="center">
              {filter === 'unread' ? (
                <Button variant="default" onClick={() => setSearchParams({}, { replace: true })}>
                  Show all notifications
                </Button>
              ) : null}
              <Button variant="default" component={Link} to="/settings/notifications">
                Choose what you hear about
              </Button>
            </Group>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <NotificationList
            items={items}
            label={filter === 'unread' ? 'Unread notifications, newest first' : 'Notifications, newest first'}
          />
        </Paper>
        <Group justify="space-between" gap="sm">
          <Text c="dimmed" fz="sm">
            {items.length === 1 ? '1 notification' : `${items.length} notifications`} shown, newest first
          </Text>
          {centre.hasNextPage ? (
            <Button variant="default" onClick={() => void centre.fetchNextPage()} loading={centre.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Replies, applications, pulses and meetings that concern you, newest first."
        actions={
          <>
            <Button
              variant="default"
              component={Link}
              to="/settings/notifications"
              leftSection={<IconSettings size={16} aria-hidden="true" />}
            >
              Preferences
            </Button>
            <Button
              leftSection={<IconChecks size={16} aria-hidden="true" />}
              disabled={unread === 0}
              loading={markAllRead.isPending}
              onClick={() =>
                markAllRead.mutate(undefined, {
                  onError: (error) =>
                    notifications.show({
                      color: 'red',
                      title: 'Nothing was marked read',
                      message: errorMessageOf(error),
                    }),
                })
              }
            >
              Mark all read
            </Button>
          </>
        }
      />
      <Group justify="space-between" mb="md" gap="sm">
        <SegmentedControl
          aria-label="Show"
          value={filter}
          onChange={(value) => setSearchParams(value === 'unread' ? { show: 'unread' } : {}, { replace: true })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'unread', label: unread > 0 ? `Unread (${unread})` : 'Unread' },
          ]}
        />
      </Group>
      {content}
    </>
  );
}
