import { ApiError, errorMessageOf } from './api';

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

/** The message for a form-level alert; a 429 also says how long to wait. */
export function formErrorMessageOf(error: unknown): string {
  const message = errorMessageOf(error);
  if (error instanceof ApiError && error.code === 'rate_limited' && error.retryAfter !== null)
    return `${message} You can try again in ${waitText(error.retryAfter)}.`;
  return message;
}

/**
 * Puts the server's field errors (`details[].path` such as `/email`) on the matching form fields and
 * returns the message for a form-level alert when no field could take it, or null when one did.
 * `fields` maps each field name to its visible label, used to phrase several errors at once.
 */
export function applyApiError(
  error: unknown,
  fields: Readonly<Record<string, string>>,
  setFieldError: (field: string, message: string) => void,
): string | null {
  if (!(error instanceof ApiError)) return formErrorMessageOf(error);
  const matched = error.details.flatMap((detail) => {
    const field = detail.path.replace(/^\//, '').split('/')[0] ?? '';
    const label = fields[field];
    return label === undefined ? [] : [{ field, label, message: detail.message }];
  });
  if (matched.length === 0) return formErrorMessageOf(error);
  // One detail: the top-level message is about that field and reads as a whole sentence.
  if (error.details.length === 1 && matched[0]) {
    setFieldError(matched[0].field, error.message);
    return null;
  }
  for (const { field, label, message } of matched) setFieldError(field, `${label} ${message}.`);
  return matched.length === error.details.length ? null : formErrorMessageOf(error);
}
