import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { PulseView } from '@roundtable/contract/pulses';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { type Database, migrateToLatest, openDatabase } from '../../server/src/db/database.js';
import { hashToken, newId, newSecretToken } from '../../server/src/platform/ids.js';
import { positiveInteger } from './generate.js';
import { createScratchDatabase, type ScratchDatabase } from './postgres.js';
import { startSmtpSink } from './smtp-sink.js';

/**
 * `npm run bench:pulse`: the article's promise under load. A member publishes a pulse to a
 * network of N members through the API (`POST /api/v1/networks/:id/pulses`); measured are the
 * publish request (every notification and email job stored in its transaction), the moment the
 * last email reaches a local SMTP sink (jobs worked in this process, as `npm start` does), and
 * then every member answering through the API with `--concurrency` answers in flight.
 */
const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '50' },
    postgres: { type: 'string' },
    'sink-inline': { type: 'boolean', default: false },
  },
});
const members = positiveInteger('--members', values.members ?? '5000');
const concurrency = positiveInteger('--concurrency', values.concurrency ?? '50');
const resultsFile = path.resolve(import.meta.dirname, '../results/pulse-fanout.json');

const sink = await startSmtpSink({ inline: values['sink-inline'] ?? false });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-pulse-'));
let scratch: ScratchDatabase | undefined;
if (values.postgres) scratch = await createScratchDatabase(values.postgres);
const database: Database = openDatabase({
  databaseUrl: scratch?.url ?? null,
  sqlitePath: path.join(dataDir, 'roundtable.db'),
});
await migrateToLatest(database.db);

const app = await buildApp({
  config: loadConfig({
    DATA_DIR: dataDir,
    WEB_DIST: '',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: 'http://localhost:3000',
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  }),
  database,
});
await app.ready();
const origin = 'http://localhost:3000';

// The host admin signs up through the API and creates the network; the members are written
// straight to the tables with a session each, as signing 5,000 people in would measure argon2.
const signUp = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/sign-up',
  headers: { origin },
  payload: { email: 'host@pulse.bench', name: 'Hanne Host', password: 'a long bench passphrase 2026' },
});
const hostCookie = signUp.cookies.find((cookie) => cookie.name === 'rt_session');
if (signUp.statusCode !== 201 || !hostCookie) throw new Error(`sign-up failed: ${signUp.body}`);
const created = await app.inject({
  method: 'POST',
  url: '/api/v1/networks',
  headers: { origin, cookie: `rt_session=${hostCookie.value}` },
  payload: {
    name: 'Benchmark Circle',
    purpose: 'A large network for the pulse fan-out bench.',
    format: 'online',
    joinPolicy: 'open',
    listed: true,
  },
});
if (created.statusCode !== 201) throw new Error(`network failed: ${created.body}`);
const networkId: string = created.json().id;

