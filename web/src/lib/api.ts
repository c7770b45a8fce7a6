import type { ErrorCode, ErrorDetail } from '@roundtable/contract/errors';

const API_BASE = '/api/v1';

export const NETWORK_ERROR_MESSAGE = 'Could not reach Roundtable. Check your connection and try again.';

/** Every failed request: the server's `{ error: { code, message, details } }`, or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | 'network_error';
  readonly details: ErrorDetail[];
  /** Seconds to wait before trying again, from the Retry-After header of a 429. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: ErrorCode | 'network_error';
    message: string;
    details?: ErrorDetail[];
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** The sentence to show a person for any error thrown by a request or a query. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again in a moment.';
}

type RequestOptions = { signal?: AbortSignal };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function parseRetryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function parseDetails(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const body: unknown = await response.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError({
      status: response.status,
      code: error.code as ErrorCode,
      message: error.message,
      details: parseDetails(error.details),
      retryAfter,
    });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'unavailable' : 'internal',
    message:
      response.status >= 500
        ? 'Roundtable is having trouble right now. Try again in a moment.'
        : `The request failed (HTTP ${response.status}). Try again in a moment.`,
    retryAfter,
  });
}

async function request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A FormData body (a file upload) sets its own multipart content type with the boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network_error', message: NETWORK_ERROR_MESSAGE });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204 || response.status === 205) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The typed client for the Roundtable API under /api/v1; paths start with "/". */
export const api = {
  get: <T>(path: string, options: RequestOptions = {}) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PATCH', path, body, options),
  /** A JSON body, or FormData for a file upload. */
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PUT', path, body, options),
  delete: <T>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, undefined, options),
};

/**
 * PUTs one file as multipart (field `file`) and reports the upload's progress from 0 to 1; fetch
 * cannot report how much of a body has gone, so this one request goes through XMLHttpRequest.
 */
export function uploadWithProgress<T>(path: string, file: File, onProgress: (share: number) => void): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `${API_BASE}${path}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError({ status: 0, code: 'network_error', message: NETWORK_ERROR_MESSAGE })),
    );
    xhr.addEventListener('load', () => {
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('retry-after');
      if (retryAfter !== null) headers.set('retry-after', retryAfter);
      // A 413 may come from a proxy with no body; a body-less Response needs a status it allows.
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers });
      if (!response.ok) {
        void toApiError(response).then(reject, reject);
        return;
      }
      onProgress(1);
      try {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
      } catch (error) {
        reject(error);
      }
    });
    xhr.send(form);
  });
}
