import { Badge, Group, Paper, Skeleton, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { MeetingFormat, MeetingPage, MeetingSummaryView } from '@roundtable/contract/meetings';
import {
  IconArrowsExchange,
  IconBan,
  IconBuilding,
  IconDeviceLaptop,
  IconListCheck,
  IconMapPin,
  IconRepeat,
  IconUsers,
  IconVideo,
  type TablerIcon,
} from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PagedList } from '../../components/paged-list';
import { formatLabel, goingLabel, MY_RSVP_LABELS } from './meeting-labels';
import { browserTimeZone, dateTileOf, formatClockRange, formatMeetingWhen, zoneAbbreviation } from './meeting-time';
import classes from './meetings.module.css';

export const FORMAT_ICONS: Record<MeetingFormat, TablerIcon> = {
  in_person: IconBuilding,
  online: IconDeviceLaptop,
  hybrid: IconVideo,
};

/** The month, day and weekday of the meeting in the viewer's zone; the year too when it is not this one. */
export function DateTile({ startsAt }: { startsAt: string }) {
  const tile = dateTileOf(startsAt);
  const isThisYear = tile.year === new Date().getFullYear();
  return (
    <div className={classes.tile} aria-hidden="true">
      <span className={classes.tileMonth}>
        {tile.month}
        {isThisYear ? '' : ` ’${String(tile.year).slice(2)}`}
      </span>
      <span className={classes.tileDay}>{tile.day}</span>
      <span className={classes.tileWeekday}>{tile.weekday}</span>
    </div>
  );
}

/** Cancelled, moved, part of a series: each also said in words, never by colour alone. */
export function MeetingBadges({ meeting }: { meeting: MeetingSummaryView }) {
  const now = Date.now();
  const isNow = Date.parse(meeting.startsAt) <= now && Date.parse(meeting.endsAt) > now;
  return (
    <>
      {isNow && meeting.status !== 'cancelled' ? (
        <Badge variant="filled" color="teal" tt="none">
          Happening now
        </Badge>
      ) : null}
      {meeting.status === 'cancelled' ? (
        <Badge variant="light" color="red" tt="none" leftSection={<IconBan size={12} aria-hidden="true" />}>
          Cancelled
        </Badge>
      ) : null}
      {meeting.moved && meeting.status !== 'cancelled' ? (
        <Badge
          variant="light"
          color="orange"
          tt="none"
          leftSection={<IconArrowsExchange size={12} aria-hidden="true" />}
        >
          Moved
        </Badge>
      ) : null}
      {meeting.isRecurring ? (
        <Badge variant="light" color="gray" tt="none" leftSection={<IconRepeat size={12} aria-hidden="true" />}>
          Recurring
        </Badge>
      ) : null}
    </>
  );
}

function Dot() {
  return (
    <Text fz="xs" c="dimmed" aria-hidden="true">
      ·
    </Text>
  );
}

function MetaText({ icon: Icon, children }: { icon?: TablerIcon; children: ReactNode }) {
  return (
    <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      {Icon ? <Icon size={12} aria-hidden="true" style={{ verticalAlign: -1, marginRight: 3 }} /> : null}
      {children}
    </Text>
  );
}

/** Where: the place for in person and hybrid, "Online" for a call. */
export const placeOf = (meeting: Pick<MeetingSummaryView, 'format' | 'location'>) =>
  meeting.format === 'online' ? 'Online' : (meeting.location ?? formatLabel(meeting.format));

