import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  Menu,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { AUDIENCE_DIMENSIONS, type AudienceDimension } from '@roundtable/contract/networks';
import {
  ANTITRUST_REMINDER,
  ANTITRUST_THRESHOLD_MIN,
  OPTION_MAX_LENGTH,
  OPTIONS_MAX,
  PROMPT_MAX_LENGTH,
  PULSE_CONTEXT_MAX_LENGTH,
  PULSE_TITLE_MAX_LENGTH,
  type PulseAudienceFilter,
  type PulseCreateBody,
  QUESTION_TYPES,
  QUESTIONS_MAX,
  type QuestionBody,
  type QuestionType,
  type QuestionView,
  type ResultsVisibility,
  THRESHOLD_DEFAULT,
  THRESHOLD_MIN,
} from '@roundtable/contract/pulses';
import {
  IconArrowDown,
  IconArrowUp,
  IconChevronDown,
  IconClock,
  IconPlus,
  IconScale,
  IconSpy,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { ApiError, errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { useNow } from '../../lib/use-now';
import { usePageTitle } from '../../lib/use-page-title';
import { audienceLabels, audienceOptions } from '../networks/network-labels';
import { useMyNetworks } from '../networks/networks.queries';
import { selectData } from '../profiles/profile-labels';
import { AnswerForm } from './answer-form';
import { checkDeadline, type Deadline, DeadlineField, deadlineAt } from './deadline-field';
import { BackToPulses } from './pulse-gate';
import classes from './pulses.module.css';
import { useCreatePulse } from './pulses.queries';

type DraftQuestion = {
  key: string;
  type: QuestionType;
  prompt: string;
  options: string[];
  scaleMax: '5' | '10';
  minLabel: string;
  maxLabel: string;
  unit: string;
  min: number | string;
  max: number | string;
};

type ComposerValues = {
  networkIds: string[];
  title: string;
  context: string;
  questions: DraftQuestion[];
  deadline: Deadline;
  threshold: number | string;
  anonymous: boolean;
  antitrustSafe: boolean;
  excludeCompetitors: boolean;
  resultsVisibility: ResultsVisibility;
  audience: Record<AudienceDimension, string[]>;
};

let nextKey = 0;
const newQuestion = (type: QuestionType): DraftQuestion => ({
  key: `q${++nextKey}`,
  type,
  prompt: '',
  options: type === 'single_choice' || type === 'multiple_choice' ? ['', ''] : [],
  scaleMax: '5',
  minLabel: '',
  maxLabel: '',
  unit: '',
  min: '',
  max: '',
});

const isChoice = (type: QuestionType) => type === 'single_choice' || type === 'multiple_choice';
const isNumber = (value: number | string): value is number => typeof value === 'number' && Number.isFinite(value);

/** The contract's limits (contract/pulses.ts and the service's checks), as errors keyed by form path. */
function validateComposer(values: ComposerValues, now: Date): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.networkIds.length === 0) errors.networkIds = 'Choose at least one of your networks.';
  if (values.title.trim() === '') errors.title = 'Give the pulse a title: what you want to learn, in a few words.';
  else if (values.title.length > PULSE_TITLE_MAX_LENGTH)
    errors.title = `Keep the title under ${PULSE_TITLE_MAX_LENGTH} characters.`;
  if (values.context.length > PULSE_CONTEXT_MAX_LENGTH)
    errors.context = `Keep the context under ${PULSE_CONTEXT_MAX_LENGTH.toLocaleString()} characters.`;
  values.questions.forEach((question, index) => {
    const at = `questions.${index}`;
    if (question.prompt.trim() === '') errors[`${at}.prompt`] = 'Write the question.';
    else if (question.prompt.length > PROMPT_MAX_LENGTH)
      errors[`${at}.prompt`] = `Keep it under ${PROMPT_MAX_LENGTH} characters.`;
    if (isChoice(question.type)) {
      const seen = new Set<string>();
      question.options.forEach((option, optionIndex) => {
        const key = option.trim().toLowerCase();
        if (key === '') errors[`${at}.options.${optionIndex}`] = 'Write the option, or remove it.';
        else if (option.length > OPTION_MAX_LENGTH)
          errors[`${at}.options.${optionIndex}`] = `Keep it under ${OPTION_MAX_LENGTH} characters.`;
        else if (seen.has(key)) errors[`${at}.options.${optionIndex}`] = 'This option is listed already.';
        seen.add(key);
      });
      if (question.options.length < 2) errors[`${at}.options`] = 'Give at least two options.';
    }
    if (question.type === 'scale') {
      if (question.minLabel.length > 40) errors[`${at}.minLabel`] = 'Keep it under 40 characters.';
      if (question.maxLabel.length > 40) errors[`${at}.maxLabel`] = 'Keep it under 40 characters.';
    }
    if (question.type === 'number') {
      if (question.unit.length > 20) errors[`${at}.unit`] = 'Keep the unit under 20 characters.';
      if (isNumber(question.min) && isNumber(question.max) && question.min >= question.max)
        errors[`${at}.max`] = 'The highest must be above the lowest.';
    }
  });
  const deadlineError = checkDeadline(deadlineAt(values.deadline, now), now);
  if (deadlineError) errors.deadline = deadlineError;
  const floor = values.antitrustSafe ? ANTITRUST_THRESHOLD_MIN : THRESHOLD_MIN;
  if (!isNumber(values.threshold) || !Number.isInteger(values.threshold))
    errors.threshold = 'Enter a whole number of answers.';
  else if (values.threshold < floor)
    errors.threshold = values.antitrustSafe
      ? `The antitrust-safe mode needs at least ${ANTITRUST_THRESHOLD_MIN} answers.`
      : `At least ${THRESHOLD_MIN}, so no one’s answer can be worked out.`;
  else if (values.threshold > 1000) errors.threshold = 'At most 1,000.';
  return errors;
}

