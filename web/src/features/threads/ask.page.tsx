import { Alert, Button, Group, Paper, Radio, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { NetworkView } from '@roundtable/contract/networks';
import {
  anonymousAuthorName,
  POST_BODY_MAX_LENGTH,
  TAG_MAX_LENGTH,
  TAGS_MAX,
  THREAD_TITLE_MAX_LENGTH,
  type ThreadKind,
} from '@roundtable/contract/threads';
import { IconSpy } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { applyApiError } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { NetworkGate } from '../networks/network.page';
import { BackToNetwork } from '../networks/network-settings.page';
import { MarkdownEditor } from './markdown-editor';
import { ConfidentialityBanner } from './thread-parts';
import { useCreateThread } from './threads.queries';

type AskValues = { title: string; kind: ThreadKind; tags: string[]; body: string; anonymous: boolean };

const TAG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const FIELDS: Record<string, string> = { title: 'Title', kind: 'Kind', tags: 'Tags', body: 'Your post' };

/** The same limits the server applies (contract/threads.ts), checked as the member types. */
export function validateTitle(title: string): string | null {
  if (title.trim() === '') return 'Give your post a title: the question or topic in a few words.';
  if (title.length > THREAD_TITLE_MAX_LENGTH) return `Keep the title under ${THREAD_TITLE_MAX_LENGTH} characters.`;
  return null;
}

export function validateBody(body: string): string | null {
  if (body.trim() === '') return 'Write what you want to ask or discuss.';
  if (body.length > POST_BODY_MAX_LENGTH) return `Keep it under ${POST_BODY_MAX_LENGTH.toLocaleString()} characters.`;
  return null;
}

export function validateTags(tags: string[]): string | null {
  if (tags.length > TAGS_MAX) return `Up to ${TAGS_MAX} tags.`;
  const bad = tags.find((tag) => tag.length > TAG_MAX_LENGTH || !TAG_PATTERN.test(tag));
  if (bad !== undefined)
    return `“${bad}” is not a tag: use lower-case letters and digits joined by single hyphens, e.g. cash-flow.`;
  return null;
}

/** Tags as people type them ("Cash Flow") become the form the server keeps ("cash-flow"). */
const normaliseTag = (tag: string) =>
  tag
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The anonymous switch, saying exactly who will and will not see the author. */
export function AnonymousSwitch({
  network,
  checked,
  onChange,
  what,
}: {
  network: { name: string };
  checked: boolean;
  onChange: (checked: boolean) => void;
  what: 'post' | 'reply';
}) {
  return (
    <Stack gap={6}>
      <Switch
        checked={checked}
        onChange={(event) => onChange(event.currentTarget.checked)}
        label={what === 'post' ? 'Post anonymously' : 'Reply anonymously'}
        description={`Members and facilitators of ${network.name} will see “${anonymousAuthorName(network.name)}”. Only a host admin can reveal you, with a logged reason.`}
      />
      {checked ? (
        <Alert variant="light" color="gray" icon={<IconSpy size={18} aria-hidden="true" />} p="xs" pl="sm">
          <Text fz="sm">
            Your name, picture and headline stay hidden from every member and facilitator. You will see this {what} as
            “you (posted anonymously)” and can still edit or delete it.
          </Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function AskForm({ network }: { network: NetworkView }) {
  const navigate = useNavigate();
  const create = useCreateThread(network.id);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<AskValues>({
    initialValues: { title: '', kind: 'question', tags: [], body: '', anonymous: false },
    validate: {
      title: validateTitle,
      body: validateBody,
      tags: validateTags,
    },
    enhanceGetInputProps: useLiveValidation<AskValues>(),
  });
  const bodyProps = form.getInputProps('body');

  const submit = form.onSubmit((values) => {
    setAlert(null);
    create.mutate(
      {
        title: values.title.trim(),
        body: values.body,
        kind: values.kind,
        anonymous: values.anonymous,
        ...(values.tags.length > 0 ? { tags: values.tags } : {}),
      },
      {
        onSuccess: (thread) => void navigate(`/threads/${thread.id}`, { replace: true }),
        // What was typed stays; the server's words go on the fields they concern.
        onError: (error) => setAlert(applyApiError(error, FIELDS, form.setFieldError)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label={`Ask ${network.name}`}>
      <Stack gap="lg">
        <ConfidentialityBanner networkName={network.name} text={network.confidentiality} />
        <FormAlert message={alert} />
        <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="lg">
            <Radio.Group label="What are you posting?" {...form.getInputProps('kind')}>
              <Group gap="lg" mt="xs">
                <Radio
                  value="question"
                  label="A question"
                  description="Peers answer; you accept the one that helped."
                />
                <Radio value="discussion" label="A discussion" description="Share something and explore it together." />
              </Group>
            </Radio.Group>
            <div>
              <TextInput
                size="sm"
                label="Title"
                placeholder={
                  form.values.kind === 'question'
                    ? 'How did you structure your first sales-compensation plan?'
                    : 'What we learned moving our finance team to a four-day week'
                }
                maxLength={THREAD_TITLE_MAX_LENGTH}
                {...form.getInputProps('title')}
              />
              <Text fz="xs" c="dimmed" ta="right" mt={2}>
                {form.values.title.length} / {THREAD_TITLE_MAX_LENGTH}
              </Text>
            </div>
            <MarkdownEditor
              label={form.values.kind === 'question' ? 'Your question' : 'Your post'}
              networkId={network.id}
              value={form.values.body}
              onChange={(value) => bodyProps.onChange(value)}
              onBlur={bodyProps.onBlur}
              error={typeof form.errors.body === 'string' ? form.errors.body : null}
              placeholder="Give your peers the context they need: your situation, what you tried, what you are weighing."
              minRows={7}
            />
            <TagsInput
              label="Tags (optional)"
              description={`Up to ${TAGS_MAX}, such as pricing or cash-flow, so peers find it later. Press Enter after each.`}
              maxTags={TAGS_MAX}
              clearable
              {...form.getInputProps('tags')}
              onChange={(tags) =>
                form.getInputProps('tags').onChange([...new Set(tags.map(normaliseTag).filter(Boolean))])
              }
            />
            <AnonymousSwitch
              network={network}
              what="post"
              checked={form.values.anonymous}
              onChange={(checked) => form.setFieldValue('anonymous', checked)}
            />
          </Stack>
        </Paper>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => void navigate(`/networks/${network.slug}`)}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            {form.values.kind === 'question' ? 'Ask your peers' : 'Start the discussion'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Ask your peers": a new thread in one network. */
export function AskPage() {
  return (
    <NetworkGate page="Ask your peers">
      {(network) => (
        <Stack gap={0} maw={820}>
          <BackToNetwork network={network} />
          <PageHeader
            title="Ask your peers"
            description={`Ask ${network.name} a question or start a discussion. Only its members see it.`}
          />
          {network.viewer.role === null ? (
            <Alert color="yellow" variant="light" title="Members only">
              Only members of {network.name} can post here.
            </Alert>
          ) : (
            <AskForm key={network.id} network={network} />
          )}
        </Stack>
      )}
    </NetworkGate>
  );
}
