import {
  ISSUE_NEEDS,
  ISSUE_PRIORITIES,
  type IssueNeed,
  type IssuePriority,
  MEETING_FORMATS,
  type MeetingFormat,
  type RsvpAnswer,
} from '@roundtable/contract/meetings';

export const formatLabel = (format: MeetingFormat): string =>
  MEETING_FORMATS.find((option) => option.id === format)?.label ?? format;

/** The viewer's own answer, as a list row says it. */
export const MY_RSVP_LABELS: Record<RsvpAnswer, string> = {
  going: 'You’re going',
  maybe: 'You might go',
  not_going: 'You can’t go',
};

export const RSVP_LABELS: Record<RsvpAnswer, string> = { going: 'Going', maybe: 'Maybe', not_going: 'Can’t go' };

export const needLabel = (need: IssueNeed): string => ISSUE_NEEDS.find((option) => option.id === need)?.label ?? need;

export const PRIORITY_COLORS: Record<IssuePriority, string> = { A: 'red', B: 'orange', C: 'gray' };

/** "urgent and important" for A, from the contract's labels. */
export const priorityMeaning = (priority: IssuePriority): string =>
  ISSUE_PRIORITIES.find((option) => option.id === priority)?.label.replace(/^[ABC] — /, '') ?? '';

export const goingLabel = (going: number, capacity: number | null): string =>
  capacity === null ? `${going} going` : `${going} of ${capacity} going`;
