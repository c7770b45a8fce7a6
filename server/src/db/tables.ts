import type { Insertable, Selectable } from 'kysely';

/** Times are ISO-8601 UTC strings on both dialects, so they sort and compare the same everywhere. */
type Time = string;

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: 'member' | 'admin';
  emailVerifiedAt: Time | null;
  createdAt: Time;
  updatedAt: Time;
}

export interface SessionsTable {
  id: string;
  userId: string;
  tokenHash: string;
  createdAt: Time;
  expiresAt: Time;
  userAgent: string | null;
}

export interface EmailTokensTable {
  id: string;
  userId: string;
  purpose: 'verify_email' | 'reset_password';
  tokenHash: string;
  createdAt: Time;
  expiresAt: Time;
  usedAt: Time | null;
}

export interface OutboxMessagesTable {
  id: string;
  toAddress: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Time;
}

export interface InstanceSettingsTable {
  key: string;
  value: string;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  emailTokens: EmailTokensTable;
  outboxMessages: OutboxMessagesTable;
  instanceSettings: InstanceSettingsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
