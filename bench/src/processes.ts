import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { LoadJob, LoadSummary } from './load.js';
import type { SseJob, SseSummary } from './sse-clients.js';

const srcDir = import.meta.dirname;
// TypeScript children (ceiling, load generator) run through tsx's loader; the production server runs its build.
const tsxArgs = ['--import', 'tsx'];

export type ServerProcess = {
  name: string;
  pid: number;
  baseUrl: string;
  logFile: string;
  /** Resident set size of the server process, read from /proc (null where /proc is missing). */
  rssMb(): number | null;
  stop(): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

type StartOptions = {
  name: string;
  args: string[];
  env: Record<string, string>;
  readyPath: string;
  logFile: string;
  port: number;
};

/** Starts a server child and resolves once `readyPath` answers 200; its output goes to `logFile`. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, options.args, {
    env: options.env,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const { pid } = child;
  if (pid === undefined) throw new Error(`${options.name} did not start.`);

  const baseUrl = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilReady(`${baseUrl}${options.readyPath}`, exited, options.name, options.logFile);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return {
    name: options.name,
    pid,
    baseUrl,
    logFile: options.logFile,
    rssMb: () => readRssMb(pid),
    stop: () => stopChild(child, exited),
  };
}

export function startCeiling(port: number, logFile: string): Promise<ServerProcess> {
  return startServer({
    name: 'Fastify hello-world',
    args: [...tsxArgs, path.join(srcDir, 'ceiling.ts')],
    env: childEnv({ PORT: String(port) }),
    readyPath: '/',
    logFile,
    port,
  });
}

/** Only what the child needs: a developer's DATABASE_URL or SMTP_URL must not leak into a benchmark. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { NODE_ENV: 'production' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

async function waitUntilReady(
  url: string,
  exited: Promise<number | null>,
  name: string,
  logFile: string,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`${name} exited before it was ready:\n${tail(logFile)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${name} was not ready within 30 s:\n${tail(logFile)}`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

function readRssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs autocannon in a child process and returns its summary. */
export function runLoad(job: LoadJob): Promise<LoadSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(srcDir, 'load.ts'), [], { execArgv: tsxArgs, stdio: 'inherit' });
    let settled = false;
    child.once('message', (message: { summary?: LoadSummary; error?: string }) => {
      settled = true;
      if (message.summary) resolve(message.summary);
      else reject(new Error(`autocannon failed: ${message.error ?? 'no result'}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`The load generator exited with code ${code} before reporting.`));
    });
    child.send(job);
  });
}

/**
 * Runs the SSE clients in a child process: `whenOpen` runs once every stream is open (the runner
 * reads the server's RSS there), then the child posts the reply and times its delivery.
 */
export function runSseClients(job: SseJob, whenOpen: () => Promise<void> | void): Promise<SseSummary> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(srcDir, 'sse-clients.ts'), [], { execArgv: tsxArgs, stdio: 'inherit' });
    let settled = false;
    child.on('message', (message: { open?: boolean; summary?: SseSummary; error?: string }) => {
      if (message.open) {
        void Promise.resolve(whenOpen()).then(() => child.send('go'), reject);
        return;
      }
      settled = true;
      if (message.summary) resolve(message.summary);
      else reject(new Error(`the SSE clients failed: ${message.error ?? 'no result'}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`The SSE clients exited with code ${code} before reporting.`));
    });
    child.send(job);
  });
}
