import type {
  InstanceSettingsUpdateBody,
  InstanceSettingsView,
  OutboxMessageView,
  OutboxPage,
} from '@roundtable/contract/admin';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const outboxQueryKey = ['admin', 'outbox'] as const;
const instanceQueryKey = ['instance'] as const;
const instanceSettingsQueryKey = [...instanceQueryKey, 'settings'] as const;

const OUTBOX_PAGE_SIZE = 25;

/** The outbox, newest first, one cursor page at a time. */
export function useOutbox() {
  return useInfiniteQuery({
    queryKey: outboxQueryKey,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(OUTBOX_PAGE_SIZE) });
      if (pageParam) query.set('cursor', pageParam);
      return api.get<OutboxPage>(`/admin/outbox?${query.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    select: (data): { messages: OutboxMessageView[] } => ({ messages: data.pages.flatMap((page) => page.items) }),
  });
}

export function useInstanceSettings() {
  return useQuery({
    queryKey: instanceSettingsQueryKey,
    queryFn: ({ signal }) => api.get<InstanceSettingsView>('/instance/settings', { signal }),
  });
}

export function useUpdateInstanceSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InstanceSettingsUpdateBody) => api.patch<InstanceSettingsView>('/instance/settings', body),
    onSuccess: (settings) => {
      queryClient.setQueryData(instanceSettingsQueryKey, settings);
      // The public view (what the sign-up page shows) changes with it.
      void queryClient.invalidateQueries({ queryKey: instanceQueryKey });
    },
  });
}
