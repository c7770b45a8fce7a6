import type { PageQuery } from '@roundtable/contract/common';
import type {
  EmailInvitationBody,
  EmailInvitationsView,
  InvitationAcceptBody,
  InvitationAcceptedView,
  InvitationPage,
  InvitationPreviewView,
  InvitationView,
  InviteLinkBody,
  InviteLinkView,
} from '@roundtable/contract/networks';
import type { Db } from '../../db/database.js';
import type { NetworkInvitation } from '../../db/tables.js';
import { run, write } from '../../db/write.js';
import { isoAfter, isoNow } from '../../platform/clock.js';
import { type AppContext, appLink, sendEmailAfterCommit } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { hashToken, newId, newSecretToken } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import type { SignedInActor } from '../../platform/policy.js';
import { grantAdmission, joinNetwork } from '../memberships/memberships.service.js';
import { presentPersonSummary } from '../networks/networks.presenter.js';
import { authorizeNetwork, findPeople, loadNetwork } from '../networks/networks.service.js';
import { planNotifications, publishNotifications, storeNotifications } from '../notifications/notifications.service.js';
import { invitationContent } from './invitations.emails.js';
import {
  findAccountAddress,
  findCharterVersion,
  findInvitationByTokenHash,
  findInvitationInNetwork,
  findInvitingNetwork,
  findMembershipStatus,
  findOpenAdmissionFrom,
  insertInvitation,
  listAccountsByEmail,
  listInvitationsOf,
  setInvitationRevoked,
  useInvitation,
} from './invitations.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An emailed invitation works for two weeks, and once. */
const EMAIL_INVITATION_DAYS = 14;

type Log = { error(object: object, message: string): void };

const invitationUrl = (ctx: AppContext, token: string) => appLink(ctx, `/invitations/${token}`);

/*
 * Anything a mail client would turn into a link: a scheme, `www.`, a host with a path, or a host
 * under a common top-level domain. The invitation's own button is the only link it carries, so a
 * personal note cannot send its reader to a look-alike sign-in page.
 */
