import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { APPLICATION_TEXT_MAX_LENGTH, type NetworkView } from '@roundtable/contract/networks';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { applyApiError } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { useApply } from './networks.queries';

type Values = { why: string; contribution: string; answers: string[] };

const required = (what: string) => (value: string) =>
  value.trim() === ''
    ? `Tell the facilitators ${what}.`
    : value.length > APPLICATION_TEXT_MAX_LENGTH
      ? `Keep it under ${APPLICATION_TEXT_MAX_LENGTH} characters.`
      : null;

function Counter({ value }: { value: string }) {
  return (
    <Text fz="xs" c="dimmed" ta="right" mt={2}>
      {value.length} / {APPLICATION_TEXT_MAX_LENGTH}
    </Text>
  );
}

function ApplyForm({ network, onDone }: { network: NetworkView; onDone: () => void }) {
  const apply = useApply(network.slug);
  const [alert, setAlert] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { why: '', contribution: '', answers: network.applicationQuestions.map(() => '') },
    validate: (values) => {
      const errors: Record<string, string | null> = {
        why: required('why you want to join')(values.why),
        contribution: required('what you bring to your peers')(values.contribution),
      };
      values.answers.forEach((answer, index) => {
        errors[`answers.${index}`] =
          answer.length > APPLICATION_TEXT_MAX_LENGTH
            ? `Keep it under ${APPLICATION_TEXT_MAX_LENGTH} characters.`
            : null;
      });
      return errors;
    },
    enhanceGetInputProps: useLiveValidation<Values>(),
  });

  const submit = form.onSubmit((values) => {
    setAlert(null);
    apply.mutate(
      {
        why: values.why.trim(),
        contribution: values.contribution.trim(),
        ...(values.answers.length > 0 ? { answers: values.answers.map((answer) => answer.trim()) } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Application sent',
            message: 'Facilitators will review your application; you’ll hear by email.',
          });
          onDone();
        },
        onError: (error) =>
          setAlert(applyApiError(error, { why: 'Why', contribution: 'What you bring' }, form.setFieldError)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormAlert message={alert} />
        <div>
          <Textarea
            label="Why do you want to join?"
            description="What you hope to get from these peers, and why now."
            required
            autosize
            minRows={3}
            maxRows={8}
            maxLength={APPLICATION_TEXT_MAX_LENGTH}
            {...form.getInputProps('why')}
          />
          <Counter value={form.values.why} />
        </div>
        <div>
          <Textarea
            label="What do you bring?"
            description="The experience you can share with the other members."
            required
            autosize
            minRows={3}
            maxRows={8}
            maxLength={APPLICATION_TEXT_MAX_LENGTH}
            {...form.getInputProps('contribution')}
          />
          <Counter value={form.values.contribution} />
        </div>
        {network.applicationQuestions.map((question, index) => (
          <div key={question}>
            <Textarea
              label={question}
              autosize
              minRows={2}
              maxRows={8}
              maxLength={APPLICATION_TEXT_MAX_LENGTH}
              {...form.getInputProps(`answers.${index}`)}
            />
            <Counter value={form.values.answers[index] ?? ''} />
          </div>
        ))}
        <Text fz="xs" c="dimmed">
          The facilitators see your application with your full profile, and any conflicts of interest with current
          members.
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={apply.isPending}>
            Send application
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ApplyModal({
  network,
  opened,
  onClose,
}: {
  network: NetworkView;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={`Apply to ${network.name}`}
      size="lg"
      centered
    >
      {opened ? <ApplyForm network={network} onDone={onClose} /> : null}
    </Modal>
  );
}
