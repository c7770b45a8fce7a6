import {
  Avatar,
  Combobox,
  Group,
  Input,
  Skeleton,
  Tabs,
  Text,
  Textarea,
  useCombobox,
  VisuallyHidden,
} from '@mantine/core';
import type { MembershipPage, MembershipView } from '@roundtable/contract/networks';
import { mentionMarkdown, POST_BODY_MAX_LENGTH } from '@roundtable/contract/threads';
import { useQuery } from '@tanstack/react-query';
import { type Ref, useEffect, useId, useRef, useState } from 'react';
import { api, errorMessageOf } from '../../lib/api';
import { initialsOf } from '../../lib/names';
import { PostBody } from './thread-parts';
import classes from './threads.module.css';
import { useMarkdownPreview } from './threads.queries';

/** The peers a member can mention: the network's first hundred members, loaded once "@" is typed. */
function useMentionCandidates(networkId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['networks', 'detail', networkId, 'members', 'mention-candidates'],
    queryFn: ({ signal }) =>
      api.get<MembershipPage>(`/networks/${encodeURIComponent(networkId)}/members?limit=100`, { signal }),
    enabled,
    staleTime: 5 * 60_000,
    select: (page) => page.items,
  });
}

// "@" at the start or after a space or bracket, then the first letters of a name.
const TRIGGER = /(?:^|[\s(])@([^\s@[\]()]{0,30})$/u;

type Trigger = { start: number; end: number; query: string };

function triggerAt(text: string, caret: number): Trigger | null {
  const match = TRIGGER.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? '';
  return { start: caret - query.length - 1, end: caret, query };
}

function matches(membership: MembershipView, query: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  return membership.member.name
    .toLowerCase()
    .split(/\s+/)
    .some((word) => word.startsWith(q));
}

type MarkdownEditorProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string | null;
  description?: string;
  placeholder?: string;
  /** The network whose members "@" offers to mention. */
  networkId: string;
  minRows?: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
};

/**
 * A Markdown field with Write and Preview tabs. The preview is the server's own rendering, so what
 * the member sees is what peers will see. Typing "@" offers the network's members; picking one
 * writes the mention link the server notifies.
 */
export function MarkdownEditor({
  label,
  value,
  onChange,
  onBlur,
  error,
  description,
  placeholder,
  networkId,
  minRows = 5,
  textareaRef,
}: MarkdownEditorProps) {
  const id = useId();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [mentionsWanted, setMentionsWanted] = useState(false);
  const inner = useRef<HTMLTextAreaElement | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const candidates = useMentionCandidates(networkId, mentionsWanted);
  const preview = useMarkdownPreview(value, tab === 'preview');
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const options = trigger ? (candidates.data ?? []).filter((m) => matches(m, trigger.query)).slice(0, 6) : [];
  const open = trigger !== null && options.length > 0;

  useEffect(() => {
    if (open) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
  }, [open, combobox]);

  useEffect(() => {
    if (pendingCaret.current === null || !inner.current) return;
    inner.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const readTrigger = (element: HTMLTextAreaElement) => {
    const found =
      element.selectionStart === element.selectionEnd ? triggerAt(element.value, element.selectionStart) : null;
    if (found) setMentionsWanted(true);
    setTrigger(found);
  };

  const pick = (memberId: string) => {
    const chosen = candidates.data?.find((m) => m.member.id === memberId);
    if (!chosen || !trigger) return;
    const mention = `${mentionMarkdown(chosen.member)} `;
    const next = value.slice(0, trigger.start) + mention + value.slice(trigger.end);
    pendingCaret.current = trigger.start + mention.length;
    setTrigger(null);
    onChange(next);
    inner.current?.focus();
  };

  const setRefs = (element: HTMLTextAreaElement | null) => {
    inner.current = element;
    if (typeof textareaRef === 'function') textareaRef(element);
    else if (textareaRef) (textareaRef as { current: HTMLTextAreaElement | null }).current = element;
  };

  return (
    <Tabs value={tab} onChange={(next) => setTab(next === 'preview' ? 'preview' : 'write')} keepMounted={false}>
      <Group justify="space-between" align="flex-end" gap="xs" mb={6} wrap="wrap">
        <Input.Label htmlFor={tab === 'write' ? id : undefined} required={false} component="label">
          {label}
        </Input.Label>
        <Tabs.List aria-label={`${label}: write or preview`}>
          <Tabs.Tab value="write" py={6}>
            Write
          </Tabs.Tab>
          <Tabs.Tab value="preview" py={6}>
            Preview
          </Tabs.Tab>
        </Tabs.List>
      </Group>
      <Tabs.Panel value="write">
        <Combobox store={combobox} onOptionSubmit={pick} position="bottom-start" width={280} withinPortal>
          <Combobox.Target withKeyboardNavigation={open} withAriaAttributes={false} withExpandedAttribute={false}>
            <Textarea
              id={id}
              ref={setRefs}
              value={value}
              onChange={(event) => {
                onChange(event.currentTarget.value);
                readTrigger(event.currentTarget);
              }}
              onClick={(event) => readTrigger(event.currentTarget)}
              onKeyUp={(event) => {
                if (
                  event.key === 'ArrowLeft' ||
                  event.key === 'ArrowRight' ||
                  event.key === 'Home' ||
                  event.key === 'End'
                )
                  readTrigger(event.currentTarget);
              }}
              onBlur={() => {
                setTrigger(null);
                onBlur?.();
              }}
              error={error}
              description={
                description ?? 'Markdown works: **bold**, _italic_, lists, > quotes. Type @ to mention a peer.'
              }
              inputWrapperOrder={['input', 'description', 'error']}
              placeholder={placeholder}
              autosize
              minRows={minRows}
              maxRows={20}
              maxLength={POST_BODY_MAX_LENGTH}
            />
          </Combobox.Target>
          <Combobox.Dropdown hidden={!open}>
            <Combobox.Options aria-label="Peers to mention">
              {options.map(({ member }) => (
                <Combobox.Option key={member.id} value={member.id} className={classes.mentionOption}>
                  <Avatar src={member.avatarUrl} size={24} radius="xl" color="indigo" alt="">
                    {initialsOf(member.name)}
                  </Avatar>
                  <Text fz="sm">{member.name}</Text>
                </Combobox.Option>
              ))}
            </Combobox.Options>
          </Combobox.Dropdown>
        </Combobox>
        <VisuallyHidden aria-live="polite">
          {open ? `${options.length} peers match. Use the arrow keys and Enter to mention one.` : ''}
        </VisuallyHidden>
      </Tabs.Panel>
      <Tabs.Panel value="preview">
        <div className={classes.preview} aria-live="polite">
          {value.trim() === '' ? (
            <Text c="dimmed" fz="sm">
              Nothing to preview yet.
            </Text>
          ) : preview.isPending ? (
            <div role="status" aria-busy="true" aria-label="Loading the preview">
              <Skeleton height={12} width="80%" mb={8} />
              <Skeleton height={12} width="60%" />
            </div>
          ) : preview.isError ? (
            <Text c="red" fz="sm">
              The preview did not load: {errorMessageOf(preview.error)}
            </Text>
          ) : (
            <PostBody html={preview.data.html} />
          )}
        </div>
        {error ? (
          <Text c="var(--mantine-color-error)" fz="sm" mt={4}>
            {error}
          </Text>
        ) : null}
      </Tabs.Panel>
    </Tabs>
  );
}
