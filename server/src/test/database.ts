import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, migrateToLatest, openDatabase } from '../db/database.js';

export type TestDialect = 'sqlite' | 'postgres';

export const testDialect = (): TestDialect => (process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite');

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DIALECT=postgres needs TEST_DATABASE_URL');
  return url;
}

/** A fresh, isolated database per call: in-memory SQLite, or a new PostgreSQL database dropped on close. */
export async function openTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<Database & { url: string | null }> {
  let database: Database;
  let url: string | null = null;
  let drop: (() => Promise<void>) | undefined;
  if (testDialect() === 'postgres') {
    const name = `rt_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const dbUrl = new URL(adminUrl());
    dbUrl.pathname = `/${name}`;
    url = dbUrl.toString();
    database = openDatabase({ databaseUrl: url, sqlitePath: '' });
    drop = async () => {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    database = openDatabase({ databaseUrl: null, sqlitePath: ':memory:' });
  }
  if (options.migrate !== false) await migrateToLatest(database.db);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await drop?.();
    },
  };
}
