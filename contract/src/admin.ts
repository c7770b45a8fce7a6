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
});
export type InstanceSettingsView = Static<typeof InstanceSettingsView>;

export const InstanceSettingsUpdateBody = Type.Object(
  { signUpPolicy: Type.Optional(SignUpPolicy) },
  { additionalProperties: false, minProperties: 1 },
);
export type InstanceSettingsUpdateBody = Static<typeof InstanceSettingsUpdateBody>;

/** What anyone, signed in or not, may know about the instance (the sign-up page needs it). */
export const PublicInstanceView = Type.Object({
  signUpPolicy: SignUpPolicy,
  hasAdmin: Type.Boolean(),
});
export type PublicInstanceView = Static<typeof PublicInstanceView>;
