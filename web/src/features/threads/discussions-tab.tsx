import {
  Badge,
  Box,
  Button,
  CloseButton,
  EmptyState,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { NetworkView } from '@roundtable/contract/networks';
import { FEED_FILTERS, type FeedFilter, type ThreadSummaryView } from '@roundtable/contract/threads';
import { IconArrowUp, IconChecks, IconFlag, IconMessageCircle, IconPencilPlus, IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { RelativeTime } from '../../components/relative-time';
import { errorMessageOf } from '../../lib/api';
import { ThreadBadges } from './thread-parts';
import { useThreadStream } from './thread-stream';
import classes from './threads.module.css';
import { invalidateFeeds, useFeed, useMarkAllThreadsRead } from './threads.queries';

const FILTER_LABELS: Record<FeedFilter, string> = {
  all: 'All',
  questions: 'Questions',
  unresolved: 'Unanswered',
  mine: 'Started by me',
};

const isFilter = (value: string | null): value is FeedFilter => FEED_FILTERS.some((filter) => filter.id === value);

const EMPTY: Record<FeedFilter, { title: string; description: string }> = {
  all: {
    title: 'Ask your network a question',
    description:
      'Peers here have faced what you are facing. Ask about a decision, a process or a provider, and they answer from their own experience — in confidence.',
  },
  questions: {
    title: 'No questions yet',
    description: 'Questions get answers from peers, and the asker marks the one that helped most.',
  },
  unresolved: {
    title: 'Every question has its answer',
    description: 'Questions whose asker has not yet accepted an answer show up here, so you can help.',
  },
  mine: {
    title: 'You have not started a thread here',
    description: 'Ask your peers something: what they pay, how they chose, what they would do again.',
  },
};

function replyLabel(thread: ThreadSummaryView): string {
  return thread.replyCount === 1 ? '1 reply' : `${thread.replyCount} replies`;
}

function ThreadRow({ thread, slug }: { thread: ThreadSummaryView; slug: string }) {
  const unread = thread.isNew || thread.unreadCount > 0;
  const author = thread.author?.name ?? 'Deleted by its author';
  return (
    <li className={classes.feedRow}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <span className={unread ? classes.unreadDot : classes.readDot} aria-hidden="true" />
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={6} wrap="wrap" style={{ rowGap: 4 }}>
            <Text
              component={Link}
              to={`/threads/${thread.id}`}
              state={{ from: slug }}
              className={classes.feedLink}
              fw={unread ? 700 : 600}
              fz="md"
              style={{ overflowWrap: 'anywhere' }}
            >
              {thread.isNew ? <VisuallyHidden>New: </VisuallyHidden> : null}
              {thread.title}
            </Text>
            <ThreadBadges thread={thread} withDiscussion={false} />
            {thread.isNew ? (
              <Badge variant="filled" size="sm" aria-hidden="true">
                New
              </Badge>
            ) : thread.unreadCount > 0 ? (
              <Badge variant="filled" size="sm">
                {thread.unreadCount === 1 ? '1 new reply' : `${thread.unreadCount} new replies`}
              </Badge>
            ) : null}
          </Group>
          {thread.excerpt && !thread.hidden && !thread.deleted ? (
            <Text fz="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
              {thread.excerpt}
            </Text>
          ) : null}
          <Group gap={6} wrap="wrap" style={{ rowGap: 2 }}>
            <Text fz="xs" c="dimmed" fs={thread.author?.anonymous ? 'italic' : undefined}>
              {author}
            </Text>
            <Text fz="xs" c="dimmed" aria-hidden="true">
              ·
            </Text>
            <Text fz="xs" c="dimmed">
              <IconMessageCircle size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} />
              {replyLabel(thread)}
            </Text>
            <Text fz="xs" c="dimmed" aria-hidden="true">
              ·
            </Text>
            <Text fz="xs" c="dimmed">
              active <RelativeTime value={thread.lastActivityAt} />
            </Text>
            {thread.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="gray" size="xs" fw={500}>
                #{tag}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Group>
    </li>
  );
}

function FeedSkeleton() {
  return (
    <Paper withBorder aria-busy="true" aria-label="Loading discussions">
      {[0, 1, 2, 3].map((row) => (
        <Group key={row} className={classes.feedRow} wrap="nowrap" gap="sm" align="flex-start">
          <Skeleton circle height={8} mt={6} />
          <Stack gap={8} style={{ flex: 1 }}>
            <Skeleton height={14} width="55%" radius="xl" />
            <Skeleton height={10} width="85%" radius="xl" />
            <Skeleton height={10} width="30%" radius="xl" />
          </Stack>
        </Group>
      ))}
    </Paper>
  );
}

/**
 * The network's discussions: the feed, its filters and search, and the way to ask the peers. The
 * network page's header above it carries the confidentiality banner.
 */
export function DiscussionsTab({ network }: { network: NetworkView }) {
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('filter');
  const filter: FeedFilter = isFilter(requested) ? requested : 'all';
  const [search, setSearch] = useState(searchParams.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const feed = useFeed(network.id, filter, q);
  const markAll = useMarkAllThreadsRead(network.id);
  // Posts that arrived while the member reads: counted, shown on request, so the list never jumps.
  const [arrived, setArrived] = useState<Set<string>>(new Set());
  const items = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const unreadCount = items.filter((thread) => thread.isNew || thread.unreadCount > 0).length;
  const canModerate = network.viewer.abilities.manage;

  useThreadStream(
    { networkId: network.id },
    {
      onEvent: (name, event) => {
        if (name !== 'thread.created' && name !== 'thread.updated') return;
        if (event.networkId && event.networkId !== network.id) return;
        setArrived((current) => new Set(current).add(event.threadId));
      },
      onReconnect: () => void invalidateFeeds(queryClient, network.id),
    },
  );

  const known = new Set(items.map((thread) => thread.id));
  const newPosts = [...arrived].filter((id) => !known.has(id)).length;
  const updated = arrived.size - newPosts;
  const showArrived = () => {
    setArrived(new Set());
    void invalidateFeeds(queryClient, network.id);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next, { replace: true });
  };

  let content: ReactNode;
  if (feed.isPending) content = <FeedSkeleton />;
  else if (feed.isError)
    content = (
      <Paper withBorder>
        <ErrorState
          title="The discussions did not load"
          message={errorMessageOf(feed.error)}
          onRetry={() => void feed.refetch()}
          retrying={feed.isRefetching}
        />
      </Paper>
    );
  else if (items.length === 0) {
    const empty = q
      ? {
          title: 'Nothing matches your search',
          description: `No thread in ${network.name} mentions “${q}”. Try other words, or ask your peers.`,
        }
      : EMPTY[filter];
    content = (
      <Paper withBorder py={48} px="md">
        <EmptyState
          icon={<IconMessageCircle size={26} stroke={1.5} aria-hidden="true" />}
          withIndicatorBackground
          title={empty.title}
          description={empty.description}
        >
          <EmptyState.Actions>
            <Button component={Link} to={`/networks/${network.slug}/ask`} leftSection={<IconPencilPlus size={16} />}>
              Ask your peers
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else
    content = (
      <Stack gap="md">
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <ul className={classes.list} aria-label={`Discussions in ${network.name}`}>
            {items.map((thread) => (
              <ThreadRow key={thread.id} thread={thread} slug={network.slug} />
            ))}
          </ul>
        </Paper>
        <Group justify="space-between" gap="sm">
          <Text c="dimmed" fz="sm">
            {items.length === 1 ? '1 thread' : `${items.length} threads`} shown, pinned first, then latest activity
          </Text>
          {feed.hasNextPage ? (
            <Button variant="default" onClick={() => void feed.fetchNextPage()} loading={feed.isFetchingNextPage}>
              Load more
            </Button>
          ) : null}
        </Group>
      </Stack>
    );

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Box visibleFrom="sm">
          <SegmentedControl
            aria-label="Show"
            value={filter}
            onChange={(value) => setParam('filter', value === 'all' ? null : value)}
            data={FEED_FILTERS.map(({ id }) => ({ value: id, label: FILTER_LABELS[id] }))}
          />
        </Box>
        <Select
          hiddenFrom="sm"
          aria-label="Show"
          value={filter}
          allowDeselect={false}
          onChange={(value) => setParam('filter', value === 'all' ? null : value)}
          data={FEED_FILTERS.map(({ id }) => ({ value: id, label: FILTER_LABELS[id] }))}
          w={{ base: '100%', xs: 220 }}
        />
        <Group gap="sm" wrap="wrap" style={{ flex: '1 1 auto', justifyContent: 'flex-end' }}>
          {canModerate ? (
            <Button
              variant="default"
              component={Link}
              to={`/networks/${network.slug}/flags`}
              leftSection={<IconFlag size={16} aria-hidden="true" />}
            >
              Flags
            </Button>
          ) : null}
          <Button
            variant="default"
            aria-label="Mark all read"
            leftSection={<IconChecks size={16} aria-hidden="true" />}
            disabled={unreadCount === 0}
            loading={markAll.isPending}
            onClick={() =>
              markAll.mutate(undefined, {
                onError: (error) =>
                  notifications.show({
                    color: 'red',
                    title: 'Nothing was marked read',
                    message: errorMessageOf(error),
                  }),
              })
            }
          >
            <Text span fz="sm" fw={600} visibleFrom="xs">
              Mark all read
            </Text>
          </Button>
          <Button
            component={Link}
            to={`/networks/${network.slug}/ask`}
            leftSection={<IconPencilPlus size={16} aria-hidden="true" />}
          >
            Ask your peers
          </Button>
        </Group>
      </Group>
      <TextInput
        type="search"
        aria-label="Search discussions"
        placeholder={`Search discussions in ${network.name}`}
        leftSection={<IconSearch size={16} aria-hidden="true" />}
        value={search}
        maxLength={200}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
          setParam('q', event.currentTarget.value.trim() || null);
        }}
        rightSection={
          search ? (
            <CloseButton
              aria-label="Clear search"
              onClick={() => {
                setSearch('');
                setParam('q', null);
              }}
            />
          ) : null
        }
      />
      {arrived.size > 0 ? (
        <div className={classes.newPosts}>
          <Button
            radius="xl"
            size="sm"
            leftSection={<IconArrowUp size={16} aria-hidden="true" />}
            onClick={showArrived}
            aria-live="polite"
          >
            {newPosts > 0
              ? `${newPosts === 1 ? '1 new post' : `${newPosts} new posts`}${updated > 0 ? ` · ${updated} updated` : ''} — show`
              : `New activity in ${updated === 1 ? '1 thread' : `${updated} threads`} — show`}
          </Button>
        </div>
      ) : null}
      {content}
    </Stack>
  );
}
