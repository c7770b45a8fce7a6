import type { Generated, Insertable, Selectable } from 'kysely';

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

export interface JobsTable {
  id: string;
  name: string;
  /** JSON text of the payload. */
  payload: string;
  status: 'queued' | 'running' | 'failed' | 'done';
  attempts: Generated<number>;
  maxAttempts: number;
  runAt: Time;
  /** The lease of the worker running the job; once past, another worker may take it over. */
  lockedUntil: Time | null;
  singletonKey: string | null;
  lastError: string | null;
  createdAt: Time;
  finishedAt: Time | null;
}

export interface ProfilesTable {
  userId: string;
  headline: string | null;
  jobTitle: string | null;
  level: string | null;
  function: string | null;
  industry: string | null;
  company: string | null;
  companySize: string | null;
  region: string | null;
  timeZone: string | null;
  yearsOfExperience: number | null;
  /** JSON array of normalised tags. */
  expertise: Generated<string>;
  bio: string | null;
  website: string | null;
  /** JSON object: field name → `network` | `signed_in`; fields left out take the default. */
  visibility: Generated<string>;
  avatarKey: string | null;
  avatarUpdatedAt: Time | null;
  updatedAt: Time;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  emailTokens: EmailTokensTable;
  outboxMessages: OutboxMessagesTable;
  instanceSettings: InstanceSettingsTable;
  jobs: JobsTable;
  profiles: ProfilesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Profile = Selectable<ProfilesTable>;
export type NewProfile = Insertable<ProfilesTable>;
