import type SqliteDatabase from 'better-sqlite3';
import type { AfterCommit, Database, Db, Trx } from './database.js';
import { databaseOf, registerTransaction, runOnKysely, runOnSqlite, type Statement } from './statements.js';

/*
 * A write is a generator of steps: it yields each statement (`yield* all(…)`, `yield* run(…)`) and
 * gets its rows back. One source runs on both dialects:
 *
 * - On SQLite the steps run synchronously, from begin to commit, so a write never holds the one
 *   connection across an await. The writes that arrive in the same turn of the event loop share one
 *   transaction (group commit), each in its own savepoint: one that fails rolls back alone, and
 *   every write is answered only after the commit that made it durable.
 * - On PostgreSQL each write is its own transaction, its steps awaited in order.
 *
 * Everything a write must read to decide is read before it; inside it only writes and the reads
 * that must see its own writes. A step that fails ends the write (write `on conflict` instead of
 * catching a unique violation). Side effects that must not happen unless it commits (live events,
 * pushes to open tabs) are registered with `tx.afterCommit` and run once it has.
 */

export type Step =
  | { kind: 'statement'; statement: Statement<never, unknown>; args: Record<string, unknown>; mode: 'all' | 'run' }
  | { kind: 'call'; call: (trx: Trx) => Promise<unknown> };

export type Work<T> = Generator<Step, T, unknown>;

export type Tx = { afterCommit: AfterCommit };

export function* all<Args extends Record<string, unknown>, Row>(
  statement: Statement<Args, Row>,
  args: Args,
): Work<Row[]> {
  return (yield { kind: 'statement', statement: statement as Statement<never, unknown>, args, mode: 'all' }) as Row[];
}

export function* first<Args extends Record<string, unknown>, Row>(
  statement: Statement<Args, Row>,
  args: Args,
): Work<Row | undefined> {
  return (yield* all(statement, args))[0];
}

/** Runs a statement and answers how many rows it changed. */
export function* run<Args extends Record<string, unknown>>(
  statement: Statement<Args, unknown>,
  args: Args,
): Work<number> {
  return (yield { kind: 'statement', statement: statement as Statement<never, unknown>, args, mode: 'run' }) as number;
}

/** An awaited step, for what only runs on PostgreSQL (pg-boss storing a job in the transaction). */
export function* call<T>(fn: (trx: Trx) => Promise<T>): Work<T> {
  return (yield { kind: 'call', call: fn }) as T;
}

/** Runs a write in its own transaction (on SQLite, in the next group commit) and its effects after. */
export function write<T>(database: Database, work: (tx: Tx) => Work<T>): Promise<T> {
  if (database.sqlite) return groupCommitOf(database, database.sqlite).submit(work);
  return writeOnKysely(database, work);
}

async function writeOnKysely<T>(database: Database, work: (tx: Tx) => Work<T>): Promise<T> {
  const effects: (() => Promise<void>)[] = [];
  const result = await database.db.transaction().execute((trx) => {
    registerTransaction(database, trx);
    return continueInTransaction(trx, work({ afterCommit: (effect) => effects.push(effect) }));
  });
  for (const effect of effects) await effect();
  return result;
}

/**
 * Runs a write's steps inside a transaction Kysely already holds open (a service still written with
 * `withTransaction`), so the helpers written as steps serve both.
 */
export async function continueInTransaction<T>(trx: Trx, steps: Work<T>): Promise<T> {
  const database = databaseOf(trx);
  // On SQLite the transaction is on the one connection; its steps run on it directly.
  if (database.sqlite) return runSynchronously(database, database.sqlite, steps);
  let input: unknown;
  for (;;) {
    const next = steps.next(input);
    if (next.done) return next.value;
    const step = next.value;
    try {
      input =
        step.kind === 'call'
          ? await step.call(trx)
          : await runOnKysely(trx, step.statement.compiled(database, step.args), step.args, step.mode);
    } catch (error) {
      throw endedBy(steps, error);
    }
  }
}

/**
 * A failed step ends its write, even where the write would catch it: PostgreSQL has aborted the
 * transaction by then, and SQLite keeps the same rule so a write behaves alike on both.
 */
function endedBy(steps: Work<unknown>, error: unknown): unknown {
  steps.return(undefined);
  return error;
}

function runSynchronously<T>(database: Database, sqlite: SqliteDatabase.Database, steps: Work<T>): T {
  let input: unknown;
  for (;;) {
    const next = steps.next(input);
    if (next.done) return next.value;
    const step = next.value;
    if (step.kind === 'call')
      throw endedBy(steps, new Error('An awaited step cannot run in a synchronous SQLite write.'));
    try {
      input = runOnSqlite(sqlite, step.statement.compiled(database, step.args), step.args, step.mode);
    } catch (error) {
      throw endedBy(steps, error);
    }
  }
}

type Pending = {
  work: (tx: Tx) => Work<unknown>;
  effects: (() => Promise<void>)[];
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

class GroupCommit {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly commitAll: (batch: Pending[]) => void;

  constructor(
    private readonly database: Database,
    sqlite: SqliteDatabase.Database,
  ) {
    // Called within `commitAll`, better-sqlite3 runs each write in a savepoint of the one transaction.
    const runOne = sqlite.transaction((entry: Pending) => {
      const effects = entry.effects;
      return runSynchronously(database, sqlite, entry.work({ afterCommit: (effect) => effects.push(effect) }));
    });
    this.commitAll = sqlite.transaction((batch: Pending[]) => {
      for (const entry of batch) {
        try {
          entry.outcome = { ok: true, value: runOne(entry) };
        } catch (error) {
          entry.effects.length = 0;
          entry.outcome = { ok: false, error };
        }
      }
    }).immediate;
  }

  submit<T>(work: (tx: Tx) => Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, effects: [], resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    try {
      // Through Kysely's connection, so a transaction Kysely holds open finishes first.
      await this.database.db.connection().execute(async () => this.commitAll(batch));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) void settle(entry);
  }
}

async function settle(entry: Pending): Promise<void> {
  const outcome = entry.outcome;
  if (!outcome?.ok) return entry.reject(outcome ? outcome.error : new Error('The write did not run.'));
  try {
    for (const effect of entry.effects) await effect();
    entry.resolve(outcome.value);
  } catch (error) {
    entry.reject(error);
  }
}

const groupCommits = new WeakMap<Db, GroupCommit>();

function groupCommitOf(database: Database, sqlite: SqliteDatabase.Database): GroupCommit {
  let found = groupCommits.get(database.db);
  if (found === undefined) {
    found = new GroupCommit(database, sqlite);
    groupCommits.set(database.db, found);
  }
  return found;
}
