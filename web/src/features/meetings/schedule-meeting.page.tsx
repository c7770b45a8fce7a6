import { Alert, Button, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { ApiError, errorMessageOf } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { usePageTitle } from '../../lib/use-page-title';
import { useMyNetworks } from '../networks/networks.queries';
import { MeetingFields } from './meeting-fields';
import {
  fieldOfPath,
  type MeetingFormValues,
  newMeetingValues,
  toCreateBody,
  validateMeetingForm,
} from './meeting-form';
import { BackLink } from './meeting-gate';
import { browserTimeZone } from './meeting-time';
import { useScheduleMeeting } from './meetings.queries';

type NetworkChoice = { id: string; slug: string; name: string };

function ScheduleForm({ networks, initialNetworkId }: { networks: NetworkChoice[]; initialNetworkId: string | null }) {
  const navigate = useNavigate();
  const schedule = useScheduleMeeting();
  const [networkId, setNetworkId] = useState<string | null>(initialNetworkId);
  const [networkError, setNetworkError] = useState<string | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const enhanceGetInputProps = useLiveValidation<MeetingFormValues>();
  const form = useForm<MeetingFormValues>({
    initialValues: newMeetingValues(new Date(), browserTimeZone()),
    validate: (values) => validateMeetingForm(values, new Date(), { retimed: true, series: true }),
    enhanceGetInputProps,
  });
  const network = networks.find((candidate) => candidate.id === networkId);

  const submit = form.onSubmit(
    (values) => {
      setAlert(null);
      if (!network) {
        setNetworkError('Choose the network that meets.');
        return;
      }
      schedule.mutate(
        { networkId: network.id, body: toCreateBody(values) },
        {
          onSuccess: ({ meeting, occurrences }) => {
            notifications.show({
              color: 'teal',
              title: occurrences > 1 ? `${occurrences} meetings scheduled` : 'Meeting scheduled',
              message: `The members of ${network.name} hear of it.`,
            });
            void navigate(`/meetings/${meeting.id}`, { replace: true });
          },
          // What was typed stays; the server's words go on the fields they concern.
          onError: (error) => {
            let placed = false;
            if (error instanceof ApiError)
              for (const detail of error.details) {
                const field = fieldOfPath(detail.path, values);
                if (!field) continue;
                placed = true;
                form.setFieldError(field, error.details.length === 1 ? error.message : detail.message);
              }
            setAlert(placed ? 'Some details need a look: see the fields marked in red.' : formErrorMessageOf(error));
          },
        },
      );
    },
    () => {
      if (!network) setNetworkError('Choose the network that meets.');
      setAlert('Some details need a look: see the fields marked in red.');
    },
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Schedule a meeting">
      <Stack gap="lg" maw={760}>
        <FormAlert message={alert} />
        {networks.length > 1 ? (
          <Select
            label="Network"
            description="Its members hear of the meeting and can answer."
            data={networks.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
            value={networkId}
            onChange={(value) => {
              setNetworkId(value);
              setNetworkError(null);
            }}
            error={networkError}
            allowDeselect={false}
            maw={360}
            comboboxProps={{ withinPortal: true }}
          />
        ) : (
          <Text fz="sm" c="dimmed">
            For the members of <strong>{network?.name}</strong>, who hear of it and can answer.
          </Text>
        )}
        <MeetingFields form={form} mode="create" />
        <Group justify="flex-end" gap="sm">
          <Button
            variant="default"
            component={Link}
            to={network ? `/networks/${network.slug}?tab=meetings` : '/meetings'}
          >
            Cancel
          </Button>
          <Button type="submit" loading={schedule.isPending}>
            Schedule meeting
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** For facilitators: a meeting, or a series of them, for a network they facilitate. */
export function ScheduleMeetingPage() {
  usePageTitle('Schedule a meeting');
  const [searchParams] = useSearchParams();
  const mine = useMyNetworks();
  const requested = searchParams.get('network');
  const networks = (mine.data ?? []).filter(
    (network) => network.viewer.role === 'facilitator' && network.status === 'active',
  );
  const initial = networks.find((network) => network.slug === requested || network.id === requested) ?? null;
  return (
    <Stack gap={0}>
      <BackLink to={initial ? `/networks/${initial.slug}?tab=meetings` : '/meetings'}>
        {initial ? initial.name : 'Meetings'}
      </BackLink>
      <PageHeader
        title="Schedule a meeting"
        description="Pick a date, a place or a video link, and whether it repeats. Members hear of it and answer whether they’re coming."
      />
      {mine.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label="Loading your networks" maw={760}>
          <Skeleton height={160} />
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
        <Alert variant="light" color="indigo" title="Only facilitators schedule meetings" maw={760}>
          <Stack gap="sm">
            <Text fz="sm">
              Meetings are scheduled by a network’s facilitators. To suggest one, raise an issue on an upcoming meeting
              or ask in your network’s discussions.
            </Text>
            <Button component={Link} to="/meetings" variant="default" style={{ alignSelf: 'flex-start' }}>
              Your meetings
            </Button>
          </Stack>
        </Alert>
      ) : (
        <ScheduleForm
          networks={networks}
          initialNetworkId={initial?.id ?? (networks.length === 1 ? (networks[0]?.id ?? null) : null)}
        />
      )}
    </Stack>
  );
}
