import type { OkResponse } from '@roundtable/contract/common';
import type {
  FeedFilter,
  FlagBody,
  FlagPage,
  FlagView,
  MarkdownPreviewView,
  ReadResult,
  ReplyCreateBody,
  ReplyModerationBody,
  ReplyPage,
  ReplyView,
  ResolutionBody,
  RevealedAuthorView,
  ThreadCreateBody,
  ThreadModerationBody,
  ThreadPage,
  ThreadUpdateBody,
  ThreadView,
  ThreadWithRepliesView,
} from '@roundtable/contract/threads';
import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api } from '../../lib/api';

const FEED_PAGE_SIZE = 20;
/** Replies per page; a thread this long or shorter opens at its start and scrolls to the first unread. */
export const REPLY_PAGE_SIZE = 50;
const FLAG_PAGE_SIZE = 25;

export type RepliesFrom = 'start' | 'unread';

export const threadsQueryKey = ['threads'] as const;
const feedsKey = [...threadsQueryKey, 'feed'] as const;
const feedKey = (networkId: string, filter: FeedFilter, q: string) => [...feedsKey, networkId, filter, q] as const;
export const threadKey = (threadId: string) => [...threadsQueryKey, 'detail', threadId] as const;
export const repliesKey = (threadId: string) => [...threadsQueryKey, 'replies', threadId] as const;
const repliesFromKey = (threadId: string, from: RepliesFrom) => [...repliesKey(threadId), from] as const;
const flagsKey = (networkId: string) => [...threadsQueryKey, 'flags', networkId] as const;

const enc = encodeURIComponent;

function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A network's threads: pinned first, then by latest activity, one cursor page at a time. */
export function useFeed(networkId: string, filter: FeedFilter, q: string) {
  return useInfiniteQuery({
    queryKey: feedKey(networkId, filter, q),
    queryFn: ({ pageParam, signal }) =>
      api.get<ThreadPage>(
        withQuery(`/networks/${enc(networkId)}/threads`, {
          filter: filter === 'all' ? undefined : filter,
          q,
          limit: FEED_PAGE_SIZE,
          cursor: pageParam,
        }),
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** Every feed of the network, whatever its filter, refetches. */
export const invalidateFeeds = (queryClient: QueryClient, networkId?: string) =>
  queryClient.invalidateQueries({ queryKey: networkId ? [...feedsKey, networkId] : feedsKey });

export function useMarkAllThreadsRead(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ReadResult>(`/networks/${enc(networkId)}/threads/read-all`),
    onSuccess: () => void invalidateFeeds(queryClient, networkId),
  });
}

export function useCreateThread(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ThreadCreateBody) => api.post<ThreadView>(`/networks/${enc(networkId)}/threads`, body),
    onSuccess: (thread) => {
      queryClient.setQueryData(threadKey(thread.id), thread);
      void invalidateFeeds(queryClient, thread.networkId);
    },
  });
}

/** The thread as the page shows it: its first page of replies comes with it when it is first loaded. */
export type LoadedThread = ThreadView & { replies?: ThreadWithRepliesView['replies'] };

export function useThread(threadId: string) {
  return useQuery<LoadedThread>({
    queryKey: threadKey(threadId),
    queryFn: ({ signal }) =>
      api.get<ThreadWithRepliesView>(withQuery(`/threads/${enc(threadId)}`, { replies: REPLY_PAGE_SIZE }), { signal }),
  });
}

/** A changed thread replaces the cached one; the feeds it appears in refetch when next shown. */
function storeThread(queryClient: QueryClient, thread: ThreadView): void {
  queryClient.setQueryData(threadKey(thread.id), thread);
  void invalidateFeeds(queryClient);
}

const useThreadMutation = <Variables>(threadId: string, run: (variables: Variables) => Promise<ThreadView>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (thread) => {
      storeThread(queryClient, thread);
      // Abilities and answer marks on the replies follow the thread's state (locked, resolved).
      void queryClient.invalidateQueries({ queryKey: repliesKey(threadId) });
    },
  });
};

export const useUpdateThread = (threadId: string) =>
  useThreadMutation(threadId, (body: ThreadUpdateBody) => api.patch<ThreadView>(`/threads/${enc(threadId)}`, body));

export const useDeleteThread = (threadId: string) =>
  useThreadMutation(threadId, () => api.delete<ThreadView>(`/threads/${enc(threadId)}`));

export const useModerateThread = (threadId: string) =>
  useThreadMutation(threadId, (body: ThreadModerationBody) =>
    api.post<ThreadView>(`/threads/${enc(threadId)}/moderation`, body),
  );

