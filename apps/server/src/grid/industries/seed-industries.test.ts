import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database';
import { openTestDatabase } from '../../../test/test-database';
import { loadIndustryCatalogue } from './industry-catalogue';
import { countIndustries, seedIndustries } from './seed-industries';

let database: Database;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await openTestDatabase('industries');
  database = t.database;
  cleanup = t.cleanup;
});
afterAll(async () => {
  await cleanup();
});

describe('seedIndustries', () => {
  const catalogue = loadIndustryCatalogue();

  it('fills an empty table with the whole catalogue', async () => {
    expect(await seedIndustries(database.db)).toBe(catalogue.length);
    expect(await countIndustries(database.db)).toBe(catalogue.length);
    const row = await database.db
      .selectFrom('industry')
      .selectAll()
      .where('code', '=', 'C3074')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      code: 'C3074',
      level: 4,
      name: '日用陶瓷制品制造',
      parent_code: 'C307',
      gongmao_category: 'light_industry',
      category_source: 'derived',
    });
  });

  it('adds nothing the second time', async () => {
    expect(await seedIndustries(database.db)).toBe(0);
    expect(await countIndustries(database.db)).toBe(catalogue.length);
  });

  it('adds back only the codes that are missing, and leaves edited rows alone', async () => {
    await database.db.deleteFrom('industry').where('code', 'in', ['C3981', 'C3982', 'F5212']).execute();
    await database.db
      .updateTable('industry')
      .set({ name: '改过的名称' })
      .where('code', '=', 'C3983')
      .execute();
    expect(await seedIndustries(database.db)).toBe(3);
    const rows = await database.db
      .selectFrom('industry')
      .select(['code', 'name', 'gongmao_category'])
      .where('code', 'in', ['C3981', 'C3983', 'F5212'])
      .orderBy('code')
      .execute();
    expect(rows).toEqual([
      { code: 'C3981', name: '电阻电容电感元件制造', gongmao_category: 'machinery' },
      { code: 'C3983', name: '改过的名称', gongmao_category: 'machinery' },
      { code: 'F5212', name: '超级市场零售', gongmao_category: 'commerce' },
    ]);
  });

  it('survives two seeders racing (ON CONFLICT)', async () => {
    await database.db.deleteFrom('industry').where('code', '=', 'F5213').execute();
    const added = await Promise.all([seedIndustries(database.db), seedIndustries(database.db)]);
    expect(added[0]! + added[1]!).toBe(1);
  });
});
