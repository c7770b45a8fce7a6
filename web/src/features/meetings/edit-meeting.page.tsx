import { Alert, Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { MeetingView } from '@roundtable/contract/meetings';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FormAlert } from '../../components/form-alert';
import { PageHeader } from '../../components/page-header';
import { ApiError } from '../../lib/api';
import { formErrorMessageOf } from '../../lib/forms';
import { useLiveValidation } from '../../lib/use-live-validation';
import { MeetingFields } from './meeting-fields';
import {
  fieldOfPath,
  isRetimed,
  type MeetingFormValues,
  toUpdateBody,
  validateMeetingForm,
  valuesOfMeeting,
} from './meeting-form';
import { BackLink, MeetingGate } from './meeting-gate';
import { useUpdateMeeting } from './meetings.queries';

function EditForm({ meeting }: { meeting: MeetingView }) {
  const navigate = useNavigate();
  const update = useUpdateMeeting(meeting.id);
  const [alert, setAlert] = useState<string | null>(null);
  const [initial] = useState(() => valuesOfMeeting(meeting));
  const enhanceGetInputProps = useLiveValidation<MeetingFormValues>();
  const form = useForm<MeetingFormValues>({
    initialValues: initial,
    validate: (values) =>
      validateMeetingForm(values, new Date(), { retimed: isRetimed(values, initial), series: false }),
    enhanceGetInputProps,
  });
  const back = `/meetings/${meeting.id}`;

  const submit = form.onSubmit(
    (values) => {
      setAlert(null);
      const body = toUpdateBody(values, initial);
      if (Object.keys(body).length === 0) {
        void navigate(back);
        return;
      }
      update.mutate(body, {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message:
              body.startsAt || body.location !== undefined || body.videoUrl !== undefined
                ? 'Saved. The members hear of the new time or place.'
                : 'Saved.',
          });
          void navigate(back, { replace: true });
        },
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
      });
    },
    () => setAlert('Some details need a look: see the fields marked in red.'),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Edit the meeting">
      <Stack gap="lg" maw={760}>
        <FormAlert message={alert} />
        {meeting.isRecurring ? (
          <Alert variant="light" color="indigo" icon={<IconInfoCircle size={18} aria-hidden="true" />}>
            This meeting is part of a series. Your changes apply to this date only.
          </Alert>
        ) : null}
        <MeetingFields form={form} mode="edit" />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" component={Link} to={back}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** For facilitators: change or move one meeting. */
export function EditMeetingPage() {
  return (
    <MeetingGate page="Edit">
      {(meeting) => (
        <Stack gap={0}>
          <BackLink to={`/meetings/${meeting.id}`}>{meeting.title}</BackLink>
          <PageHeader
            title="Edit or move the meeting"
            description="Members hear of a new time or place; their answers stay."
          />
          {meeting.abilities.edit ? (
            <EditForm meeting={meeting} />
          ) : (
            <Alert variant="light" color="gray" title="This meeting can no longer change" maw={760}>
              Only its facilitators change a meeting, and only before it ends and while it is not cancelled.
            </Alert>
          )}
        </Stack>
      )}
    </MeetingGate>
  );
}
