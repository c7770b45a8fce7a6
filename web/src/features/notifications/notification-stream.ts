import type { NotificationView, UnreadCountView } from '@roundtable/contract/notifications';
import { useEffect, useRef } from 'react';

export type StreamHandlers = {
  onNotification: (notification: NotificationView) => void;
  onUnread: (unread: UnreadCountView) => void;
  /** The stream (re)connected: whatever happened while it was down has to be fetched. */
  onReconnect: () => void;
};

// One EventSource per tab, however many components listen: a browser allows only a few
// connections per origin over HTTP/1.1, and each open stream holds one.
const subscribers = new Set<{ current: StreamHandlers }>();
let source: EventSource | null = null;
let hasOpened = false;

function parse<T>(event: MessageEvent): T | null {
  try {
    return JSON.parse(String(event.data)) as T;
  } catch {
    return null;
  }
}

function open(): void {
  source = new EventSource('/api/v1/events');
  hasOpened = false;
  source.addEventListener('open', () => {
    // The first open is the page's own start; later ones follow a drop, when events may have been missed.
    if (hasOpened) for (const handlers of subscribers) handlers.current.onReconnect();
    hasOpened = true;
  });
  source.addEventListener('notification', (event) => {
    const notification = parse<NotificationView>(event);
    if (notification) for (const handlers of subscribers) handlers.current.onNotification(notification);
  });
  source.addEventListener('unread', (event) => {
    const unread = parse<UnreadCountView>(event);
    if (unread) for (const handlers of subscribers) handlers.current.onUnread(unread);
  });
}

/**
 * Listens to the signed-in member's live events (`GET /api/v1/events`). The browser reconnects
 * by itself after a drop, waiting the `retry` the server asks for.
 */
export function useNotificationStream(handlers: StreamHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const subscriber = latest;
    subscribers.add(subscriber);
    if (source === null) open();
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) {
        source?.close();
        source = null;
      }
    };
  }, []);
}
