import { sql } from 'kysely';
import { type Db, openDatabase } from '../../server/src/db/database.js';

/** A throwaway database on the server `serverUrl` points at, so runs never meet each other's rows. */
export type ScratchDatabase = { url: string; name: string; drop(): Promise<void> };

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `roundtable_bench_${process.pid}_${Date.now()}`;
  await onServer(serverUrl, (db) => sql`create database ${sql.id(name)}`.execute(db));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => onServer(serverUrl, (db) => sql`drop database if exists ${sql.id(name)} with (force)`.execute(db)),
  };
}

async function onServer(serverUrl: string, work: (db: Db) => Promise<unknown>) {
  const database = openDatabase({ databaseUrl: serverUrl, sqlitePath: '' });
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}
