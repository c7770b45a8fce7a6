import { Anchor, Button, Skeleton, Stack } from '@mantine/core';
import type { MeetingView } from '@roundtable/contract/meetings';
import { IconArrowLeft, IconCalendarEvent } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { MessagePage } from '../../components/message-page';
import { errorMessageOf, isApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { useMeeting } from './meetings.queries';

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor
      component={Link}
      to={to}
      fz="sm"
      mb="xs"
      display="inline-flex"
      style={{ alignItems: 'center', gap: 4, alignSelf: 'flex-start' }}
    >
      <IconArrowLeft size={14} aria-hidden="true" />
      {children}
    </Anchor>
  );
}

function MeetingSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading the meeting">
      <Skeleton height={14} width={80} />
      <Skeleton height={32} width="60%" />
      <Skeleton height={14} width="40%" />
      <Skeleton height={140} mt="md" />
      <Skeleton height={140} />
    </Stack>
  );
}

/** Loads the page's `:meetingId`; one the member may not see reads "not found", as the server answers. */
export function MeetingGate({ children, page }: { children: (meeting: MeetingView) => ReactNode; page?: string }) {
  const { meetingId = '' } = useParams();
  const meeting = useMeeting(meetingId);
  const title = meeting.data?.title ?? 'Meeting';
  usePageTitle(page ? `${page} · ${title}` : title);
  if (meeting.isPending) return <MeetingSkeleton />;
  if (meeting.isError) {
    const isMissing = isApiError(meeting.error) && meeting.error.status === 404;
    return isMissing ? (
      <MessagePage
        icon={<IconCalendarEvent size={30} stroke={1.5} aria-hidden="true" />}
        title="Meeting not found"
        description="This meeting does not exist, or it belongs to a network you are not a member of."
        actions={
          <Button component={Link} to="/meetings">
            Your meetings
          </Button>
        }
      />
    ) : (
      <ErrorState
        title="The meeting could not load"
        message={errorMessageOf(meeting.error)}
        onRetry={() => void meeting.refetch()}
        retrying={meeting.isFetching}
      />
    );
  }
  return <>{children(meeting.data)}</>;
}
