import { Alert, Button, Group, Paper, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { CURRENT_INSTRUMENT_VERSION, type InstrumentView } from '@roundtable/contract/assessments';
import { IconArrowLeft, IconArrowRight, IconCheck } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useSession } from '../accounts/session';
import classes from './assessments.module.css';
import { useInstrument, useTakeAssessment } from './assessments.queries';
import { readDraft, writeDraft, writePendingResult } from './pending-result';

type StatementProps = {
  item: InstrumentView['items'][number];
  scale: InstrumentView['scale'];
  value: number | undefined;
  missing: boolean;
  onChange: (value: number) => void;
};

/** One statement as a group of five native radios: arrow keys move within it, Tab moves on. */
function Statement({ item, scale, value, missing, onChange }: StatementProps) {
  const labelId = `statement-${item.id}`;
  return (
    <fieldset
      className={`${classes.statement} ${missing ? classes.missing : ''}`}
      aria-describedby={missing ? `${labelId}-missing` : undefined}
    >
      <Text component="legend" fw={500} mb="xs" id={labelId}>
        {item.text}
      </Text>
      <div className={classes.scale}>
        {scale.map((option) => (
          <label key={option.value} className={classes.option}>
            <input
              type="radio"
              name={item.id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      {missing ? (
        <Text id={`${labelId}-missing`} c="var(--mantine-color-error)" fz="sm" mt={4}>
          Choose how much you agree.
        </Text>
      ) : null}
    </fieldset>
  );
}

/** The question flow: one screen per dimension, a progress bar, answers kept through a reload. */
export function TakePage() {
  usePageTitle('Take the NQ');
  const instrument = useInstrument();
  const session = useSession();
  const signedIn = Boolean(session.data?.me);
  const take = useTakeAssessment();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [answers, setAnswers] = useState<Record<string, number>>(() => readDraft());
  const [showMissing, setShowMissing] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs because the step changed.
  useEffect(() => {
    // Each new screen starts at its heading, for keyboards and screen readers alike.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
    window.scrollTo({ top: 0 });
  }, [step]);

  if (instrument.isPending) {
    return (
      <Stack gap="md" aria-busy="true" aria-label="Loading the questions">
        <Skeleton height={28} width="60%" />
        <Skeleton height={8} />
        <Skeleton height={320} radius="lg" />
      </Stack>
    );
  }
  if (instrument.isError) {
    return (
      <ErrorState
        title="The questions did not load"
        message={errorMessageOf(instrument.error)}
        onRetry={() => void instrument.refetch()}
        retrying={instrument.isRefetching}
      />
    );
  }

  const { dimensions, items, scale } = instrument.data;
  const dimension = dimensions[step] ?? dimensions[0];
  if (!dimension) return null;
  const stepItems = items.filter((item) => item.dimension === dimension.id);
  const answeredCount = items.filter((item) => answers[item.id] !== undefined).length;
  const isLast = step === dimensions.length - 1;
  const unanswered = stepItems.filter((item) => answers[item.id] === undefined);

  const answer = (itemId: string, value: number) => {
    const next = { ...answers, [itemId]: value };
    setAnswers(next);
    writeDraft(next);
  };

  const submit = () => {
    setAlert(null);
    const body = { instrumentVersion: instrument.data.version ?? CURRENT_INSTRUMENT_VERSION, answers };
    take.mutate(body, {
      onSuccess: (result) => {
        writeDraft(null);
        if (result.id) {
          void navigate(`/nq/results/${result.id}`);
        } else {
          writePendingResult({ body, result });
          void navigate('/nq/result');
        }
      },
      onError: (error) => setAlert(errorMessageOf(error)),
    });
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (unanswered.length > 0) {
      setShowMissing(true);
      document.querySelector<HTMLInputElement>(`input[name="${unanswered[0]?.id}"]`)?.focus();
      return;
    }
    setShowMissing(false);
    if (isLast) submit();
    else setStep(step + 1);
  };

  return (
    <Stack gap="lg">
      <Stack gap={8}>
        <Text fz="sm" c="dimmed" fw={500}>
          Your Networking Quotient · step {step + 1} of {dimensions.length}
        </Text>
        <Progress
          value={(answeredCount / items.length) * 100}
          aria-label={`${answeredCount} of ${items.length} statements answered`}
          size="md"
          radius="xl"
        />
      </Stack>
      <form onSubmit={next} noValidate>
        <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Title order={1} fz={{ base: 22, sm: 26 }} ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
                {dimension.name}
              </Title>
              <Text c="dimmed">{dimension.description}</Text>
              <Text fz="sm" c="dimmed">
                How much do you agree? There are no right answers — answer for how things are today.
              </Text>
            </Stack>
            <FormAlert message={alert} />
            {showMissing && unanswered.length > 0 ? (
              <Alert color="red" variant="light" role="alert">
                Answer every statement on this screen to continue ({unanswered.length} left).
              </Alert>
            ) : null}
            {stepItems.map((item) => (
              <Statement
                key={item.id}
                item={item}
                scale={scale}
                value={answers[item.id]}
                missing={showMissing && answers[item.id] === undefined}
                onChange={(value) => answer(item.id, value)}
              />
            ))}
            <Group justify="space-between" gap="sm">
              <Button
                variant="default"
                leftSection={<IconArrowLeft size={16} aria-hidden="true" />}
                disabled={step === 0}
                onClick={() => {
                  setShowMissing(false);
                  setStep(step - 1);
                }}
              >
                Back
              </Button>
              <Button
                type="submit"
                loading={take.isPending}
                rightSection={
                  isLast ? <IconCheck size={16} aria-hidden="true" /> : <IconArrowRight size={16} aria-hidden="true" />
                }
              >
                {isLast ? 'See my NQ' : 'Next'}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </form>
      <Text fz="xs" c="dimmed" ta="center">
        {signedIn
          ? 'Your result is saved to your history, visible to you alone.'
          : 'No account needed. Your answers stay in this browser until you choose to save them.'}
      </Text>
    </Stack>
  );
}
