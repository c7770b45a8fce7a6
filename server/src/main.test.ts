import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './test/database.js';

const mainFile = path.join(import.meta.dirname, 'main.ts');

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', mainFile], {
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

async function waitForReady(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const ready = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} never became ready`);
}

describe('the server process', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-main-'));

  beforeAll(async () => {
    database = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops at start-up with a message naming a wrong variable', async () => {
    const { child, output } = start({ PORT: 'eighty' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output()).toMatch(/PORT must be a whole number/);
  });

  it('migrates, serves, and shuts down cleanly on SIGTERM', async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    const { child, output } = start({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    });
    try {
      await waitForReady(`http://127.0.0.1:${port}/readyz`);
      const instance = await fetch(`http://127.0.0.1:${port}/api/v1/instance`).then((r) => r.json());
      expect(instance).toEqual({ signUpPolicy: 'open', hasAdmin: false, memberNetworkProposals: false });
      if (!database.url) expect(fs.existsSync(path.join(dataDir, 'roundtable.db'))).toBe(true);

      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(output()).toMatch(/shutting down gracefully/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
