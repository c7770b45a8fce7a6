import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import { Migrator, NO_MIGRATIONS } from 'kysely/migration';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import { databaseOf, registerDatabase, registerTransaction } from './statements.js';
import type { Tables } from './tables.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;

export type Database = {
  db: Db;
  dialect: Dialect;
  /**
   * PostgreSQL's connection pool, under `db`, for the one library that runs its own SQL there
   * (pg-boss, which sends several statements at once and reads each one's rows); absent on SQLite.
   */
  pool?: pg.Pool;
  /** SQLite's one connection, under `db`, for statements run synchronously (`db/statements.ts`); absent on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = { databaseUrl: string | null; sqlitePath: string };

export function openDatabase({ databaseUrl, sqlitePath }: DatabaseOptions): Database {
  const database = databaseUrl ? openPostgres(databaseUrl) : openSqlite(sqlitePath);
  registerDatabase(database);
  return database;
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cachePreparedStatements(sqlite);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    async ping() {
      sqlite.prepare('select 1').get();
    },
    close: () => db.destroy(),
  };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * The same SQL text always gets the same prepared statement back, which is safe because Kysely
 * runs each statement to completion (`all`/`run`) before the next query starts.
 */
function cachePreparedStatements(sqlite: SqliteDatabase.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, SqliteDatabase.Statement>();
  const cachedPrepare = (source: string): SqliteDatabase.Statement => {
    let statement = statements.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statements.set(source, statement);
    }
    return statement;
  };
  sqlite.prepare = cachedPrepare as typeof sqlite.prepare;
}

function openPostgres(connectionString: string): Database {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection the server ends (restart, failover, a dropped database) emits an error on the
  // pool; unheard, it would crash the process. The pool discards that connection and opens another.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    dialect: 'postgres',
    pool,
    async ping() {
      await pool.query('select 1');
    },
    close: () => db.destroy(),
  };
}

/**
 * Registers a side effect (a live event, a notification pushed to open tabs) to run once the
 * transaction has committed; if it rolls back, none runs. Jobs and emails are not among them: they
 * are rows written in the transaction itself.
 */
export type AfterCommit = (effect: () => Promise<void>) => void;

/**
 * Runs `work` in a transaction, then the side effects it registered, in order. A service loads what
 * it needs before, writes and queues inside, and presents from the rows it wrote.
 */
export async function withTransaction<T>(db: Db, work: (trx: Trx, afterCommit: AfterCommit) => Promise<T>): Promise<T> {
  const effects: (() => Promise<void>)[] = [];
  const database = databaseOf(db);
  const result = await db.transaction().execute((trx) => {
    registerTransaction(database, trx);
    return work(trx, (effect) => effects.push(effect));
  });
  for (const effect of effects) await effect();
  return result;
}

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

async function runMigrations(run: Promise<Awaited<ReturnType<Migrator['migrateToLatest']>>>): Promise<string[]> {
  const { error, results } = await run;
  if (error) throw error;
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

export function migrateToLatest(db: Db): Promise<string[]> {
  return runMigrations(migrator(db as Kysely<unknown>).migrateToLatest());
}

/** Rolls every migration back, newest first (tests run up → down → up). */
export function migrateToNothing(db: Db): Promise<string[]> {
  return runMigrations(migrator(db as Kysely<unknown>).migrateTo(NO_MIGRATIONS));
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
