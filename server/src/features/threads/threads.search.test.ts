import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as scopeThreadSearch from '../../db/migrations/2026_12_03_1800_scope_thread_search.js';
import { openTestDatabase, testDialect } from '../../test/database.js';
import { listFeed } from './threads.queries.js';

/*
 * The migration that scopes the search index to the network, on threads written before it ran: it
 * must index them again with their network on the way up, and give the old index back on the way down.
 */
describe(`the network-scoped search index on ${testDialect()}`, () => {
  it('scopes the search of threads written before it, and gives the instance-wide index back on the way down', async () => {
    const database = await openTestDatabase();
    const { db, dialect } = database;
    try {
      const now = new Date().toISOString();
      await db
        .insertInto('users')
        .values({
          id: 'u1',
          email: 'u1@example.com',
          name: 'u1',
          passwordHash: 'x',
          role: 'member',
          emailVerifiedAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
      const network = (id: string) => ({
        id,
        slug: id,
        name: id,
        purpose: id,
        status: 'active' as const,
        format: 'online' as const,
        homeLocation: null,
        cadence: 'monthly',
        sizeLimit: null,
        joinPolicy: 'open' as const,
        listed: 1 as const,
        charterVersion: 1,
        proposedBy: null,
        decisionMessage: null,
        createdAt: now,
        updatedAt: now,
      });
      await db
        .insertInto('networks')
        .values([network('n-a'), network('n-b')])
        .execute();
      await scopeThreadSearch.down(db as never);
      const thread = (id: string, networkId: string) => ({
        id,
        networkId,
        authorId: 'u1',
        anonymous: 0 as const,
        kind: 'discussion' as const,
        title: 'Tariffs on steel',
        body: 'Who passes them on?',
        lastActivityAt: now,
        createdAt: now,
        heldUntil: null,
        resolvedReplyId: null,
        lockedAt: null,
        hiddenAt: null,
        hiddenReason: null,
        deletedAt: null,
        editedAt: null,
      });
      // Written under the old index: the migration must index them again with their network.
      await db
        .insertInto('threads')
        .values([thread('t-a', 'n-a'), thread('t-b', 'n-b')])
        .execute();
      const search = async (networkId: string) =>
        (
          await listFeed(db, dialect, {
            networkId,
            viewerId: 'u1',
            filter: 'all',
            words: ['tariff'],
            includeHidden: false,
            after: undefined,
            limit: 25,
          })
        ).map((row) => row.id);

      await scopeThreadSearch.up(db as never);
      expect(await search('n-a')).toEqual(['t-a']);
      expect(await search('n-b')).toEqual(['t-b']);
      if (dialect === 'sqlite') {
        // FTS5 reads its index against its content (the view) and fails on any difference.
        await sql`insert into threads_fts(threads_fts, rank) values ('integrity-check', 1)`.execute(db);
        await scopeThreadSearch.down(db as never);
        const ids = await sql<{ id: string }>`select id from threads where rowid in
        (select rowid from threads_fts where threads_fts match 'tariff*') order by id`.execute(db);
        expect(ids.rows.map((row) => row.id)).toEqual(['t-a', 't-b']);
        await scopeThreadSearch.up(db as never);
      } else {
        await scopeThreadSearch.down(db as never);
        expect(await search('n-a')).toEqual(['t-a']);
        await scopeThreadSearch.up(db as never);
      }
      expect(await search('n-a')).toEqual(['t-a']);
      expect(await search('n-b')).toEqual(['t-b']);
    } finally {
      await database.close();
    }
  });
});