/** One meeting in a list: date tile, title (the link), time in the viewer's zone, place, who is going, my answer. */
export function MeetingRow({ meeting, showNetwork }: { meeting: MeetingSummaryView; showNetwork: boolean }) {
  const cancelled = meeting.status === 'cancelled';
  const isPast = Date.parse(meeting.endsAt) <= Date.now();
  const zone = browserTimeZone();
  return (
    <li className={`${classes.row} ${cancelled ? classes.cancelled : ''}`}>
      <DateTile startsAt={meeting.startsAt} />
      <Stack gap={6} className={classes.rowBody}>
        <Group gap={6} wrap="wrap" style={{ rowGap: 4 }}>
          <Text
            component={Link}
            to={`/meetings/${meeting.id}`}
            className={classes.rowLink}
            fw={600}
            fz="md"
            style={{ overflowWrap: 'anywhere' }}
          >
            {meeting.title}
            <VisuallyHidden>, {formatMeetingWhen(meeting.startsAt, meeting.endsAt)}</VisuallyHidden>
          </Text>
          <MeetingBadges meeting={meeting} />
          {meeting.myRsvp && !cancelled ? (
            <Badge
              variant={meeting.myRsvp === 'going' ? 'filled' : 'outline'}
              color={meeting.myRsvp === 'not_going' ? 'gray' : 'indigo'}
              tt="none"
              size="sm"
            >
              {MY_RSVP_LABELS[meeting.myRsvp]}
            </Badge>
          ) : null}
          {!meeting.myRsvp && !cancelled && !isPast ? (
            <Badge variant="dot" color="yellow" tt="none" size="sm">
              Not answered yet
            </Badge>
          ) : null}
        </Group>
        <Group gap={6} wrap="wrap" className={classes.meta}>
          <Tooltip label={formatMeetingWhen(meeting.startsAt, meeting.endsAt)} openDelay={250}>
            <Text fz="xs" c="dimmed" fw={500}>
              <time dateTime={meeting.startsAt}>{formatClockRange(meeting.startsAt, meeting.endsAt)}</time>{' '}
              {zoneAbbreviation(zone, meeting.startsAt)}
            </Text>
          </Tooltip>
          {showNetwork ? (
            <>
              <Dot />
              <MetaText>{meeting.network.name}</MetaText>
            </>
          ) : null}
          <Dot />
          <MetaText icon={meeting.format === 'in_person' ? IconMapPin : FORMAT_ICONS[meeting.format]}>
            {meeting.format === 'hybrid' ? `Hybrid · ${placeOf(meeting)}` : placeOf(meeting)}
          </MetaText>
          {cancelled ? null : (
            <>
              <Dot />
              <MetaText icon={IconUsers}>{goingLabel(meeting.goingCount, meeting.capacity)}</MetaText>
            </>
          )}
          {meeting.agendaPublished && !cancelled ? (
            <>
              <Dot />
              <MetaText icon={IconListCheck}>Agenda ready</MetaText>
            </>
          ) : null}
        </Group>
        {cancelled && meeting.cancelReason ? (
          <Text fz="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            Cancelled: {meeting.cancelReason}
          </Text>
        ) : null}
      </Stack>
    </li>
  );
}

export function MeetingListSkeleton({ label }: { label: string }) {
  return (
    <Paper withBorder aria-busy="true" aria-label={label}>
      {[0, 1, 2].map((row) => (
        <Group key={row} gap="md" className={classes.row} wrap="nowrap">
          <Skeleton height={62} width={56} radius="md" />
          <Stack gap={8} style={{ flex: 1 }}>
            <Skeleton height={14} width="50%" radius="xl" />
            <Skeleton height={10} width="75%" radius="xl" />
          </Stack>
        </Group>
      ))}
    </Paper>
  );
}

type MeetingListProps = {
  query: UseInfiniteQueryResult<InfiniteData<MeetingPage, unknown>>;
  label: string;
  empty: ReactNode;
  errorTitle: string;
  showNetwork: boolean;
};

/** A cursor-paged list of meetings with its skeleton, friendly error, teaching empty state and "Load more". */
export function MeetingList({ query, label, empty, errorTitle, showNetwork }: MeetingListProps) {
  return (
    <PagedList
      query={query}
      label={label}
      skeleton={(loading) => <MeetingListSkeleton label={loading} />}
      empty={empty}
      errorTitle={errorTitle}
      listClassName={classes.list}
      renderItem={(meeting) => <MeetingRow key={meeting.id} meeting={meeting} showNetwork={showNetwork} />}
    />
  );
}
