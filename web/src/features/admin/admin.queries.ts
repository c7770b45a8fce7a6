import type {
  InstanceSettingsUpdateBody,
  InstanceSettingsView,
  JobPage,
  JobStatus,
  JobView,
  OutboxMessageView,
  OutboxPage,
} from '@roundtable/contract/admin';
import type { ModerationLogPage } from '@roundtable/contract/threads';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const outboxQueryKey = ['admin', 'outbox'] as const;
const instanceQueryKey = ['instance'] as const;
const instanceSettingsQueryKey = [...instanceQueryKey, 'settings'] as const;

const jobsQueryKey = ['admin', 'jobs'] as const;

const OUTBOX_PAGE_SIZE = 25;
const JOBS_PAGE_SIZE = 25;

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

/** Background jobs of one status (or all), newest first, one cursor page at a time. */
export function useJobs(status: JobStatus | null) {
  return useInfiniteQuery({
    queryKey: [...jobsQueryKey, status ?? 'all'],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(JOBS_PAGE_SIZE) });
      if (status) query.set('status', status);
      if (pageParam) query.set('cursor', pageParam);
      return api.get<JobPage>(`/admin/jobs?${query.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    select: (data): JobView[] => data.pages.flatMap((page) => page.items),
  });
}

export function useRetryJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => api.post<JobView>(`/admin/jobs/${encodeURIComponent(jobId)}/retry`),
    // A retried job moves from "failed" to "queued": every status list may change.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: jobsQueryKey }),
  });
}

const moderationLogQueryKey = ['admin', 'moderation-log'] as const;
const MODERATION_LOG_PAGE_SIZE = 25;

/** Every moderation action across the instance, newest first (host admins). */
export function useModerationLog() {
  return useInfiniteQuery({
    queryKey: moderationLogQueryKey,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(MODERATION_LOG_PAGE_SIZE) });
      if (pageParam) query.set('cursor', pageParam);
      return api.get<ModerationLogPage>(`/admin/moderation-log?${query.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
