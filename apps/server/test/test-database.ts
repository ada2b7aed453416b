import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../src/config';
import { openDatabase, type Database } from '../src/platform/db/database';

/**
 * Integration tests run on in-memory PGlite by default and on a real PostgreSQL when
 * SAFEGRID_TEST_DATABASE_URL is set — each test file in a schema of its own, dropped afterwards.
 */
export async function openTestDatabase(
  label: string,
): Promise<{ database: Database; cleanup(): Promise<void> }> {
  const url = process.env.SAFEGRID_TEST_DATABASE_URL || undefined;
  const schema = `t_${label}_${randomBytes(4).toString('hex')}`;
  const database = await openDatabase({
    databaseUrl: url,
    databaseSchema: schema,
    dataDir: '',
    inMemory: true,
  });
  return {
    database,
    async cleanup() {
      if (url) await database.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await database.close();
    },
  };
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ LOG_LEVEL: 'silent', SAFEGRID_WEB_DIST: '/nonexistent' }), ...overrides };
}
