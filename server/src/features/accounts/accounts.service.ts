import type {
  MeUpdateBody,
  MeView,
  PasswordChangeBody,
  PasswordResetCompleteBody,
  SignInBody,
  SignUpBody,
} from '@roundtable/contract/accounts';
import type { FastifyBaseLogger } from 'fastify';
import type { User } from '../../db/tables.js';
import { first, run, write } from '../../db/write.js';
import { isoAfter, isoNow } from '../../platform/clock.js';
import { type AppContext, appLink, sendEmailAfterCommit } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, newId, newSecretToken } from '../../platform/ids.js';
import { type EmailContent, renderEmail } from '../../platform/mail.js';
import { hashPassword, isCommonPassword, verifyPassword } from '../../platform/passwords.js';
import type { Actor, SignedInActor } from '../../platform/policy.js';
import { getPublicInstance } from '../instance/instance.service.js';
import { isUsableInvitation } from '../invitations/invitations.service.js';
import { presentOwnProfile } from '../profiles/profiles.presenter.js';
import {
  getOwnProfile,
  prepareProfileChanges,
  profileAfterChanges,
  saveProfileRow,
} from '../profiles/profiles.service.js';
import { passwordChangedContent, resetPasswordContent, verifyEmailContent } from './accounts.emails.js';
import { accountPolicies } from './accounts.policy.js';
import { presentMe } from './accounts.presenter.js';
import {
  claimHostAdminStep,
  consumeEmailToken,
  endOtherSessionsOf,
  endSessionsOf,
  findEmailTokenOwner,
  findUserByEmail,
  findUserById,
  insertEmailToken,
  insertUserRow,
  markEmailVerified,
  renameUser,
  retireEmailTokens,
  setPasswordFromReset,
  setPasswordHash,
} from './accounts.queries.js';

export type RequestMeta = { ip: string; userAgent: string | undefined; log: FastifyBaseLogger };

/** A new session to hand to the browser, with the account it belongs to. */
export type SignedIn = { me: MeView; token: string; expiresAt: string };

const HOUR_MS = 60 * 60 * 1000;
const VERIFY_LINK_MS = 48 * HOUR_MS;
const RESET_LINK_MS = HOUR_MS;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Wrong passwords count per account and address: an account-wide lock would let anyone who knows
 * a member's email lock them out. The per-IP limit still bounds one address across accounts.
 */
const signInFailuresKey = (email: string, ip: string) => `sign-in:failures:${email}:${ip}`;

function assertStrongPassword(password: string, personal: string[]): void {
  if (isCommonPassword(password, personal)) {
    throw new AppError(
      'weak_password',
      'That password is too common and easy to guess. Choose a longer, less common one.',
      {
        details: [{ path: '/password', message: 'is on the list of common passwords' }],
      },
    );
  }
}

const sendEmail = (ctx: AppContext, to: string, content: EmailContent, meta: RequestMeta) =>
  sendEmailAfterCommit(ctx, to, content, meta.log);

async function startSession(ctx: AppContext, user: User, meta: RequestMeta): Promise<SignedIn> {
  const session = await ctx.sessions.create(user.id, meta.userAgent);
  const actor: SignedInActor = { kind: 'user', userId: user.id, role: user.role, sessionId: '' };
  return { me: presentMe(user, actor, await getOwnProfile(ctx.db, user.id)), ...session };
}