function questionBody(question: DraftQuestion): QuestionBody {
  const base = { type: question.type, prompt: question.prompt.trim() };
  if (isChoice(question.type)) return { ...base, options: question.options.map((option) => option.trim()) };
  if (question.type === 'scale')
    return {
      ...base,
      min: 1,
      max: Number(question.scaleMax),
      ...(question.minLabel.trim() || question.maxLabel.trim()
        ? { labels: { min: question.minLabel.trim(), max: question.maxLabel.trim() } }
        : {}),
    };
  if (question.type === 'number')
    return {
      ...base,
      ...(question.unit.trim() ? { unit: question.unit.trim() } : {}),
      ...(isNumber(question.min) ? { min: question.min } : {}),
      ...(isNumber(question.max) ? { max: question.max } : {}),
    };
  return base;
}

/** The draft as members will see it, for the preview. */
function previewOf(question: DraftQuestion, index: number): QuestionView {
  const scale = question.type === 'scale';
  const number = question.type === 'number';
  return {
    id: question.key,
    type: question.type,
    prompt: question.prompt.trim() || `Question ${index + 1}`,
    options: isChoice(question.type)
      ? question.options.map((option, optionIndex) => option.trim() || `Option ${optionIndex + 1}`)
      : [],
    min: scale ? 1 : number && isNumber(question.min) ? question.min : null,
    max: scale ? Number(question.scaleMax) : number && isNumber(question.max) ? question.max : null,
    unit: number && question.unit.trim() ? question.unit.trim() : null,
    labels:
      scale && (question.minLabel.trim() || question.maxLabel.trim())
        ? { min: question.minLabel.trim(), max: question.maxLabel.trim() }
        : null,
  };
}

