import {
  AUDIENCE_DIMENSIONS,
  type AudienceDimension,
  CADENCES,
  type JoinPolicy,
  NETWORK_FORMATS,
  type NetworkAudience,
} from '@roundtable/contract/networks';
import { COMPANY_SIZES, FUNCTIONS, INDUSTRIES, LEVELS, type Option, REGIONS } from '@roundtable/contract/profiles';
import { labelOf } from '../profiles/profile-labels';

export const formatLabel = (format: string): string => labelOf(NETWORK_FORMATS, format) ?? format;
export const cadenceLabel = (cadence: string): string => labelOf(CADENCES, cadence) ?? cadence;

/** The short name of a join policy, for badges; the contract's longer labels explain it on forms. */
export const joinPolicyBadge: Record<JoinPolicy, string> = {
  open: 'Open to join',
  application: 'By application',
  invitation: 'By invitation',
};

export const audienceOptions: Record<AudienceDimension, readonly Option[]> = {
  levels: LEVELS,
  functions: FUNCTIONS,
  industries: INDUSTRIES,
  companySizes: COMPANY_SIZES,
  regions: REGIONS,
};

export const audienceLabels: Record<AudienceDimension, string> = {
  levels: 'Levels',
  functions: 'Functions',
  industries: 'Industries',
  companySizes: 'Company sizes',
  regions: 'Regions',
};

/** Each dimension of who a network is for, as labels; an empty dimension reads "Anyone". */
export function audienceSummary(audience: NetworkAudience): { dimension: AudienceDimension; labels: string[] }[] {
  return AUDIENCE_DIMENSIONS.map((dimension) => ({
    dimension,
    labels: (audience[dimension] as readonly string[]).map((id) => labelOf(audienceOptions[dimension], id) ?? id),
  }));
}

/** "12 members", "12 of 20 members", "Full: 20 of 20 members". */
export function membersLabel(memberCount: number, sizeLimit: number | null): string {
  const noun = (count: number) => (count === 1 ? 'member' : 'members');
  if (sizeLimit === null) return `${memberCount} ${noun(memberCount)}`;
  const text = `${memberCount} of ${sizeLimit} ${noun(sizeLimit)}`;
  return memberCount >= sizeLimit ? `Full: ${text}` : text;
}
