import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { type Database, migrateToLatest, openDatabase } from '../../db/database.js';
import { newId } from '../../platform/ids.js';
import { SMTP_CONNECTIONS } from '../../platform/mail.js';
import { openTestDatabase, testDialect } from '../../test/database.js';
import { notifyNow } from './notifications.service.js';

const workerFile = path.join(import.meta.dirname, '../../worker.ts');
const MEMBERS = 400;
/** Email jobs the worker runs at once (the queue's default concurrency), each with its senders. */
const SENDERS_AT_ONCE = 2 * SMTP_CONNECTIONS;

type Arrival = { to: string; messageId: string };

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The durability promise end to end: a pulse notifies hundreds of members, each with an email at
 * once; the `npm run worker` process is SIGKILLed while it is handing them to a real SMTP server,
 * and started again. Every member's email arrives, one message per member, and no notification
 * is stored twice.
 */
describe(`notification emails across a killed worker on ${testDialect()}`, () => {
  let database: Database;
  let app: FastifyInstance;
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let smtp: SMTPServer;
  let arrivals: Arrival[];
  const workers: ChildProcess[] = [];

  beforeEach(async () => {
    arrivals = [];
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 4096) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          // A mail server that takes a moment per message, so the kill lands mid-run.
          setTimeout(() => {
            const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '';
            for (const to of session.envelope.rcptTo) arrivals.push({ to: to.address, messageId });
            callback();
          }, 5);
        });
      },
    });
    // The killed worker's connections end abruptly; the server reports each, which is expected here.
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-mail-'));
    env = { SMTP_URL: smtpUrl, DATA_DIR: dataDir, WEB_DIST: '', LOG_LEVEL: 'warn', JOB_LEASE_SECONDS: '2' };
    if (testDialect() === 'postgres') {
      const test = await openTestDatabase();
      database = test;
      env = { ...env, DATABASE_URL: test.url ?? '', JOBS: 'workers' };
      cleanup = () => test.close();
    } else {
      // The worker process shares the SQLite file in the data directory, as the server would.
      database = openDatabase({ databaseUrl: null, sqlitePath: path.join(dataDir, 'roundtable.db') });
      await migrateToLatest(database.db);
      cleanup = () => database.close();
    }
    const closeDatabase = cleanup;
    cleanup = async () => {
      await closeDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    app = await buildApp({ config: loadConfig(env), database, logger: false });
    await app.ready();
  });

  afterEach(async () => {
    for (const child of workers.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await app.close();
    await cleanup();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  function startWorker(): { child: ChildProcess; output: () => string } {
    let output = '';
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', workerFile], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    workers.push(child);
    return { child, output: () => output };
  }

  const emailStates = async () => {
    const rows = await database.db
      .selectFrom('notifications')
      .select(['emailState', (eb) => eb.fn.countAll().as('n')])
      .groupBy('emailState')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.emailState, Number(row.n)]));
  };

  it('delivers every email once per member after the worker is SIGKILLed mid-run and restarted', async () => {
    const now = new Date().toISOString();
    const members = Array.from({ length: MEMBERS }, (_, n) => ({
      id: newId(),
      email: `member${n}@durable.test`,
      name: `Member ${n}`,
      passwordHash: 'not-a-real-hash',
      role: 'member' as const,
      emailVerifiedAt: now,
      createdAt: now,
      updatedAt: now,
    }));
    await database.db.insertInto('users').values(members).execute();
    await notifyNow(
      app.appContext,
      members.map((member) => ({
        userId: member.id,
        kind: 'pulse_waiting' as const,
        title: 'A pulse is waiting for your answer',
        url: '/pulses/durable',
      })),
    );

    const first = startWorker();
    await waitFor('a third of the emails', () => arrivals.length >= MEMBERS / 3);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const atKill = await emailStates();
    expect(atKill.sent ?? 0).toBeGreaterThan(0);
    expect(atKill.queued ?? 0).toBeGreaterThan(0);

    const second = startWorker();
    await waitFor('every notification marked sent', async () => (await emailStates()).sent === MEMBERS);
    await waitFor('every email to arrive', () => new Set(arrivals.map((a) => a.messageId)).size >= MEMBERS);
    second.child.kill('SIGTERM');
    const [code] = await once(second.child, 'exit');
    expect(code, second.output()).toBe(0);

    const notifications = await database.db.selectFrom('notifications').select(['id', 'userId']).execute();
    // No notification stored twice: one per member.
    expect(notifications).toHaveLength(MEMBERS);
    expect(new Set(notifications.map((row) => row.userId)).size).toBe(MEMBERS);

    // Each member's mailbox holds exactly one message: the one of their notification.
    const emailOf = new Map(members.map((member) => [member.id, member.email]));
    const expected = notifications.map((row) => `${emailOf.get(row.userId)} <notification.${row.id}@localhost>`).sort();
    const byMailbox = new Map<string, Set<string>>();
    for (const { to, messageId } of arrivals) byMailbox.set(to, (byMailbox.get(to) ?? new Set()).add(messageId));
    expect(byMailbox.size).toBe(MEMBERS);
    expect([...byMailbox].flatMap(([to, ids]) => [...ids].map((id) => `${to} ${id}`)).sort()).toEqual(expected);

    // A send the mail server took just before the kill, not yet marked sent, goes again with the
    // same Message-ID (which mail servers and clients drop); at most one per sender running.
    const resent = arrivals.length - MEMBERS;
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(SENDERS_AT_ONCE);
    process.stdout.write(`emails resent after the kill (same Message-ID): ${resent} of ${MEMBERS}\n`);
  }, 90_000);
});
