import { loadConfig } from '../apps/server/src/config';
import { openDatabase } from '../apps/server/src/platform/db/database';

/**
 * A script, not a module to import: runs one SQL statement (argv[2], parameters as a JSON array
 * in argv[3]) on the configured database and prints its rows as JSON. The harness runs it while
 * the server is stopped (PGlite admits one process at a time); see `RunningServer.sql`.
 */
async function main() {
  const [text, params = '[]'] = process.argv.slice(2);
  if (!text) throw new Error('usage: db-exec.ts <sql> [json params]');
  const database = await openDatabase(loadConfig());
  try {
    const { rows } = await database.pool.query(text, JSON.parse(params) as unknown[]);
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
