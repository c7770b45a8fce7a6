import { type Static, Type } from 'typebox';
import { Id, Timestamp } from './common.js';
import { OwnProfileView, ProfileUpdateBody } from './profiles.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

const Email = Type.String({ format: 'email', minLength: 3, maxLength: EMAIL_MAX_LENGTH });
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH, pattern: '\\S' });
// Passwords are taken exactly as typed: normalising them would lock out whoever chose one before.
const NewPassword = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, 'x-text': 'raw' });
const AnyPassword = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH, 'x-text': 'raw' });
const Token = Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });

export const SignUpBody = Type.Object(
  {
    email: Email,
    name: Name,
    password: NewPassword,
    /** A network invitation's token: lets the person sign up when the instance is invitation-only. */
    invitationToken: Type.Optional(Token),
  },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignInBody = Type.Object({ email: Email, password: AnyPassword }, { additionalProperties: false });
export type SignInBody = Static<typeof SignInBody>;

export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;

export const PasswordResetCompleteBody = Type.Object(
  { token: Token, password: NewPassword },
  { additionalProperties: false },
);
export type PasswordResetCompleteBody = Static<typeof PasswordResetCompleteBody>;

export const VerifyEmailBody = Type.Object({ token: Token }, { additionalProperties: false });
export type VerifyEmailBody = Static<typeof VerifyEmailBody>;

export const PasswordChangeBody = Type.Object(
  { currentPassword: AnyPassword, newPassword: NewPassword },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const Role = Type.Union([Type.Literal('member'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

/** What the signed-in person may do across the instance; the web app never re-derives these. */
export const MeAbilities = Type.Object({
  readOutbox: Type.Boolean(),
  manageInstance: Type.Boolean(),
});

export const MeView = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  emailVerified: Type.Boolean(),
  createdAt: Timestamp,
  abilities: MeAbilities,
  /** The peer profile with every value and who may see each field. */
  profile: OwnProfileView,
});
export type MeView = Static<typeof MeView>;

export const MeUpdateBody = Type.Object(
  { name: Type.Optional(Name), profile: Type.Optional(ProfileUpdateBody) },
  { additionalProperties: false, minProperties: 1 },
);
export type MeUpdateBody = Static<typeof MeUpdateBody>;
