import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';

/**
 * Starts a Roundtable process. `server` listens (and, in the embedded mode, works the job queue
 * too); `worker` is `npm run worker`: it builds the same app — so every feature's job handlers are
 * registered the same way — but never listens. Run as many workers as the load needs; each claims
 * jobs with a lease, so none is worked twice.
 */
export async function startProcess(role: 'server' | 'worker'): Promise<void> {
  const name = role === 'server' ? 'Roundtable' : 'Roundtable worker';
  const prefix = role === 'server' ? '' : 'worker ';
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${name} cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'roundtable.db'),
  });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database });
  app.addHook('onClose', () => database.close());
  if (role === 'worker') await app.ready();

  let isClosing = false;
  // A worker's running jobs get longer to finish or go back to the queue.
  closeWithGrace({ delay: role === 'server' ? 10_000 : 15_000 }, async ({ signal, err }) => {
    isClosing = true;
    if (err) app.log.error({ err }, `${prefix}shutting down after an error`);
    else app.log.info({ signal }, `${prefix}shutting down gracefully`);
    await app.close();
  });

  if (role === 'server') await app.listen({ port: config.port, host: config.host });
  // Embedded mode: the server works the queue; in the scaled mode `npm run worker` processes do.
  // A signal during start-up closes the database under the first enqueue (pg-boss creates its
  // schema then); that failure is the shutdown's, not a crash.
  if (role === 'worker' || config.jobs === 'in-process') {
    await app.startJobs().catch((error: unknown) => {
      if (!isClosing) throw error;
    });
  }
  app.log.info(
    role === 'worker'
      ? 'Roundtable worker is working background jobs'
      : `Roundtable is running at ${config.publicUrl.origin} on ${database.dialect === 'sqlite' ? `SQLite (${config.dataDir})` : 'PostgreSQL'}`,
  );
}