const LINK =
  /([a-z][a-z0-9+.-]*:\/\/|\bwww\.|\bmailto:|\b[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\/|\b[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.(com|net|org|info|biz|io|co|me|app|dev|xyz|top|site|online|link|click|ly|ru|cn)\b)/iu;

/** Refuses a personal message with a link in it, before anything is written. */
function assertPlainMessage(message: string | null): void {
  if (message !== null && LINK.test(message))
    throw new AppError(
      'validation_failed',
      'A personal message cannot contain links; the invitation carries its own.',
      {
        details: [{ path: '/message', message: 'must not contain links' }],
      },
    );
}

function statusOf(invitation: NetworkInvitation, now: string): InvitationView['status'] {
  if (invitation.revokedAt) return 'revoked';
  if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return 'accepted';
  if (invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

async function presentInvitations(db: Db, invitations: NetworkInvitation[], now: string): Promise<InvitationView[]> {
  const people = await findPeople(
    db,
    invitations.map((invitation) => invitation.invitedBy),
  );
  return invitations.map((invitation) => {
    const inviter = people.get(invitation.invitedBy);
    return {
      id: invitation.id,
      kind: invitation.kind,
      email: invitation.email,
      status: statusOf(invitation, now),
      invitedBy: inviter
        ? presentPersonSummary(inviter)
        : { id: invitation.invitedBy, name: 'A former member', avatarUrl: null },
      uses: invitation.uses,
      maxUses: invitation.maxUses,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
    };
  });
}

/** Emails each address a one-time link that also works for someone without an account yet. */
export async function inviteByEmail(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  body: EmailInvitationBody,
  log: Log,
): Promise<EmailInvitationsView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.invite', loaded);
  const now = isoNow(ctx.clock);
  const expiresAt = isoAfter(ctx.clock, EMAIL_INVITATION_DAYS * DAY_MS);
  const message = body.message?.trim() ?? null;
  assertPlainMessage(message);
  const emails = [...new Set(body.emails.map((email) => email.trim().toLowerCase()))];
  // Counted per address and per inviter, whatever the network: the instance sends no bulk mail.
  await ctx.rateLimiter.take(
    `invitations:${actor.userId}`,
    ctx.rateRules.invitationsPerInviter,
    emails.length,
    `You can invite up to ${ctx.rateRules.invitationsPerInviter.limit} people an hour. Try again later.`,
  );
  const created = emails.map((email) => ({
    token: newSecretToken(),
    row: {
      id: newId(),
      networkId: loaded.network.id,
      kind: 'email' as const,
      email,
      tokenHash: '',
      message,
      invitedBy: actor.userId,
      maxUses: 1,
      uses: 0,
      createdAt: now,
      expiresAt,
      revokedAt: null,
    },
  }));
  for (const invitation of created) invitation.row.tokenHash = hashToken(invitation.token);
  const inviter = (await findPeople(ctx.db, [actor.userId])).get(actor.userId);
  /*
   * People who already have an account also find the invitation under their bell, once their email
   * is verified: anyone may sign up with someone else's address, and the notice (even of an unlisted
   * network) is for the owner of the address. The list shows it from the moment they verify.
   */
  const members = await listAccountsByEmail(ctx.db, emails);
  const verifiedIds = new Set(members.filter((member) => member.emailVerifiedAt !== null).map((member) => member.id));
  const planned = await planNotifications(
    ctx,
    ctx.db,
    members.flatMap((member) => {
      const invitation = created.find((candidate) => candidate.row.email === member.email);
      return invitation
        ? [
            {
              userId: member.id,
              kind: 'invitation_received' as const,
              title: `${inviter?.name ?? 'A member'} invites you to ${loaded.network.name}`,
              body: [message, 'Open the link in the invitation email to read the charter and join.']
                .filter(Boolean)
                .join(' '),
              // Never the link itself: only a hash of an invitation's token is kept.
              url: loaded.network.listed === 1 ? `/networks/${loaded.network.slug}` : '/networks',
              networkId: loaded.network.id,
            },
          ]
        : [];
    }),
  );
  await write(ctx.database, function* (tx) {
    for (const invitation of created) yield* run(insertInvitation, invitation.row);
    // Stored for everyone, pushed to open tabs only for verified addresses.
    const notifications = yield* storeNotifications(ctx, { afterCommit: () => undefined }, planned);
    tx.afterCommit(() =>
      publishNotifications(
        ctx,
        notifications.filter((row) => verifiedIds.has(row.userId)),
      ),
    );
  });
  const expiresOn = new Date(expiresAt).toUTCString().slice(0, 16);
  for (const invitation of created) {
    const content = invitationContent(
      {
        networkName: loaded.network.name,
        purpose: loaded.network.purpose,
        inviterName: inviter?.name ?? 'A member',
        message,
        expiresOn,
      },
      invitationUrl(ctx, invitation.token),
    );
    await sendEmailAfterCommit(ctx, invitation.row.email, content, log);
  }
  return {
    items: await presentInvitations(
      ctx.db,
      created.map((invitation) => invitation.row),
      now,
    ),
  };
}

/** A link to share by hand; its URL is answered once, only its hash is kept. */
export async function createInviteLink(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  body: InviteLinkBody,
): Promise<InviteLinkView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.invite', loaded);
  const now = isoNow(ctx.clock);
  const token = newSecretToken();
  const row: NetworkInvitation = {
    id: newId(),
    networkId: loaded.network.id,
    kind: 'link',
    email: null,
    tokenHash: hashToken(token),
    message: null,
    invitedBy: actor.userId,
    maxUses: body.maxUses ?? null,
    uses: 0,
    createdAt: now,
    expiresAt: isoAfter(ctx.clock, body.expiresInDays * DAY_MS),
    revokedAt: null,
  };
  await write(ctx.database, () => run(insertInvitation, row));
  const [invitation] = await presentInvitations(ctx.db, [row], now);
  if (!invitation) throw new Error('invitation vanished');
  return { invitation, url: invitationUrl(ctx, token) };
}

export async function listInvitations(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  query: PageQuery,
): Promise<InvitationPage> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  authorizeNetwork(actor, 'network.review', loaded);
  const limit = query.limit ?? 25;
  const found = await listInvitationsOf(ctx.db, loaded.network.id, { after: decodeCursor(query.cursor), limit });
  const page = toPage(found, limit, (row) => row);
  return { items: await presentInvitations(ctx.db, page.items, isoNow(ctx.clock)), nextCursor: page.nextCursor };
}

export async function revokeInvitation(
  ctx: AppContext,
  actor: SignedInActor,
  ref: string,
  invitationId: string,
): Promise<InvitationView> {
  const loaded = await loadNetwork(ctx.db, actor, ref);
  const invitation = await findInvitationInNetwork(ctx.db, loaded.network.id, invitationId);
  if (!invitation) throw notFound('That invitation');
  // The person who sent it may take it back; otherwise it is for those who run the network.
  if (invitation.invitedBy !== actor.userId) authorizeNetwork(actor, 'network.review', loaded);
  const now = isoNow(ctx.clock);
  const revoked = { ...invitation, revokedAt: invitation.revokedAt ?? now };
  await write(ctx.database, () => run(setInvitationRevoked, { id: invitation.id, revokedAt: revoked.revokedAt }));
  const [view] = await presentInvitations(ctx.db, [revoked], now);
  if (!view) throw notFound('That invitation');
  return view;
}

const unusable = () =>
  new AppError('invalid_token', 'This invitation has expired, was used already or was withdrawn. Ask for a new one.');

/** The invitation behind a token, if it can still be used. */
async function findUsableInvitation(db: Db, token: string, now: string) {
  const invitation = await findInvitationByTokenHash(db, hashToken(token));
  if (!invitation || statusOf(invitation, now) !== 'pending') return undefined;
  const network = await findInvitingNetwork(db, invitation.networkId);
  if (network?.status !== 'active') return undefined;
  return { invitation, network };
}

/** True when the token is a usable invitation: it lets its holder sign up on an invitation-only instance. */
export async function isUsableInvitation(ctx: AppContext, token: string): Promise<boolean> {
  return (await findUsableInvitation(ctx.db, token, isoNow(ctx.clock))) !== undefined;
}

/** What the invitation offers, shown before accepting; the token is the only credential needed. */
export async function previewInvitation(ctx: AppContext, token: string): Promise<InvitationPreviewView> {
  const found = await findUsableInvitation(ctx.db, token, isoNow(ctx.clock));
  if (!found) throw unusable();
  const { invitation, network } = found;
  const [charter, people] = await Promise.all([
    findCharterVersion(ctx.db, network.id, network.charterVersion),
    findPeople(ctx.db, [invitation.invitedBy]),
  ]);
  if (!charter) throw new Error(`network ${network.id} has no charter version ${network.charterVersion}`);
  return {
    network: {
      id: network.id,
      name: network.name,
      slug: network.slug,
      purpose: network.purpose,
      format: network.format,
      homeLocation: network.homeLocation,
      cadence: network.cadence as InvitationPreviewView['network']['cadence'],
      memberCount: network.memberCount,
      charterVersion: network.charterVersion,
      charter: charter.charter,
      confidentiality: charter.confidentiality,
    },
    invitedBy: { name: people.get(invitation.invitedBy)?.name ?? 'A member' },
    message: invitation.message,
    expiresAt: invitation.expiresAt,
  };
}

/**
 * An emailed invitation is for the address it was sent to: the link may be forwarded or seen over
 * a shoulder, so only an account that proved it owns that address accepts it. Shared links are for
 * whoever holds them.
 */
async function assertInvitedAccount(db: Db, actor: SignedInActor, invitation: NetworkInvitation): Promise<void> {
  const account = await findAccountAddress(db, actor.userId);
  if (!account || account.email.toLowerCase() !== invitation.email?.toLowerCase())
    throw new AppError(
      'forbidden',
      'This invitation was sent to another email address. Sign in with the account of that address to accept it.',
    );
  if (account.emailVerifiedAt === null)
    throw new AppError(
      'email_not_verified',
      'Confirm your email address first, with the link we sent you; then accept the invitation.',
    );
}

/**
 * Accepts an invitation for the signed-in person: it admits them to the network (using up an
 * emailed invitation), and with `charterVersion` joins at once.
 */
export async function acceptInvitation(
  ctx: AppContext,
  actor: SignedInActor,
  token: string,
  body: InvitationAcceptBody,
): Promise<InvitationAcceptedView> {
  const now = isoNow(ctx.clock);
  const found = await findUsableInvitation(ctx.db, token, now);
  if (!found) throw unusable();
  const { invitation, network } = found;
  if (invitation.kind === 'email') await assertInvitedAccount(ctx.db, actor, invitation);
  const membership = await findMembershipStatus(ctx.db, network.id, actor.userId);
  if (membership?.status === 'active') return { networkId: network.id, slug: network.slug, joined: true };

  const alreadyAdmitted = await findOpenAdmissionFrom(ctx.db, network.id, actor.userId, invitation.id);
  if (!alreadyAdmitted) {
    await write(ctx.database, function* () {
      // Counting the use and checking the limit in one statement keeps a one-time link one-time under races.
      if ((yield* run(useInvitation, { id: invitation.id })) === 0) throw unusable();
      yield* grantAdmission({
        networkId: network.id,
        userId: actor.userId,
        via: 'invitation',
        sourceId: invitation.id,
        now,
      });
    });
  }
  if (body.charterVersion === undefined) return { networkId: network.id, slug: network.slug, joined: false };
  await joinNetwork(ctx, actor, network.id, body.charterVersion);
  return { networkId: network.id, slug: network.slug, joined: true };
}
