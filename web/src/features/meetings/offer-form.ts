import {
  OFFER_DESCRIPTION_MAX_LENGTH,
  OFFER_FILE_MAX_BYTES,
  OFFER_LINK_MAX_LENGTH,
} from '@roundtable/contract/meetings';

export type OfferValues = { description: string; dueOn: string };

const pad = (value: number) => String(value).padStart(2, '0');

/** Today in the viewer's calendar, `YYYY-MM-DD`. */
export const localToday = (now: Date = new Date()): string =>
  `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

/** The contract's rules for an offer, as errors keyed by field. */
export function validateOffer(values: OfferValues, today: string = localToday()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.description.trim() === '') errors.description = 'Say what you will send or do.';
  else if (values.description.length > OFFER_DESCRIPTION_MAX_LENGTH)
    errors.description = `Keep it under ${OFFER_DESCRIPTION_MAX_LENGTH} characters.`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.dueOn) || Number.isNaN(Date.parse(`${values.dueOn}T00:00:00Z`)))
    errors.dueOn = 'Choose the day you will send it by.';
  else if (values.dueOn < today) errors.dueOn = 'Choose today or a later day.';
  return errors;
}

/** A link to share: http(s), no spaces, within the contract's length. */
export function validateLink(link: string): string | null {
  const value = link.trim();
  if (value === '') return 'Paste the address to share.';
  if (!/^https?:\/\/\S+$/.test(value)) return 'Use a full address starting with https://';
  if (value.length > OFFER_LINK_MAX_LENGTH) return `Keep it under ${OFFER_LINK_MAX_LENGTH} characters.`;
  return null;
}

/** Checked before the upload starts, as the server would: one file of at most 25 MB. */
export function validateFile(file: { size: number } | null): string | null {
  if (file === null) return 'Choose the document to send.';
  if (file.size > OFFER_FILE_MAX_BYTES)
    return `The document is larger than ${OFFER_FILE_MAX_BYTES / 1024 / 1024} MB. Share a link to it instead.`;
  if (file.size === 0) return 'This file is empty.';
  return null;
}

/** The documents the server takes, for the file picker. */
export const OFFER_FILE_ACCEPT =
  '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.txt,.md,.csv';

const DAY_MS = 86_400_000;

/** "Due today", "Due tomorrow", "Due in 3 days", "2 days overdue" — an open offer's deadline counting down. */
export function dueLabel(dueOn: string, today: string = localToday()): string {
  const days = Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  if (days === 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  if (days > 1) return `Due in ${days} days`;
  return days === -1 ? '1 day overdue' : `${-days} days overdue`;
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatBytes(size: number): string {
  if (size >= 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  if (size >= 1024) return `${Math.round(size / 1024)} KB`;
  return `${size} ${size === 1 ? 'byte' : 'bytes'}`;
}
