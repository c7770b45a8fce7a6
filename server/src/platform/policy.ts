import type { Role } from '@roundtable/contract/accounts';
import { AppError, notFound } from './errors.js';

export type SignedInActor = {
  kind: 'user';
  userId: string;
  role: Role;
  sessionId: string;
};

export type Actor = { kind: 'anonymous' } | SignedInActor;

export const anonymous: Actor = Object.freeze({ kind: 'anonymous' });

/** A pure decision over loaded data: may this actor do this to this subject? */
export type Policy<Subject = void> = (actor: Actor, subject: Subject) => boolean;

export type PolicyMap = Record<string, Policy<never>>;

export const isSignedIn = (actor: Actor): actor is SignedInActor => actor.kind === 'user';
export const isHostAdmin = (actor: Actor): boolean => isSignedIn(actor) && actor.role === 'admin';

/**
 * Throws when the policy refuses. A refused `*.read` answers not_found so that nobody learns a
 * thing exists; signed-out actors get unauthenticated; everyone else forbidden.
 */
export function authorize<Subject>(actor: Actor, action: string, policy: Policy<Subject>, subject: Subject): void {
  if (policy(actor, subject)) return;
  if (!isSignedIn(actor)) throw new AppError('unauthenticated', 'Sign in to continue.');
  if (action.endsWith('.read')) throw notFound();
  throw new AppError('forbidden', 'You do not have permission to do that.');
}

/** Narrows the actor for handlers whose route policy already demands a signed-in person. */
export function signedIn(actor: Actor): SignedInActor {
  if (!isSignedIn(actor)) throw new AppError('unauthenticated', 'Sign in to continue.');
  return actor;
}
