import type {
  NotificationPage,
  NotificationPreferencesUpdateBody,
  NotificationPreferencesView,
  NotificationView,
  UnreadCountView,
  UnsubscribeView,
} from '@roundtable/contract/notifications';
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../lib/api';

/** How many notifications the bell's popover shows. */
export const LATEST_COUNT = 8;
const CENTRE_PAGE_SIZE = 20;

export type NotificationFilter = 'all' | 'unread';

export const notificationsQueryKey = ['notifications'] as const;
/** The newest few and the unread count: the bell reads both from this one answer. */
const latestKey = [...notificationsQueryKey, 'latest'] as const;
const centreKey = (filter: NotificationFilter) => [...notificationsQueryKey, 'centre', filter] as const;
const preferencesKey = ['notification-preferences'] as const;

type CentreData = InfiniteData<NotificationPage, string | null>;

export function useLatestNotifications() {
  return useQuery({
    queryKey: latestKey,
    queryFn: ({ signal }) => api.get<NotificationPage>(`/notifications?limit=${LATEST_COUNT}`, { signal }),
  });
}

export function useNotificationCentre(filter: NotificationFilter) {
  return useInfiniteQuery({
    queryKey: centreKey(filter),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(CENTRE_PAGE_SIZE) });
      if (filter === 'unread') query.set('unread', 'true');
      if (pageParam) query.set('cursor', pageParam);
      return api.get<NotificationPage>(`/notifications?${query.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Every cached copy of a notification changes together: the bell's list and each centre list. */
function updateCached(queryClient: QueryClient, change: (item: NotificationView) => NotificationView): void {
  queryClient.setQueryData<NotificationPage>(latestKey, (page) =>
    page ? { ...page, items: page.items.map(change) } : page,
  );
  for (const filter of ['all', 'unread'] as const) {
    queryClient.setQueryData<CentreData>(centreKey(filter), (data) =>
      data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(change) })) } : data,
    );
  }
}

export function setUnreadCount(queryClient: QueryClient, unreadCount: number): void {
  queryClient.setQueryData<NotificationPage>(latestKey, (page) => (page ? { ...page, unreadCount } : page));
}

/** A notification that just arrived live: first in the bell, counted as unread, and the centre refreshes. */
export function addLiveNotification(queryClient: QueryClient, notification: NotificationView): void {
  queryClient.setQueryData<NotificationPage>(latestKey, (page) => {
    if (!page || page.items.some((item) => item.id === notification.id)) return page;
    return {
      ...page,
      items: [notification, ...page.items].slice(0, LATEST_COUNT),
      unreadCount: page.unreadCount + (notification.readAt === null ? 1 : 0),
    };
  });
  void queryClient.invalidateQueries({ queryKey: [...notificationsQueryKey, 'centre'] });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: string) =>
      api.post<NotificationView>(`/notifications/${encodeURIComponent(notificationId)}/read`),
    // Read at once in every list, so a click that navigates away leaves no stale dot behind.
    onMutate: (notificationId) => {
      const latest = queryClient.getQueryData<NotificationPage>(latestKey);
      const wasUnread = latest?.items.find((item) => item.id === notificationId)?.readAt === null;
      const now = new Date().toISOString();
      updateCached(queryClient, (item) =>
        item.id === notificationId && item.readAt === null ? { ...item, readAt: now } : item,
      );
      if (latest && wasUnread) setUnreadCount(queryClient, Math.max(0, latest.unreadCount - 1));
    },
    onSuccess: (read) => updateCached(queryClient, (item) => (item.id === read.id ? read : item)),
    onError: () => void queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<UnreadCountView>('/notifications/read-all'),
    onSuccess: ({ unreadCount }) => {
      const now = new Date().toISOString();
      updateCached(queryClient, (item) => (item.readAt === null ? { ...item, readAt: now } : item));
      setUnreadCount(queryClient, unreadCount);
      void queryClient.invalidateQueries({ queryKey: [...notificationsQueryKey, 'centre', 'unread'] });
    },
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: preferencesKey,
    queryFn: ({ signal }) => api.get<NotificationPreferencesView>('/me/notification-preferences', { signal }),
  });
}

export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationPreferencesUpdateBody) =>
      api.patch<NotificationPreferencesView>('/me/notification-preferences', body),
    onSuccess: (preferences) => queryClient.setQueryData(preferencesKey, preferences),
  });
}

/** The one-click unsubscribe of an emailed link; works signed out, the token is the credential. */
export function useUnsubscribe() {
  return useMutation({
    mutationFn: ({ token, kind }: { token: string; kind: string | null }) => {
      const query = new URLSearchParams({ token });
      if (kind) query.set('kind', kind);
      return api.post<UnsubscribeView>(`/notifications/unsubscribe?${query.toString()}`);
    },
  });
}
