import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from './platform/clock.js';
import { openTestDatabase } from './test/database.js';
import { openJobQueue } from './test/jobs.js';

const workerFile = path.join(import.meta.dirname, 'worker.ts');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', workerFile], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', WEB_DIST: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

describe('the worker process (npm run worker)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-worker-'));

  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops at start-up when JOBS=workers has no PostgreSQL to share', async () => {
    const { child, output } = start({ JOBS: 'workers' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/JOBS=workers needs DATABASE_URL/);
  });

  it('migrates, works the queue, and shuts down cleanly on SIGTERM', async () => {
    const { child, output } = start({
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url, JOBS: 'workers' } : {}),
    });
    try {
      for (let i = 0; i < 150 && !output().includes('working background jobs'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output()).toMatch(/working background jobs/);
      if (database.url) {
        // The only jobs are the recurring ticks the worker schedules: the digest's at the next whole
        // hour, the meeting reminders' at the next five minutes. Read through the scaled mode's
        // queue: pg-boss's tables, not the jobs table.
        const { items } = await openJobQueue(database, systemClock).list({ limit: 10 });
        const jobs = items
          .map(({ name, status, runAt }) => ({ name, status, runAt }))
          .sort((a, b) => a.name.localeCompare(b.name));
        expect(jobs).toEqual([
          { name: 'meetings.remindTick', status: 'queued', runAt: expect.stringMatching(/:[0-5][05]:00\.000Z$/) },
          { name: 'notifications.digestTick', status: 'queued', runAt: expect.stringMatching(/:00:00\.000Z$/) },
        ]);
      } else {
        expect(fs.existsSync(path.join(dataDir, 'roundtable.db'))).toBe(true);
      }

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output()).toMatch(/worker shutting down gracefully/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