/** The server's field paths (`/questions/0/options`) as form paths (`questions.0.options`). */
const formPathOf = (path: string) => {
  const dotted = path.replace(/^\//, '').split('/').join('.');
  if (dotted.startsWith('alsoNetworkIds')) return 'networkIds';
  if (dotted === 'closesAt') return 'deadline';
  return dotted;
};

function useComposerForm(initialNetworkIds: string[]) {
  return useForm<ComposerValues>({
    initialValues: {
      networkIds: initialNetworkIds,
      title: '',
      context: '',
      questions: [newQuestion('single_choice')],
      deadline: { choice: '48h', custom: '' },
      threshold: THRESHOLD_DEFAULT,
      anonymous: true,
      antitrustSafe: false,
      excludeCompetitors: false,
      resultsVisibility: 'after_answer',
      audience: { levels: [], functions: [], industries: [], companySizes: [], regions: [] },
    },
    validate: (values) => validateComposer(values, new Date()),
    enhanceGetInputProps: useLiveValidation<ComposerValues>(),
  });
}

type Form = ReturnType<typeof useComposerForm>;

function QuestionEditor({ form, index, count }: { form: Form; index: number; count: number }) {
  const question = form.values.questions[index];
  if (!question) return null;
  const at = `questions.${index}`;
  const optionsError = form.errors[`${at}.options`];
  return (
    <Paper withBorder p="md" component="section" aria-label={`Question ${index + 1}`}>
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text fw={600} fz="sm">
            Question {index + 1}
          </Text>
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move question ${index + 1} up`}
              disabled={index === 0}
              onClick={() => form.reorderListItem('questions', { from: index, to: index - 1 })}
            >
              <IconArrowUp size={16} aria-hidden="true" />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move question ${index + 1} down`}
              disabled={index === count - 1}
              onClick={() => form.reorderListItem('questions', { from: index, to: index + 1 })}
            >
              <IconArrowDown size={16} aria-hidden="true" />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove question ${index + 1}`}
              disabled={count === 1}
              onClick={() => form.removeListItem('questions', index)}
            >
              <IconTrash size={16} aria-hidden="true" />
            </ActionIcon>
          </Group>
        </Group>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <NativeSelect
            label="Type"
            data={QUESTION_TYPES.map((type) => ({ value: type.id, label: type.label }))}
            value={question.type}
            onChange={(event) => {
              const type = event.currentTarget.value as QuestionType;
              form.setFieldValue(`${at}.type`, type);
              if (isChoice(type) && question.options.length < 2) form.setFieldValue(`${at}.options`, ['', '']);
            }}
            w={170}
          />
          <TextInput
            size="sm"
            label="Question"
            placeholder={
              question.type === 'number'
                ? 'How many people are in your finance team?'
                : question.type === 'scale'
                  ? 'How confident are you in your forecast?'
                  : 'Do you run a 13-week cash forecast?'
            }
            maxLength={PROMPT_MAX_LENGTH}
            style={{ flex: '1 1 240px' }}
            {...form.getInputProps(`${at}.prompt`)}
          />
        </Group>
        {isChoice(question.type) ? (
          <Stack gap={6}>
            <Text fz="sm" fw={500}>
              Options
            </Text>
            {question.options.map((_, optionIndex) => (
              <Group
                // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place and have no ids of their own.
                key={optionIndex}
                gap={6}
                wrap="nowrap"
                align="flex-start"
              >
                <TextInput
                  size="sm"
                  aria-label={`Question ${index + 1}, option ${optionIndex + 1}`}
                  placeholder={`Option ${optionIndex + 1}`}
                  maxLength={OPTION_MAX_LENGTH}
                  style={{ flex: 1 }}
                  {...form.getInputProps(`${at}.options.${optionIndex}`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={`Remove option ${optionIndex + 1}`}
                  disabled={question.options.length <= 2}
                  onClick={() => form.removeListItem(`${at}.options`, optionIndex)}
                >
                  <IconX size={16} aria-hidden="true" />
                </ActionIcon>
              </Group>
            ))}
            {typeof optionsError === 'string' ? (
              <Text fz="sm" c="red.8">
                {optionsError}
              </Text>
            ) : null}
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden="true" />}
              style={{ alignSelf: 'flex-start' }}
              disabled={question.options.length >= OPTIONS_MAX}
              onClick={() => form.insertListItem(`${at}.options`, '')}
            >
              Add option
            </Button>
          </Stack>
        ) : null}
        {question.type === 'scale' ? (
          <Stack gap="xs">
            <Group gap="sm" align="center">
              <Text fz="sm" fw={500} id={`${question.key}-range`}>
                Range
              </Text>
              <SegmentedControl
                aria-labelledby={`${question.key}-range`}
                size="xs"
                data={[
                  { value: '5', label: '1 to 5' },
                  { value: '10', label: '1 to 10' },
                ]}
                value={question.scaleMax}
                onChange={(value) => form.setFieldValue(`${at}.scaleMax`, value as '5' | '10')}
              />
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                size="sm"
                label="Label for 1 (optional)"
                placeholder="Not at all"
                maxLength={40}
                {...form.getInputProps(`${at}.minLabel`)}
              />
              <TextInput
                size="sm"
                label={`Label for ${question.scaleMax} (optional)`}
                placeholder="Completely"
                maxLength={40}
                {...form.getInputProps(`${at}.maxLabel`)}
              />
            </SimpleGrid>
          </Stack>
        ) : null}
        {question.type === 'number' ? (
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <TextInput
              size="sm"
              label="Unit (optional)"
              placeholder="people, EUR, %"
              maxLength={20}
              {...form.getInputProps(`${at}.unit`)}
            />
            <NumberInput label="Lowest (optional)" {...form.getInputProps(`${at}.min`)} />
            <NumberInput label="Highest (optional)" {...form.getInputProps(`${at}.max`)} />
          </SimpleGrid>
        ) : null}
        {question.type === 'text' ? (
          <Text fz="xs" c="dimmed">
            Peers answer in a sentence or two. Answers are listed in random order, never with a name.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function Preview({ values, networkNames }: { values: ComposerValues; networkNames: string[] }) {
  const now = useNow();
  const at = deadlineAt(values.deadline, now);
  const hours = at ? Math.max(1, Math.round((at.getTime() - now.getTime()) / 3_600_000)) : null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pulse-preview" className={classes.previewFrame}>
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} fz="sm" c="dimmed" tt="uppercase" id="pulse-preview" style={{ letterSpacing: 0.5 }}>
            Preview — what members see
          </Title>
        </Group>
        <Stack gap={4}>
          <Text fw={700} fz="lg" style={{ overflowWrap: 'anywhere' }}>
            {values.title.trim() || 'Your title'}
          </Text>
          <Text fz="xs" c="dimmed">
            <IconClock size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} />
            {networkNames.length > 0 ? `To ${networkNames.join(', ')} · ` : ''}
            {hours !== null ? `closes in ${hours} h` : 'choose a deadline'}
          </Text>
          {values.context.trim() ? (
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {values.context.trim()}
            </Text>
          ) : null}
        </Stack>
        {values.antitrustSafe ? (
          <Alert variant="light" color="grape" p="xs" icon={<IconScale size={16} aria-hidden="true" />}>
            <Text fz="xs">{ANTITRUST_REMINDER}</Text>
          </Alert>
        ) : null}
        <AnswerForm questions={values.questions.map(previewOf)} mode="preview" />
        <Text fz="xs" c="dimmed">
          <IconSpy size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} />
          {values.anonymous ? 'Anonymous' : 'You see who answered, not what'} · results at{' '}
          {isNumber(values.threshold) ? values.threshold : THRESHOLD_DEFAULT} answers
        </Text>
      </Stack>
    </Paper>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  const id = `composer-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id}>
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="h4" id={id}>
            {title}
          </Title>
          {description ? (
            <Text fz="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {children}
      </Stack>
    </Paper>
  );
}

function Composer({
  networks,
  initialNetworkIds,
}: {
  networks: { id: string; name: string }[];
  initialNetworkIds: string[];
}) {
  const navigate = useNavigate();
  const now = useNow();
  const create = useCreatePulse();
  const [alert, setAlert] = useState<string | null>(null);
  const [audienceOpen, setAudienceOpen] = useState(false);
  const form = useComposerForm(initialNetworkIds);
  const { values } = form;
  const networkNames = values.networkIds.flatMap((id) => networks.find((network) => network.id === id)?.name ?? []);
  const audienceCount = AUDIENCE_DIMENSIONS.reduce((sum, dimension) => sum + values.audience[dimension].length, 0);

  const submit = form.onSubmit(
    (submitted) => {
      setAlert(null);
      const [networkId, ...also] = submitted.networkIds;
      if (!networkId) return;
      const at = deadlineAt(submitted.deadline, new Date());
      const audience: PulseAudienceFilter = Object.fromEntries(
        AUDIENCE_DIMENSIONS.filter((dimension) => submitted.audience[dimension].length > 0).map((dimension) => [
          dimension,
          submitted.audience[dimension],
        ]),
      );
      const body: PulseCreateBody = {
        title: submitted.title.trim(),
        context: submitted.context.trim(),
        questions: submitted.questions.map(questionBody),
        ...(at && submitted.deadline.choice !== '48h' ? { closesAt: at.toISOString() } : {}),
        threshold: Number(submitted.threshold),
        anonymous: submitted.anonymous,
        ...(Object.keys(audience).length > 0 ? { audience } : {}),
        ...(also.length > 0 ? { alsoNetworkIds: also } : {}),
        antitrustSafe: submitted.antitrustSafe,
        excludeCompetitors: submitted.excludeCompetitors,
        resultsVisibility: submitted.resultsVisibility,
      };
      create.mutate(
        { networkId, body },
        {
          onSuccess: (pulse) => void navigate(`/pulses/${pulse.id}`, { replace: true }),
          // What was typed stays; the server's words go on the fields they concern and at the top.
          onError: (error) => {
            setAlert(formErrorMessageOf(error));
            if (error instanceof ApiError)
              for (const detail of error.details) {
                const path = formPathOf(detail.path);
                if (path === 'audience') setAudienceOpen(true);
                form.setFieldError(path, error.details.length === 1 ? error.message : detail.message);
              }
          },
        },
      );
    },
    () => setAlert('Some answers need a look: see the fields marked in red.'),
  );

  const audienceError = typeof form.errors.audience === 'string' ? form.errors.audience : null;
  return (
    <form onSubmit={submit} noValidate aria-label="Ask a pulse">
      <Stack gap="lg">
        <FormAlert message={alert} />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              <Section title="Your question" description="What do you want to learn from your peers?">
                <MultiSelect
                  label="Ask"
                  description="One or more of your networks; one set of results."
                  data={networks.map((network) => ({ value: network.id, label: network.name }))}
                  clearButtonProps={{ 'aria-label': 'Clear networks' }}
                  comboboxProps={{ withinPortal: true }}
                  {...form.getInputProps('networkIds')}
                />
                <div>
                  <TextInput
                    size="sm"
                    label="Title"
                    placeholder="Cash forecasting in practice"
                    maxLength={PULSE_TITLE_MAX_LENGTH}
                    {...form.getInputProps('title')}
                  />
                  <Text fz="xs" c="dimmed" ta="right" mt={2}>
                    {values.title.length} / {PULSE_TITLE_MAX_LENGTH}
                  </Text>
                </div>
                <Textarea
                  label="Context (optional)"
                  description="Why you ask and what you will do with the answers; peers answer better with it."
                  placeholder="Our board asks whether we are behind our peers."
                  autosize
                  minRows={2}
                  maxRows={8}
                  maxLength={PULSE_CONTEXT_MAX_LENGTH}
                  {...form.getInputProps('context')}
                />
              </Section>
              <Section
                title="Questions"
                description={`Up to ${QUESTIONS_MAX}. Keep them quick: peers answer on one screen.`}
              >
                <Stack gap="sm">
                  {values.questions.map((question, index) => (
                    <QuestionEditor key={question.key} form={form} index={index} count={values.questions.length} />
                  ))}
                </Stack>
                <Menu position="bottom-start" withinPortal>
                  <Menu.Target>
                    <Button
                      variant="default"
                      leftSection={<IconPlus size={16} aria-hidden="true" />}
                      rightSection={<IconChevronDown size={14} aria-hidden="true" />}
                      disabled={values.questions.length >= QUESTIONS_MAX}
                      style={{ alignSelf: 'flex-start' }}
                    >
                      Add a question
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {QUESTION_TYPES.map((type) => (
                      <Menu.Item key={type.id} onClick={() => form.insertListItem('questions', newQuestion(type.id))}>
                        {type.label}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
              </Section>
              <Section title="Deadline and results">
                <DeadlineField
                  value={values.deadline}
                  onChange={(deadline) => {
                    form.setFieldValue('deadline', deadline);
                    form.clearFieldError('deadline');
                  }}
                  now={now}
                  error={typeof form.errors.deadline === 'string' ? form.errors.deadline : null}
                />
                <NumberInput
                  label="Results show at"
                  description="Results stay hidden until this many peers have answered, so no one’s answer can be singled out."
                  suffix=" answers"
                  min={values.antitrustSafe ? ANTITRUST_THRESHOLD_MIN : THRESHOLD_MIN}
                  max={1000}
                  allowDecimal={false}
                  allowNegative={false}
                  styles={{ wrapper: { maxWidth: 200 } }}
                  {...form.getInputProps('threshold')}
                />
                <Radio.Group label="Who sees the results" {...form.getInputProps('resultsVisibility')}>
                  <Stack gap="xs" mt="xs">
                    <Radio value="after_answer" label="Peers who answered, once the threshold is reached" />
                    <Radio value="after_close" label="Everyone asked, only after the deadline" />
                  </Stack>
                </Radio.Group>
                <Switch
                  label="Anonymous answers"
                  description={
                    values.anonymous
                      ? 'No one — not you, not a facilitator — sees who answered or who gave which answer.'
                      : 'Answers are still never linked to a person; you also see the names of those who answered (not what they said).'
                  }
                  {...form.getInputProps('anonymous', { type: 'checkbox' })}
                />
              </Section>
              <Section
                title="Who to ask"
                description="Everyone in the networks you chose, except you and colleagues from your own company."
              >
                {audienceError ? (
                  <Text fz="sm" c="red.8" role="alert">
                    {audienceError}
                  </Text>
                ) : null}
                <Button
                  variant="subtle"
                  size="compact-sm"
                  style={{ alignSelf: 'flex-start' }}
                  aria-expanded={audienceOpen}
                  aria-controls="pulse-audience"
                  rightSection={
                    <IconChevronDown
                      size={14}
                      aria-hidden="true"
                      style={{ transform: audienceOpen ? 'rotate(180deg)' : undefined }}
                    />
                  }
                  onClick={() => setAudienceOpen((open) => !open)}
                >
                  {audienceCount > 0 ? `Narrowed by profile (${audienceCount})` : 'Narrow by profile'}
                </Button>
                <div id="pulse-audience" hidden={!audienceOpen}>
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                    {AUDIENCE_DIMENSIONS.map((dimension) => (
                      <MultiSelect
                        key={dimension}
                        label={audienceLabels[dimension]}
                        placeholder={values.audience[dimension].length === 0 ? 'Anyone' : undefined}
                        data={selectData(audienceOptions[dimension])}
                        searchable
                        clearable
                        clearButtonProps={{ 'aria-label': `Clear ${audienceLabels[dimension].toLowerCase()}` }}
                        hidePickedOptions
                        comboboxProps={{ withinPortal: true }}
                        {...form.getInputProps(`audience.${dimension}`)}
                        onChange={(selected) => {
                          form.setFieldValue(`audience.${dimension}`, selected);
                          form.clearFieldError('audience');
                        }}
                      />
                    ))}
                  </SimpleGrid>
                </div>
                <Checkbox
                  label="Leave out the competitors I declared on my profile"
                  {...form.getInputProps('excludeCompetitors', { type: 'checkbox' })}
                />
                <Switch
                  label="Antitrust-safe"
                  description="For questions on prices, wages or terms: at least five answers, no figure one answer dominates."
                  checked={values.antitrustSafe}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    form.setFieldValue('antitrustSafe', on);
                    if (on) {
                      form.setFieldValue('excludeCompetitors', true);
                      if (!isNumber(values.threshold) || values.threshold < ANTITRUST_THRESHOLD_MIN)
                        form.setFieldValue('threshold', ANTITRUST_THRESHOLD_MIN);
                    }
                  }}
                />
                {values.antitrustSafe ? (
                  <Alert variant="light" color="grape" icon={<IconScale size={18} aria-hidden="true" />} p="xs" pl="sm">
                    <Text fz="sm">{ANTITRUST_REMINDER}</Text>
                  </Alert>
                ) : null}
              </Section>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Preview values={values} networkNames={networkNames} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" component={Link} to="/pulses">
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Ask your peers
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Ask your peers a quick question": the composer with a live preview. */
export function NewPulsePage() {
  usePageTitle('Ask a pulse');
  const [searchParams] = useSearchParams();
  const mine = useMyNetworks();
  const requested = searchParams.get('network');
  const networks = (mine.data ?? []).filter((network) => network.viewer.role !== null && network.status === 'active');
  const initial = networks.filter((network) => network.slug === requested || network.id === requested);
  return (
    <Stack gap={0}>
      <BackToPulses />
      <PageHeader
        title="Ask your peers a quick question"
        description="A few quick questions to your networks. Peers answer anonymously, and results show once enough have answered — usually within 48 hours."
      />
      {mine.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading your networks">
          <Skeleton height={180} />
          <Skeleton height={220} />
        </Stack>
      ) : mine.isError ? (
        <ErrorState
          title="Your networks did not load"
          message={errorMessageOf(mine.error)}
          onRetry={() => void mine.refetch()}
          retrying={mine.isFetching}
        />
      ) : networks.length === 0 ? (
        <Alert variant="light" color="indigo" title="Join a network first">
          <Stack gap="sm">
            <Text fz="sm">A pulse goes to the members of your networks. Find one that fits you.</Text>
            <Button component={Link} to="/networks" style={{ alignSelf: 'flex-start' }}>
              Find networks
            </Button>
          </Stack>
        </Alert>
      ) : (
        <Composer
          networks={networks}
          initialNetworkIds={
            initial.length > 0
              ? initial.map((network) => network.id)
              : networks.length === 1 && networks[0]
                ? [networks[0].id]
                : []
          }
        />
      )}
    </Stack>
  );
}
