import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { migrateToLatest, openDatabase } from './db/database.js';

export async function serve(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Roundtable cannot start: ${error.message}`);
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

  let isClosing = false;
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    isClosing = true;
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down gracefully');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  // Embedded mode: this process works the queue; in the scaled mode `npm run worker` processes do.
  // A signal during start-up closes the database under the first enqueue (pg-boss creates its
  // schema then); that failure is the shutdown's, not a crash.
  if (config.jobs === 'in-process') {
    await app.startJobs().catch((error: unknown) => {
      if (!isClosing) throw error;
    });
  }
  app.log.info(
    `Roundtable is running at ${config.publicUrl.origin} on ${database.dialect === 'sqlite' ? `SQLite (${config.dataDir})` : 'PostgreSQL'}`,
  );
}
