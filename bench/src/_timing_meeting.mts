// In-process timing of one GET, with every SQLite statement timed: node --conditions=source, run from bench/src.
import SqliteDatabase from 'better-sqlite3';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/database.js';
const [dataDir, url, nArg] = process.argv.slice(2);
const n = Number(nArg ?? 500);
const times = new Map<string, { n: number; ms: number }>();
for (const method of ['all', 'get', 'run'] as const) {
  const original = (SqliteDatabase.prototype as any).prepare;
  void original;
}
const origPrepare = (SqliteDatabase.prototype as any).prepare;
(SqliteDatabase.prototype as any).prepare = function (sql: string) {
  const stmt = origPrepare.call(this, sql);
  for (const m of ['all', 'get', 'run']) {
    const f = stmt[m].bind(stmt);
    stmt[m] = (...args: unknown[]) => {
      const t0 = performance.now();
      try { return f(...args); } finally {
        const e = times.get(sql) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t0; times.set(sql, e);
      }
    };
  }
  return stmt;
};
const database = openDatabase({ databaseUrl: undefined, sqlitePath: `${dataDir}/roundtable.db` });
const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, WEB_DIST: '', LOG_LEVEL: 'silent' }), database, logger: false });
const token = (await database.db.selectFrom('users').select('id').orderBy('createdAt').limit(2).execute())[1];
void token;
const fs = await import('node:fs');
const cookie = fs.readFileSync(`${dataDir}/../member-cookie.txt`, 'utf8').trim();
for (let i = 0; i < 50; i++) await app.inject({ method: 'GET', url, headers: { cookie } });
times.clear();
const t0 = performance.now();
let status = 0;
for (let i = 0; i < n; i++) status = (await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode;
const total = performance.now() - t0;
console.log(`status ${status}; ${(total / n).toFixed(3)} ms a request`);
let sqlMs = 0;
for (const [sql, e] of [...times].sort((a, b) => b[1].ms - a[1].ms)) {
  sqlMs += e.ms;
  console.log(`${(e.ms / n).toFixed(3)} ms  ${(e.n / n).toFixed(1)}×  ${sql.slice(0, 150).replace(/\s+/g, ' ')}`);
}
console.log(`SQL ${(sqlMs / n).toFixed(3)} ms a request`);
await app.close();
