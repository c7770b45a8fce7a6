import { type ErrorCode, type ErrorDetail, ErrorResponse } from '@roundtable/contract/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isUniqueViolation } from '../db/database.js';

const statusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  weak_password: 400,
  invalid_token: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  forbidden_origin: 403,
  sign_up_closed: 403,
  email_not_verified: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  network_full: 409,
  charter_outdated: 409,
  conflict_of_interest: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: ErrorDetail[]; retryAfterSeconds?: number } = {}) {
    super(message);
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get statusCode(): number {
    return statusByCode[this.code];
  }
}

/**
 * A route schema's error statuses, each answering the one error shape: features share this rather
 * than one feature's routes importing another's.
 */
export const errorResponses = <const Status extends number>(...statuses: Status[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorResponse])) as Record<Status, typeof ErrorResponse>;

/** A 400 naming one field of the body, e.g. `/endsAt` or `/items/2/issueId`, for rules a schema cannot say. */
export const invalidField = (path: string, message: string) =>
  new AppError('validation_failed', `The ${path.slice(1).replace(/\/.*/, '')} ${message}.`, {
    details: [{ path, message }],
  });

export const notFound = (what = 'That') => new AppError('not_found', `${what} was not found, or you cannot see it.`);

type AjvLikeError = { instancePath?: string; message?: string; params?: Record<string, unknown> };

function validationDetails(errors: AjvLikeError[], part: string | undefined): ErrorDetail[] {
  return errors.map((e) => {
    const extra = e.params?.additionalProperty ?? e.params?.missingProperty;
    const base = e.instancePath ?? '';
    const path = typeof extra === 'string' ? `${base}/${extra}` : base;
    const message = e.params?.additionalProperty !== undefined ? 'is not a known field' : (e.message ?? 'is not valid');
    return { path: part && part !== 'body' ? `${part}:${path}` : path, message };
  });
}

function toAppError(
  error: FastifyError & { validation?: AjvLikeError[]; validationContext?: string },
): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const details = validationDetails(error.validation, error.validationContext);
    const first = details[0];
    const where = first?.path ? ` (${first.path.replace(/^\//, '')} ${first.message})` : '';
    return new AppError('validation_failed', `The request is not valid${where}.`, { details });
  }
  if (isUniqueViolation(error)) return new AppError('conflict', 'That already exists.');
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'Send the request body as application/json.');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  if (error.statusCode === 404) return notFound();
  if (error.statusCode === 413) return new AppError('payload_too_large', 'The request body is too large.');
  if (error.statusCode === 415) return new AppError('unsupported_media_type', 'That content type is not accepted.');
  if (error.statusCode === 429) return new AppError('rate_limited', 'Too many requests; try again shortly.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('validation_failed', error.message);
  }
  return null;
}

export function errorBody(error: AppError): ErrorResponse {
  return {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
}

/** One handler answers every error in the one shape; unknown errors are logged and answered generically. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (!appError) {
      request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(500)
        .send(
          errorBody(
            new AppError('internal', `Something went wrong on our side (request ${request.id}). Please try again.`),
          ),
        );
    }
    if (appError.retryAfterSeconds !== undefined) reply.header('retry-after', String(appError.retryAfterSeconds));
    return reply.status(appError.statusCode).send(errorBody(appError));
  });
}
