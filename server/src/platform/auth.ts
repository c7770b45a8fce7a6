import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { type Clock, isoAfter, isoNow } from './clock.js';
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

/** Sessions are random tokens handed to the browser once; the database keeps only their hash. */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: SessionSettings,
  ) {}

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
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.userId')
      .select(['sessions.id as sessionId', 'sessions.expiresAt', 'users.id as userId', 'users.role'])
      .where('sessions.tokenHash', '=', hashToken(token))
      .executeTakeFirst();
    const now = isoNow(this.clock);
    if (!row || row.expiresAt <= now) return { actor: anonymous };
    const actor: Actor = { kind: 'user', userId: row.userId, role: row.role, sessionId: row.sessionId };
    const lifetimeMs = this.settings.sessionDays * DAY_MS;
    if (Date.parse(row.expiresAt) - this.clock.now().getTime() > lifetimeMs / 2) return { actor };
    const renewedUntil = isoAfter(this.clock, lifetimeMs);
    await this.db.updateTable('sessions').set({ expiresAt: renewedUntil }).where('id', '=', row.sessionId).execute();
    return { actor, renewedUntil };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  /** Signs the person out everywhere, except (optionally) the session they act from. */
  async revokeAllFor(userId: string, exceptSessionId?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('userId', '=', userId);
    if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
    await query.execute();
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
