import { ActionIcon, Anchor, Center, Loader, Popover } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { useNotificationStream } from './notification-stream';
import classes from './notifications.module.css';
import {
  addLiveNotification,
  notificationsQueryKey,
  setUnreadCount,
  useLatestNotifications,
  useMarkRead,
} from './notifications.queries';

// The list loads when the bell is first opened, keeping the first page light.
const loadPopover = () => import('./notification-popover');
const NotificationPopover = lazy(() => loadPopover().then((m) => ({ default: m.NotificationPopover })));

/** The header's bell: the unread count, live, and the newest notifications a click away. */
export function NotificationBell() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const latest = useLatestNotifications();
  const markRead = useMarkRead();
  const [opened, setOpened] = useState(false);
  const unread = latest.data?.unreadCount ?? 0;

  useNotificationStream({
    onNotification: (notification) => {
      addLiveNotification(queryClient, notification);
      const id = `notification-${notification.id}`;
      notifications.show({
        id,
        title: 'New notification',
        color: 'indigo',
        icon: <IconBell size={16} aria-hidden="true" />,
        // The toasts sit outside the router, so the link navigates by hand.
        message: (
          <Anchor
            href={notification.url}
            fz="sm"
            onClick={(event) => {
              event.preventDefault();
              notifications.hide(id);
              markRead.mutate(notification.id);
              void navigate(notification.url);
            }}
          >
            {notification.title}
          </Anchor>
        ),
      });
    },
    onUnread: ({ unreadCount }) => setUnreadCount(queryClient, unreadCount),
    onReconnect: () => void queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });

  return (
    // Focus moves into the open list, so the keyboard reaches it though it renders in a portal; Escape brings it back.
    <Popover
      opened={opened}
      onChange={setOpened}
      width={360}
      position="bottom-end"
      shadow="md"
      radius="md"
      trapFocus
      returnFocus
    >
      <Popover.Target>
        <ActionIcon
          size="lg"
          className={classes.bell}
          aria-label={unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`}
          onClick={() => setOpened((value) => !value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setOpened(false);
          }}
          onPointerEnter={() => void loadPopover()}
          onFocus={() => void loadPopover()}
        >
          <IconBell size={20} stroke={1.7} />
          {unread > 0 ? (
            <span className={classes.count} aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} maw="calc(100vw - 16px)">
        <Suspense
          fallback={
            <Center p="lg" role="status" aria-label="Loading notifications">
              <Loader size="sm" type="dots" />
            </Center>
          }
        >
          <NotificationPopover onClose={() => setOpened(false)} />
        </Suspense>
      </Popover.Dropdown>
    </Popover>
  );
}
