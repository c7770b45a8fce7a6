import type { MemberView, OwnProfileView, ProfileField, ProfileVisibility } from '@roundtable/contract/profiles';
import { DEFAULT_VISIBILITY, type FieldVisibility, PROFILE_FIELDS } from '@roundtable/contract/profiles';
import type { Profile } from '../../db/tables.js';
import type { Actor } from '../../platform/policy.js';
import { type ProfileSubject, profilePolicies } from './profiles.policy.js';

type ProfileValues = Omit<OwnProfileView, 'avatarUrl' | 'visibility' | 'competitors' | 'customers'>;

const parseJson = (text: string, fallback: unknown): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};

/** Visibility as stored, with the default for every field it does not name. */
export function visibilityOf(profile: Profile | undefined): ProfileVisibility {
  const stored = profile ? parseJson(profile.visibility, {}) : {};
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const visibility = { ...DEFAULT_VISIBILITY };
  for (const field of PROFILE_FIELDS) {
    const value = record[field];
    if (value === 'network' || value === 'signed_in') visibility[field] = value;
  }
  return visibility;
}

const stringsIn = (text: string | undefined): string[] => {
  const stored = text === undefined ? [] : parseJson(text, []);
  return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
};

export const expertiseOf = (profile: Profile | undefined): string[] => stringsIn(profile?.expertise);

/** The companies the member declared competitors and customers; never part of what others see. */
export const declaredCompaniesOf = (profile: Pick<Profile, 'competitors' | 'customers'> | undefined) => ({
  competitors: stringsIn(profile?.competitors),
  customers: stringsIn(profile?.customers),
});

/** Every value of the profile; the row's columns hold only ids the contract allows, as the service wrote them. */
export function valuesOf(profile: Profile | undefined): ProfileValues {
  return {
    headline: profile?.headline ?? null,
    jobTitle: profile?.jobTitle ?? null,
    level: (profile?.level ?? null) as ProfileValues['level'],
    function: (profile?.function ?? null) as ProfileValues['function'],
    industry: (profile?.industry ?? null) as ProfileValues['industry'],
    company: profile?.company ?? null,
    companySize: (profile?.companySize ?? null) as ProfileValues['companySize'],
    region: (profile?.region ?? null) as ProfileValues['region'],
    timeZone: profile?.timeZone ?? null,
    yearsOfExperience: profile?.yearsOfExperience ?? null,
    expertise: expertiseOf(profile),
    bio: profile?.bio ?? null,
    website: profile?.website ?? null,
  };
}

/** The avatar's URL carries its version so browsers may cache it for good. */
export function avatarUrlOf(userId: string, profile: Profile | undefined): string | null {
  if (!profile?.avatarKey || !profile.avatarUpdatedAt) return null;
  const version = profile.avatarUpdatedAt.replace(/[^0-9]/g, '');
  return `/api/v1/members/${encodeURIComponent(userId)}/avatar?v=${version}`;
}

export function presentOwnProfile(userId: string, profile: Profile | undefined): OwnProfileView {
  return {
    ...valuesOf(profile),
    avatarUrl: avatarUrlOf(userId, profile),
    visibility: visibilityOf(profile),
    ...declaredCompaniesOf(profile),
  };
}

const isVisibleTo = (actor: Actor, visibility: FieldVisibility, subject: ProfileSubject): boolean =>
  visibility === 'signed_in'
    ? profilePolicies['profile.read.signedIn'](actor, subject)
    : profilePolicies['profile.read.network'](actor, subject);

/**
 * Another member as this viewer may see them. The one place profile visibility is applied: a
 * field the viewer may not see is left out entirely, exactly like an empty one, so its absence
 * says nothing.
 */
export function presentMember(
  member: { id: string; name: string },
  profile: Profile | undefined,
  actor: Actor,
  subject: ProfileSubject,
): MemberView {
  const values = valuesOf(profile);
  const visibility = visibilityOf(profile);
  const view: MemberView = {
    id: member.id,
    name: member.name,
    avatarUrl: avatarUrlOf(member.id, profile),
    isSelf: actor.kind === 'user' && actor.userId === member.id,
  };
  const shown: Partial<Record<ProfileField, unknown>> = {};
  for (const field of PROFILE_FIELDS) {
    const value = values[field];
    const isEmpty = value === null || (Array.isArray(value) && value.length === 0);
    if (!isEmpty && isVisibleTo(actor, visibility[field], subject)) shown[field] = value;
  }
  return { ...view, ...(shown as Partial<MemberView>) };
}
