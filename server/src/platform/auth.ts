import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.js';
import { type Clock, isoAfter, isoNow } from './clock.js';
import type { EventBus } from './events.js';
import { hashToken, newId, newSecretToken } from './ids.js';
import { type Actor, anonymous } from './policy.js';

export const SESSION_COOKIE = 'rt_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

export type SessionSettings = { sessionDays: number; secureCookies: boolean };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sessions that just ended: one by id, or every one of the user's except (optionally) one. */
export type SessionsEnded = { sessionId: string } | { all: true; except?: string };

/** The event-bus channel on which a user's open event streams hear that sessions ended. */
export const sessionsChannel = (userId: string) => `sessions:${userId}`;

/** The one channel on which every server hears that some user's sessions ended, to drop them from its cache. */
export const SESSIONS_ENDED_CHANNEL = 'sessions.ended';

/** Whether a stream opened with `sessionId` must close on hearing `ended`. */
export const isSessionEnded = (sessionId: string, ended: SessionsEnded): boolean =>
  'sessionId' in ended ? ended.sessionId === sessionId : ended.except !== sessionId;

type CachedSession = { actor: Actor & { kind: 'user' }; expiresAt: string; cachedAt: number };

/** How long a server trusts a session it looked up without asking the database again. */
export const SESSION_CACHE_TTL_MS = 30_000;

/**
 * Sessions are random tokens handed to the browser once; the database keeps only their hash.
 * Every request needs its session, so each server keeps the sessions in use in a bounded cache for
 * half a minute; a session that ends is dropped at once on this server and, through the event bus,
 * on every other one.
 */
export class Sessions {
  private readonly cache = new LRUCache<string, CachedSession>({
    max: 20_000,
    ttl: SESSION_CACHE_TTL_MS,
    dispose: (value, tokenHash) => this.forget(value.actor.userId, tokenHash),
  });
  /** The cached token hashes of each user, to drop them all when their sessions end. */
  private readonly cachedByUser = new Map<string, Set<string>>();
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SessionSettings,
    private readonly events: EventBus,
  ) {}

  /** Starts hearing sessions that end on other servers. */
  async listen(): Promise<void> {
    this.stopListening ??= await this.events.subscribe(SESSIONS_ENDED_CHANNEL, (event) => {
      const { userId, ended } = event.data as { userId: string; ended: SessionsEnded };
      this.dropCached(userId, ended);
    });
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
    this.cache.clear();
  }

  private forget(userId: string, tokenHash: string) {
    const hashes = this.cachedByUser.get(userId);
    hashes?.delete(tokenHash);
    if (hashes?.size === 0) this.cachedByUser.delete(userId);
  }

  private dropCached(userId: string, ended: SessionsEnded) {
    for (const tokenHash of [...(this.cachedByUser.get(userId) ?? [])]) {
      const cached = this.cache.peek(tokenHash);
      if (cached && isSessionEnded(cached.actor.sessionId, ended)) this.cache.delete(tokenHash);
    }
  }

  async create(userId: string, userAgent: string | undefined): Promise<{ token: string; expiresAt: string }> {
    const token = newSecretToken();
    const expiresAt = isoAfter(this.clock, this.settings.sessionDays * DAY_MS);
    await this.db
      .insertInto('sessions')
      .values({
        id: newId(),
        userId,
        tokenHash: hashToken(token),
        createdAt: isoNow(this.clock),
        expiresAt,
        userAgent: userAgent?.slice(0, 300) ?? null,
      })
      .execute();
    return { token, expiresAt };
  }

  /**
   * The actor a session token stands for; anonymous when the token is unknown or expired. A session
   * used in the second half of its life is renewed, so people who keep coming back stay signed in.
   */
  async resolve(token: string | undefined): Promise<{ actor: Actor; renewedUntil?: string }> {
    if (!token || token.length > 100) return { actor: anonymous };
    const tokenHash = hashToken(token);
    const lifetimeMs = this.settings.sessionDays * DAY_MS;
    const nowMs = this.clock.now().getTime();
    const isRenewalDue = (expiresAt: string) => Date.parse(expiresAt) - nowMs <= lifetimeMs / 2;
    const cached = this.cache.get(tokenHash);
    // A cached session due for renewal is looked up again, which renews it.
    if (cached && nowMs - cached.cachedAt < SESSION_CACHE_TTL_MS && !isRenewalDue(cached.expiresAt))
      return { actor: cached.actor };
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select(['sessions.id as sessionId', 'sessions.expiresAt', 'users.id as userId', 'users.role'])
      .where('sessions.tokenHash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || Date.parse(row.expiresAt) <= nowMs) {
      this.cache.delete(tokenHash);
      return { actor: anonymous };
    }
    const actor = { kind: 'user', userId: row.userId, role: row.role, sessionId: row.sessionId } as const;
    const renewedUntil = isRenewalDue(row.expiresAt) ? isoAfter(this.clock, lifetimeMs) : undefined;
    if (renewedUntil)
      await this.db.updateTable('sessions').set({ expiresAt: renewedUntil }).where('id', '=', row.sessionId).execute();
    this.remember(tokenHash, { actor, expiresAt: renewedUntil ?? row.expiresAt, cachedAt: nowMs });
    return renewedUntil ? { actor, renewedUntil } : { actor };
  }

  private remember(tokenHash: string, session: CachedSession) {
    this.cache.set(tokenHash, session);
    const hashes = this.cachedByUser.get(session.actor.userId) ?? new Set<string>();
    hashes.add(tokenHash);
    this.cachedByUser.set(session.actor.userId, hashes);
  }

  async revoke(userId: string, sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await this.announceEnded(userId, { sessionId });
  }

  /** Signs the person out everywhere, except (optionally) the session they act from. */
  async revokeAllFor(userId: string, exceptSessionId?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('userId', '=', userId);
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
    await query.execute();
    await this.announceEnded(userId, { all: true, ...(exceptSessionId ? { except: exceptSessionId } : {}) });
  }

  /**
   * Tells every server that sessions ended, so the event streams they opened close too; callers
   * that delete sessions inside their own transaction call it after the commit. Best effort: the
   * streams also re-check their session on every heartbeat.
   */
  async announceEnded(userId: string, ended: SessionsEnded): Promise<void> {
    this.dropCached(userId, ended);
    await this.events
      .publish(SESSIONS_ENDED_CHANNEL, { type: 'sessions.ended', data: { userId, ended } })
      .catch(() => undefined);
    await this.events.publish(sessionsChannel(userId), { type: 'sessions.ended', data: ended }).catch(() => undefined);
  }

  /** When a session still in force ends, or undefined once it was revoked or has expired. */
  async findExpiry(sessionId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('sessions').select('expiresAt').where('id', '=', sessionId).executeTakeFirst();
    return row && row.expiresAt > isoNow(this.clock) ? row.expiresAt : undefined;
  }

  setCookie(reply: FastifyReply, token: string, expiresAt: string): void {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.secureCookies,
      expires: new Date(expiresAt),
    });
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.settings.secureCookies,
    });
  }

  readToken(request: FastifyRequest): string | undefined {
    return request.cookies[SESSION_COOKIE];
  }
}
