import {
  AUDIENCE_DIMENSIONS,
  type NetworkAbilities,
  type NetworkAudience,
  type NetworkSummaryView,
  type NetworkView,
  type NetworkViewerView,
  type PersonSummaryView,
} from '@roundtable/contract/networks';
import type { Network, Profile } from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { avatarUrlOf, valuesOf, visibilityOf } from '../profiles/profiles.presenter.js';
import { type NetworkAccess, networkPolicies } from './networks.policy.js';
import {
  ANYONE_MATCH,
  type AudienceRow,
  EXACT_MATCH,
  FIT_WEIGHTS,
  type FitDimension,
  type ViewerStanding,
  type ViewerTraits,
} from './networks.queries.js';

/** Who a network is for, from its audience rows; `*` (anyone) becomes an empty list. */
export function audienceOf(rows: readonly AudienceRow[]): NetworkAudience {
  const audience: Record<string, string[]> = Object.fromEntries(AUDIENCE_DIMENSIONS.map((d) => [d, []]));
  for (const row of rows) if (row.value !== '*') audience[row.dimension]?.push(row.value);
  return audience as NetworkAudience;
}

/** The audience as rows, one per value and `*` for a dimension open to anyone. */
export function audienceRowsOf(networkId: string, audience: NetworkAudience): AudienceRow[] {
  return AUDIENCE_DIMENSIONS.flatMap((dimension) => {
    const values = audience[dimension];
    return (values.length === 0 ? ['*'] : values).map((value) => ({ networkId, dimension, value }));
  });
}

/** The viewer's level, function, industry, size and region as the fit score compares them. */
export const traitsOf = (profile: Profile | undefined): ViewerTraits => ({
  levels: profile?.level ?? undefined,
  functions: profile?.function ?? undefined,
  industries: profile?.industry ?? undefined,
  companySizes: profile?.companySize ?? undefined,
  regions: profile?.region ?? undefined,
});

/**
 * The fit of a network for the viewer as a percentage: the same score the directory orders by,
 * over the best a network could score for the dimensions the viewer has filled in.
 */
export function fitOf(audience: NetworkAudience, traits: ViewerTraits): number | null {
  let score = 0;
  let best = 0;
  for (const dimension of Object.keys(FIT_WEIGHTS) as FitDimension[]) {
    const value = traits[dimension];
    if (!value) continue;
    const weight = FIT_WEIGHTS[dimension];
    best += EXACT_MATCH * weight;
    const values: readonly string[] = audience[dimension];
    if (values.length === 0) score += ANYONE_MATCH * weight;
    else if (values.includes(value)) score += EXACT_MATCH * weight;
  }
  return best === 0 ? null : Math.round((score / best) * 100);
}

export function accessFor(network: Network, standing: ViewerStanding): NetworkAccess {
  const membership = standing.memberships.get(network.id);
  const application = standing.applications.get(network.id);
  return {
    network,
    membership: membership ? { role: membership.role, status: membership.status } : null,
    application: application ? { status: application.status } : null,
    admitted: standing.admitted.has(network.id),
  };
}

export const hasSpace = (network: Pick<Network, 'sizeLimit' | 'memberCount'>): boolean =>
  network.sizeLimit === null || network.memberCount < network.sizeLimit;

function abilitiesOf(actor: Actor, access: NetworkAccess, network: Network): NetworkAbilities {
  const can = (action: keyof typeof networkPolicies) => networkPolicies[action](actor, access);
  return {
    join: can('network.join') && hasSpace(network),
    apply: can('network.apply'),
    leave: can('network.leave'),
    invite: can('network.invite'),
    readMembers: can('network.readMembers'),
    manage: can('network.manage'),
    review: can('network.review'),
    appointFacilitators: can('network.appointFacilitators'),
    decideProposal: can('network.decideProposal'),
  };
}

function viewerOf(actor: Actor, network: Network, standing: ViewerStanding): NetworkViewerView {
  const access = accessFor(network, standing);
  const membership = standing.memberships.get(network.id);
  const application = standing.applications.get(network.id);
  const isMember = membership?.status === 'active';
  return {
    role: isMember ? membership.role : null,
    acceptedCharterVersion: isMember ? membership.acceptedCharterVersion : null,
    application: application
      ? {
          id: application.id,
          status: application.status,
          decisionMessage: application.decisionMessage,
          createdAt: application.createdAt,
          decidedAt: application.decidedAt,
        }
      : null,
    admitted: access.admitted,
    abilities: abilitiesOf(actor, access, network),
  };
}

export function presentNetworkSummary(
  network: Network,
  audienceRows: readonly AudienceRow[],
  actor: Actor,
  standing: ViewerStanding,
  traits: ViewerTraits,
): NetworkSummaryView {
  const audience = audienceOf(audienceRows);
  return {
    id: network.id,
    name: network.name,
    slug: network.slug,
    purpose: network.purpose,
    status: network.status,
    format: network.format,
    homeLocation: network.homeLocation,
    cadence: network.cadence as NetworkSummaryView['cadence'],
    joinPolicy: network.joinPolicy,
    listed: network.listed === 1,
    audience,
    memberCount: network.memberCount,
    sizeLimit: network.sizeLimit,
    hasSpace: hasSpace(network),
    charterVersion: network.charterVersion,
    fit: fitOf(audience, traits),
    viewer: viewerOf(actor, network, standing),
  };
}

/** Name, picture and headline: what anyone signed in may see of a person, whatever the profile's settings. */
export function presentPersonSummary(person: {
  id: string;
  name: string;
  profile: Profile | undefined;
}): PersonSummaryView {
  const headline = valuesOf(person.profile).headline;
  const isHeadlinePublic = visibilityOf(person.profile).headline === 'signed_in';
  return {
    id: person.id,
    name: person.name,
    avatarUrl: avatarUrlOf(person.id, person.profile),
    ...(headline && isHeadlinePublic ? { headline } : {}),
  };
}

const parseStrings = (text: string): string[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
};

export const questionsOf = (network: Pick<Network, 'applicationQuestions'>): string[] =>
  parseStrings(network.applicationQuestions);
export { parseStrings };

export function presentNetwork(
  network: Network,
  details: {
    audienceRows: readonly AudienceRow[];
    charter: { charter: string; confidentiality: string; createdAt: string };
    facilitators: PersonSummaryView[];
    proposedBy: PersonSummaryView | null;
  },
  actor: Actor,
  standing: ViewerStanding,
  traits: ViewerTraits,
): NetworkView {
  return {
    ...presentNetworkSummary(network, details.audienceRows, actor, standing, traits),
    charter: details.charter.charter,
    confidentiality: details.charter.confidentiality,
    charterUpdatedAt: details.charter.createdAt,
    applicationQuestions: questionsOf(network),
    allowMemberInvites: network.allowMemberInvites === 1,
    experienceProtocol: network.experienceProtocol === 1,
    conflictRules: {
      refuseSameCompany: network.refuseSameCompany === 1,
      refuseCompetitors: network.refuseCompetitors === 1,
    },
    facilitators: details.facilitators,
    proposedBy: details.proposedBy,
    createdAt: network.createdAt,
  };
}
