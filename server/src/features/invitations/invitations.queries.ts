import type { Db } from '../../db/database.js';
import { row, statement } from '../../db/statements.js';
import type { NetworkInvitation } from '../../db/tables.js';
import type { Position } from '../../platform/pagination.js';

export const insertInvitation = statement((db, p: NetworkInvitation) =>
  db.insertInto('networkInvitations').values(
    row(p, {
      id: true,
      networkId: true,
      kind: true,
      email: true,
      tokenHash: true,
      message: true,
      invitedBy: true,
      maxUses: true,
      uses: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
    }),
  ),
);

const accountsByEmails = statement((db, p: { emails: string[] }) =>
  db.selectFrom('users').select(['id', 'email', 'emailVerifiedAt']).where('email', 'in', p.emails),
);

/** The accounts, if any, of these (lower-cased) addresses, and whether each has proved it owns its address. */
export const listAccountsByEmail = (db: Db, emails: string[]) => accountsByEmails.all(db, { emails });

/**
 * The network's invitations, newest first, from a cursor; built per call, as the cursor's
 * condition is there only past the first page.
 */
export async function listInvitationsOf(
  db: Db,
  networkId: string,
  options: { after: Position | undefined; limit: number },
): Promise<NetworkInvitation[]> {
  let rows = db.selectFrom('networkInvitations').selectAll().where('networkId', '=', networkId);
  const after = options.after;
  if (after) {
    rows = rows.where((eb) =>
      eb.or([
        eb('createdAt', '<', after.createdAt),
        eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return rows
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit + 1)
    .execute();
}

const invitationInNetwork = statement((db, p: { id: string; networkId: string }) =>
  db.selectFrom('networkInvitations').selectAll().where('id', '=', p.id).where('networkId', '=', p.networkId),
);

export const findInvitationInNetwork = (
  db: Db,
  networkId: string,
  invitationId: string,
): Promise<NetworkInvitation | undefined> => invitationInNetwork.first(db, { id: invitationId, networkId });

export const setInvitationRevoked = statement((db, p: { id: string; revokedAt: string }) =>
  db.updateTable('networkInvitations').set({ revokedAt: p.revokedAt }).where('id', '=', p.id),
);

const invitationByTokenHash = statement((db, p: { tokenHash: string }) =>
  db.selectFrom('networkInvitations').selectAll().where('tokenHash', '=', p.tokenHash),
);

export const findInvitationByTokenHash = (db: Db, tokenHash: string): Promise<NetworkInvitation | undefined> =>
  invitationByTokenHash.first(db, { tokenHash });

const networkById = statement((db, p: { id: string }) => db.selectFrom('networks').selectAll().where('id', '=', p.id));

export const findInvitingNetwork = (db: Db, networkId: string) => networkById.first(db, { id: networkId });

const charterVersion = statement((db, p: { networkId: string; version: number }) =>
  db.selectFrom('networkCharters').selectAll().where('networkId', '=', p.networkId).where('version', '=', p.version),
);

export const findCharterVersion = (db: Db, networkId: string, version: number) =>
  charterVersion.first(db, { networkId, version });

const accountAddress = statement((db, p: { id: string }) =>
  db.selectFrom('users').select(['email', 'emailVerifiedAt']).where('id', '=', p.id),
);

/** The address of an account and whether it proved it owns it. */
export const findAccountAddress = (db: Db, userId: string) => accountAddress.first(db, { id: userId });

const membershipStatus = statement((db, p: { networkId: string; userId: string }) =>
  db.selectFrom('memberships').select('status').where('networkId', '=', p.networkId).where('userId', '=', p.userId),
);

export const findMembershipStatus = (db: Db, networkId: string, userId: string) =>
  membershipStatus.first(db, { networkId, userId });

const openAdmissionFrom = statement((db, p: { networkId: string; userId: string; sourceId: string }) =>
  db
    .selectFrom('networkAdmissions')
    .select('id')
    .where('networkId', '=', p.networkId)
    .where('userId', '=', p.userId)
    .where('sourceId', '=', p.sourceId)
    .where('usedAt', 'is', null),
);

/** An admission this invitation granted the person that they have not used yet. */
export const findOpenAdmissionFrom = (db: Db, networkId: string, userId: string, sourceId: string) =>
  openAdmissionFrom.first(db, { networkId, userId, sourceId });

/**
 * Counts one use of an invitation that is not revoked and has uses left: counting and checking in
 * one statement keeps a one-time link one-time under races. No row when it had none left.
 */
export const useInvitation = statement((db, p: { id: string }) =>
  db
    .updateTable('networkInvitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', p.id)
    .where('revokedAt', 'is', null)
    .where((eb) => eb.or([eb('maxUses', 'is', null), eb('uses', '<', eb.ref('maxUses'))])),
);
