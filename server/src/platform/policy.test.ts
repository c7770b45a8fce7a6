import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { type Actor, anonymous, authorize, isHostAdmin, isSignedIn } from './policy.js';

const member: Actor = { kind: 'user', userId: 'u1', role: 'member', sessionId: 's1' };
const admin: Actor = { kind: 'user', userId: 'u2', role: 'admin', sessionId: 's2' };

const codeOf = (run: () => void) => {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return error instanceof AppError ? error.code : 'crashed';
  }
};

describe('authorize', () => {
  it.each([
    ['anonymous', anonymous, 'thing.update', 'unauthenticated'],
    ['a member', member, 'thing.update', 'forbidden'],
    ['a member', member, 'thing.read', 'not_found'],
    ['anonymous', anonymous, 'thing.read', 'unauthenticated'],
  ])('refuses %s doing %s with %s', (_who, actor, action, code) => {
    expect(codeOf(() => authorize(actor, action, () => false, undefined))).toBe(code);
  });

  it('allows when the policy says yes', () => {
    expect(codeOf(() => authorize(member, 'thing.update', () => true, undefined))).toBe('allowed');
  });

  it.each([
    [anonymous, false, false],
    [member, true, false],
    [admin, true, true],
  ])('classifies actors', (actor, signedIn, hostAdmin) => {
    expect(isSignedIn(actor)).toBe(signedIn);
    expect(isHostAdmin(actor)).toBe(hostAdmin);
  });
});
