import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { MODERATION_REASON_MAX_LENGTH, type RevealedAuthorView, type ThreadView } from '@roundtable/contract/threads';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { formErrorMessageOf } from '../../lib/forms';
import { useMyNetworks } from '../networks/networks.queries';
import { ReasonModal } from './thread-parts';
import {
  type PostRef,
  useDeleteReply,
  useDeleteThread,
  useFlagPost,
  useModerateReply,
  useModerateThread,
  useRevealAuthor,
} from './threads.queries';

export type PostDialog =
  | { type: 'flag' | 'hide' | 'reveal' | 'delete'; post: PostRef }
  | { type: 'nudge'; post: PostRef & { kind: 'reply' } }
  | { type: 'move'; post: PostRef & { kind: 'thread' } };

type DialogProps = { dialog: PostDialog | null; thread: ThreadView; onClose: () => void };

const done = (message: string) => notifications.show({ color: 'teal', message });

function FlagDialog({ dialog, thread, onClose }: DialogProps) {
  const flag = useFlagPost();
  const post = dialog?.post;
  return (
    <ReasonModal
      opened={dialog?.type === 'flag'}
      onClose={() => {
        flag.reset();
        onClose();
      }}
      title={post?.kind === 'thread' ? 'Flag this thread' : 'Flag this reply'}
      intro={`The facilitators of ${thread.network.name} will see your flag and your reason. The author is not told who flagged it.`}
      label="What is wrong with it?"
      description="For example: it breaks the charter, shares something confidential, or is hurtful."
      submitLabel="Flag to the facilitators"
      required
      maxLength={MODERATION_REASON_MAX_LENGTH}
      pending={flag.isPending}
      error={flag.error}
      onSubmit={(reason) =>
        post &&
        flag.mutate(
          { post, reason },
          {
            onSuccess: () => {
              done('Thank you. The facilitators will look at it.');
              onClose();
            },
          },
        )
      }
    />
  );
}

function HideDialog({ dialog, thread, onClose }: DialogProps) {
  const hideThread = useModerateThread(thread.id);
  const hideReply = useModerateReply();
  const post = dialog?.post;
  const mutation = post?.kind === 'thread' ? hideThread : hideReply;
  return (
    <ReasonModal
      opened={dialog?.type === 'hide'}
      onClose={() => {
        hideThread.reset();
        hideReply.reset();
        onClose();
      }}
      title={post?.kind === 'thread' ? 'Hide this thread' : 'Hide this reply'}
      intro="Members will no longer see it. Its author sees your reason, so say it kindly and clearly."
      label="Reason shown to the author"
      submitLabel="Hide"
      danger
      required
      maxLength={MODERATION_REASON_MAX_LENGTH}
      pending={mutation.isPending}
      error={mutation.error}
      onSubmit={(reason) => {
        const onSuccess = () => {
          done('Hidden. The author can read your reason.');
          onClose();
        };
        if (post?.kind === 'thread') hideThread.mutate({ action: 'hide', reason }, { onSuccess });
        else if (post) hideReply.mutate({ replyId: post.id, action: 'hide', reason }, { onSuccess });
      }}
    />
  );
}

function NudgeDialog({ dialog, onClose }: DialogProps) {
  const nudge = useModerateReply();
  return (
    <ReasonModal
      opened={dialog?.type === 'nudge'}
      onClose={() => {
        nudge.reset();
        onClose();
      }}
      title="Nudge toward experience"
      intro="The author alone gets a gentle note asking them to share their own experience rather than advice. Nobody else sees it."
      label="A word from you (optional)"
      description="Left empty, the author reads the network’s standard note."
      submitLabel="Send the nudge"
      required={false}
      maxLength={MODERATION_REASON_MAX_LENGTH}
      pending={nudge.isPending}
      error={nudge.error}
      onSubmit={(message) =>
        dialog &&
        nudge.mutate(
          { replyId: dialog.post.id, action: 'nudge', ...(message ? { message } : {}) },
          {
            onSuccess: () => {
              done('The author has your nudge.');
              onClose();
            },
          },
        )
      }
    />
  );
}

