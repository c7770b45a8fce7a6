import { type Algorithm, hash, type Options, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
// Algorithm.Argon2id is an ambient const enum, which isolated modules cannot read; its value is 2.
const options: Options = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

const commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

// A hash of a password nobody has, so a sign-in for an unknown email costs the same time as a real one.
let decoyHash: Promise<string> | undefined;

export const hashPassword = (password: string) => hash(password, options);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    decoyHash ??= hash('decoy password that never matches', options);
    await verify(await decoyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the password is on the common-password list (case-insensitive) or is only its owner's email/name. */
export function isCommonPassword(password: string, personal: string[] = []): boolean {
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered)) return true;
  if (/^(.)\1+$/.test(lowered)) return true;
  return personal.some((value) => value.length > 0 && lowered === value.toLowerCase());
}
