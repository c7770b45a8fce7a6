import SqliteDatabase from 'better-sqlite3';
import { CamelCasePlugin, type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { Database, Db, Dialect, Trx } from './database.js';
import type { Tables } from './tables.js';

/*
 * Hot statements, built and compiled once per database instead of on every request, and run
 * straight on the driver: better-sqlite3 synchronously, PostgreSQL through the same pool Kysely
 * uses. Each is written once with Kysely's builder (one source for both dialects); its parameters
 * are named placeholders filled in at each run. Rows come back camel-cased by a row factory made
 * from the statement's own column list, once, instead of a plugin converting every key of every row.
 */

/** A named placeholder: compiled into the SQL as a parameter, its value given at each run. */
class Placeholder {
  constructor(readonly name: string) {}
}

/** Placeholders for a build: a list argument stands for `size` values (`in (?, ?, …)`). */
const placeholdersFor = (listSizes: ReadonlyMap<string, number>) =>
  new Proxy({} as Record<string, Placeholder | Placeholder[]>, {
    get: (_, key) => {
      const name = String(key);
      const size = listSizes.get(name);
      if (size === undefined) return new Placeholder(name);
      return Array.from({ length: size }, (_, index) => new Placeholder(`${name}${LIST_MARK}${index}`));
    },
  });

const LIST_MARK = '\u0000';

/**
 * A list is compiled for the power of two at or above its length and padded with its first value
 * (or null when empty), which `in` ignores: a handful of shapes per statement instead of one per
 * length. Lists of one value compile as they are.
 */
const bucketOf = (length: number): number => (length <= 1 ? 1 : 2 ** Math.ceil(Math.log2(length)));

type Compiled = {
  sql: string;
  /** For each SQL parameter: the name of the run's argument, or a value fixed when it was built. */
  slots: readonly (string | { fixed: unknown })[];
  /** SQLite's prepared statement, once prepared. */
  prepared?: SqliteDatabase.Statement;
  /** Makes a camel-cased row from a driver row, once the statement's columns are known. */
  toRow?: (raw: never) => unknown;
};

export type Statement<Args, Row> = {
  /** Every row. */
  all(runner: Runner, args: Args): Promise<Row[]>;
  /** The first row, or undefined. */
  first(runner: Runner, args: Args): Promise<Row | undefined>;
  /** Runs it and answers how many rows it changed. */
  run(runner: Runner, args: Args): Promise<number>;
  /** @internal the SQL and slots for this database and the shape of these arguments */
  compiled(database: Database, args: Record<string, unknown>): Compiled;
};

/** Where a statement runs: the database's Kysely instance, or a Kysely transaction opened on it. */
export type Runner = Db | Trx;

const databases = new WeakMap<Kysely<Tables>, { database: Database; trx?: Trx }>();

/** Lets statements run on this database's Kysely instance (`openDatabase` registers every one). */
export function registerDatabase(database: Database): void {
  databases.set(database.db, { database });
}

/** Lets statements run on a transaction opened on this database (`withTransaction` registers its own). */
export function registerTransaction(database: Database, trx: Trx): void {
  databases.set(trx, { database, trx });
}

/** The database a Kysely instance or transaction belongs to. */
export function databaseOf(runner: Runner): Database {
  const found = databases.get(runner);
  if (found === undefined) throw new Error('A statement ran on a Kysely instance that openDatabase did not open.');
  return found.database;
}

const camelCase: (snake: string) => string = (() => {
  const plugin = new CamelCasePlugin() as unknown as { camelCase(value: string): string };
  const known = new Map<string, string>();
  return (snake: string) => {
    let camel = known.get(snake);
    if (camel === undefined) {
      camel = plugin.camelCase(snake);
      known.set(snake, camel);
    }
    return camel;
  };
})();

/**
 * Defines a statement: `build` receives the database and placeholders typed as the arguments
 * (`(db, p: { id: string }) => db.selectFrom('threads').selectAll().where('id', '=', p.id)`).
 * An argument given as an array is a list, for `in`: `.where('id', 'in', p.ids)` with `ids: string[]`.
 */
export function statement<Args extends Record<string, unknown>, Row>(
  build: (db: Db, p: Args, dialect: Dialect) => Compilable<Row>,
): Statement<Args, Row> {
  // Keyed by the Kysely instance (a copy of the Database object shares it), then by list shape.
  const byDatabase = new WeakMap<Db, Map<string, Compiled>>();
  const compiled = (database: Database, args: Record<string, unknown>): Compiled => {
    let shapes = byDatabase.get(database.db);
    if (shapes === undefined) {
      shapes = new Map();
      byDatabase.set(database.db, shapes);
    }
    let shape = '';
    let listSizes: Map<string, number> | undefined;
    for (const name in args) {
      const value = args[name];
      if (!Array.isArray(value)) continue;
      listSizes ??= new Map();
      listSizes.set(name, bucketOf(value.length));
      shape += `${name}:${bucketOf(value.length)};`;
    }
    let found = shapes.get(shape);
    if (found === undefined) {
      const p = placeholdersFor(listSizes ?? new Map()) as unknown as Args;
      const query = build(database.db, p, database.dialect).compile();
      found = {
        sql: query.sql,
        slots: query.parameters.map((value) => (value instanceof Placeholder ? value.name : { fixed: value })),
      };
      shapes.set(shape, found);
    }
    return found;
  };
  const self: Statement<Args, Row> = {
    compiled,
    all: (runner, args) => execute(runner, self, args, 'all') as Promise<Row[]>,
    first: async (runner, args) => ((await execute(runner, self, args, 'all')) as Row[])[0],
    run: (runner, args) => execute(runner, self, args, 'run') as Promise<number>,
  };
  return self;
}

/**
 * A row of placeholders for an insert: `values(row(p, { id: true, … }))`, naming every column of the
 * row type (the compiler says which one is missing), since placeholders have no keys to spread.
 */
export const row = <T extends Record<string, unknown>>(p: T, columns: Record<keyof T, true>): T =>
  Object.fromEntries(Object.keys(columns).map((column) => [column, p[column]])) as T;

const valuesOf = (compiled: Compiled, args: Record<string, unknown>): unknown[] =>
  compiled.slots.map((slot) => {
    if (typeof slot !== 'string') return slot.fixed;
    const mark = slot.indexOf(LIST_MARK);
    if (mark >= 0) {
      const list = args[slot.slice(0, mark)] as readonly unknown[];
      return list[Number(slot.slice(mark + 1))] ?? list[0] ?? null;
    }
    const value = args[slot];
    if (value === undefined) throw new Error(`A statement was run without its argument "${slot}".`);
    return value;
  });

/** A function that builds `{ camelName: raw[i] }` objects of one fixed shape, fast to make and to read. */
function rowFactory(columns: readonly string[], fromArray: boolean): (raw: never) => unknown {
  const fields = columns.map(
    (column, i) => `${JSON.stringify(camelCase(column))}: raw[${fromArray ? i : JSON.stringify(column)}]`,
  );
  return new Function('raw', `return { ${fields.join(', ')} };`) as (raw: never) => unknown;
}

/**
 * Runs one statement synchronously on SQLite: for a write's transaction (`write`), and for reads
 * when no Kysely transaction holds the connection.
 */
export function runOnSqlite(
  sqlite: SqliteDatabase.Database,
  compiled: Compiled,
  args: Record<string, unknown>,
  mode: 'all' | 'run',
): unknown[] | number {
  let prepared = compiled.prepared;
  if (prepared === undefined) {
    // The class's own prepare, not the instance's cache shared with Kysely: this one is switched to raw rows.
    prepared = SqliteDatabase.prototype.prepare.call(sqlite, compiled.sql) as SqliteDatabase.Statement;
    if (prepared.reader) {
      prepared.raw(true);
      compiled.toRow = rowFactory(
        prepared.columns().map((column) => column.name),
        true,
      );
    }
    compiled.prepared = prepared;
  }
  const values = valuesOf(compiled, args);
  if (!prepared.reader) {
    const { changes } = prepared.run(values);
    return mode === 'run' ? changes : [];
  }
  const rows = prepared.all(values) as never[];
  if (mode === 'run') return rows.length;
  const toRow = compiled.toRow as (raw: never) => unknown;
  return rows.map(toRow);
}

/** Runs one statement on PostgreSQL (or SQLite inside a Kysely transaction) through Kysely, plugins off. */
export async function runOnKysely(
  db: Kysely<Tables>,
  compiled: Compiled,
  args: Record<string, unknown>,
  mode: 'all' | 'run',
): Promise<unknown[] | number> {
  const result = await db.withoutPlugins().executeQuery(CompiledQuery.raw(compiled.sql, valuesOf(compiled, args)));
  if (mode === 'run') return Number(result.numAffectedRows ?? result.rows.length);
  const rows = result.rows as never[];
  if (rows.length === 0) return [];
  if (compiled.toRow === undefined) compiled.toRow = rowFactory(Object.keys(rows[0] as unknown as object), false);
  const toRow = compiled.toRow;
  return rows.map(toRow);
}

function execute(
  runner: Runner,
  statement: Statement<never, unknown>,
  args: Record<string, unknown>,
  mode: 'all' | 'run',
): Promise<unknown[] | number> {
  const found = databases.get(runner);
  if (found === undefined)
    return Promise.reject(new Error('A statement ran on a transaction withTransaction did not open.'));
  const { database, trx } = found;
  const compiled = statement.compiled(database, args);
  const { sqlite } = database;
  if (sqlite === undefined) return runOnKysely(trx ?? database.db, compiled, args, mode);
  // A Kysely transaction open on the one connection (between its awaits) must not be read through
  // from outside it: its rows are not committed. Wait for the connection as Kysely's own queries do.
  // Inside that transaction (`trx`), or with none open, the statement runs on the connection now.
  if (!trx && sqlite.inTransaction)
    return database.db.connection().execute(async () => runOnSqlite(sqlite, compiled, args, mode));
  return Promise.resolve(runOnSqlite(sqlite, compiled, args, mode));
}
