import { type Static, Type } from 'typebox';

/** Every error code the API answers with; the server maps each to one HTTP status. */
export const ErrorCodes = [
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'forbidden',
  'forbidden_origin',
  'not_found',
  'conflict',
  'rate_limited',
  'invalid_credentials',
  'weak_password',
  'invalid_token',
  'sign_up_closed',
  'email_taken',
  'email_not_verified',
  'network_full',
  'charter_outdated',
  'conflict_of_interest',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof ErrorCodes)[number];

export const ErrorDetail = Type.Object({
  /** JSON pointer to the offending field, e.g. `/email`; empty for the whole body. */
  path: Type.String(),
  message: Type.String(),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

/** The one shape of every error response. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.Enum(ErrorCodes),
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail)),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;
