import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '@roundtable/contract/accounts';

// The same pattern the server's validator (ajv-formats, "email" format) applies.
const EMAIL_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

export const validateEmail = (value: string): string | null => {
  const email = value.trim();
  if (email === '') return 'Enter your email address.';
  if (email.length > EMAIL_MAX_LENGTH) return `An email address has at most ${EMAIL_MAX_LENGTH} characters.`;
  return EMAIL_PATTERN.test(email) ? null : 'Enter an email address like name@example.com.';
};

export const validateName = (value: string): string | null => {
  if (value.trim() === '') return 'Enter your name.';
  return value.trim().length > NAME_MAX_LENGTH ? `Use at most ${NAME_MAX_LENGTH} characters.` : null;
};

/** For a password being chosen: the server's length rules, plus its cheap checks (a repeated character, own name or email). */
export const validateNewPassword = (value: string, personal: readonly string[] = []): string | null => {
  if (value === '') return 'Choose a password.';
  if (value.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (value.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (/^(.)\1+$/.test(value)) return 'Use more than one repeated character.';
  const lowered = value.toLowerCase();
  if (personal.some((item) => item.trim() !== '' && lowered === item.trim().toLowerCase()))
    return 'Use something other than your name or email.';
  return null;
};

/** For a password being typed to prove who you are: only that it is there. */
export const validateCurrentPassword = (value: string): string | null => (value === '' ? 'Enter your password.' : null);

export type PasswordStrength = {
  /** 0 too short · 1 weak · 2 fair · 3 good · 4 strong */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
};

/**
 * A hint, not a rule: length counts most, variety a little. The server has the last word and also
 * refuses passwords on its common-password list.
 */
export function estimatePasswordStrength(value: string): PasswordStrength {
  if (value.length < PASSWORD_MIN_LENGTH) {
    const missing = PASSWORD_MIN_LENGTH - value.length;
    return { score: 0, label: `${missing} more character${missing === 1 ? '' : 's'} to go` };
  }
  if (/^(.)\1+$/.test(value)) return { score: 1, label: 'Weak — avoid repeating one character' };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9\s]/, /\s/].filter((pattern) => pattern.test(value)).length;
  const points =
    (value.length >= 12 ? 1 : 0) + (value.length >= 16 ? 1 : 0) + (value.length >= 20 ? 1 : 0) + (kinds >= 3 ? 1 : 0);
  if (points >= 3) return { score: 4, label: 'Strong' };
  if (points === 2) return { score: 3, label: 'Good' };
  if (points === 1) return { score: 2, label: 'Fair — a little longer is stronger' };
  return { score: 1, label: 'Weak — add a few more words or characters' };
}
