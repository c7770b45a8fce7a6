import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  CloseButton,
  Group,
  Menu,
  Paper,
  Radio,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { TAGS_MAX, THREAD_TITLE_MAX_LENGTH, type ThreadKind, type ThreadView } from '@roundtable/contract/threads';
import {
  IconArrowDown,
  IconArrowLeft,
  IconChevronDown,
  IconDownload,
  IconEye,
  IconEyeOff,
  IconFlag,
  IconHeartHandshake,
  IconLock,
  IconLockOpen,
  IconMessageOff,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconQuote,
  IconShieldCheck,
  IconTransfer,
  IconTrash,
  IconUserSearch,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { MessagePage } from '../../components/message-page';
import { errorMessageOf } from '../../lib/api';
import { applyApiError, formErrorMessageOf } from '../../lib/forms';
import { usePageTitle } from '../../lib/use-page-title';
import { AnonymousSwitch, validateBody, validateTags, validateTitle } from './ask.page';
import { MarkdownEditor } from './markdown-editor';
import { type PostDialog, PostDialogs } from './post-dialogs';
import { type QuoteDraft, ReplyItem } from './reply-item';
import { AuthorLine, ConfidentialityBanner, HiddenNote, PostBody, ThreadBadges } from './thread-parts';
import { useThreadStream } from './thread-stream';
import {
  type LoadedThread,
  REPLY_PAGE_SIZE,
  type RepliesFrom,
  repliesKey,
  threadKey,
  useCreateReply,
  useMarkThreadRead,
  useModerateThread,
  useReplies,
  useThread,
  useUpdateThread,
} from './threads.queries';

const failed = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessageOf(error) });

