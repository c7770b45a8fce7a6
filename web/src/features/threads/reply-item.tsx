import { ActionIcon, Alert, Badge, Button, Group, Menu, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReplyView, ThreadView } from '@roundtable/contract/threads';
import {
  IconCircleCheck,
  IconDots,
  IconEye,
  IconEyeOff,
  IconFlag,
  IconHeartHandshake,
  IconMessageShare,
  IconPencil,
  IconQuote,
  IconThumbUp,
  IconTrash,
  IconUserSearch,
} from '@tabler/icons-react';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { validateBody } from './ask.page';
import { MarkdownEditor } from './markdown-editor';
import type { PostDialog } from './post-dialogs';
import { AuthorLine, HeldBadge, HiddenNote, PostBody } from './thread-parts';
import classes from './threads.module.css';
import { useHelpful, useModerateReply, useResolveThread, useUpdateReply } from './threads.queries';

export type QuoteDraft = { replyId: string; authorName: string; excerpt: string };

const failed = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessageOf(error) });

function EditReply({ reply, networkId, onDone }: { reply: ReplyView; networkId: string; onDone: () => void }) {
  const update = useUpdateReply();
  const [body, setBody] = useState(reply.body);
  const [touched, setTouched] = useState(false);
  const problem = validateBody(body);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (problem) return;
        update.mutate({ replyId: reply.id, body }, { onSuccess: onDone });
      }}
    >
      <Stack gap="sm">
        <FormAlert message={update.isError ? formErrorMessageOf(update.error) : null} />
        <MarkdownEditor
          label="Edit your reply"
          networkId={networkId}
          value={body}
          onChange={setBody}
          onBlur={() => setTouched(true)}
          error={touched ? problem : null}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save reply
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type ReplyItemProps = {
  reply: ReplyView;
  thread: ThreadView;
  onQuote: (quote: QuoteDraft) => void;
  onDialog: (dialog: PostDialog) => void;
};

/** The text of sanitised HTML from the server, for a quote's excerpt (readers get no Markdown source). */
const textOf = (html: string): string => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';

