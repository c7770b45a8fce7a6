import type { Pulse } from '../../db/tables.js';
import { type Actor, isHostAdmin, isSignedIn, type Policy } from '../../platform/policy.js';

export const pulseRoutePolicies = {
  /** Each pulse route loads the pulse or network and the viewer's standing, then applies the policies below. */
  'pulses.signedIn': isSignedIn,
} satisfies Record<string, Policy>;

/** Everything a decision about one pulse needs, loaded once by the service. */
export type PulseAccess = {
  pulse: Pick<
    Pulse,
    'askerId' | 'closesAt' | 'closedAt' | 'hiddenAt' | 'extended' | 'resultsVisibility' | 'breakdownTakenAt'
  >;
  /** The viewer's state when they were asked; null when not. */
  recipientState: 'waiting' | 'answered' | 'declined' | 'missed' | null;
  /** The viewer facilitates one of the pulse's networks. */
  isFacilitator: boolean;
  now: string;
};

const isAsker = (actor: Actor, { pulse }: PulseAccess) => isSignedIn(actor) && actor.userId === pulse.askerId;
export const isOpen = ({ pulse, now }: Pick<PulseAccess, 'pulse' | 'now'>) =>
  pulse.closedAt === null && pulse.hiddenAt === null && now < pulse.closesAt;
const isClosed = (access: PulseAccess) => !isOpen(access) && access.pulse.hiddenAt === null;
const isModerator = (actor: Actor, access: PulseAccess) => isHostAdmin(actor) || access.isFacilitator;

export const pulsePolicies = {
  /** The asker, the members asked, and those who keep its networks in order; a hidden pulse leaves the members' view. */
  'pulse.read': (actor, access) =>
    isSignedIn(actor) &&
    (isAsker(actor, access) ||
      isModerator(actor, access) ||
      (access.recipientState !== null && access.pulse.hiddenAt === null)),
  'pulse.answer': (actor, access) => isSignedIn(actor) && access.recipientState !== null && isOpen(access),
  'pulse.decline': (actor, access) => isSignedIn(actor) && access.recipientState === 'waiting' && isOpen(access),
  /**
   * The asker at any time; a member after answering (unless the asker chose "after the deadline");
   * everyone asked, and the facilitators, once it has closed.
   */
  'pulse.viewResults': (actor, access) =>
    isSignedIn(actor) &&
    (isAsker(actor, access) ||
      (access.recipientState === 'answered' &&
        access.pulse.resultsVisibility === 'after_answer' &&
        access.pulse.hiddenAt === null) ||
      (isClosed(access) && (access.recipientState !== null || isModerator(actor, access)))),
  /** From the copy frozen at the first close, so a later answer never moves one person between groups. */
  'pulse.breakDown': (actor, access) => isAsker(actor, access) && access.pulse.breakdownTakenAt !== null,
  'pulse.close': (actor, access) => isAsker(actor, access) && isOpen(access),
  'pulse.extend': (actor, access) => isAsker(actor, access) && isOpen(access) && access.pulse.extended === 0,
  'pulse.reopen': (actor, access) => isAsker(actor, access) && isClosed(access),
  'pulse.hide': (actor, access) => isSignedIn(actor) && isModerator(actor, access),
} satisfies Record<string, Policy<PulseAccess>>;

export type PulseAction = keyof typeof pulsePolicies;