function EditThread({ thread, onDone }: { thread: ThreadView; onDone: () => void }) {
  const update = useUpdateThread(thread.id);
  const [title, setTitle] = useState(thread.title);
  const [body, setBody] = useState(thread.body);
  const [kind, setKind] = useState<ThreadKind>(thread.kind);
  const [tags, setTags] = useState<string[]>(thread.tags);
  const [touched, setTouched] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const errors = {
    title: validateTitle(title) ?? fieldErrors.title ?? null,
    body: validateBody(body) ?? fieldErrors.body ?? null,
    tags: validateTags(tags) ?? fieldErrors.tags ?? null,
  };
  return (
    <form
      noValidate
      aria-label="Edit your thread"
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        setAlert(null);
        setFieldErrors({});
        if (validateTitle(title) || validateBody(body) || validateTags(tags)) return;
        update.mutate(
          { title: title.trim(), body, kind, tags },
          {
            onSuccess: onDone,
            onError: (error) =>
              setAlert(
                applyApiError(error, { title: 'Title', body: 'Post', tags: 'Tags' }, (field, message) =>
                  setFieldErrors((current) => ({ ...current, [field]: message })),
                ),
              ),
          },
        );
      }}
    >
      <Stack gap="md">
        <FormAlert message={alert} />
        <Radio.Group
          label="Kind"
          value={kind}
          onChange={(value) => setKind(value === 'discussion' ? value : 'question')}
        >
          <Group gap="lg" mt="xs">
            <Radio value="question" label="A question" />
            <Radio value="discussion" label="A discussion" />
          </Group>
        </Radio.Group>
        <TextInput
          label="Title"
          value={title}
          maxLength={THREAD_TITLE_MAX_LENGTH}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={touched ? errors.title : null}
        />
        <MarkdownEditor
          label="Your post"
          networkId={thread.networkId}
          value={body}
          onChange={setBody}
          error={touched ? errors.body : null}
        />
        <TagsInput
          label="Tags"
          maxTags={TAGS_MAX}
          value={tags}
          onChange={(next) => setTags([...new Set(next.map((tag) => tag.trim().toLowerCase()).filter(Boolean))])}
          error={touched ? errors.tags : null}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ModerationMenu({ thread, onDialog }: { thread: ThreadView; onDialog: (dialog: PostDialog) => void }) {
  const moderate = useModerateThread(thread.id);
  const { abilities } = thread;
  const post = { kind: 'thread' as const, id: thread.id };
  if (!(abilities.pin || abilities.lock || abilities.hide || abilities.move || abilities.revealAuthor)) return null;
  const act = (action: 'pin' | 'unpin' | 'lock' | 'unlock' | 'unhide', message: string) =>
    moderate.mutate(
      { action },
      {
        onSuccess: () => notifications.show({ color: 'teal', message }),
        onError: failed('That did not work'),
      },
    );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconShieldCheck size={16} aria-hidden="true" />}
          rightSection={<IconChevronDown size={14} aria-hidden="true" />}
          loading={moderate.isPending}
        >
          Moderate
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {abilities.pin ? (
          thread.pinned ? (
            <Menu.Item
              leftSection={<IconPinnedOff size={16} aria-hidden="true" />}
              onClick={() => act('unpin', 'Unpinned.')}
            >
              Unpin
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconPin size={16} aria-hidden="true" />}
              onClick={() => act('pin', 'Pinned to the top of the discussions.')}
            >
              Pin to the top
            </Menu.Item>
          )
        ) : null}
        {abilities.lock ? (
          thread.locked ? (
            <Menu.Item
              leftSection={<IconLockOpen size={16} aria-hidden="true" />}
              onClick={() => act('unlock', 'Unlocked: members can reply again.')}
            >
              Unlock
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconLock size={16} aria-hidden="true" />}
              onClick={() => act('lock', 'Locked: no new replies.')}
            >
              Lock replies
            </Menu.Item>
          )
        ) : null}
        {abilities.hide ? (
          thread.hidden ? (
            <Menu.Item
              leftSection={<IconEye size={16} aria-hidden="true" />}
              onClick={() => act('unhide', 'Visible again.')}
            >
              Unhide
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconEyeOff size={16} aria-hidden="true" />}
              onClick={() => onDialog({ type: 'hide', post })}
            >
              Hide with a reason…
            </Menu.Item>
          )
        ) : null}
        {abilities.move ? (
          <Menu.Item
            leftSection={<IconTransfer size={16} aria-hidden="true" />}
            onClick={() => onDialog({ type: 'move', post })}
          >
            Move to another network…
          </Menu.Item>
        ) : null}
        {abilities.revealAuthor && thread.anonymous ? (
          <>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconUserSearch size={16} aria-hidden="true" />}
              onClick={() => onDialog({ type: 'reveal', post })}
            >
              Reveal author…
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

function ThreadHeader({ thread, onDialog }: { thread: ThreadView; onDialog: (dialog: PostDialog) => void }) {
  const [editing, setEditing] = useState(false);
  const { abilities } = thread;
  const post = { kind: 'thread' as const, id: thread.id };
  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} component="article" aria-labelledby="thread-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
          <Group gap={6} wrap="wrap">
            <ThreadBadges thread={thread} />
            {thread.tags.map((tag) => (
              <Badge key={tag} variant="outline" color="gray" size="sm" fw={500}>
                #{tag}
              </Badge>
            ))}
          </Group>
          <Group gap="xs">
            <Button
              component="a"
              href={`/api/v1/threads/${thread.id}/export`}
              download
              variant="subtle"
              color="gray"
              size="sm"
              leftSection={<IconDownload size={16} aria-hidden="true" />}
              title="Download the thread and its replies as Markdown, authors as you know them"
            >
              Export
            </Button>
            {abilities.edit && !editing && !thread.deleted ? (
              <Button
                variant="subtle"
                color="gray"
                size="sm"
                leftSection={<IconPencil size={16} aria-hidden="true" />}
                onClick={() => setEditing(true)}
              >
                Edit
              </Button>
            ) : null}
            {abilities.delete && !thread.deleted ? (
              <Button
                variant="subtle"
                color="gray"
                size="sm"
                leftSection={<IconTrash size={16} aria-hidden="true" />}
                onClick={() => onDialog({ type: 'delete', post })}
              >
                Delete
              </Button>
            ) : null}
            {abilities.flag ? (
              <Button
                variant="subtle"
                color="gray"
                size="sm"
                leftSection={<IconFlag size={16} aria-hidden="true" />}
                onClick={() => onDialog({ type: 'flag', post })}
              >
                Flag
              </Button>
            ) : null}
            <ModerationMenu thread={thread} onDialog={onDialog} />
          </Group>
        </Group>
        {editing ? (
          <EditThread thread={thread} onDone={() => setEditing(false)} />
        ) : (
          <>
            <Title order={1} id="thread-title" fz={{ base: 22, sm: 26 }} lh={1.25} style={{ overflowWrap: 'anywhere' }}>
              {thread.title}
            </Title>
            <AuthorLine
              author={thread.deleted ? null : thread.author}
              createdAt={thread.createdAt}
              editedAt={thread.editedAt}
            />
            {thread.hidden ? <HiddenNote hidden={thread.hidden} isAuthor={thread.author?.isYou ?? false} /> : null}
            {thread.deleted ? (
              <Text c="dimmed" fs="italic">
                Deleted by its author. The replies stay so the conversation still makes sense.
              </Text>
            ) : thread.bodyHtml ? (
              <PostBody html={thread.bodyHtml} />
            ) : null}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ReplyComposer({
  thread,
  quote,
  onClearQuote,
  textareaRef,
  onPosted,
}: {
  thread: ThreadView;
  quote: QuoteDraft | null;
  onClearQuote: () => void;
  textareaRef: React.RefObject<HTMLTextAreaElement | null>;
  onPosted: (replyId: string) => void;
}) {
  const create = useCreateReply(thread.id);
  const [body, setBody] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [touched, setTouched] = useState(false);
  const problem = validateBody(body);
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="reply-heading">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem) return;
          create.mutate(
            { body, anonymous, ...(quote ? { quoteReplyId: quote.replyId } : {}) },
            {
              onSuccess: (reply) => {
                setBody('');
                setTouched(false);
                onClearQuote();
                onPosted(reply.id);
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="reply-heading">
            Your reply
          </Title>
          {thread.network.experienceProtocol ? (
            <Alert variant="light" color="indigo" icon={<IconHeartHandshake size={18} aria-hidden="true" />} p="sm">
              <Text fz="sm" fw={600}>
                Share your own experience, not advice
              </Text>
              <Text fz="sm">
                {thread.network.name} follows the Gestalt protocol: peers learn most from what you did and what happened
                — “When I faced this, I…” rather than “You should…”.
              </Text>
            </Alert>
          ) : null}
          {quote ? (
            <Group
              gap="xs"
              wrap="nowrap"
              align="flex-start"
              px="sm"
              py={6}
              style={{ borderLeft: '3px solid var(--mantine-color-default-border)' }}
            >
              <IconQuote size={14} aria-hidden="true" style={{ marginTop: 3, flex: 'none' }} />
              <Box style={{ flex: 1, minWidth: 0 }}>
                <Text fz="xs" fw={600} c="dimmed">
                  Quoting {quote.authorName}
                </Text>
                <Text fz="sm" c="dimmed" lineClamp={2}>
                  {quote.excerpt}
                </Text>
              </Box>
              <CloseButton size="sm" aria-label="Stop quoting" onClick={onClearQuote} />
            </Group>
          ) : null}
          <FormAlert message={create.isError ? formErrorMessageOf(create.error) : null} />
          <MarkdownEditor
            label="Reply"
            networkId={thread.networkId}
            value={body}
            onChange={setBody}
            onBlur={() => setTouched(body !== '')}
            error={touched ? problem : null}
            placeholder={
              thread.network.experienceProtocol
                ? 'When I faced something similar, I…'
                : 'Share what you know, what you did, or a question back.'
            }
            minRows={4}
            textareaRef={textareaRef}
          />
          <AnonymousSwitch network={thread.network} what="reply" checked={anonymous} onChange={setAnonymous} />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Post reply
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** Sends the highest reply position the member has seen, a moment after they stop scrolling. */
function useReadTracking(thread: ThreadView) {
  const markRead = useMarkThreadRead(thread.id);
  const seen = useRef(0);
  const sent = useRef(-1);
  const timer = useRef<number | undefined>(undefined);
  const { mutate } = markRead;

  const flush = useCallback(() => {
    if (seen.current > sent.current) {
      sent.current = seen.current;
      mutate(seen.current);
    }
  }, [mutate]);

  const see = useCallback(
    (position: number) => {
      if (position <= seen.current && sent.current >= 0) return;
      seen.current = Math.max(seen.current, position);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(flush, 800);
    },
    [flush],
  );

  // Opening the thread reads its start, which clears "New" in the feed.
  useEffect(() => {
    if (thread.isNew || thread.unreadCount > 0) see(0);
    return () => window.clearTimeout(timer.current);
  }, [thread.isNew, thread.unreadCount, see]);

  return see;
}

function RepliesSkeleton() {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading replies">
      {[0, 1].map((row) => (
        <Paper key={row} withBorder p="md">
          <Group gap="sm" mb="sm">
            <Skeleton circle height={36} />
            <Skeleton height={12} width={160} radius="xl" />
          </Group>
          <Skeleton height={10} width="90%" radius="xl" mb={8} />
          <Skeleton height={10} width="70%" radius="xl" />
        </Paper>
      ))}
    </Stack>
  );
}

function ThreadLoaded({ thread }: { thread: LoadedThread }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  // Where to open, decided once (by the server, with the first page it sent): a long thread with
  // unread replies opens at the first of them.
  const [firstUnread] = useState(thread.firstUnreadReplyId);
  const [firstPage] = useState(thread.replies);
  const [from, setFrom] = useState<RepliesFrom>(
    firstPage?.from ?? (thread.firstUnreadReplyId && thread.replyCount > REPLY_PAGE_SIZE ? 'unread' : 'start'),
  );
  const replies = useReplies(thread.id, from, firstPage?.from === from ? firstPage : undefined);
  const items = replies.data?.pages.flatMap((page) => page.items) ?? [];
  const [quote, setQuote] = useState<QuoteDraft | null>(null);
  const [dialog, setDialog] = useState<PostDialog | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const composerRef = useRef<HTMLTextAreaElement | null>(null);
  const scrolledTo = useRef<string | null>(null);
  const see = useReadTracking(thread);
  const atEnd = !replies.hasNextPage;

  // Jump once to the reply the address names, or else to the first unread one.
  const target = location.hash.startsWith('#reply-') ? location.hash.slice('#reply-'.length) : firstUnread;
  useEffect(() => {
    if (!target || scrolledTo.current === target) return;
    const element = document.getElementById(`reply-${target}`);
    if (!element) return;
    scrolledTo.current = target;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
  });

  // Each reply that comes into view counts as read.
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries)
          if (entry.isIntersecting) see(Number((entry.target as HTMLElement).dataset.position ?? 0));
      },
      { threshold: 0.4 },
    );
    for (const element of document.querySelectorAll<HTMLElement>('article[data-position]')) observer.observe(element);
    return () => observer.disconnect();
  });

  const atEndRef = useRef(atEnd);
  atEndRef.current = atEnd;
  useThreadStream(
    { threadId: thread.id },
    {
      onEvent: (name, event) => {
        if (event.threadId !== thread.id) return;
        if (name === 'thread.updated') {
          void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) });
          return;
        }
        const wasAtEnd = atEndRef.current;
        void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) });
        void replies.refetch().then((result) => {
          // A reply that opened a new page follows at once when the member was already at the end.
          const last = result.data?.pages.at(-1);
          if (name === 'reply.created' && wasAtEnd && last?.nextCursor) void replies.fetchNextPage();
        });
        if (name === 'reply.created') setAnnouncement('A new reply arrived.');
      },
      onReconnect: () => {
        void queryClient.invalidateQueries({ queryKey: threadKey(thread.id) });
        void queryClient.invalidateQueries({ queryKey: repliesKey(thread.id) });
      },
    },
  );

  const startQuote = (next: QuoteDraft) => {
    setQuote(next);
    composerRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    composerRef.current?.focus({ preventScroll: true });
  };

  const count = thread.replyCount;
  return (
    <Stack gap="lg" maw={860}>
      <Anchor
        component={Link}
        to={`/networks/${thread.network.slug}`}
        fz="sm"
        display="inline-flex"
        style={{ alignItems: 'center', gap: 4, alignSelf: 'flex-start' }}
      >
        <IconArrowLeft size={14} aria-hidden="true" />
        {thread.network.name} · Discussions
      </Anchor>
      <ConfidentialityBanner networkName={thread.network.name} text={thread.network.confidentiality} />
      <ThreadHeader thread={thread} onDialog={setDialog} />

      <Stack gap="sm" component="section" aria-labelledby="replies-heading">
        <Group justify="space-between" gap="sm">
          <Title order={2} fz="h3" id="replies-heading">
            {count === 0 ? 'No replies yet' : count === 1 ? '1 reply' : `${count} replies`}
          </Title>
          {thread.unreadCount > 0 && firstUnread && from === 'start' ? (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconArrowDown size={14} aria-hidden="true" />}
              onClick={() => {
                scrolledTo.current = null;
                document.getElementById(`reply-${firstUnread}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
              }}
            >
              Jump to first unread
            </Button>
          ) : null}
        </Group>
        <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
        {from === 'unread' ? (
          <Group justify="center">
            <Button variant="default" size="sm" onClick={() => setFrom('start')}>
              Show earlier replies
            </Button>
          </Group>
        ) : null}
        {replies.isPending ? (
          <RepliesSkeleton />
        ) : replies.isError ? (
          <Paper withBorder>
            <ErrorState
              title="The replies did not load"
              message={errorMessageOf(replies.error)}
              onRetry={() => void replies.refetch()}
              retrying={replies.isRefetching}
            />
          </Paper>
        ) : items.length === 0 ? (
          <Text c="dimmed" fz="sm">
            {thread.abilities.reply
              ? thread.kind === 'question'
                ? 'Be the first to answer from your own experience.'
                : 'Be the first to reply.'
              : 'Nobody has replied.'}
          </Text>
        ) : (
          <Stack gap="sm">
            {items.map((reply) => (
              <ReplyItem key={reply.id} reply={reply} thread={thread} onQuote={startQuote} onDialog={setDialog} />
            ))}
          </Stack>
        )}
        {replies.hasNextPage ? (
          <Group justify="center">
            <Button variant="default" onClick={() => void replies.fetchNextPage()} loading={replies.isFetchingNextPage}>
              Load more replies
            </Button>
          </Group>
        ) : null}
      </Stack>

      {thread.locked ? (
        <Alert
          variant="light"
          color="yellow"
          icon={<IconLock size={18} aria-hidden="true" />}
          title="This thread is locked"
        >
          A facilitator closed it to new replies. What is here stays readable.
        </Alert>
      ) : thread.abilities.reply ? (
        <ReplyComposer
          thread={thread}
          quote={quote}
          onClearQuote={() => setQuote(null)}
          textareaRef={composerRef}
          onPosted={() => setAnnouncement('Your reply is posted.')}
        />
      ) : (
        <Alert variant="light" color="gray" icon={<IconMessageOff size={18} aria-hidden="true" />}>
          Only members of {thread.network.name} can reply.
        </Alert>
      )}

      <PostDialogs dialog={dialog} thread={thread} onClose={() => setDialog(null)} />
    </Stack>
  );
}

function ThreadSkeleton() {
  return (
    <Stack gap="lg" maw={860} aria-busy="true" aria-label="Loading the thread">
      <Skeleton height={14} width={180} />
      <Skeleton height={44} />
      <Paper withBorder p="xl">
        <Skeleton height={26} width="70%" mb="md" />
        <Skeleton height={12} width="30%" mb="lg" />
        <Skeleton height={10} mb={8} />
        <Skeleton height={10} width="85%" />
      </Paper>
    </Stack>
  );
}

/** One thread: the post, its replies as they arrive, and the reply composer. */
export function ThreadPage() {
  const { threadId = '' } = useParams();
  const thread = useThread(threadId);
  usePageTitle(thread.data ? `${thread.data.title} · ${thread.data.network.name}` : 'Discussion');
  if (thread.isPending) return <ThreadSkeleton />;
  if (thread.isError) {
    const status = (thread.error as { status?: number }).status;
    return status === 404 ? (
      <MessagePage
        icon={<IconMessageOff size={30} stroke={1.5} aria-hidden="true" />}
        title="Thread not found"
        description="This thread does not exist, or it belongs to a network you are not a member of."
        actions={
          <Button component={Link} to="/networks">
            Your networks
          </Button>
        }
      />
    ) : (
      <ErrorState
        title="The thread could not load"
        message={errorMessageOf(thread.error)}
        onRetry={() => void thread.refetch()}
        retrying={thread.isFetching}
      />
    );
  }
  return <ThreadLoaded key={thread.data.id} thread={thread.data} />;
}
