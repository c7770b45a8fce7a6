import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  OFFER_DESCRIPTION_MAX_LENGTH,
  OFFER_LINK_MAX_LENGTH,
  OFFER_MESSAGE_MAX_LENGTH,
  type OfferView,
} from '@roundtable/contract/meetings';
import { IconDownload, IconExternalLink, IconGift, IconPlus, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { FormAlert } from '../../components/form-alert';
import { LinkifiedText } from '../../components/linkified-text';
import { errorMessageOf } from '../../lib/api';
import { applyApiError, formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import classes from './meetings.module.css';
import {
  useIssueOffers,
  useMakeOffer,
  useSendOfferFile,
  useShareOfferLink,
  useWithdrawOffer,
} from './meetings.queries';
import {
  dueLabel,
  formatBytes,
  localToday,
  OFFER_FILE_ACCEPT,
  type OfferValues,
  validateFile,
  validateLink,
  validateOffer,
} from './offer-form';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDay = (day: string) => dateFormat.format(new Date(`${day}T00:00:00Z`));

export function OfferStatusBadge({ offer }: { offer: OfferView }) {
  if (offer.status === 'fulfilled')
    return (
      <Badge variant="light" color="teal" tt="none">
        Sent
      </Badge>
    );
  if (offer.status === 'withdrawn')
    return (
      <Badge variant="light" color="gray" tt="none">
        Withdrawn
      </Badge>
    );
  const label = dueLabel(offer.dueOn);
  return (
    <Badge variant="light" color={label.endsWith('overdue') ? 'red' : 'indigo'} tt="none">
      Open · {label}
    </Badge>
  );
}

/** Offer the presenter something, by a day. */
export function OfferModal({
  issueId,
  issueTitle,
  opened,
  onClose,
}: {
  issueId: string;
  issueTitle: string;
  opened: boolean;
  onClose: () => void;
}) {
  const make = useMakeOffer(issueId);
  const [alert, setAlert] = useState<string | null>(null);
  const enhanceGetInputProps = useLiveValidation<OfferValues>();
  const form = useForm<OfferValues>({
    initialValues: { description: '', dueOn: '' },
    validate: (values) => validateOffer(values),
    enhanceGetInputProps,
  });
  const close = () => {
    setAlert(null);
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) => {
    setAlert(null);
    make.mutate(
      { description: values.description.trim(), dueOn: values.dueOn },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Your offer is made. The presenter hears of it.' });
          close();
        },
        onError: (error) =>
          setAlert(applyApiError(error, { description: 'What you offer', dueOn: 'The day' }, form.setFieldError)),
      },
    );
  });
  return (
    <Modal opened={opened} onClose={close} title="Offer something" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            For “{issueTitle}”: a process, a template, an introduction — something you have and the presenter can use.
            Only the presenter receives what you send.
          </Text>
          <FormAlert message={alert} />
          <Textarea
            label="What will you send or do?"
            placeholder="I’ll send you our quarterly forecasting checklist"
            autosize
            minRows={2}
            maxLength={OFFER_DESCRIPTION_MAX_LENGTH}
            data-autofocus
            {...form.getInputProps('description')}
          />
          <TextInput type="date" label="By when?" min={localToday()} w={200} {...form.getInputProps('dueOn')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={make.isPending}>
              Make the offer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function SendFile({ offer, onDone }: { offer: OfferView; onDone: () => void }) {
  const send = useSendOfferFile(offer.id);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const submit = () => {
    const problem = validateFile(file);
    setError(problem);
    if (problem || !file) return;
    setProgress(0);
    send.mutate(
      { file, onProgress: setProgress },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${file.name} is sent to ${offer.presenter.name}.` });
          onDone();
        },
      },
    );
  };
  return (
    <Stack gap="md">
      <FileInput
        label="Document"
        description="PDF, Office or OpenDocument, an image or text; up to 25 MB."
        placeholder="Choose a file"
        accept={OFFER_FILE_ACCEPT}
        value={file}
        onChange={(value) => {
          setFile(value);
          setError(value ? validateFile(value) : null);
        }}
        error={error}
        clearable
      />
      {send.isPending || (progress > 0 && !send.isError) ? (
        <Stack gap={4}>
          <Progress value={progress * 100} aria-label="Upload progress" animated={send.isPending} />
          <Text fz="xs" c="dimmed" aria-live="polite">
            {send.isPending ? `Uploading… ${Math.round(progress * 100)}%` : 'Uploaded'}
          </Text>
        </Stack>
      ) : null}
      <FormAlert message={send.isError ? formErrorMessageOf(send.error) : null} />
      <Group justify="flex-end">
        <Button leftSection={<IconSend size={16} aria-hidden="true" />} loading={send.isPending} onClick={submit}>
          Send the document
        </Button>
      </Group>
    </Stack>
  );
}

function SendLink({ offer, onDone }: { offer: OfferView; onDone: () => void }) {
  const share = useShareOfferLink(offer.id);
  const [link, setLink] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const problem = validateLink(link);
    setError(problem);
    if (problem) return;
    share.mutate(
      { link: link.trim(), ...(message.trim() ? { message: message.trim() } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `The link is sent to ${offer.presenter.name}.` });
          onDone();
        },
      },
    );
  };
  return (
    <Stack gap="md">
      <TextInput
        label="Link"
        placeholder="https://"
        value={link}
        maxLength={OFFER_LINK_MAX_LENGTH}
        onChange={(event) => {
          setLink(event.currentTarget.value);
          if (error) setError(validateLink(event.currentTarget.value));
        }}
        error={error}
      />
      <Textarea
        label="Message (optional)"
        autosize
        minRows={2}
        maxLength={OFFER_MESSAGE_MAX_LENGTH}
        value={message}
        onChange={(event) => setMessage(event.currentTarget.value)}
      />
      <FormAlert message={share.isError ? formErrorMessageOf(share.error) : null} />
      <Group justify="flex-end">
        <Button leftSection={<IconSend size={16} aria-hidden="true" />} loading={share.isPending} onClick={submit}>
          Share the link
        </Button>
      </Group>
    </Stack>
  );
}

/** The offerer fulfils the offer: a document with upload progress, or a link with a message. */
export function SendOfferModal({ offer, onClose }: { offer: OfferView | null; onClose: () => void }) {
  const [how, setHow] = useState<'file' | 'link'>('file');
  return (
    <Modal opened={offer !== null} onClose={onClose} title="Send it" closeButtonProps={{ 'aria-label': 'Close' }}>
      {offer ? (
        <Stack gap="md">
          <Text fz="sm" c="dimmed">
            “{offer.description}” for {offer.presenter.name}. Only they and you see what you send.
          </Text>
          <SegmentedControl
            value={how}
            onChange={(value) => setHow(value === 'link' ? 'link' : 'file')}
            data={[
              { value: 'file', label: 'Upload a document' },
              { value: 'link', label: 'Share a link' },
            ]}
            aria-label="How to send it"
          />
          {how === 'file' ? <SendFile offer={offer} onDone={onClose} /> : <SendLink offer={offer} onDone={onClose} />}
        </Stack>
      ) : null}
    </Modal>
  );
}

/** What was shared, for the presenter and the offerer: the document to download, or the link and message. */
function Shared({ offer }: { offer: OfferView }) {
  if (!offer.file && !offer.link) return null;
  return (
    <Stack gap={4} mt={4}>
      {offer.file ? (
        <Group gap="xs">
          <Button
            component="a"
            href={offer.file.url}
            download={offer.file.name}
            size="xs"
            variant="light"
            leftSection={<IconDownload size={14} aria-hidden="true" />}
          >
            Download {offer.file.name}
          </Button>
          <Text fz="xs" c="dimmed">
            {formatBytes(offer.file.size)}
          </Text>
        </Group>
      ) : null}
      {offer.link ? (
        <Anchor
          href={offer.link}
          target="_blank"
          rel="noopener noreferrer"
          fz="sm"
          style={{ overflowWrap: 'anywhere' }}
        >
          {offer.link} <IconExternalLink size={12} aria-hidden="true" />
        </Anchor>
      ) : null}
      {offer.message ? (
        <Text fz="sm" className={classes.prose}>
          <LinkifiedText text={offer.message} />
        </Text>
      ) : null}
    </Stack>
  );
}

/** One offer: what, from whom to whom, by when, its state, and what the viewer may do with it. */
export function OfferRow({
  offer,
  showIssue,
  onSend,
}: {
  offer: OfferView;
  showIssue?: boolean;
  onSend: (offer: OfferView) => void;
}) {
  const withdraw = useWithdrawOffer();
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {offer.description}
          </Text>
          <Text fz="xs" c="dimmed">
            {showIssue ? `For “${offer.issueTitle}” · ` : ''}
            {offer.offerer.name} to {offer.presenter.name} · by {formatDay(offer.dueOn)}
          </Text>
        </Stack>
        <OfferStatusBadge offer={offer} />
      </Group>
      <Shared offer={offer} />
      {offer.abilities.fulfil || offer.abilities.withdraw ? (
        <Group gap="xs" mt={4}>
          {offer.abilities.fulfil ? (
            <Button
              size="xs"
              leftSection={<IconSend size={14} aria-hidden="true" />}
              onClick={() => onSend(offer)}
              aria-label={`Send it: ${offer.description}`}
            >
              Send it
            </Button>
          ) : null}
          {offer.abilities.withdraw ? (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={withdraw.isPending}
              onClick={() =>
                withdraw.mutate(offer.id, {
                  onSuccess: () => notifications.show({ color: 'teal', message: 'Your offer is withdrawn.' }),
                  onError: (error) => notifications.show({ color: 'red', message: errorMessageOf(error) }),
                })
              }
            >
              Withdraw
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

/** The offers on one issue, with "Offer something" for peers other than the presenter. */
export function IssueOffers({
  issueId,
  issueTitle,
  offerCount,
  canOffer,
}: {
  issueId: string;
  issueTitle: string;
  offerCount: number;
  canOffer: boolean;
}) {
  const offers = useIssueOffers(issueId, offerCount);
  const [offering, setOffering] = useState(false);
  const [sending, setSending] = useState<OfferView | null>(null);
  const items = (offers.data ?? []).filter((offer) => offer.status !== 'withdrawn');
  return (
    <Stack gap="xs" mt="xs">
      {offerCount > 0 && offers.isPending ? (
        <Skeleton height={20} width="50%" />
      ) : offers.isError ? (
        <Text fz="xs" c="red.8">
          The offers did not load. {errorMessageOf(offers.error)}
        </Text>
      ) : items.length > 0 ? (
        <ul className={classes.offers} aria-label={`Offers for “${issueTitle}”`}>
          {items.map((offer) => (
            <li key={offer.id} className={classes.offer}>
              <OfferRow offer={offer} onSend={setSending} />
            </li>
          ))}
        </ul>
      ) : null}
      {canOffer ? (
        <Group>
          <Button
            size="xs"
            variant="default"
            leftSection={
              items.length ? <IconPlus size={14} aria-hidden="true" /> : <IconGift size={14} aria-hidden="true" />
            }
            onClick={() => setOffering(true)}
            aria-label={`Offer something for “${issueTitle}”`}
          >
            Offer something
          </Button>
        </Group>
      ) : null}
      <OfferModal issueId={issueId} issueTitle={issueTitle} opened={offering} onClose={() => setOffering(false)} />
      <SendOfferModal offer={sending} onClose={() => setSending(null)} />
    </Stack>
  );
}
