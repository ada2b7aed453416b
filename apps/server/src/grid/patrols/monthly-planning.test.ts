import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { planCurrentMonthIfUnplanned } from './monthly-planning';
import { createPatrolRepository } from './patrol.repository';
import type { PatrolFrequency } from './patrol-frequency';

/** The worker's monthly planning on the test database: once per month, as the system. */
describe('monthly patrol planning', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  // Every category monthly, so every operating enterprise of the mini city is due.
  const monthly: PatrolFrequency = {
    version: 'test',
    intervalMonths: Object.fromEntries(
      GONGMAO_CATEGORIES.map((c) => [c, 1]),
    ) as PatrolFrequency['intervalMonths'],
    generalSamplePercentPerMonth: 0,
  };

  beforeAll(async () => {
    const t = await openTestDatabase('monthly_planning');
    cleanup = t.cleanup;
    db = t.database.db;
    await seedMiniCity(db);
  });
  afterAll(async () => cleanup?.());

  it('plans the month that began in Shenzhen once, as the system, and then leaves it alone', async () => {
    const deps = { patrols: createPatrolRepository(db), frequency: monthly };
    // 1 January 00:30 in Shenzhen is still 31 December in UTC: the month is January.
    const now = new Date('2026-12-31T16:30:00Z');
    const first = await planCurrentMonthIfUnplanned(db, deps, now);
    // Two operating firms in 宝安 grid 1 (in charge: 李娜, 王强); the 大鹏 one has no inspector.
    expect(first).toEqual({ month: '2027-01', created: 2, existing: 0, unassigned: 1 });
    const tasks = await db.selectFrom('patrol_task').select(['month', 'created_by', 'kind']).execute();
    expect(tasks).toEqual([
      { month: '2027-01-01', created_by: null, kind: 'planned' },
      { month: '2027-01-01', created_by: null, kind: 'planned' },
    ]);
    expect(await planCurrentMonthIfUnplanned(db, deps, new Date('2027-01-15T02:00:00Z'))).toBeNull();
    const audit = await db
      .selectFrom('audit_event')
      .select(['actor_name', 'actor_id', 'resource_id'])
      .where('action', '=', 'patrol.generated')
      .execute();
    expect(audit).toEqual([{ actor_name: 'system', actor_id: null, resource_id: '2027-01' }]);
  });
});
