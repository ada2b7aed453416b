import { loadConfig } from '../../config';
import { openDatabase } from '../db/database';
import { verifyAuditChain } from './audit-trail';

/**
 * `npm run audit:verify`: walks the audit chain of the configured database (DATABASE_URL and
 * DATABASE_SCHEMA, or the embedded one under ./var) and names the first broken entry.
 * Exit 0 when intact, 1 when broken, 2 when it could not check.
 */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config);
  try {
    const result = await verifyAuditChain(database.db, {
      onProgress: (n) => process.stderr.write(`\rchecked ${n} entries`),
    });
    process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!result.ok) {
      process.stderr.write(`audit chain BROKEN at entry ${result.firstBrokenSeq} (${result.reason})\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`audit chain intact: ${result.checked} entries\n`);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`audit:verify could not run: ${(error as Error).message}\n`);
  process.exitCode = 2;
});
