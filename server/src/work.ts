import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';

/**
 * `npm run worker`: a process that works background jobs and serves nothing. It builds the same
 * app as the server — so every feature's job handlers are registered the same way — but never
 * listens. Run as many as the load needs; each claims jobs with a lease, so none is worked twice.
 */
export async function work(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Roundtable worker cannot start: ${error.message}`);
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
  await app.ready();

  let isClosing = false;
  closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
    isClosing = true;
    if (err) app.log.error({ err }, 'worker shutting down after an error');
    else app.log.info({ signal }, 'worker shutting down gracefully');
    await app.close();
  });

  // A signal during start-up closes the database under the first enqueue (pg-boss creates its
  // schema then); that failure is the shutdown's, not a crash.
  await app.startJobs().catch((error: unknown) => {
    if (!isClosing) throw error;
  });
  app.log.info('Roundtable worker is working background jobs');
}
