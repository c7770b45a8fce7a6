import { Button, Checkbox, Group, NumberInput, Radio, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import type { ErrorDetail } from '@roundtable/contract/errors';
import { type Answer, type AnswerValue, type QuestionView, TEXT_ANSWER_MAX_LENGTH } from '@roundtable/contract/pulses';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import classes from './pulses.module.css';

/** What a member has entered for one question; a number is kept as typed until it is sent. */
type Draft = number | number[] | string | undefined;
type Drafts = Record<string, Draft>;

const draftsOf = (answers: readonly Answer[] | null): Drafts =>
  Object.fromEntries((answers ?? []).map((answer) => [answer.questionId, answer.value]));

const isBlank = (draft: Draft) =>
  draft === undefined ||
  (typeof draft === 'string' && draft.trim() === '') ||
  (Array.isArray(draft) && draft.length === 0);

/** The same checks the server makes (pulses.service checkAnswers), so a mistake shows before sending. */
export function checkDraft(question: QuestionView, draft: Draft): string | null {
  if (isBlank(draft)) return null;
  if (question.type === 'number') {
    const value = typeof draft === 'number' ? draft : Number(draft);
    if (!Number.isFinite(value)) return 'Enter a number.';
    if (question.min !== null && value < question.min) return `Enter at least ${question.min}.`;
    if (question.max !== null && value > question.max) return `Enter at most ${question.max}.`;
  }
  if (question.type === 'text' && typeof draft === 'string' && draft.length > TEXT_ANSWER_MAX_LENGTH)
    return `Keep it under ${TEXT_ANSWER_MAX_LENGTH.toLocaleString()} characters.`;
  return null;
}

function answerValueOf(question: QuestionView, draft: Draft): AnswerValue | null {
  if (isBlank(draft) || draft === undefined) return null;
  if (question.type === 'number') return typeof draft === 'number' ? draft : Number(draft);
  if (question.type === 'text' && typeof draft === 'string') return draft.trim();
  return draft;
}

function boundsText(question: QuestionView): string | null {
  const unit = question.unit ? ` ${question.unit}` : '';
  if (question.min !== null && question.max !== null) return `Between ${question.min} and ${question.max}${unit}.`;
  if (question.min !== null) return `At least ${question.min}${unit}.`;
  if (question.max !== null) return `At most ${question.max}${unit}.`;
  return null;
}

type QuestionInputProps = {
  question: QuestionView;
  index: number;
  draft: Draft;
  error: string | null;
  disabled: boolean;
  onChange: (draft: Draft) => void;
};

function ScaleInput({ question, index, draft, error, disabled, onChange }: QuestionInputProps) {
  const id = useId();
  const max = question.max ?? 5;
  const steps = Array.from({ length: max - (question.min ?? 1) + 1 }, (_, step) => String((question.min ?? 1) + step));
  return (
    <fieldset className={classes.question} aria-describedby={question.labels ? `${id}-ends` : undefined}>
      <legend className={classes.questionLegend}>
        {index + 1}. {question.prompt}
      </legend>
      <Stack gap={4} mt="xs">
        <SegmentedControl
          fullWidth
          disabled={disabled}
          name={`question-${question.id}`}
          aria-label={`${question.prompt}, from ${question.min ?? 1} to ${max}`}
          value={typeof draft === 'number' ? String(draft) : ''}
          onChange={(value) => onChange(Number(value))}
          data={steps}
          size={max > 5 ? 'sm' : 'md'}
        />
        {question.labels && (question.labels.min || question.labels.max) ? (
          <div className={classes.scaleEnds} id={`${id}-ends`}>
            <Text fz="xs" c="dimmed">
              {question.labels.min ? `${question.min ?? 1} = ${question.labels.min}` : ''}
            </Text>
            <Text fz="xs" c="dimmed" ta="right">
              {question.labels.max ? `${max} = ${question.labels.max}` : ''}
            </Text>
          </div>
        ) : null}
        {error ? (
          <Text fz="sm" c="red.8" role="alert">
            {error}
          </Text>
        ) : null}
      </Stack>
    </fieldset>
  );
}

function QuestionInput(props: QuestionInputProps) {
  const { question, index, draft, error, disabled, onChange } = props;
  const label = `${index + 1}. ${question.prompt}`;
  const labelProps = { fw: 600, fz: 'md' } as const;
  switch (question.type) {
    case 'single_choice':
      return (
        <Radio.Group
          label={label}
          labelProps={labelProps}
          error={error}
          value={typeof draft === 'number' ? String(draft) : null}
          onChange={(value) => onChange(Number(value))}
          style={{ overflowWrap: 'anywhere' }}
        >
          <Stack gap="xs" mt="xs">
            {question.options.map((option, optionIndex) => (
              <Radio key={option} value={String(optionIndex)} label={option} disabled={disabled} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group
          label={label}
          labelProps={labelProps}
          description="Choose all that apply."
          error={error}
          value={Array.isArray(draft) ? draft.map(String) : []}
          onChange={(values) => onChange(values.map(Number).sort((a, b) => a - b))}
          style={{ overflowWrap: 'anywhere' }}
        >
          <Stack gap="xs" mt="xs">
            {question.options.map((option, optionIndex) => (
              <Checkbox key={option} value={String(optionIndex)} label={option} disabled={disabled} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'scale':
      return <ScaleInput {...props} />;
    case 'number':
      return (
        <NumberInput
          label={label}
          labelProps={labelProps}
          description={boundsText(question)}
          error={error}
          disabled={disabled}
          value={typeof draft === 'number' || typeof draft === 'string' ? draft : ''}
          onChange={(value) => onChange(value === '' ? undefined : value)}
          min={question.min ?? undefined}
          max={question.max ?? undefined}
          clampBehavior="none"
          thousandSeparator=" "
          rightSection={
            question.unit ? (
              <Text fz="sm" c="dimmed" pr="sm">
                {question.unit}
              </Text>
            ) : undefined
          }
          rightSectionWidth="auto"
          rightSectionPointerEvents="none"
          hideControls={question.unit !== null}
          styles={{ wrapper: { maxWidth: 320 } }}
        />
      );
    default:
      return (
        <Textarea
          label={label}
          labelProps={labelProps}
          error={error}
          disabled={disabled}
          value={typeof draft === 'string' ? draft : ''}
          onChange={(event) => onChange(event.currentTarget.value)}
          maxLength={TEXT_ANSWER_MAX_LENGTH}
          autosize
          minRows={2}
          maxRows={6}
          placeholder="A sentence or two"
        />
      );
  }
}

type AnswerFormProps = {
  questions: QuestionView[];
  /** The member's own earlier answers, to change until the deadline. */
  initial?: readonly Answer[] | null;
  /** "preview" shows the asker exactly what members will see, with nothing sent. */
  mode?: 'answer' | 'preview';
  submitLabel?: string;
  pending?: boolean;
  /** The server's refusal: its message, and details naming `/answers/<i>/value`. */
  serverError?: { message: string; details: ErrorDetail[]; sent: Answer[] } | null;
  onSubmit?: (answers: Answer[]) => void;
  /** More actions beside the submit button, such as "Not for me". */
  extraActions?: ReactNode;
};

/** One screen, keyboard friendly: each question's own control, then one button. */
export function AnswerForm({
  questions,
  initial = null,
  mode = 'answer',
  submitLabel = 'Send answers',
  pending = false,
  serverError = null,
  onSubmit,
  extraActions,
}: AnswerFormProps) {
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(initial));
  const [alert, setAlert] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  const serverErrors = new Map<string, string>();
  for (const detail of serverError?.details ?? []) {
    const match = /^\/answers\/(\d+)\//.exec(detail.path);
    const sent = match ? serverError?.sent[Number(match[1])] : undefined;
    if (sent)
      serverErrors.set(sent.questionId, serverError?.details.length === 1 ? serverError.message : detail.message);
  }
  const errorOf = (question: QuestionView) =>
    checkDraft(question, drafts[question.id]) ?? serverErrors.get(question.id) ?? null;
  const answered = questions.filter((question) => !isBlank(drafts[question.id])).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode !== 'answer') return;
    setTried(true);
    if (questions.some((question) => checkDraft(question, drafts[question.id]) !== null)) {
      setAlert('Check the answers marked in red.');
      return;
    }
    const answers = questions.flatMap((question) => {
      const value = answerValueOf(question, drafts[question.id]);
      return value === null ? [] : [{ questionId: question.id, value }];
    });
    if (answers.length === 0) {
      setAlert('Answer at least one question, or choose “Not for me”.');
      return;
    }
    setAlert(null);
    onSubmit?.(answers);
  };

  const serverAlert = serverError && serverErrors.size === 0 ? serverError.message : null;
  return (
    <form onSubmit={submit} noValidate aria-label={mode === 'preview' ? 'Preview of the answer form' : 'Your answers'}>
      <Stack gap="xl">
        {questions.map((question, index) => (
          <QuestionInput
            key={question.id}
            question={question}
            index={index}
            draft={drafts[question.id]}
            error={errorOf(question)}
            disabled={false}
            onChange={(draft) => {
              setDrafts((current) => ({ ...current, [question.id]: draft }));
              if (tried) setAlert(null);
            }}
          />
        ))}
        {
          <Stack gap="sm">
            <FormAlert message={alert ?? serverAlert} />
            <Group justify="space-between" gap="sm" wrap="wrap">
              <Text fz="sm" c="dimmed">
                {answered} of {questions.length} answered
                {answered < questions.length ? ' · you may skip a question that does not apply' : ''}
              </Text>
              <Group gap="sm">
                {extraActions}
                {mode === 'preview' ? (
                  <Button type="button" disabled aria-disabled="true">
                    {submitLabel}
                  </Button>
                ) : (
                  <Button type="submit" loading={pending}>
                    {submitLabel}
                  </Button>
                )}
              </Group>
            </Group>
          </Stack>
        }
      </Stack>
    </form>
  );
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** One answer in words: the chosen options, the scale step, the number with its unit, the text. */
function answerText(question: QuestionView, value: AnswerValue | undefined): string | null {
  if (value === undefined) return null;
  if (question.type === 'single_choice' && typeof value === 'number') return question.options[value] ?? null;
  if (question.type === 'multiple_choice' && Array.isArray(value))
    return value.map((index) => question.options[index] ?? '').join(', ');
  if (question.type === 'scale' && typeof value === 'number') {
    const max = question.max ?? 5;
    const end = value === (question.min ?? 1) ? question.labels?.min : value === max ? question.labels?.max : '';
    return `${value} of ${max}${end ? ` (${end})` : ''}`;
  }
  if (question.type === 'number' && typeof value === 'number')
    return `${numberFormat.format(value)}${question.unit ? ` ${question.unit}` : ''}`;
  return typeof value === 'string' ? value : null;
}

/** The member's own answers, readable at a glance (a disabled form would be grey and hard to read). */
export function AnswerSummary({ questions, answers }: { questions: QuestionView[]; answers: readonly Answer[] }) {
  const byQuestion = new Map(answers.map((answer) => [answer.questionId, answer.value]));
  return (
    <Stack component="dl" gap="md" m={0}>
      {questions.map((question, index) => (
        <div key={question.id}>
          <Text component="dt" fw={600} fz="sm" style={{ overflowWrap: 'anywhere' }}>
            {index + 1}. {question.prompt}
          </Text>
          <Text component="dd" m={0} mt={2} style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {answerText(question, byQuestion.get(question.id)) ?? (
              <Text span c="dimmed" fs="italic">
                Skipped
              </Text>
            )}
          </Text>
        </div>
      ))}
    </Stack>
  );
}
