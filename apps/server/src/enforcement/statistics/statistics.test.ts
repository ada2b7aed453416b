import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { EnforcementStatistics, Problem } from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { periodProblems, statisticsPeriod } from './statistics-period';

/**
 * The statistics over a small hand-made year: every count and sum is known exactly, including a
 * completion at 00:30 China time on 1 April (31 March in UTC), an inspection still in progress, a
 * case not yet decided, and rows just outside the period.
 */

const base = '/api/enforcement/statistics';

describe('enforcement statistics', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  const as = async (role: Role, scopeIds: string[]) => {
    const u = await createTestUser(db, { role, scopeIds });
    return injectAs(app, await openTestSession(db, u.id));
  };
  let city: Awaited<ReturnType<typeof as>>;
  let baoanOfficer: Awaited<ReturnType<typeof as>>;

  beforeAll(async () => {
    const t = await openTestDatabase('statistics');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    const [e1, e2, e3, e4] = seeded.enterprises.map((e) => e.id) as [string, string, string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    const a = (await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440300'] })).id;
    const b = (await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440300'] })).id;
    const inspection = (
      enterprise_id: string,
      completed: string | null,
      finding_count: number,
      simulated = false,
    ) => ({
      enterprise_id,
      status: completed ? ('completed' as const) : ('in_progress' as const),
      started_by: a,
      partner_id: b,
      started_at: new Date(new Date(completed ?? '2026-03-05T02:00:00Z').getTime() - 3_600_000),
      completed_at: completed ? new Date(completed) : null,
      finding_count,
      simulated,
    });
    await db
      .insertInto('inspection')
      .values([
        inspection(e1, '2026-03-10T03:00:00Z', 2), // 宝安 machinery, March
        inspection(e1, '2026-03-31T16:30:00Z', 0), // 00:30 on 1 April in Shenzhen: April
        inspection(e3, '2026-04-15T03:00:00Z', 3, true), // 宝安 textile, simulated
        inspection(e4, '2026-03-20T03:00:00Z', 1), // 大鹏 machinery
        inspection(e2, null, 4), // in progress: not counted
        inspection(e1, '2026-06-05T03:00:00Z', 5), // after the period
        inspection(e1, '2026-02-28T15:59:00Z', 5), // 23:59 on 28 February: before it
      ])
      .execute();
    const kase = (
      enterprise_id: string,
      decided_on: string | null,
      fine_yuan: string | null,
      simulated = false,
    ) => ({
      enterprise_id,
      status: decided_on ? ('decided' as const) : ('filed' as const),
      cause: '测试案由',
      handler_id: a,
      co_handler_id: b,
      decided_on,
      fine_yuan,
      simulated,
      created_at: new Date('2026-03-01T00:00:00Z'),
    });
    await db
      .insertInto('enforcement_case')
      .values([
        kase(e1, '2026-03-25', '1234.50'),
        kase(e3, '2026-05-31', '10000.25', true),
        kase(e4, '2026-04-02', '500.00'),
        kase(e2, null, null),
        kase(e1, '2026-06-01', '999.00'),
      ])
      .execute();
    city = await as('city_admin', ['440300']);
    baoanOfficer = await as('district_officer', ['440306']);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  const get = async (who: typeof city, query: string) => {
    const res = await who({ url: `${base}?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<EnforcementStatistics>();
  };
  const figures = (s: EnforcementStatistics) =>
    s.rows.map((r) => [r.key, r.inspections, r.findings, r.penalties, r.fines]);

  it('counts by month on the bureau calendar, with exact sums and the simulated share', async () => {
    const s = await get(city, 'from=2026-03&to=2026-05&by=month');
    expect(figures(s)).toEqual([
      ['2026-03', 2, 3, 1, '1234.50'],
      ['2026-04', 2, 3, 1, '500.00'],
      ['2026-05', 0, 0, 1, '10000.25'],
    ]);
    expect(s.rows.map((r) => r.simulatedShare)).toEqual([0, 0.3333, 1]);
    expect(s.totals).toEqual({
      inspections: 4,
      findings: 6,
      penalties: 3,
      fines: '11734.75',
      simulatedShare: 0.2857,
    });
  });

  it('groups by district, street and industry, listing groups without figures as zeros', async () => {
    const byDistrict = await get(city, 'from=2026-03&to=2026-05&by=district');
    expect(byDistrict.rows.map((r) => [r.label, r.inspections, r.fines])).toEqual([
      ['宝安区', 3, '11234.75'],
      ['大鹏新区', 1, '500.00'],
    ]);
    const byIndustry = await get(city, 'from=2026-03&to=2026-05&by=industry');
    expect(byIndustry.rows).toHaveLength(8);
    expect(byIndustry.rows.find((r) => r.key === 'machinery')).toMatchObject({
      inspections: 3,
      findings: 3,
      penalties: 2,
      fines: '1734.50',
    });
    expect(byIndustry.rows.find((r) => r.key === 'textile')).toMatchObject({
      inspections: 1,
      findings: 3,
      penalties: 1,
      fines: '10000.25',
      simulatedShare: 1,
    });
    const oneDistrict = await get(city, 'from=2026-03&to=2026-05&by=street&districtId=DP-440307');
    expect(figures(oneDistrict)).toEqual([['440307009', 1, 1, 1, '500.00']]);
  });

  it("shows a district officer their district's streets only, and nothing of another district", async () => {
    const s = await get(baoanOfficer, 'from=2026-03&to=2026-05&by=street');
    expect(s.rows.map((r) => [r.label, r.inspections, r.findings, r.penalties, r.fines])).toEqual([
      ['新安街道', 3, 5, 2, '11234.75'],
    ]);
    expect(s.totals.inspections).toBe(3);
    const other = await baoanOfficer({
      url: `${base}?from=2026-03&to=2026-05&by=street&districtId=DP-440307`,
    });
    expect(other.statusCode).toBe(404);
    const own = await get(baoanOfficer, 'from=2026-03&to=2026-05&by=month&districtId=440306');
    expect(own.totals.penalties).toBe(2);
  });

  it('refuses roles that do not read enforcement, and unknown districts', async () => {
    for (const [role, scope] of [
      ['grid_inspector', 'G440306001001-1'],
      ['street_officer', '440306001'],
      ['auditor', '440300'],
    ] as const) {
      const res = await (await as(role, [scope]))({ url: `${base}?from=2026-03&to=2026-05&by=month` });
      expect(res.statusCode, role).toBe(403);
    }
    expect((await app.inject({ url: `${base}?from=2026-03&to=2026-05&by=month` })).statusCode).toBe(401);
    const unknown = await city({ url: `${base}?from=2026-03&to=2026-05&by=month&districtId=440399` });
    expect(unknown.statusCode).toBe(404);
    const street = await city({ url: `${base}?from=2026-03&to=2026-05&by=month&districtId=440306001` });
    expect(street.statusCode).toBe(404);
  });

  it('validates the period: order, length (36 months at most) and format', async () => {
    const reversed = await city({ url: `${base}?from=2026-05&to=2026-03&by=month` });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json<Problem>().code).toBe('statistics.period_reversed');
    const long = await city({ url: `${base}?from=2023-01&to=2026-01&by=month` });
    expect(long.statusCode).toBe(422);
    expect(long.json<Problem>()).toMatchObject({
      code: 'statistics.period_too_long',
      errors: [{ pointer: '/query/to' }],
    });
    const longest = await get(city, 'from=2023-02&to=2026-01&by=month');
    expect(longest.rows).toHaveLength(36);
    for (const query of [
      'from=2026-13&to=2026-12&by=month',
      'from=2026-01&to=2026-02&by=week',
      'from=2026-01&by=month',
    ]) {
      expect((await city({ url: `${base}?${query}` })).statusCode, query).toBe(400);
    }
  });

  it('computes period bounds in China Standard Time', () => {
    const p = statisticsPeriod('2026-12', '2027-01');
    expect(p.months).toEqual(['2026-12', '2027-01']);
    expect(p.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect([p.startDay, p.endDay]).toEqual(['2026-12-01', '2027-02-01']);
    expect(periodProblems('2026-01', '2026-01')).toEqual([]);
  });
});
