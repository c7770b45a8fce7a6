import type { ApplicationView, ConflictView, MembershipView } from '@roundtable/contract/networks';
import type { NetworkApplication, Profile } from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { parseStrings, presentPersonSummary } from '../networks/networks.presenter.js';
import { presentMember } from '../profiles/profiles.presenter.js';
import type { MemberRow } from './memberships.queries.js';

/** Inside a network every member sees the others' network-only fields: they share the network. */
const peersIn = (networkId: string, memberId: string) => ({
  memberId,
  memberNetworkIds: [networkId],
  viewerNetworkIds: [networkId],
});

export function presentMembership(row: MemberRow, actor: Actor, isFacilitatorView: boolean): MembershipView {
  return {
    member: presentMember({ id: row.userId, name: row.name }, row.profile, actor, peersIn(row.networkId, row.userId)),
    role: row.role,
    joinedAt: row.joinedAt,
    ...(isFacilitatorView
      ? { acceptedCharterVersion: row.acceptedCharterVersion, acceptedCharterAt: row.acceptedCharterAt }
      : {}),
  };
}

/**
 * An application as facilitators review it. Applying shares the whole profile with the network's
 * facilitators, so they see it as a peer would.
 */
export function presentApplication(
  application: NetworkApplication,
  people: Map<string, { id: string; name: string; profile: Profile | undefined }>,
  questions: string[],
  conflicts: ConflictView[],
  actor: Actor,
): ApplicationView {
  const applicant = people.get(application.userId) ?? {
    id: application.userId,
    name: 'Former member',
    profile: undefined,
  };
  const decider = application.decidedBy ? people.get(application.decidedBy) : undefined;
  const answers = parseStrings(application.answers);
  return {
    id: application.id,
    networkId: application.networkId,
    applicant: presentMember(applicant, applicant.profile, actor, peersIn(application.networkId, applicant.id)),
    why: application.why,
    contribution: application.contribution,
    answers: answers.map((answer, index) => ({ question: questions[index] ?? `Question ${index + 1}`, answer })),
    status: application.status,
    decisionMessage: application.decisionMessage,
    decidedBy: decider ? presentPersonSummary(decider) : null,
    decidedAt: application.decidedAt,
    createdAt: application.createdAt,
    conflicts,
  };
}
