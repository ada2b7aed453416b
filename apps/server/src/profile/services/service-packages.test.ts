import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  Problem,
  ServiceEffect,
  ServicePackageDetail,
  ServicePackageGeneration,
  ServicePackageList,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { GRADES } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { createGradingModels } from '../models/grading-models';
import { recomputeAllGrades } from '../grades/recompute-grades';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { loadServiceContent } from './service-content';
import { matchServiceItems } from './match-service-items';

/**
 * Service packages end to end on the test database and the mini city: generation matches each
 * enterprise's tags and grade inputs, a dry run writes nothing, a stale preview is refused, a
 * second run in the month adds nothing; the enterprise acknowledges its own package (not
 * another's); and the effect counts hand-made hazards before and after delivery and the grade
 * changes since.
 */

const T0 = new Date('2026-08-05T10:00:00+08:00');
const NOW = new Date('2026-11-20T10:00:00+08:00');
const DAY = 86_400_000;

describe('safety service packages', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let now = T0;
  let e1: string;
  let e2: string;
  let e3: string;
  let e4: string;
  let reporter: string;
  const models = () => createGradingModels(db);
  const base = '/api/profile/service-packages';

  const as = async (role: Role, scopeIds: string[], enterpriseIds: string[] = []) => {
    const user = await createTestUser(db, { role, scopeIds, enterpriseIds });
    return injectAs(app, await openTestSession(db, user.id, { now }));
  };
  const problem = (res: { headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const packageRows = () =>
    db
      .selectFrom('service_package')
      .select(['id', 'enterprise_id', 'month', 'grade_at_delivery', 'items'])
      .orderBy('enterprise_id')
      .execute();
  const auditCount = async (action: string) =>
    (await db.selectFrom('audit_event').select('id').where('action', '=', action).execute()).length;

  async function hazard(enterprise: string, foundAt: Date, status: 'reported' | 'withdrawn' = 'reported') {
    const place = await db
      .selectFrom('enterprise')
      .select(['grid_id', 'community_id', 'street_id', 'district_id'])
      .where('id', '=', enterprise)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('hazard')
      .values({
        enterprise_id: enterprise,
        ...place,
        description: '手工构造的测试隐患',
        source: 'patrol',
        level: 'general',
        major_hazard_ref: null,
        status,
        deadline: null,
        found_at: foundAt,
        reported_by: reporter,
        reported_at: foundAt,
        client_id: randomUUID(),
      })
      .execute();
  }

  beforeAll(async () => {
    const t = await openTestDatabase('services');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    [e1, e2, e3, e4] = seeded.enterprises.map((e) => e.id) as [string, string, string, string];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => now });
    reporter = (await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] })).id;

    // e1: dust and chemicals, a confined space, nobody trained, no plan.
    await db
      .insertInto('enterprise_risk_tag')
      .values([
        { enterprise_id: e1, tag: 'dust_explosion', source: 'declared' },
        { enterprise_id: e1, tag: 'hazardous_chemicals', source: 'declared' },
      ])
      .execute();
    await db
      .insertInto('confined_space')
      .values({
        enterprise_id: e1,
        code: 'CS-1',
        name: '污水池',
        space_type: 'underground',
        hazards: ['h2s'],
        ventilation: 'mechanical',
      })
      .execute();
    // e2: well kept in every respect the library looks at.
    await db
      .insertInto('enterprise_safety_management')
      .values([
        {
          enterprise_id: e1,
          emergency_plan_filed: false,
          safety_officers: 0,
          training_coverage_percent: 10,
          certificates_complete: false,
          standardisation_level: 0,
          source: 'declared',
        },
        {
          enterprise_id: e2,
          emergency_plan_filed: true,
          safety_officers: 2,
          training_coverage_percent: 100,
          certificates_complete: true,
          standardisation_level: 2,
          source: 'declared',
        },
      ])
      .execute();
    await db
      .insertInto('emergency_drill')
      .values({ enterprise_id: e2, held_on: '2026-05-10', description: '消防疏散演练', source: 'declared' })
      .execute();
    // e3 (suspended, textile) and e4 (大鹏, out of the street's scope) have no records at all.
    await recomputeAllGrades(db, await models().active(), { now: T0, reason: 'batch' });
    await db.deleteFrom('grading_queue').execute();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('previews without writing, refuses a stale preview, then delivers what was previewed', async () => {
    const street = await as('street_officer', ['440306001']);
    const dry = await street({ method: 'POST', url: `${base}/generate`, payload: { dryRun: true } });
    expect(dry.statusCode, dry.body).toBe(200);
    const preview = dry.json<ServicePackageGeneration>();
    // e1, e2, e3 are the street's (e3 suspended but supervised); e4 lies outside it.
    expect(preview).toMatchObject({
      month: '2026-08',
      dryRun: true,
      enterprises: 3,
      ungraded: 0,
      created: 0,
    });
    expect(preview.sample.map((s) => s.enterpriseId)).not.toContain(e4);
    // A dry run writes nothing, not even an audit entry.
    expect(await packageRows()).toEqual([]);
    expect(await auditCount('service_packages.generated')).toBe(0);

    // Each enterprise gets exactly what the pure matcher gives its stored inputs and tags.
    const content = loadServiceContent(regulationLibrary().catalogue);
    const grades = await db.selectFrom('enterprise_grade').selectAll().execute();
    const expected = new Map<string, string[]>();
    for (const g of grades) {
      const e = await db
        .selectFrom('enterprise')
        .select(['gongmao_category', 'street_id'])
        .where('id', '=', g.enterprise_id)
        .executeTakeFirstOrThrow();
      if (e.street_id !== '440306001') continue;
      const tags = await db
        .selectFrom('enterprise_risk_tag')
        .select('tag')
        .where('enterprise_id', '=', g.enterprise_id)
        .execute();
      const ids = matchServiceItems(
        content.items,
        {
          category: e.gongmao_category,
          grade: g.grade,
          riskTags: tags.map((t) => t.tag),
          confinedSpaces: g.enterprise_id === e1,
          inputs: g.inputs as unknown as Record<string, number | null>,
        },
        content.majorHazardArticles,
      ).map((m) => m.id);
      if (ids.length > 0) expected.set(String(g.enterprise_id), ids);
    }
    expect(new Map(preview.sample.map((s) => [s.enterpriseId, s.itemIds]))).toEqual(expected);
    expect(preview.matched).toBe(expected.size);
    expect(preview.noMatch).toBe(3 - expected.size);

    // By tags and indicators: e1 gets the dust, chemicals, confined-space and training items…
    const e1Items = expected.get(e1)!;
    expect(e1Items).toEqual(
      expect.arrayContaining([
        'regulation.dust-explosion',
        'regulation.hazardous-chemicals',
        'regulation.confined-space',
        'regulation.training',
        'regulation.emergency-plan',
        'training.dust-explosion',
        'warning.confined-space',
        'advice.safety-officer',
      ]),
    );
    expect(e1Items).not.toContain('regulation.liquid-ammonia');
    // …e3 (no records: nobody trained, no plan) the training and emergency items but no dust…
    expect(expected.get(e3)).toEqual(
      expect.arrayContaining(['regulation.training', 'training.emergency-drill']),
    );
    expect(expected.get(e3)).not.toContain('regulation.dust-explosion');
    // …and e2, well kept, trained and drilled, nothing at all.
    expect(expected.has(e2)).toBe(false);
    expect(preview).toMatchObject({ matched: 2, noMatch: 1 });

    const stale = await street({
      method: 'POST',
      url: `${base}/generate`,
      payload: { dryRun: false, previewDigest: '0000000000000000' },
    });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale).code).toBe('service_package.preview_stale');
    expect(await packageRows()).toEqual([]);

    const real = await street({
      method: 'POST',
      url: `${base}/generate`,
      payload: { dryRun: false, previewDigest: preview.digest },
    });
    expect(real.statusCode, real.body).toBe(200);
    const delivered = real.json<ServicePackageGeneration>();
    expect(delivered).toMatchObject({ dryRun: false, matched: preview.matched, created: preview.matched });
    expect(delivered.digest).toBe(preview.digest);
    const rows = await packageRows();
    expect(rows.map((r) => String(r.enterprise_id)).sort()).toEqual([...expected.keys()].sort());
    expect(rows.every((r) => r.month === '2026-08-01')).toBe(true);
    expect(await auditCount('service_packages.generated')).toBe(1);
  });

  it('delivers nothing more within the month, and the city admin adds the enterprise outside the street', async () => {
    now = new Date(T0.getTime() + 3 * DAY);
    const street = await as('street_officer', ['440306001']);
    const before = await packageRows();
    const again = await street({ method: 'POST', url: `${base}/generate`, payload: { dryRun: false } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ServicePackageGeneration>()).toMatchObject({
      created: 0,
      matched: 0,
      alreadyDelivered: before.length,
    });
    expect(await packageRows()).toEqual(before);

    const outside = await street({
      method: 'POST',
      url: `${base}/generate`,
      payload: { dryRun: true, jurisdictionId: '440307009' },
    });
    expect(outside.statusCode).toBe(404);

    const admin = await as('city_admin', ['440300']);
    const city = (
      await admin({ method: 'POST', url: `${base}/generate`, payload: { dryRun: false } })
    ).json<ServicePackageGeneration>();
    expect(city.alreadyDelivered).toBe(before.length);
    const e4Package = (await packageRows()).filter((r) => String(r.enterprise_id) === e4);
    expect(e4Package).toHaveLength(city.created);
    now = T0;
  });

  it('shows an enterprise its own packages with the law resolved from the library, and lets it acknowledge only its own', async () => {
    const owner = await as('enterprise', [], [e1]);
    const list = (await owner({ url: base })).json<ServicePackageList>();
    expect(list.items.map((p) => p.enterpriseId)).toEqual([e1]);
    const summary = list.items[0]!;
    expect(summary).toMatchObject({ month: '2026-08', acknowledgedAt: null });
    expect(summary.kinds).toEqual(['regulation', 'training', 'warning', 'advice']);

    const detail = (await owner({ url: `${base}/${summary.id}` })).json<ServicePackageDetail>();
    const confined = detail.items.find((i) => i.id === 'regulation.confined-space')!;
    const catalogue = regulationLibrary().catalogue;
    expect(confined.articles.map((a) => a.ref)).toContain('confined-space-rules-2023:14');
    for (const article of confined.articles) {
      expect(article.missing).toBe(false);
      expect(article.text).toBe(catalogue.resolve(article.ref)!.text);
    }
    expect(confined.because).toEqual([{ rule: 'confinedSpaces' }]);
    // The industry's criteria: the general articles and machinery's (第七条) of 令第10号.
    const industry = detail.items.find((i) => i.id === 'regulation.major-hazard-industry')!;
    expect(industry.articles.map((a) => a.ref)).toEqual([
      'major-hazard-criteria-2023:3',
      'major-hazard-criteria-2023:14',
      'major-hazard-criteria-2023:7',
    ]);
    const training = detail.items.find((i) => i.id === 'training.all-staff')!;
    expect(training.durationMinutes).toBeGreaterThan(0);
    expect(training.because).toEqual([
      { rule: 'indicator', indicator: 'trainingCoveragePercent', op: 'below', threshold: 80, actual: 10 },
    ]);

    // Another enterprise's package is as missing as an unknown id; an officer may not acknowledge.
    const others = await packageRows();
    const foreign = others.find((r) => String(r.enterprise_id) !== e1)!;
    expect((await owner({ url: `${base}/${foreign.id}` })).statusCode).toBe(404);
    const notMine = await owner({ method: 'POST', url: `${base}/${foreign.id}/acknowledge` });
    expect(notMine.statusCode).toBe(404);
    expect(problem(notMine).code).toBe('resource.not_found');
    expect((await owner({ url: `${base}?enterpriseId=${foreign.enterprise_id}` })).statusCode).toBe(404);
    const street = await as('street_officer', ['440306001']);
    expect((await street({ method: 'POST', url: `${base}/${summary.id}/acknowledge` })).statusCode).toBe(403);

    now = new Date(T0.getTime() + 2 * DAY);
    const owner2 = await as('enterprise', [], [e1]);
    const first = await owner2({ method: 'POST', url: `${base}/${summary.id}/acknowledge` });
    expect(first.statusCode, first.body).toBe(200);
    const acknowledged = first.json<ServicePackageDetail>();
    expect(acknowledged.acknowledgedAt).toBe(now.toISOString());
    expect(acknowledged.acknowledgedBy).not.toBeNull();
    now = new Date(T0.getTime() + 4 * DAY);
    const owner3 = await as('enterprise', [], [e1]);
    const second = await owner3({ method: 'POST', url: `${base}/${summary.id}/acknowledge` });
    expect(second.statusCode).toBe(200);
    expect(second.json<ServicePackageDetail>().acknowledgedAt).toBe(acknowledged.acknowledgedAt);
    expect(await auditCount('service_package.acknowledged')).toBe(1);
    expect(
      (
        await db
          .selectFrom('service_package')
          .select('acknowledged_at')
          .where('id', '=', foreign.id)
          .executeTakeFirstOrThrow()
      ).acknowledged_at,
    ).toBeNull();
    now = T0;
  });

  it('measures the effect: hazards in the 90 days before and after delivery, and grade changes since', async () => {
    const rows = await packageRows();
    const deliveredAt = T0;
    // Hand-made hazards for e1: two inside the 90 days before, one before that window, one
    // withdrawn inside it, one inside the 90 days after and one after that window.
    await hazard(e1, new Date(deliveredAt.getTime() - 10 * DAY));
    await hazard(e1, new Date(deliveredAt.getTime() - 80 * DAY));
    await hazard(e1, new Date(deliveredAt.getTime() - 120 * DAY));
    await hazard(e1, new Date(deliveredAt.getTime() - 5 * DAY), 'withdrawn');
    await hazard(e1, new Date(deliveredAt.getTime() + 30 * DAY));
    await hazard(e1, new Date(deliveredAt.getTime() + 100 * DAY));
    // e1 puts its house in order (grade should fall); e3 has a fatal accident (red).
    await db
      .updateTable('enterprise_safety_management')
      .set({
        emergency_plan_filed: true,
        safety_officers: 2,
        training_coverage_percent: 100,
        certificates_complete: true,
        standardisation_level: 3,
      })
      .where('enterprise_id', '=', e1)
      .execute();
    await db
      .insertInto('enterprise_accident')
      .values({
        enterprise_id: e3,
        occurred_on: '2026-10-01',
        severity: 'fatal',
        deaths: 1,
        injuries: 0,
        description: '测试事故',
        source: 'import',
      })
      .execute();
    await recomputeAllGrades(db, await models().active(), { now: NOW, reason: 'batch' });
    now = NOW;

    const street = await as('street_officer', ['440306001']);
    const res = await street({ url: `${base}/effect` });
    expect(res.statusCode, res.body).toBe(200);
    const effect = res.json<ServiceEffect>();
    expect(effect.windowDays).toBe(90);

    // The expected figures, computed apart from the SQL.
    const inStreet = rows.filter((r) => String(r.enterprise_id) !== e4);
    const gradesNow = new Map(
      (await db.selectFrom('enterprise_grade').select(['enterprise_id', 'grade']).execute()).map((g) => [
        String(g.enterprise_id),
        g.grade,
      ]),
    );
    const rank = (g: string) => GRADES.indexOf(g as never);
    const e1Row = inStreet.find((r) => String(r.enterprise_id) === e1)!;
    expect(rank(gradesNow.get(e1)!)).toBeGreaterThan(rank(e1Row.grade_at_delivery));
    for (const grade of GRADES) {
      const mine = inStreet.filter((r) => r.grade_at_delivery === grade);
      const row = effect.rows.find((r) => r.gradeAtDelivery === grade);
      if (mine.length === 0) {
        expect(row).toBeUndefined();
        continue;
      }
      const hasE1 = mine.some((r) => String(r.enterprise_id) === e1);
      expect(row).toEqual({
        gradeAtDelivery: grade,
        packages: mine.length,
        acknowledged: hasE1 ? 1 : 0,
        acknowledgedShare: Math.round(((hasE1 ? 1 : 0) / mine.length) * 1000) / 1000,
        hazardsBefore: hasE1 ? 2 : 0,
        hazardsAfter: hasE1 ? 1 : 0,
        afterWindowOpen: 0,
        improved: mine.filter((r) => rank(gradesNow.get(String(r.enterprise_id))!) > rank(grade)).length,
        same: mine.filter((r) => gradesNow.get(String(r.enterprise_id)) === grade).length,
        worse: mine.filter((r) => rank(gradesNow.get(String(r.enterprise_id))!) < rank(grade)).length,
        ungraded: 0,
      });
    }
    // e1 (acknowledged) improved after fixing its management; e3 worsened with a fatal accident.
    expect(effect.total).toEqual({
      packages: 2,
      acknowledged: 1,
      acknowledgedShare: 0.5,
      hazardsBefore: 2,
      hazardsAfter: 1,
      afterWindowOpen: 0,
      improved: 1,
      same: 0,
      worse: 1,
      ungraded: 0,
    });

    // The street officer's figures never include the enterprise outside the street; a node
    // outside the scope is 404; an enterprise account may not read the effect.
    const admin = await as('city_admin', ['440300']);
    const city = (await admin({ url: `${base}/effect` })).json<ServiceEffect>();
    expect(city.total.packages).toBe(rows.length);
    expect((await street({ url: `${base}/effect?jurisdictionId=DP-440307` })).statusCode).toBe(404);
    const owner = await as('enterprise', [], [e1]);
    expect((await owner({ url: `${base}/effect` })).statusCode).toBe(403);
  });
});
