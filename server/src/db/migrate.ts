import path from 'node:path';
import { loadConfig } from '../config.js';
import { migrateToLatest, openDatabase } from './database.js';

const config = loadConfig();
const database = openDatabase({
  databaseUrl: config.databaseUrl,
  sqlitePath: path.join(config.dataDir, 'roundtable.db'),
});
try {
  const applied = await migrateToLatest(database.db);
  console.info(applied.length ? applied.join('\n') : 'Database is up to date.');
} finally {
  await database.close();
}
