import {
  AVATAR_MAX_BYTES,
  AVATAR_SIZE_PX,
  BIO_MAX_LENGTH,
  COMPANY_SIZES,
  companyKey,
  EXPERTISE_MAX_TAGS,
  EXPERTISE_TAG_MAX_LENGTH,
  FUNCTIONS,
  INDUSTRIES,
  isValidTimeZone,
  LEVELS,
  type MemberView,
  normaliseTag,
  type OwnProfileView,
  PROFILE_FIELDS,
  type ProfileOptionsView,
  type ProfileUpdateBody,
  REGIONS,
  VISIBILITY_OPTIONS,
} from '@roundtable/contract/profiles';
import sharp from 'sharp';
import type { Db } from '../../db/database.js';
import type { NewProfile, Profile } from '../../db/tables.js';
import { run, type Work } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Actor, SignedInActor } from '../../platform/policy.js';
import { authorize } from '../../platform/policy.js';
import { listNetworkIdsOf } from '../networks/networks.service.js';
import { profilePolicies } from './profiles.policy.js';
import {
  declaredCompaniesOf,
  expertiseOf,
  presentMember,
  presentOwnProfile,
  visibilityOf,
} from './profiles.presenter.js';
import { findMember, findProfile, setAvatar, upsertProfile, upsertProfileRow } from './profiles.queries.js';

const profileOptions: ProfileOptionsView = {
  levels: [...LEVELS],
  functions: [...FUNCTIONS],
  industries: [...INDUSTRIES],
  regions: [...REGIONS],
  companySizes: [...COMPANY_SIZES],
  visibilities: [...VISIBILITY_OPTIONS],
  limits: {
    expertiseMaxTags: EXPERTISE_MAX_TAGS,
    expertiseTagMaxLength: EXPERTISE_TAG_MAX_LENGTH,
    bioMaxLength: BIO_MAX_LENGTH,
    avatarMaxBytes: AVATAR_MAX_BYTES,
  },
};

export const getProfileOptions = (): ProfileOptionsView => profileOptions;

/** The signed-in member's own profile, with every value and visibility. */
export async function getOwnProfile(db: Db, userId: string): Promise<OwnProfileView> {
  return presentOwnProfile(userId, await findProfile(db, userId));
}

const invalid = (path: string, message: string, sentence: string) =>
  new AppError('validation_failed', sentence, { details: [{ path, message }] });

/**
 * Checks what the schema cannot (the time zone exists, the link parses) and normalises text.
 * Throws before anything is written.
 */
export function prepareProfileChanges(changes: ProfileUpdateBody): ProfileUpdateBody {
  const prepared: ProfileUpdateBody = { ...changes };
  for (const field of ['headline', 'jobTitle', 'company', 'bio', 'website', 'timeZone'] as const) {
    const value = prepared[field];
    if (typeof value === 'string') prepared[field] = value.trim();
  }
  if (typeof prepared.timeZone === 'string' && !isValidTimeZone(prepared.timeZone)) {
    throw invalid(
      '/profile/timeZone',
      'is not a known IANA time zone',
      'The time zone is not one we know. Pick one from the list, such as Europe/Berlin.',
    );
  }
  if (typeof prepared.website === 'string') {
    let url: URL | undefined;
    try {
      url = new URL(prepared.website);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
      throw invalid(
        '/profile/website',
        'must be an http or https link',
        'The website must be an http:// or https:// link.',
      );
    }
    prepared.website = url.toString();
  }
  for (const field of ['competitors', 'customers'] as const) {
    const names = prepared[field];
    if (!names) continue;
    const byKey = new Map<string, string>();
    for (const name of names.map((n) => n.trim().replace(/\s+/g, ' '))) {
      const key = companyKey(name);
      if (key && !byKey.has(key)) byKey.set(key, name);
    }
    prepared[field] = [...byKey.values()];
  }
  if (prepared.expertise) {
    const seen = new Set<string>();
    for (const tag of prepared.expertise.map(normaliseTag)) if (tag) seen.add(tag);
    prepared.expertise = [...seen];
  }
  return prepared;
}

/** The row after applying a partial change: a field left out keeps its value, null clears it. */
export function mergeProfile(
  userId: string,
  current: Profile | undefined,
  changes: ProfileUpdateBody,
  now: string,
): NewProfile {
  const visibility = { ...visibilityOf(current), ...changes.visibility };
  const pick = <K extends keyof ProfileUpdateBody & keyof Profile>(field: K, fallback: Profile[K] | null) =>
    field in changes ? (changes[field] ?? null) : fallback;
  return {
    userId,
    headline: pick('headline', current?.headline ?? null) as string | null,
    jobTitle: pick('jobTitle', current?.jobTitle ?? null) as string | null,
    level: pick('level', current?.level ?? null) as string | null,
    function: pick('function', current?.function ?? null) as string | null,
    industry: pick('industry', current?.industry ?? null) as string | null,
    company: pick('company', current?.company ?? null) as string | null,
    companySize: pick('companySize', current?.companySize ?? null) as string | null,
    region: pick('region', current?.region ?? null) as string | null,
    timeZone: pick('timeZone', current?.timeZone ?? null) as string | null,
    yearsOfExperience: pick('yearsOfExperience', current?.yearsOfExperience ?? null) as number | null,
    expertise: JSON.stringify('expertise' in changes ? (changes.expertise ?? []) : expertiseOf(current)),
    bio: pick('bio', current?.bio ?? null) as string | null,
    website: pick('website', current?.website ?? null) as string | null,
    visibility: JSON.stringify(Object.fromEntries(PROFILE_FIELDS.map((field) => [field, visibility[field]]))),
    competitors: JSON.stringify(changes.competitors ?? declaredCompaniesOf(current).competitors),
    customers: JSON.stringify(changes.customers ?? declaredCompaniesOf(current).customers),
    avatarKey: current?.avatarKey ?? null,
    avatarUpdatedAt: current?.avatarUpdatedAt ?? null,
    updatedAt: now,
  };
}

