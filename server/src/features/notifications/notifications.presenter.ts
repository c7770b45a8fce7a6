import type { NotificationKind, NotificationView } from '@roundtable/contract/notifications';
import type { Notification } from '../../db/tables.js';

/** What the app shows of a notification; the body (confidential text) stays for emails that may carry it. */
export const presentNotification = (row: Notification): NotificationView => ({
  id: row.id,
  kind: row.kind as NotificationKind,
  title: row.title,
  url: row.url,
  readAt: row.readAt,
  createdAt: row.createdAt,
});
