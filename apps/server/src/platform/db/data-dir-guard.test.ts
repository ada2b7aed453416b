import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirError, acquireDataDir } from './data-dir-guard';
import { openDatabase } from './database';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sg-guard-'));
  dirs.push(d);
  return d;
};

describe('embedded data directory guard', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterEach(() => children.splice(0).forEach((c) => c.kill()));

  it('refuses a second process and names the holder', () => {
    const dir = tempDir();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    children.push(holder);
    writeFileSync(join(dir, 'safegrid.lock'), String(holder.pid));
    expect(() => acquireDataDir(dir)).toThrow(DataDirError);
    expect(() => acquireDataDir(dir)).toThrow(new RegExp(`in use by process ${holder.pid}`));
  });

  it('takes over a lock left by a process that died', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'safegrid.lock'), '999999999');
    const lease = acquireDataDir(dir);
    expect(lease.fresh).toBe(true);
    lease.release();
  });

  it('reports a half-initialised directory instead of opening it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'pglite'));
    writeFileSync(join(dir, 'pglite', 'postgresql.conf'), '# interrupted initdb');
    const error = (() => {
      try {
        acquireDataDir(dir);
      } catch (e) {
        return e as DataDirError;
      }
    })();
    expect(error?.reason).toBe('half_initialised');
    expect(existsSync(join(dir, 'safegrid.lock'))).toBe(false);
  });

  it('opens, closes and reopens a real on-disk database; a concurrent open is refused', async () => {
    const dir = tempDir();
    const options = { databaseUrl: undefined, databaseSchema: 'safegrid', dataDir: dir };
    const first = await openDatabase(options);
    expect(first.fresh).toBe(true);
    await expect(openDatabase(options)).rejects.toThrow(DataDirError);
    await first.db
      .insertInto('industry')
      .values({
        code: 'C',
        level: 1,
        name: '制造业',
        parent_code: null,
        gongmao_category: null,
        category_source: null,
      })
      .execute();
    await first.close();
    const second = await openDatabase(options);
    expect(second.fresh).toBe(false);
    expect(await second.db.selectFrom('industry').select('name').execute()).toEqual([{ name: '制造业' }]);
    await second.close();
  });
});
