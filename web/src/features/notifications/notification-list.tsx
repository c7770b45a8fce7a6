import { Box, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import type { NotificationView } from '@roundtable/contract/notifications';
import { IconCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { RelativeTime } from '../../components/relative-time';
import classes from './notifications.module.css';
import { useMarkRead } from './notifications.queries';

type NotificationListProps = {
  items: NotificationView[];
  /** The list's accessible name. */
  label: string;
  /** Called when a notification is followed, e.g. to close the popover. */
  onOpen?: () => void;
  /** The popover's list has no per-item "Mark read": opening one reads it. */
  compact?: boolean;
};

/**
 * Notifications, each a link to where it happened. Unread ones are bold, dotted and say "New"
 * to screen readers, so the difference is never colour alone.
 */
export function NotificationList({ items, label, onOpen, compact = false }: NotificationListProps) {
  const markRead = useMarkRead();
  return (
    <ul className={classes.list} aria-label={label}>
      {items.map((item) => {
        const isUnread = item.readAt === null;
        return (
          <li key={item.id} className={isUnread ? classes.unreadRow : undefined}>
            <Group wrap="nowrap" gap={0} align="stretch">
              <Link
                to={item.url}
                className={classes.row}
                onClick={() => {
                  if (isUnread) markRead.mutate(item.id);
                  onOpen?.();
                }}
              >
                <Group wrap="nowrap" gap="sm" align="flex-start">
                  <span className={isUnread ? classes.dot : classes.dotRead} aria-hidden="true" />
                  <Box style={{ flex: 1, minWidth: 0 }}>
                    <Text fz="sm" fw={isUnread ? 700 : 400} lineClamp={compact ? 2 : undefined}>
                      {isUnread ? <VisuallyHidden>New: </VisuallyHidden> : null}
                      {item.title}
                    </Text>
                    <Text c="dimmed" fz="xs" mt={2}>
                      {isUnread ? (
                        <Text span fz="xs" fw={700} c="var(--mantine-color-text)" mr={6} aria-hidden="true">
                          New ·
                        </Text>
                      ) : null}
                      <RelativeTime value={item.createdAt} />
                    </Text>
                  </Box>
                </Group>
              </Link>
              {!compact && isUnread ? (
                <Box pr="md" style={{ alignSelf: 'center' }}>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconCheck size={14} aria-hidden="true" />}
                    onClick={() => markRead.mutate(item.id)}
                    aria-label={`Mark read: ${item.title}`}
                  >
                    <Text span fz="sm" visibleFrom="xs">
                      Mark read
                    </Text>
                  </Button>
                </Box>
              ) : null}
            </Group>
          </li>
        );
      })}
    </ul>
  );
}