/** One reply: who wrote it, what it quotes, its body, and what the viewer may do with it. */
export function ReplyItem({ reply, thread, onQuote, onDialog }: ReplyItemProps) {
  const [editing, setEditing] = useState(false);
  const helpful = useHelpful();
  const moderate = useModerateReply();
  const resolve = useResolveThread(thread.id);
  const { abilities } = reply;
  const post = { kind: 'reply' as const, id: reply.id };
  const authorName = reply.author?.name ?? (reply.hidden ? 'a hidden reply' : 'a deleted reply');
  const hasMenu =
    abilities.edit || abilities.delete || abilities.flag || abilities.hide || abilities.nudge || abilities.revealAuthor;
  const label = reply.heldUntil
    ? `Your anonymous reply, not yet shown to others`
    : `Reply ${reply.position} by ${reply.author?.name ?? (reply.hidden ? 'an author not shown' : 'a deleted author')}`;

  return (
    <Paper
      component="article"
      withBorder
      p={{ base: 'sm', sm: 'md' }}
      id={`reply-${reply.id}`}
      tabIndex={-1}
      data-position={reply.position}
      aria-label={label}
      className={[classes.reply, reply.unread ? classes.unreadReply : '', reply.isAnswer ? classes.answer : '']
        .filter(Boolean)
        .join(' ')}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <AuthorLine
            author={reply.deleted ? null : reply.author}
            createdAt={reply.createdAt}
            editedAt={reply.deleted ? null : reply.editedAt}
            extra={
              <>
                {reply.isAnswer ? (
                  <Badge
                    variant="light"
                    color="teal"
                    size="sm"
                    leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
                  >
                    Accepted answer
                  </Badge>
                ) : null}
                <HeldBadge heldUntil={reply.heldUntil} />
                {reply.unread ? (
                  <Badge variant="filled" size="sm">
                    New
                  </Badge>
                ) : null}
              </>
            }
          />
          {hasMenu && !reply.deleted ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon size="lg" aria-label={`More actions: ${label}`} loading={moderate.isPending}>
                  <IconDots size={18} aria-hidden="true" />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {abilities.edit ? (
                  <Menu.Item leftSection={<IconPencil size={16} aria-hidden="true" />} onClick={() => setEditing(true)}>
                    Edit
                  </Menu.Item>
                ) : null}
                {abilities.delete ? (
                  <Menu.Item
                    color="red"
                    leftSection={<IconTrash size={16} aria-hidden="true" />}
                    onClick={() => onDialog({ type: 'delete', post })}
                  >
                    Delete…
                  </Menu.Item>
                ) : null}
                {abilities.flag ? (
                  <Menu.Item
                    leftSection={<IconFlag size={16} aria-hidden="true" />}
                    onClick={() => onDialog({ type: 'flag', post })}
                  >
                    Flag to the facilitators…
                  </Menu.Item>
                ) : null}
                {abilities.nudge || abilities.hide ? <Menu.Label>Facilitate</Menu.Label> : null}
                {abilities.nudge ? (
                  <Menu.Item
                    leftSection={<IconHeartHandshake size={16} aria-hidden="true" />}
                    onClick={() => onDialog({ type: 'nudge', post })}
                  >
                    Nudge toward experience…
                  </Menu.Item>
                ) : null}
                {abilities.hide && !reply.hidden ? (
                  <Menu.Item
                    leftSection={<IconEyeOff size={16} aria-hidden="true" />}
                    onClick={() => onDialog({ type: 'hide', post })}
                  >
                    Hide with a reason…
                  </Menu.Item>
                ) : null}
                {abilities.hide && reply.hidden ? (
                  <Menu.Item
                    leftSection={<IconEye size={16} aria-hidden="true" />}
                    onClick={() =>
                      moderate.mutate(
                        { replyId: reply.id, action: 'unhide' },
                        { onError: failed('The reply is still hidden') },
                      )
                    }
                  >
                    Unhide
                  </Menu.Item>
                ) : null}
                {abilities.revealAuthor && reply.anonymous ? (
                  <>
                    <Menu.Label>Host admin</Menu.Label>
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
          ) : null}
        </Group>

        {reply.quote && !reply.deleted ? (
          <Stack gap={2} className={classes.quote}>
            <Text fz="xs" c="dimmed" fw={600}>
              <IconQuote size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 4 }} />
              <a href={`#reply-${reply.quote.replyId}`} style={{ color: 'inherit' }}>
                {reply.quote.authorName} wrote
              </a>
            </Text>
            <Text fz="sm" c="dimmed" lineClamp={3} style={{ overflowWrap: 'anywhere' }}>
              {reply.quote.excerpt}
            </Text>
          </Stack>
        ) : null}

        {reply.nudged && reply.author?.isYou && !reply.deleted ? (
          <Alert variant="light" color="indigo" icon={<IconHeartHandshake size={18} aria-hidden="true" />} p="xs">
            <Text fz="sm">
              A facilitator asks you to share your own experience rather than advice: what you did and what happened.
              You can edit your reply.
            </Text>
          </Alert>
        ) : null}

        {reply.deleted ? (
          <Text fz="sm" c="dimmed" fs="italic">
            Deleted by its author.
          </Text>
        ) : editing ? (
          <EditReply reply={reply} networkId={thread.networkId} onDone={() => setEditing(false)} />
        ) : (
          <>
            {reply.hidden ? <HiddenNote hidden={reply.hidden} isAuthor={reply.author?.isYou ?? false} /> : null}
            {reply.bodyHtml ? <PostBody html={reply.bodyHtml} /> : null}
          </>
        )}

        {!reply.deleted && !editing ? (
          <Group gap="xs" wrap="wrap">
            {abilities.markHelpful ? (
              <Button
                variant={reply.markedHelpfulByYou ? 'light' : 'subtle'}
                color={reply.markedHelpfulByYou ? 'indigo' : 'gray'}
                size="compact-sm"
                leftSection={<IconThumbUp size={14} aria-hidden="true" />}
                aria-pressed={reply.markedHelpfulByYou}
                loading={helpful.isPending}
                onClick={() =>
                  helpful.mutate(
                    { replyId: reply.id, helpful: !reply.markedHelpfulByYou },
                    { onError: failed('That did not work') },
                  )
                }
              >
                Helpful{reply.helpfulCount > 0 ? ` · ${reply.helpfulCount}` : ''}
              </Button>
            ) : reply.helpfulCount > 0 ? (
              <Text fz="sm" c="dimmed" px={6}>
                <IconThumbUp size={14} aria-hidden="true" style={{ verticalAlign: -2, marginRight: 4 }} />
                {reply.helpfulCount === 1
                  ? '1 peer found this helpful'
                  : `${reply.helpfulCount} peers found this helpful`}
              </Text>
            ) : null}
            {thread.abilities.reply && !reply.hidden ? (
              <Button
                variant="subtle"
                color="gray"
                size="compact-sm"
                leftSection={<IconMessageShare size={14} aria-hidden="true" />}
                onClick={() =>
                  onQuote({
                    replyId: reply.id,
                    authorName,
                    excerpt: textOf(reply.bodyHtml).replace(/\s+/g, ' ').trim().slice(0, 160),
                  })
                }
              >
                Quote
              </Button>
            ) : null}
            {abilities.acceptAsAnswer && !reply.isAnswer ? (
              <Button
                variant="light"
                color="teal"
                size="compact-sm"
                leftSection={<IconCircleCheck size={14} aria-hidden="true" />}
                loading={resolve.isPending}
                onClick={() =>
                  resolve.mutate(
                    { replyId: reply.id },
                    {
                      onSuccess: () =>
                        notifications.show({ color: 'teal', message: 'Marked as the answer. Thank you.' }),
                      onError: failed('The answer was not marked'),
                    },
                  )
                }
              >
                Accept as answer
              </Button>
            ) : null}
            {reply.isAnswer && thread.abilities.resolve ? (
              <Button
                variant="subtle"
                color="gray"
                size="compact-sm"
                loading={resolve.isPending}
                onClick={() => resolve.mutate({ replyId: null }, { onError: failed('The question was not re-opened') })}
              >
                Re-open the question
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
