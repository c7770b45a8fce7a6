import type { Db } from '../../db/database.js';

/*
 * One count per activity, each over the table that records the activity in the first place and
 * served by an index that leads with the member: nothing here grows with the whole database.
 * `since` (ISO time) limits the count to what happened from then on; null counts everything.
 */

const count = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) =>
  Number((await query.executeTakeFirstOrThrow()).n);

/** Networks the member joined (and still belongs to), by memberships_user_idx. */
export const countNetworksJoined = (db: Db, userId: string, since: string | null) => {
  let query = db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId)
    .where('status', '=', 'active');
  if (since !== null) query = query.where('joinedAt', '>=', since);
  return count(query);
};

/** Networks the member facilitates now, by memberships_user_idx. */
export const countNetworksFacilitated = (db: Db, userId: string, since: string | null) => {
  let query = db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId)
    .where('status', '=', 'active')
    .where('role', '=', 'facilitator');
  if (since !== null) query = query.where('joinedAt', '>=', since);
  return count(query);
};

/** Applications the member sent, by network_applications_applicant_idx. */
export const countApplicationsSent = (db: Db, userId: string, since: string | null) => {
  let query = db
    .selectFrom('networkApplications')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('userId', '=', userId);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return count(query);
};

/** Invitations the member sent (emails and shared links), by network_invitations_inviter_idx. */
export const countInvitationsSent = (db: Db, userId: string, since: string | null) => {
  let query = db
    .selectFrom('networkInvitations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('invitedBy', '=', userId);
  if (since !== null) query = query.where('createdAt', '>=', since);
  return count(query);
};