const now = new Date().toISOString();
const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
const people = Array.from({ length: members + 1 }, (_, index) => ({ id: newId(), index, token: newSecretToken() }));
for (let start = 0; start < people.length; start += 500) {
  const batch = people.slice(start, start + 500);
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values(
        batch.map((person) => ({
          id: person.id,
          email: `member${person.index}@pulse.bench`,
          name: `Member ${person.index}`,
          passwordHash: 'not-a-real-hash',
          role: 'member' as const,
          emailVerifiedAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .execute();
    await trx
      .insertInto('memberships')
      .values(
        batch.map((person) => ({
          networkId,
          userId: person.id,
          role: 'member' as const,
          status: 'active' as const,
          joinedAt: now,
          acceptedCharterVersion: 1,
          acceptedCharterAt: now,
          endedAt: null,
          removedBy: null,
          removalReason: null,
        })),
      )
      .execute();
    await trx
      .insertInto('sessions')
      .values(
        batch.map((person) => ({
          id: newId(),
          userId: person.id,
          tokenHash: hashToken(person.token),
          createdAt: now,
          expiresAt: expires,
          userAgent: null,
        })),
      )
      .execute();
  });
}
await database.db
  .updateTable('networks')
  .set((eb) => ({ memberCount: eb('memberCount', '+', people.length) }))
  .where('id', '=', networkId)
  .execute();

const [asker, ...audience] = people;
if (!asker) throw new Error('no asker');
const cookieOf = (person: { token: string }) => `rt_session=${person.token}`;

const rssBefore = process.memoryUsage().rss;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const published = await app.inject({
  method: 'POST',
  url: `/api/v1/networks/${networkId}/pulses`,
  headers: { origin, cookie: cookieOf(asker) },
  payload: {
    title: 'Where do other companies stand on hybrid work?',
    context: 'Our board asks how many days a week peers expect people in the office.',
    questions: [
      { type: 'single_choice', prompt: 'Office days expected per week', options: ['None', '1–2', '3', '4–5'] },
      { type: 'scale', prompt: 'How well does it work?', min: 1, max: 5 },
      { type: 'number', prompt: 'People in your company', unit: 'people', min: 0 },
    ],
  },
});
const publishMs = performance.now() - started;
if (published.statusCode !== 201) throw new Error(`publish failed: ${published.body}`);
const pulse = published.json() as PulseView;
const stored = await database.db
  .selectFrom('notifications')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('kind', '=', 'pulse_waiting')
  .executeTakeFirstOrThrow();

const emails = Number(stored.n);
app.jobs.start();
while (sink.received() < emails) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (performance.now() - started > 600_000)
    throw new Error(`only ${sink.received()} of ${emails} emails after 10 minutes`);
}
const deliveredMs = performance.now() - started;
const fanOutCpu = process.cpuUsage(cpuBefore);

// Every member answers once, `concurrency` answers in flight at a time.
const answerLatencies: number[] = [];
let failures = 0;
let next = 0;
const answersStarted = performance.now();
async function answerer() {
  while (next < audience.length) {
    const person = audience[next++];
    if (!person) return;
    const began = performance.now();
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/pulses/${pulse.id}/responses`,
      headers: { origin, cookie: cookieOf(person) },
      payload: {
        answers: [
          { questionId: pulse.questions[0]?.id, value: person.index % 4 },
          { questionId: pulse.questions[1]?.id, value: (person.index % 5) + 1 },
          { questionId: pulse.questions[2]?.id, value: 50 + ((person.index * 37) % 5000) },
        ],
      },
    });
    answerLatencies.push(performance.now() - began);
    if (response.statusCode !== 200) failures++;
  }
}
await Promise.all(Array.from({ length: concurrency }, () => answerer()));
const answersMs = performance.now() - answersStarted;
const sorted = [...answerLatencies].sort((a, b) => a - b);
const percentile = (p: number) =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0) * 10) / 10;
const resultsStarted = performance.now();
const results = await app.inject({
  method: 'GET',
  url: `/api/v1/pulses/${pulse.id}/results`,
  headers: { origin, cookie: cookieOf(asker) },
});
const resultsMs = performance.now() - resultsStarted;

const report = {
  dialect: database.dialect,
  members,
  publishRequestMs: Math.round(publishMs),
  notificationsStored: Number(stored.n),
  allEmailsDeliveredMs: Math.round(deliveredMs),
  fanOutCpuMs: Math.round((fanOutCpu.user + fanOutCpu.system) / 1000),
  emailsReceivedBySink: sink.received(),
  answers: audience.length,
  answerFailures: failures,
  answersPerSecond: Math.round((audience.length / answersMs) * 1000),
  answerLatencyP50Ms: percentile(0.5),
  answerLatencyP99Ms: percentile(0.99),
  resultsAfterAllAnswersMs: Math.round(resultsMs),
  resultsVisible: (results.json() as { visible: boolean }).visible,
  rssMb: Math.round(Math.max(rssBefore, process.memoryUsage().rss) / 1024 / 1024),
  loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
};
process.stdout.write(
  `Pulse to ${members} members on ${database.dialect}: published (${report.notificationsStored} notifications and their email jobs stored) in ${report.publishRequestMs} ms; ` +
    `every email handed to SMTP after ${report.allEmailsDeliveredMs} ms (${report.fanOutCpuMs} ms of CPU). ` +
    `${report.answers} answers at ${concurrency} in flight: ${report.answersPerSecond}/s, p50 ${report.answerLatencyP50Ms} ms, p99 ${report.answerLatencyP99Ms} ms, ${failures} failed; ` +
    `results over all answers in ${report.resultsAfterAllAnswersMs} ms. RSS ${report.rssMb} MB, load ${report.loadAverage[0]}.\n`,
);
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);

await app.close();
await database.close();
await scratch?.drop();
await sink.close();
fs.rmSync(dataDir, { recursive: true, force: true });