async function issueEmailToken(
  ctx: AppContext,
  user: User,
  purpose: 'verify_email' | 'reset_password',
): Promise<string> {
  const token = newSecretToken();
  const now = isoNow(ctx.clock);
  const expiresAt = isoAfter(ctx.clock, purpose === 'verify_email' ? VERIFY_LINK_MS : RESET_LINK_MS);
  await write(ctx.database, function* () {
    yield* run(retireEmailTokens, { userId: user.id, purpose, now });
    yield* run(insertEmailToken, {
      id: newId(),
      userId: user.id,
      purpose,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
  });
  return token;
}

async function sendVerification(ctx: AppContext, user: User, meta: RequestMeta): Promise<void> {
  const token = await issueEmailToken(ctx, user, 'verify_email');
  await sendEmail(ctx, user.email, verifyEmailContent(user.name, appLink(ctx, '/verify-email', { token })), meta);
}

/** Creates an account and signs it in; the first account of an instance becomes its host admin. */
export async function signUp(ctx: AppContext, actor: Actor, input: SignUpBody, meta: RequestMeta): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  await ctx.rateLimiter.consume(
    `sign-up:ip:${meta.ip}`,
    ctx.rateRules.signUpPerIp,
    'Too many sign-ups from your network. Try again later.',
  );
  await ctx.rateLimiter.consume(
    `sign-up:email:${email}`,
    ctx.rateRules.signUpPerEmail,
    'Too many attempts for this email. Try again later.',
  );
  const instance = await getPublicInstance(ctx.db);
  const isInvited = input.invitationToken ? await isUsableInvitation(ctx, input.invitationToken) : false;
  if (!accountPolicies['account.create'](actor, { ...instance, isInvited })) {
    throw new AppError('sign_up_closed', 'This Roundtable is by invitation only. Ask a facilitator for an invitation.');
  }
  assertStrongPassword(input.password, [email, email.split('@')[0] ?? '', name]);
  if (await findUserByEmail(ctx.db, email)) {
    throw new AppError('email_taken', 'An account with this email already exists. Sign in, or reset your password.', {
      details: [{ path: '/email', message: 'is already registered' }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  const now = isoNow(ctx.clock);
  const userId = newId();
  // Hashed before the write: the write itself only claims and inserts.
  const user = await write(ctx.database, function* () {
    const role = (yield* claimHostAdminStep(userId)) ? 'admin' : 'member';
    const user: User = {
      id: userId,
      email,
      name,
      passwordHash,
      role,
      emailVerifiedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    yield* run(insertUserRow, user);
    return user;
  });
  await sendVerification(ctx, user, meta);
  return startSession(ctx, user, meta);
}

export async function signIn(ctx: AppContext, input: SignInBody, meta: RequestMeta): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const failuresKey = signInFailuresKey(email, meta.ip);
  await ctx.rateLimiter.consume(
    `sign-in:ip:${meta.ip}`,
    ctx.rateRules.signInPerIp,
    'Too many sign-in attempts from your network. Try again in a few minutes.',
  );
  await ctx.rateLimiter.assertUnderEach(
    failuresKey,
    ctx.rateRules.signInFailuresPerAccountAndIp,
    'Too many wrong passwords for this account from your network. Wait a little, or reset your password.',
  );
  const user = await findUserByEmail(ctx.db, email);
  const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isValid) {
    await ctx.rateLimiter.recordEach(failuresKey, ctx.rateRules.signInFailuresPerAccountAndIp);
    throw new AppError(
      'invalid_credentials',
      'That email and password do not match. Check them, or reset your password.',
    );
  }
  return startSession(ctx, user, meta);
}

export async function signOut(ctx: AppContext, actor: Actor): Promise<void> {
  if (actor.kind === 'user') await ctx.sessions.revoke(actor.userId, actor.sessionId);
}

/**
 * Always answers the same, whether or not the email has an account, and in the same time: the
 * request only counts against the limits and queues a job. Looking the account up, issuing the
 * token and talking to the mail server happen in the job, after the reply.
 */
export async function requestPasswordReset(ctx: AppContext, emailInput: string, meta: RequestMeta): Promise<void> {
  const email = normaliseEmail(emailInput);
  await ctx.rateLimiter.consume(
    `reset:ip:${meta.ip}`,
    ctx.rateRules.resetPerIp,
    'Too many reset requests from your network. Try again later.',
  );
  await ctx.rateLimiter.consume(
    `reset:email:${email}`,
    ctx.rateRules.resetPerAccount,
    'Too many reset requests for this email. Check your inbox, or try again later.',
  );
  await ctx.jobs.enqueue('accounts.passwordReset', { email }, { maxAttempts: 5 });
}

/** The `accounts.passwordReset` job: emails a fresh reset link if the address has an account. */
export async function sendPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const token = await issueEmailToken(ctx, user, 'reset_password');
  // A mail server error fails the job, which retries with a new link (the new one retires this one).
  await ctx.mailer.send(
    renderEmail(
      user.email,
      resetPasswordContent(user.name, appLink(ctx, '/reset-password', { token })),
      ctx.config.publicUrl.origin,
    ),
  );
}

const invalidLink = () =>
  new AppError('invalid_token', 'This link has expired or was already used. Ask for a new one.', {
    details: [{ path: '/token', message: 'is expired, used or unknown' }],
  });

/** Sets the new password, signs the person out everywhere, and signs them in here. */
export async function completePasswordReset(
  ctx: AppContext,
  input: PasswordResetCompleteBody,
  meta: RequestMeta,
): Promise<SignedIn> {
  const now = isoNow(ctx.clock);
  const tokenHash = hashToken(input.token);
  const owner = await findEmailTokenOwner(ctx.db, tokenHash);
  if (owner) assertStrongPassword(input.password, [owner.email, owner.name]);
  // Hashed before the write: the write itself only uses the token, sets the hash and ends sessions.
  const passwordHash = await hashPassword(input.password);
  const userId = await write(ctx.database, function* () {
    const consumedBy = (yield* first(consumeEmailToken, { tokenHash, purpose: 'reset_password', now }))?.userId;
    if (!consumedBy) return undefined;
    yield* run(setPasswordFromReset, { id: consumedBy, passwordHash, now });
    yield* run(endSessionsOf, { userId: consumedBy });
    return consumedBy;
  });
  if (!userId) throw invalidLink();
  await ctx.sessions.announceEnded(userId, { all: true });
  if (owner?.id !== userId) throw invalidLink();
  // The account as the write left it, from the row read before it.
  const user: User = { ...owner, passwordHash, updatedAt: now, emailVerifiedAt: owner.emailVerifiedAt ?? now };
  return startSession(ctx, user, meta);
}

export async function verifyEmail(ctx: AppContext, token: string): Promise<void> {
  const now = isoNow(ctx.clock);
  const verified = await write(ctx.database, function* () {
    const consumed = yield* first(consumeEmailToken, { tokenHash: hashToken(token), purpose: 'verify_email', now });
    if (!consumed) return false;
    yield* run(markEmailVerified, { id: consumed.userId, now });
    return true;
  });
  if (!verified) throw invalidLink();
}

async function getSignedInUser(ctx: AppContext, actor: SignedInActor): Promise<User> {
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return user;
}

export async function resendVerification(ctx: AppContext, actor: SignedInActor, meta: RequestMeta): Promise<void> {
  const user = await getSignedInUser(ctx, actor);
  if (user.emailVerifiedAt) return;
  await ctx.rateLimiter.consume(
    `verify-resend:${user.id}`,
    ctx.rateRules.resetPerAccount,
    'We have sent several emails already. Check your spam folder, or try again later.',
  );
  await sendVerification(ctx, user, meta);
}

export async function getMe(ctx: AppContext, actor: SignedInActor): Promise<MeView> {
  const [user, profile] = await Promise.all([getSignedInUser(ctx, actor), getOwnProfile(ctx.db, actor.userId)]);
  return presentMe(user, actor, profile);
}

export async function updateMe(ctx: AppContext, actor: SignedInActor, changes: MeUpdateBody): Promise<MeView> {
  const user = await getSignedInUser(ctx, actor);
  const now = isoNow(ctx.clock);
  const name = changes.name?.trim() ?? user.name;
  // Checked before the transaction, so a refused profile change writes nothing, the name included.
  const profileChanges = changes.profile ? prepareProfileChanges(changes.profile) : undefined;
  const profile = profileChanges ? await profileAfterChanges(ctx.db, user.id, profileChanges, now) : undefined;
  await write(ctx.database, function* () {
    yield* run(renameUser, { id: user.id, name, updatedAt: now });
    if (profile) yield* saveProfileRow(profile);
  });
  return presentMe(
    { ...user, name, updatedAt: now },
    actor,
    profile ? presentOwnProfile(user.id, profile) : await getOwnProfile(ctx.db, user.id),
  );
}

/** Changes the password and signs out every other session of the account. */
export async function changePassword(
  ctx: AppContext,
  actor: SignedInActor,
  input: PasswordChangeBody,
  meta: RequestMeta,
): Promise<void> {
  const user = await getSignedInUser(ctx, actor);
  const failuresKey = signInFailuresKey(user.email, meta.ip);
  await ctx.rateLimiter.assertUnderEach(
    failuresKey,
    ctx.rateRules.signInFailuresPerAccountAndIp,
    'Too many wrong passwords. Wait a little and try again.',
  );
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await ctx.rateLimiter.recordEach(failuresKey, ctx.rateRules.signInFailuresPerAccountAndIp);
    throw new AppError('invalid_credentials', 'Your current password is not right.', {
      details: [{ path: '/currentPassword', message: 'does not match' }],
    });
  }
  assertStrongPassword(input.newPassword, [user.email, user.name]);
  const passwordHash = await hashPassword(input.newPassword);
  await write(ctx.database, function* () {
    yield* run(setPasswordHash, { id: user.id, passwordHash, updatedAt: isoNow(ctx.clock) });
    yield* run(endOtherSessionsOf, { userId: user.id, keepSessionId: actor.sessionId });
  });
  await ctx.sessions.announceEnded(user.id, { all: true, except: actor.sessionId });
  await sendEmail(ctx, user.email, passwordChangedContent(user.name, appLink(ctx, '/forgot-password')), meta);
}