export const useResolveThread = (threadId: string) =>
  useThreadMutation(threadId, (body: ResolutionBody) =>
    api.post<ThreadView>(`/threads/${enc(threadId)}/resolution`, body),
  );

export function useMarkThreadRead(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (position: number) => api.post<ReadResult>(`/threads/${enc(threadId)}/read`, { position }),
    // The feed's "N new replies" is stale now; it refetches when the member goes back to it.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: feedsKey, refetchType: 'none' }),
  });
}

/** The thread's replies page by page; the first page, when it came with the thread, is not fetched again. */
export function useReplies(threadId: string, from: RepliesFrom, firstPage?: ReplyPage) {
  return useInfiniteQuery({
    queryKey: repliesFromKey(threadId, from),
    ...(firstPage ? { initialData: { pages: [firstPage], pageParams: [null] } } : {}),
    queryFn: ({ pageParam, signal }) =>
      api.get<ReplyPage>(
        withQuery(`/threads/${enc(threadId)}/replies`, {
          limit: REPLY_PAGE_SIZE,
          cursor: pageParam,
          from: pageParam === null && from === 'unread' ? 'unread' : undefined,
        }),
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

/** A changed reply replaces its copy in every loaded page of its thread. */
function storeReply(queryClient: QueryClient, reply: ReplyView): void {
  queryClient.setQueriesData<InfiniteData<ReplyPage, string | null>>(
    { queryKey: repliesKey(reply.threadId) },
    (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === reply.id ? reply : item)),
            })),
          }
        : data,
  );
}

export function useCreateReply(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplyCreateBody) => api.post<ReplyView>(`/threads/${enc(threadId)}/replies`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: repliesKey(threadId) });
      void queryClient.invalidateQueries({ queryKey: threadKey(threadId) });
      void invalidateFeeds(queryClient);
    },
  });
}

const useReplyMutation = <Variables>(run: (variables: Variables) => Promise<ReplyView>) => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: (reply) => storeReply(queryClient, reply) });
};

export const useUpdateReply = () =>
  useReplyMutation(({ replyId, body }: { replyId: string; body: string }) =>
    api.patch<ReplyView>(`/replies/${enc(replyId)}`, { body }),
  );

export const useDeleteReply = () =>
  useReplyMutation((replyId: string) => api.delete<ReplyView>(`/replies/${enc(replyId)}`));

export const useHelpful = () =>
  useReplyMutation(({ replyId, helpful }: { replyId: string; helpful: boolean }) =>
    helpful
      ? api.post<ReplyView>(`/replies/${enc(replyId)}/helpful`)
      : api.delete<ReplyView>(`/replies/${enc(replyId)}/helpful`),
  );

export const useModerateReply = () =>
  useReplyMutation(({ replyId, ...body }: ReplyModerationBody & { replyId: string }) =>
    api.post<ReplyView>(`/replies/${enc(replyId)}/moderation`, body),
  );

export type PostRef = { kind: 'thread' | 'reply'; id: string };

const postPath = (post: PostRef) => (post.kind === 'thread' ? `/threads/${enc(post.id)}` : `/replies/${enc(post.id)}`);

export function useFlagPost() {
  return useMutation({
    mutationFn: ({ post, ...body }: FlagBody & { post: PostRef }) =>
      api.post<OkResponse>(`${postPath(post)}/flags`, body),
  });
}

/** The host admin's audited look behind an anonymous post. */
export function useRevealAuthor() {
  return useMutation({
    mutationFn: ({ post, reason }: { post: PostRef; reason: string }) =>
      api.post<RevealedAuthorView>(`${postPath(post)}/author-reveal`, { reason }),
  });
}

export function useFlags(networkId: string, status: 'open' | 'resolved') {
  return useInfiniteQuery({
    queryKey: [...flagsKey(networkId), status],
    queryFn: ({ pageParam, signal }) =>
      api.get<FlagPage>(
        withQuery(`/networks/${enc(networkId)}/flags`, { status, limit: FLAG_PAGE_SIZE, cursor: pageParam }),
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}

export function useResolveFlag(networkId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (flagId: string) => api.post<FlagView>(`/flags/${enc(flagId)}/resolve`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: flagsKey(networkId) }),
  });
}

/** The server's rendering of a draft, exactly as it will be shown once posted. */
export function useMarkdownPreview(body: string, enabled: boolean) {
  return useQuery({
    queryKey: ['markdown-preview', body],
    queryFn: ({ signal }) => api.post<MarkdownPreviewView>('/markdown/preview', { body }, { signal }),
    enabled: enabled && body.trim() !== '',
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
}
