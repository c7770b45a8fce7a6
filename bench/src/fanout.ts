import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { type Database, migrateToLatest, openDatabase } from '../../server/src/db/database.js';
import { notifyNow } from '../../server/src/features/notifications/notifications.service.js';
import { newId } from '../../server/src/platform/ids.js';
import { positiveInteger } from './generate.js';
import { createScratchDatabase, type ScratchDatabase } from './postgres.js';
import { startSmtpSink } from './smtp-sink.js';

/**
 * `npm run bench:fanout`: one event notifies N members at once (a pulse sent to a large network),
 * each with an email at once. Measures storing the notifications with their email jobs in one
 * transaction, then the job workers handing every email to a local SMTP sink, as the embedded
 * server does (workers in the same process).
 */
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    postgres: { type: 'string' },
    'sink-inline': { type: 'boolean', default: false },
  },
});
const count = positiveInteger('--count', values.count ?? '10000');
const resultsFile = path.resolve(import.meta.dirname, '../results/fanout.json');

const sink = await startSmtpSink({ inline: values['sink-inline'] ?? false });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-fanout-'));
let scratch: ScratchDatabase | undefined;
if (values.postgres) scratch = await createScratchDatabase(values.postgres);
const database: Database = openDatabase({
  databaseUrl: scratch?.url ?? null,
  sqlitePath: path.join(dataDir, 'roundtable.db'),
});
await migrateToLatest(database.db);

const now = new Date().toISOString();
const userIds = Array.from({ length: count }, () => newId());
for (let start = 0; start < userIds.length; start += 1000) {
  await database.db
    .insertInto('users')
    .values(
      userIds.slice(start, start + 1000).map((id, index) => ({
        id,
        email: `member${start + index}@fanout.test`,
        name: `Member ${start + index}`,
        passwordHash: 'not-a-real-hash',
        role: 'member' as const,
        emailVerifiedAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .execute();
}

const app = await buildApp({
  config: loadConfig({
    DATA_DIR: dataDir,
    WEB_DIST: '',
    LOG_LEVEL: 'warn',
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  }),
  database,
});
await app.ready();

const rssBefore = process.memoryUsage().rss;
// CPU time says what the work costs when the machine is shared and wall time is noisy; it includes
// the SMTP sink's only with --sink-inline.
const cpuBefore = process.cpuUsage();
const started = performance.now();
await notifyNow(
  app.appContext,
  userIds.map((userId) => ({
    userId,
    kind: 'pulse_waiting' as const,
    title: 'Where do other companies stand on hybrid work? Six questions, closes in 48 h',
    url: '/pulses/fanout',
  })),
);
const storedMs = performance.now() - started;
app.jobs.start();
while (sink.received() < count) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (performance.now() - started > 600_000)
    throw new Error(`only ${sink.received()} of ${count} emails after 10 minutes`);
}
const deliveredMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const rssMb = Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 1024 / 1024);

const sent = await database.db
  .selectFrom('notifications')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('emailState', '=', 'sent')
  .executeTakeFirstOrThrow();
const report = {
  dialect: database.dialect,
  smtpSink: values['sink-inline'] ? 'in this process' : 'own process',
  members: count,
  notificationsStoredMs: Math.round(storedMs),
  allEmailsDeliveredMs: Math.round(deliveredMs),
  emailsPerSecond: Math.round((count / deliveredMs) * 1000),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  emailsReceivedBySink: sink.received(),
  notificationsMarkedSent: Number(sent.n),
  rssMb,
  loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
};
console.info(
  `Fan-out to ${count} members on ${database.dialect}: notifications and email jobs stored in ${report.notificationsStoredMs} ms; ` +
    `all ${sink.received()} emails handed to SMTP after ${report.allEmailsDeliveredMs} ms (${report.emailsPerSecond}/s), ` +
    `${report.cpuMs} ms of CPU; RSS ${rssMb} MB; load ${report.loadAverage[0]}.`,
);
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);

await app.close();
await database.close();
await scratch?.drop();
await sink.close();
fs.rmSync(dataDir, { recursive: true, force: true });