function RevealDialog({ dialog, onClose }: DialogProps) {
  const reveal = useRevealAuthor();
  const [revealed, setRevealed] = useState<RevealedAuthorView | null>(null);
  const close = () => {
    reveal.reset();
    setRevealed(null);
    onClose();
  };
  if (revealed)
    return (
      <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened onClose={close} title="The author" centered>
        <Stack gap="md">
          <Text fz="sm">
            <Text span fw={600}>
              {revealed.name}
            </Text>{' '}
            ({revealed.email}) wrote this post. Your look and your reason are in the moderation log.
          </Text>
          <Text fz="sm" c="dimmed">
            Keep this to yourself: members and facilitators still see the post as anonymous.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    );
  return (
    <ReasonModal
      opened={dialog?.type === 'reveal'}
      onClose={close}
      title="Reveal the author"
      intro={
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden="true" />}>
          <Text fz="sm">
            The author posted anonymously and trusts that nobody will know. Reveal them only for abuse or a legal
            request. Your name, the time and your reason go into the moderation log.
          </Text>
        </Alert>
      }
      label="Why must you know who wrote it?"
      description="At least 10 characters; written to the moderation log."
      submitLabel="Reveal the author"
      danger
      required
      minLength={10}
      maxLength={MODERATION_REASON_MAX_LENGTH}
      pending={reveal.isPending}
      error={reveal.error}
      onSubmit={(reason) => dialog && reveal.mutate({ post: dialog.post, reason }, { onSuccess: setRevealed })}
    />
  );
}

function DeleteDialog({ dialog, thread, onClose }: DialogProps) {
  const deleteThread = useDeleteThread(thread.id);
  const deleteReply = useDeleteReply();
  const post = dialog?.post;
  const mutation = post?.kind === 'thread' ? deleteThread : deleteReply;
  const close = () => {
    deleteThread.reset();
    deleteReply.reset();
    onClose();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={dialog?.type === 'delete'}
      onClose={close}
      title={post?.kind === 'thread' ? 'Delete your thread?' : 'Delete your reply?'}
      centered
    >
      <Stack gap="md">
        <Text fz="sm">
          {post?.kind === 'thread'
            ? 'Your post is removed and reads “Deleted by its author”. The replies stay, so the conversation still makes sense.'
            : 'Your reply is removed and reads “Deleted by its author”.'}
        </Text>
        <FormAlert message={mutation.isError ? formErrorMessageOf(mutation.error) : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Keep it
          </Button>
          <Button
            color="red"
            loading={mutation.isPending}
            onClick={() => {
              const onSuccess = () => {
                done('Deleted.');
                close();
              };
              if (post?.kind === 'thread') deleteThread.mutate(undefined, { onSuccess });
              else if (post) deleteReply.mutate(post.id, { onSuccess });
            }}
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MoveDialog({ dialog, thread, onClose }: DialogProps) {
  const move = useModerateThread(thread.id);
  const mine = useMyNetworks();
  const [target, setTarget] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const options = (mine.data ?? [])
    .filter((network) => network.id !== thread.networkId && network.viewer.abilities.manage)
    .map((network) => ({ value: network.id, label: network.name }));
  const close = () => {
    move.reset();
    setTarget(null);
    setReason('');
    setTouched(false);
    onClose();
  };
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={dialog?.type === 'move'}
      onClose={close}
      title="Move this thread"
      centered
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (!target) return;
          move.mutate(
            { action: 'move', networkId: target, ...(reason.trim() ? { reason: reason.trim() } : {}) },
            {
              onSuccess: (moved) => {
                done(`Moved to ${moved.network.name}.`);
                close();
              },
            },
          );
        }}
      >
        <Stack gap="md">
          <Text fz="sm">
            The thread and its replies move to another network you run; only that network’s members will see it.
          </Text>
          <FormAlert message={move.isError ? formErrorMessageOf(move.error) : null} />
          <Select
            label="Move to"
            placeholder={options.length === 0 ? 'You run no other network' : 'Choose a network'}
            data={options}
            value={target}
            onChange={setTarget}
            disabled={options.length === 0}
            error={touched && !target ? 'Choose the network to move it to.' : null}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="Reason (optional)"
            description="Written to the moderation log."
            autosize
            minRows={2}
            maxLength={MODERATION_REASON_MAX_LENGTH}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={move.isPending} disabled={options.length === 0}>
              Move thread
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Every dialog a post's menu can open; one is open at a time. */
export function PostDialogs(props: DialogProps) {
  return (
    <>
      <FlagDialog {...props} />
      <HideDialog {...props} />
      <NudgeDialog {...props} />
      {props.dialog?.type === 'reveal' ? <RevealDialog {...props} /> : null}
      <DeleteDialog {...props} />
      {props.dialog?.type === 'move' ? <MoveDialog {...props} /> : null}
    </>
  );
}
