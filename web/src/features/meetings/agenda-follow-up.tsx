import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { AgendaItemView, MeetingView } from '@roundtable/contract/meetings';
import { useMe } from '../accounts/session';
import { RecordCommitment } from './commitments';
import classes from './meetings.module.css';
import { IssueOffers } from './offers';

/** Under an agenda item: the peers' offers with "Offer something", and the presenter's commitment once processed. */
export function AgendaItemFollowUp({ meeting, item }: { meeting: MeetingView; item: AgendaItemView }) {
  const me = useMe();
  const isPresenter = me.id === item.author.id;
  return (
    <>
      <IssueOffers
        issueId={item.id}
        issueTitle={item.title}
        offerCount={item.offerCount}
        canOffer={!isPresenter && item.status !== 'withdrawn' && meeting.status === 'scheduled'}
      />
      {isPresenter && item.status === 'processed' ? (
        <RecordCommitment issueId={item.id} meetingId={meeting.id} />
      ) : null}
    </>
  );
}

/** For facilitators, whose agenda is the builder: the published items' offers and commitments. */
export function AgendaFollowUp({ meeting }: { meeting: MeetingView }) {
  if (!meeting.agendaPublished || meeting.agenda.length === 0) return null;
  return (
    <Paper withBorder component="section" aria-labelledby="follow-up-title" style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Title order={2} fz="h4" id="follow-up-title">
          Offers and commitments
        </Title>
        <Text fz="sm" c="dimmed">
          What peers offer each presenter, and what the presenters commit to.
        </Text>
      </Stack>
      <ol className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
        {meeting.agenda.map((item) => (
          <li key={item.id} style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}>
            <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {item.title}
                </Text>
                <Text fz="xs" c="dimmed">
                  Presented by {item.author.name}
                </Text>
              </Stack>
              {item.status === 'processed' ? (
                <Badge variant="light" color="teal" tt="none">
                  Processed
                </Badge>
              ) : null}
            </Group>
            <AgendaItemFollowUp meeting={meeting} item={item} />
          </li>
        ))}
      </ol>
    </Paper>
  );
}
