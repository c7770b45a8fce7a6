import { Button, Checkbox, Group, Modal, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { isApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import classes from './networks.module.css';

type CharterTexts = { charter: string; confidentiality: string; charterVersion: number };

/** The charter and the confidentiality agreement, as a member reads them before accepting. */
export function CharterText({ network, headingOrder = 3 }: { network: CharterTexts; headingOrder?: 2 | 3 | 4 }) {
  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Title order={headingOrder} fz="sm" fw={700}>
          Charter
        </Title>
        <Text fz="sm" className={classes.prose}>
          {network.charter}
        </Text>
      </Stack>
      <Stack gap={6}>
        <Title order={headingOrder} fz="sm" fw={700}>
          Confidentiality agreement
        </Title>
        <Text fz="sm" className={classes.prose}>
          {network.confidentiality}
        </Text>
      </Stack>
    </Stack>
  );
}

/** What a refusal means for someone about to join, in words that say what to do next. */
export function joinErrorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'charter_outdated')
      return 'The charter changed while you were reading it. Read the new version below, then accept it.';
    if (error.code === 'network_full') return 'This network is full. A facilitator can tell you when a place opens up.';
    if (error.code === 'conflict_of_interest')
      return `${error.message} Facilitators keep competitors apart so members can speak freely.`;
  }
  return formErrorMessageOf(error);
}

type CharterAcceptanceProps = {
  network: CharterTexts & { name: string };
  /** Called with the version the person accepted. */
  onAccept: (charterVersion: number) => void;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  /** The charter in a scrolling box (in a modal), or in full (on a page). */
  scroll?: boolean;
};

/** Reading the charter, ticking "I accept" and confirming: the same three steps wherever someone joins. */
export function CharterAcceptance({
  network,
  onAccept,
  pending,
  error,
  submitLabel,
  scroll = true,
}: CharterAcceptanceProps) {
  const [accepted, setAccepted] = useState(false);
  const [touched, setTouched] = useState(false);
  const text = <CharterText network={network} headingOrder={3} />;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (accepted) onAccept(network.charterVersion);
      }}
    >
      <Stack gap="md">
        <FormAlert message={error ? joinErrorMessage(error) : null} />
        {scroll ? (
          <ScrollArea.Autosize mah="45vh" type="auto" className={classes.charterBox} offsetScrollbars>
            <section
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard.
              tabIndex={0}
              aria-label={`Charter and confidentiality agreement, version ${network.charterVersion}`}
              style={{ padding: 'var(--mantine-spacing-md)' }}
            >
              {text}
            </section>
          </ScrollArea.Autosize>
        ) : (
          text
        )}
        <Checkbox
          checked={accepted}
          onChange={(event) => setAccepted(event.currentTarget.checked)}
          label={`I accept the charter and the confidentiality agreement of ${network.name} (version ${network.charterVersion})`}
          error={touched && !accepted ? 'Tick this box to accept; you can only join with the charter.' : undefined}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type CharterModalProps = Omit<CharterAcceptanceProps, 'scroll'> & {
  opened: boolean;
  onClose: () => void;
  title: string;
  intro: string;
};

export function CharterModal({ opened, onClose, title, intro, ...acceptance }: CharterModalProps) {
  return (
    <Modal
      closeButtonProps={{ 'aria-label': 'Close' }}
      opened={opened}
      onClose={onClose}
      title={title}
      size="lg"
      centered
    >
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          {intro}
        </Text>
        {/* A fresh form each time it opens: nobody accepts by a tick left from before. */}
        {opened ? <CharterAcceptance {...acceptance} /> : null}
      </Stack>
    </Modal>
  );
}