/**
 * The member's profile row after a prepared partial change, from the row stored now: read before
 * the caller's write, which stores it with `saveProfileRow`.
 */
export async function profileAfterChanges(
  db: Db,
  userId: string,
  changes: ProfileUpdateBody,
  now: string,
): Promise<Profile> {
  return mergeProfile(userId, await findProfile(db, userId), changes, now) as Profile;
}

/** Stores a row `profileAfterChanges` made, as a step of the caller's write. */
export const saveProfileRow = (profile: Profile): Work<number> => run(upsertProfileRow, profile);

/**
 * Applies a prepared partial change to the member's profile. Runs inside the caller's
 * transaction, so a name and profile change land together or not at all.
 */
export async function saveProfileChanges(
  db: Db,
  userId: string,
  changes: ProfileUpdateBody,
  now: string,
): Promise<void> {
  const current = await findProfile(db, userId);
  await upsertProfile(db, mergeProfile(userId, current, changes, now));
}

/** Another member's profile, reduced to what the viewer may see. */
export async function getMember(ctx: AppContext, actor: Actor, memberId: string): Promise<MemberView> {
  const member = await findMember(ctx.db, memberId);
  if (!member) throw notFound('That member');
  const viewerId = actor.kind === 'user' ? actor.userId : null;
  const networks = await listNetworkIdsOf(ctx.db, viewerId ? [viewerId, memberId] : [memberId]);
  const subject = {
    memberId,
    memberNetworkIds: networks.get(memberId) ?? [],
    viewerNetworkIds: viewerId ? (networks.get(viewerId) ?? []) : [],
  };
  authorize(actor, 'profile.read', profilePolicies['profile.read.signedIn'], subject);
  return presentMember(member, await findProfile(ctx.db, memberId), actor, subject);
}

type ImageKind = 'jpeg' | 'png' | 'webp';

/** The image type from the file's first bytes; the uploader's file name and content type are not trusted. */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return null;
}

/** Decompression bombs stop here: no avatar needs more than 50 megapixels of input. */
const MAX_INPUT_PIXELS = 50_000_000;

async function toAvatar(bytes: Buffer): Promise<Buffer> {
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(AVATAR_SIZE_PX, AVATAR_SIZE_PX, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw invalid(
      '/file',
      'could not be read as an image',
      'That image could not be read. Try another JPEG, PNG or WebP file.',
    );
  }
}

/**
 * Stores a new avatar: checked by its bytes, cropped to a square and re-encoded, which also drops
 * any metadata (such as a photo's location). The old file goes once the new one is recorded.
 */
export async function replaceAvatar(ctx: AppContext, actor: SignedInActor, bytes: Buffer): Promise<OwnProfileView> {
  if (!sniffImage(bytes)) {
    throw new AppError('unsupported_media_type', 'Upload a JPEG, PNG or WebP image.', {
      details: [{ path: '/file', message: 'is not a JPEG, PNG or WebP image' }],
    });
  }
  const avatar = await toAvatar(bytes);
  const key = `avatars/${actor.userId}/${newId()}.webp`;
  await ctx.files.put(key, avatar, 'image/webp');
  const previous = await findProfile(ctx.db, actor.userId);
  const now = isoNow(ctx.clock);
  await setAvatar(ctx.db, actor.userId, { avatarKey: key, avatarUpdatedAt: now }, now);
  if (previous?.avatarKey) await ctx.files.delete(previous.avatarKey);
  return getOwnProfile(ctx.db, actor.userId);
}

export async function removeAvatar(ctx: AppContext, actor: SignedInActor): Promise<OwnProfileView> {
  const previous = await findProfile(ctx.db, actor.userId);
  if (previous?.avatarKey) {
    const now = isoNow(ctx.clock);
    await setAvatar(ctx.db, actor.userId, { avatarKey: null, avatarUpdatedAt: null }, now);
    await ctx.files.delete(previous.avatarKey);
  }
  return getOwnProfile(ctx.db, actor.userId);
}

/** The avatar image of a member, for anyone signed in (like the name it sits beside). */
export async function getAvatar(ctx: AppContext, actor: Actor, memberId: string): Promise<Buffer> {
  authorize(actor, 'profile.read', profilePolicies['profile.read.signedIn'], {
    memberId,
    memberNetworkIds: [],
    viewerNetworkIds: [],
  });
  const profile = await findProfile(ctx.db, memberId);
  const file = profile?.avatarKey ? await ctx.files.get(profile.avatarKey) : undefined;
  if (!file) throw notFound('That picture');
  return file;
}
