import { type Static, Type } from 'typebox';
import { Id, Page, Timestamp } from './common.js';

export const OutboxMessageView = Type.Object({
  id: Id,
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String(),
  createdAt: Timestamp,
});
export type OutboxMessageView = Static<typeof OutboxMessageView>;

export const OutboxPage = Page(OutboxMessageView);
export type OutboxPage = Static<typeof OutboxPage>;

export const SignUpPolicy = Type.Union([Type.Literal('open'), Type.Literal('invitation')]);
export type SignUpPolicy = Static<typeof SignUpPolicy>;

export const InstanceSettingsView = Type.Object({
  /** `open`: anyone may create an account; `invitation`: only people invited to a network. */
  signUpPolicy: SignUpPolicy,
  /** Members may propose networks, which a host admin approves or declines. */
  memberNetworkProposals: Type.Boolean(),
  /**
   * Pulses ask (and so count toward their results threshold) only members who confirmed their
   * email: in open networks, made-up accounts cannot make up a threshold.
   */
  pulsesAskVerifiedOnly: Type.Boolean(),
  /** Pulses ask only members of at least this many days' standing in the pulse's network (0: everyone). */
  pulsesMinimumMemberDays: Type.Integer({ minimum: 0, maximum: 90 }),
});
export type InstanceSettingsView = Static<typeof InstanceSettingsView>;

export const InstanceSettingsUpdateBody = Type.Object(
  {
    signUpPolicy: Type.Optional(SignUpPolicy),
    memberNetworkProposals: Type.Optional(Type.Boolean()),
    pulsesAskVerifiedOnly: Type.Optional(Type.Boolean()),
    pulsesMinimumMemberDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type InstanceSettingsUpdateBody = Static<typeof InstanceSettingsUpdateBody>;

/** What anyone, signed in or not, may know about the instance (the sign-up page needs it). */
export const PublicInstanceView = Type.Object({
  signUpPolicy: SignUpPolicy,
  hasAdmin: Type.Boolean(),
  memberNetworkProposals: Type.Boolean(),
});
export type PublicInstanceView = Static<typeof PublicInstanceView>;

/** `queued` (waiting for its time or a worker), `running`, `failed` (attempts used up), `done`. */
export const JobStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('failed'),
  Type.Literal('done'),
]);
export type JobStatus = Static<typeof JobStatus>;

export const JobView = Type.Object({
  id: Id,
  /** The kind of job, e.g. `mail.send`. */
  name: Type.String(),
  status: JobStatus,
  /** Attempts started so far; a retried failed job starts again from zero. */
  attempts: Type.Integer({ minimum: 0 }),
  maxAttempts: Type.Integer({ minimum: 1 }),
  /** When the job runs, or ran, or runs again after a failed attempt. */
  runAt: Timestamp,
  /** The error of the latest failed attempt. */
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});
export type JobView = Static<typeof JobView>;

export const JobPage = Page(JobView);
export type JobPage = Static<typeof JobPage>;

export const JobListQuery = Type.Object(
  {
    status: Type.Optional(JobStatus),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  { additionalProperties: false },
);
export type JobListQuery = Static<typeof JobListQuery>;

export const JobParams = Type.Object({ jobId: Id }, { additionalProperties: false });
export type JobParams = Static<typeof JobParams>;
