import { NOTIFICATION_KINDS, type NotificationKind } from '@roundtable/contract/notifications';
import type { EmailContent } from '../../platform/mail.js';

type Unsubscribe = NonNullable<EmailContent['unsubscribe']>;
type Item = { kind: NotificationKind; title: string; body: string | null; url: string };

/** Per kind: the button, and what an email says when the member chose emails without content. */
const templates: Record<NotificationKind, { action: string; withoutContent: string }> = {
  application_received: {
    action: 'Review the application',
    withoutContent: 'Someone applied to a network you facilitate.',
  },
  application_decided: { action: 'See the decision', withoutContent: 'Your application to a network was decided.' },
  invitation_received: { action: 'See the invitation', withoutContent: 'You were invited to a network.' },
  member_joined: { action: 'See the members', withoutContent: 'Someone joined a network you facilitate.' },
  removed_from_network: { action: 'Open Roundtable', withoutContent: 'Your membership of a network changed.' },
  reply_to_my_thread: { action: 'Read the reply', withoutContent: 'Someone replied to your thread.' },
  mention: { action: 'See where', withoutContent: 'Someone mentioned you.' },
  post_moderated: { action: 'See your post', withoutContent: 'A facilitator has a note about one of your posts.' },
  post_flagged: { action: 'Review the flags', withoutContent: 'A post was flagged in a network you facilitate.' },
  pulse_waiting: { action: 'Answer the pulse', withoutContent: 'A pulse is waiting for your answer.' },
  pulse_answered: { action: 'See your pulse', withoutContent: 'Your pulse has its first answer.' },
  pulse_threshold: { action: 'See the results', withoutContent: 'Your pulse has enough answers to show results.' },
  pulse_closed: { action: 'See the results', withoutContent: 'Your pulse has closed.' },
  pulse_results: { action: 'See the results', withoutContent: 'Results of a pulse you were asked are out.' },
  meeting_scheduled: {
    action: 'See the meeting',
    withoutContent: 'A meeting of your network was scheduled or changed.',
  },
  meeting_agenda: { action: 'See the agenda', withoutContent: 'A meeting’s agenda was published.' },
  meeting_soon: { action: 'See the meeting', withoutContent: 'A meeting is coming up.' },
  meeting_recap: { action: 'Read the recap', withoutContent: 'The recap of a meeting you attended is ready.' },
  offer_received: { action: 'See the offer', withoutContent: 'A peer offered you something on an issue you raised.' },
  offer_due: { action: 'Send what you offered', withoutContent: 'Something you offered a peer is due.' },
  offer_fulfilled: { action: 'Open it', withoutContent: 'A peer sent you what they offered.' },
  attendance_alert: { action: 'See the attendance', withoutContent: 'A member has missed several meetings in a row.' },
  plan_action_due: { action: 'Open your plan', withoutContent: 'An action of your networking plan is due.' },
};

const labelOf = (kind: NotificationKind) => NOTIFICATION_KINDS.find((k) => k.id === kind)?.label ?? kind;

/** One notification as an email of its kind. */
export function notificationEmail(
  item: Item,
  options: { includeContent: boolean; link: string; unsubscribe: Unsubscribe },
): EmailContent {
  const template = templates[item.kind];
  if (!options.includeContent) {
    return {
      subject: template.withoutContent,
      preview: 'Open Roundtable to see it.',
      heading: template.withoutContent,
      paragraphs: ['You chose emails without content, so the details are waiting for you in Roundtable.'],
      action: { label: template.action, url: options.link },
      unsubscribe: options.unsubscribe,
    };
  }
  return {
    subject: item.title,
    preview: item.body ?? template.withoutContent,
    heading: item.title,
    paragraphs: item.body ? [item.body] : [],
    action: { label: template.action, url: options.link },
    unsubscribe: options.unsubscribe,
  };
}

/** Several notifications bundled into the daily or weekly digest. */
export function digestEmail(
  items: (Item & { link: string })[],
  options: { includeContent: boolean; frequency: 'daily' | 'weekly'; homeUrl: string; unsubscribe: Unsubscribe },
): EmailContent {
  const count = `${items.length} ${items.length === 1 ? 'update' : 'updates'}`;
  const lines = items.map((item) =>
    options.includeContent
      ? `${item.title}${item.body ? ` — ${item.body}` : ''} (${item.link})`
      : `${labelOf(item.kind)} (${item.link})`,
  );
  return {
    subject: `Your ${options.frequency} Roundtable digest: ${count}`,
    preview: options.includeContent ? (items[0]?.title ?? count) : count,
    heading: `${count} from your networks`,
    paragraphs: lines,
    action: { label: 'Open Roundtable', url: options.homeUrl },
    unsubscribe: options.unsubscribe,
  };
}
