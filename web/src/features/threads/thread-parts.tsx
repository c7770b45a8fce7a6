import { Alert, Avatar, Badge, Button, Group, Modal, Stack, Text, Textarea, Tooltip, Typography } from '@mantine/core';
import type { AuthorView, HiddenView, ThreadSummaryView } from '@roundtable/contract/threads';
import {
  IconCircleCheck,
  IconClockHour4,
  IconEyeOff,
  IconHelpCircle,
  IconLock,
  IconMessages,
  IconPinned,
  IconUserQuestion,
} from '@tabler/icons-react';
import { type MouseEvent, type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { RelativeTime } from '../../components/relative-time';
import { formErrorMessageOf } from '../../lib/forms';
import { initialsOf } from '../../lib/names';
import { formatClockTime } from '../../lib/time';
import classes from './threads.module.css';

/**
 * The quiet "confidential" note every view of a network's discussions carries: its first line
 * always shown, the rest of the agreement one click away.
 */
export function ConfidentialityBanner({ networkName, text }: { networkName: string; text: string }) {
  const [first = '', ...rest] = text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  return (
    <Group
      gap={10}
      wrap="nowrap"
      align="flex-start"
      px="md"
      py={10}
      className={classes.banner}
      role="note"
      aria-label="Confidential"
    >
      <IconLock size={16} aria-hidden="true" className={classes.bannerIcon} />
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text fz="sm">
          <Text span fw={600} fz="sm">
            Confidential to {networkName}.
          </Text>{' '}
          {first}
        </Text>
        {rest.length > 0 ? (
          <details className={classes.details}>
            <summary>Read the confidentiality agreement</summary>
            <Text fz="sm" c="dimmed" component="div">
              {rest.map((paragraph) => (
                <p key={paragraph}>{paragraph}</p>
              ))}
            </Text>
          </details>
        ) : null}
      </Stack>
    </Group>
  );
}

/** Who wrote a post, as the server lets the viewer know: a name and picture, or the network's anonymous placeholder. */
export function AuthorLine({
  author,
  createdAt,
  editedAt,
  size = 'md',
  extra,
}: {
  author: AuthorView | null;
  createdAt: string;
  editedAt: string | null;
  size?: 'sm' | 'md';
  extra?: ReactNode;
}) {
  const avatarSize = size === 'sm' ? 28 : 36;
  const name = author?.name ?? 'Deleted by its author';
  return (
    <Group gap="sm" wrap="nowrap" align="center">
      <Avatar
        src={author?.anonymous ? null : (author?.avatarUrl ?? null)}
        radius="xl"
        size={avatarSize}
        color={author?.anonymous ? 'gray' : 'indigo'}
        alt=""
      >
        {author?.anonymous || !author ? (
          <IconUserQuestion size={avatarSize * 0.55} aria-hidden="true" />
        ) : (
          initialsOf(name)
        )}
      </Avatar>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Group gap={6} wrap="wrap" style={{ rowGap: 0 }}>
          {author?.id && !author.anonymous ? (
            <Text component={Link} to={`/members/${author.id}`} fz="sm" fw={600} className={classes.authorLink}>
              {name}
            </Text>
          ) : (
            <Text fz="sm" fw={600} fs={author?.anonymous ? 'italic' : undefined}>
              {name}
            </Text>
          )}
          {extra}
        </Group>
        <Text fz="xs" c="dimmed">
          <RelativeTime value={createdAt} />
          {editedAt ? (
            <>
              {' · '}
              <Text span fz="xs" c="dimmed">
                edited <RelativeTime value={editedAt} />
              </Text>
            </>
          ) : null}
        </Text>
      </Stack>
    </Group>
  );
}

/** What the feed and the thread page say about a thread's state, in words as well as colour. */
/**
 * On its author's own anonymous post until the next whole minute: no one else sees it yet, so the
 * moment it was written cannot point to them.
 */
export function HeldBadge({ heldUntil }: { heldUntil: string | null }) {
  if (heldUntil === null) return null;
  return (
    <Tooltip
      multiline
      w={260}
      label="Anonymous posts appear to the network at the next whole minute, so the moment you wrote cannot point to you."
    >
      <Badge
        variant="light"
        color="gray"
        size="sm"
        tabIndex={0}
        leftSection={<IconClockHour4 size={12} aria-hidden="true" />}
      >
        Shown to others at {formatClockTime(heldUntil)}
      </Badge>
    </Tooltip>
  );
}

export function ThreadBadges({
  thread,
  withDiscussion = true,
}: {
  thread: ThreadSummaryView;
  withDiscussion?: boolean;
}) {
  return (
    <>
      {thread.pinned ? (
        <Badge variant="light" color="indigo" size="sm" leftSection={<IconPinned size={12} aria-hidden="true" />}>
          Pinned
        </Badge>
      ) : null}
      {thread.kind === 'question' ? (
        <Badge variant="light" color="grape" size="sm" leftSection={<IconHelpCircle size={12} aria-hidden="true" />}>
          Question
        </Badge>
      ) : null}
      {withDiscussion && thread.kind === 'discussion' ? (
        <Badge variant="light" color="gray" size="sm" leftSection={<IconMessages size={12} aria-hidden="true" />}>
          Discussion
        </Badge>
      ) : null}
      {thread.resolved ? (
        <Badge variant="light" color="teal" size="sm" leftSection={<IconCircleCheck size={12} aria-hidden="true" />}>
          Answered
        </Badge>
      ) : null}
      {thread.locked ? (
        <Badge variant="light" color="yellow" size="sm" leftSection={<IconLock size={12} aria-hidden="true" />}>
          Locked
        </Badge>
      ) : null}
      {thread.hidden ? (
        <Badge variant="light" color="red" size="sm" leftSection={<IconEyeOff size={12} aria-hidden="true" />}>
          Hidden
        </Badge>
      ) : null}
      <HeldBadge heldUntil={thread.heldUntil} />
    </>
  );
}

/**
 * A post's body as the server rendered and sanitised it. Links inside the app (mentions) move
 * through the router instead of reloading the page.
 */
export function PostBody({ html }: { html: string }) {
  const navigate = useNavigate();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const anchor = (event.target as HTMLElement).closest('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href?.startsWith('/') || href.startsWith('//')) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    void navigate(href);
  };
  return (
    // The click only reroutes the links inside, which keep their own keyboard behaviour.
    <Typography className={classes.body} onClick={onClick}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server renders Markdown without raw HTML and sanitises the result (bodyHtml). */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/** What a post's author (and the facilitators) read in place of a post a facilitator hid. */
export function HiddenNote({ hidden, isAuthor }: { hidden: HiddenView; isAuthor: boolean }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconEyeOff size={18} aria-hidden="true" />}
      title={isAuthor ? 'A facilitator hid your post' : 'Hidden by a facilitator'}
    >
      <Text fz="sm">
        {isAuthor ? 'Other members no longer see it. ' : ''}
        {/* Members see that a post was hidden, not why nor by whom it was written. */}
        {hidden.reason ? (
          <>
            Reason: <q>{hidden.reason}</q>{' '}
          </>
        ) : null}
        <Text span fz="xs" c="dimmed">
          (<RelativeTime value={hidden.hiddenAt} />)
        </Text>
      </Text>
    </Alert>
  );
}

type ReasonModalProps = {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro: ReactNode;
  label: string;
  description?: string;
  submitLabel: string;
  /** Without a reason the button stays usable but the field asks for one. */
  required: boolean;
  minLength?: number;
  maxLength: number;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
};

/** One dialog for every action that takes a reason: flag, hide, nudge, move, reveal. */
export function ReasonModal({
  opened,
  onClose,
  title,
  intro,
  label,
  description,
  submitLabel,
  required,
  minLength = 1,
  maxLength,
  danger = false,
  pending,
  error,
  onSubmit,
}: ReasonModalProps) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  // A dialog opened again starts blank; one the server refused keeps what was typed.
  useEffect(() => {
    if (!opened) {
      setReason('');
      setTouched(false);
    }
  }, [opened]);
  const trimmed = reason.trim();
  const problem =
    required && trimmed.length < minLength
      ? minLength > 1
        ? `Write at least ${minLength} characters.`
        : 'Give the reason.'
      : reason.length > maxLength
        ? `Keep it under ${maxLength} characters.`
        : null;
  const close = onClose;
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={opened} onClose={close} title={title} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem) return;
          onSubmit(trimmed);
        }}
      >
        <Stack gap="md">
          {typeof intro === 'string' ? <Text fz="sm">{intro}</Text> : intro}
          <FormAlert message={error ? formErrorMessageOf(error) : null} />
          <Textarea
            label={label}
            description={description}
            required={required}
            autosize
            minRows={3}
            maxLength={maxLength}
            value={reason}
            error={touched ? problem : null}
            onChange={(event) => setReason(event.currentTarget.value)}
            onBlur={() => setTouched(reason !== '')}
            data-autofocus
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
