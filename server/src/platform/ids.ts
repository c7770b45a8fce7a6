import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids keep inserts local in indexes and give cursors a stable tie-breaker. */
export const newId = (): string => uuidv7();

/** 256 random bits, URL-safe; handed out once, stored only as `hashToken(token)`. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
