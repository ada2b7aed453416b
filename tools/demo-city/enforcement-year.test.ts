import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../apps/server/src/platform/db/database';
import { openTestDatabase } from '../../apps/server/test/test-database';
import { loadRegulationCatalogue } from '../../apps/server/src/enforcement/regulations/regulation-catalogue';
import { CITY_YEAR, FINDING_TEMPLATES, resolveTemplates } from './enforcement-year';
import { loadDemoCity } from './load';
import { buildApp } from '../../apps/server/src/app';
import { testConfig } from '../../apps/server/test/test-database';
import { injectAs, openTestSession } from '../../apps/server/test/sessions';
import type { Inspection, InspectionList } from '@safegrid/contracts';

const SEED = 7;
const NOW = new Date('2026-11-15T04:00:00Z');
const SMALL_SHARE = 5_000 / 120_000;

let first: { database: Database; cleanup: () => Promise<void> };
let second: { database: Database; cleanup: () => Promise<void> };

beforeAll(async () => {
  first = await openTestDatabase('year_a');
  second = await openTestDatabase('year_b');
  await loadDemoCity(first.database, { size: 'small', seed: SEED, now: () => NOW });
  await loadDemoCity(second.database, { size: 'small', seed: SEED, now: () => NOW });
}, 240_000);
afterAll(async () => {
  await first?.cleanup();
  await second?.cleanup();
});

/** One digest of every simulated row, in a fixed order. */
async function digest(database: Database): Promise<string> {
  const r = await sql<{ d: string }>`SELECT md5(
      (SELECT string_agg(concat_ws('|', id, enterprise_id, started_by, partner_id, started_at, completed_at,
        finding_count), ',' ORDER BY id) FROM inspection WHERE simulated)
      || (SELECT string_agg(concat_ws('|', inspection_id, seq, description, major_hazard_ref), ','
        ORDER BY inspection_id, seq) FROM inspection_finding)
      || (SELECT string_agg(concat_ws('|', id, inspection_id, status, decided_on, fine_yuan, closed_on), ','
        ORDER BY id) FROM enforcement_case WHERE simulated)) AS d`.execute(database.db);
  return r.rows[0]!.d;
}

describe('the simulated year of enforcement (small city)', () => {
  it('writes the city figures scaled to the small city, every row flagged', async () => {
    const db = first.database.db;
    const r = await sql<{ i: string; f: string; c: string; y: string; unflagged: string; counted: string }>`
      SELECT (SELECT count(*) FROM inspection WHERE simulated AND status = 'completed') AS i,
        (SELECT count(*) FROM inspection_finding) AS f,
        (SELECT count(*) FROM enforcement_case WHERE simulated AND decided_on IS NOT NULL) AS c,
        (SELECT sum(fine_yuan)::text FROM enforcement_case WHERE simulated) AS y,
        (SELECT count(*) FROM inspection WHERE NOT simulated) + (SELECT count(*) FROM enforcement_case WHERE NOT simulated) AS unflagged,
        (SELECT sum(finding_count) FROM inspection) AS counted`.execute(db);
    const row = r.rows[0]!;
    expect(Number(row.i)).toBe(Math.round(CITY_YEAR.inspections * SMALL_SHARE));
    expect(Number(row.f)).toBe(Math.round(CITY_YEAR.findings * SMALL_SHARE));
    expect(Number(row.counted)).toBe(Number(row.f));
    expect(Number(row.c)).toBe(Math.round(CITY_YEAR.penalties * SMALL_SHARE));
    const target = CITY_YEAR.fineYuan * SMALL_SHARE;
    expect(Math.abs(Number(row.y) - target) / target).toBeLessThan(0.01);
    expect(Number(row.unflagged)).toBe(0);
  });

  it('keeps dates in the year before generation, officers paired in the district, fines in range', async () => {
    const db = first.database.db;
    const r = await sql<Record<string, string>>`SELECT
        (SELECT count(*) FROM inspection WHERE started_at < ${NOW}::timestamptz - interval '366 days'
          OR completed_at > ${NOW}) AS out_of_year,
        (SELECT count(*) FROM inspection i JOIN enterprise e ON e.id = i.enterprise_id
          WHERE i.started_by = i.partner_id OR NOT EXISTS (
            SELECT 1 FROM user_scope s JOIN jurisdiction j ON j.id = s.jurisdiction_id
            WHERE s.user_id = i.partner_id AND (j.level = 'city' OR s.jurisdiction_id = e.district_id))) AS bad_pair,
        (SELECT count(*) FROM enforcement_case_violation WHERE proposed_fine_yuan < fine_min_yuan
          OR proposed_fine_yuan > fine_max_yuan) AS out_of_range,
        (SELECT count(*) FROM enforcement_case c WHERE c.fine_yuan <> (SELECT sum(v.proposed_fine_yuan)
          FROM enforcement_case_violation v WHERE v.case_id = c.id)) AS bad_sum,
        (SELECT count(*) FROM enforcement_case WHERE decided_on > '2026-11-15' OR closed_on > '2026-11-15'
          OR decided_on > decision_due_on OR filed_on <= reinspected_on) AS bad_dates,
        (SELECT count(*) FROM inspection WHERE extract(isodow FROM started_at AT TIME ZONE 'Asia/Shanghai') > 5) AS weekend,
        (SELECT count(*) FROM inspection_evidence) AS evidence`.execute(db);
    expect(r.rows[0]).toEqual({
      out_of_year: '0',
      bad_pair: '0',
      out_of_range: '0',
      bad_sum: '0',
      bad_dates: '0',
      weekend: '0',
      evidence: '0',
    });
  });

  it('inspects riskier grades more often', async () => {
    const r = await sql<{ grade: string; per_firm: number }>`
      SELECT g.grade, count(i.id)::float8 / count(DISTINCT g.enterprise_id) AS per_firm
      FROM enterprise_grade g LEFT JOIN inspection i ON i.enterprise_id = g.enterprise_id
      GROUP BY g.grade`.execute(first.database.db);
    const rate = new Map(r.rows.map((row) => [row.grade, Number(row.per_firm)]));
    expect(rate.get('red') ?? Infinity).toBeGreaterThan(rate.get('general')!);
  });

  it('lists and reads back through the inspection API: completed, an empty and intact evidence chain', async () => {
    const app = await buildApp({ config: testConfig(), database: first.database, logger: false });
    try {
      const enforcer = await first.database.db
        .selectFrom('app_user')
        .select('id')
        .where('username', '=', 'enforcer')
        .executeTakeFirstOrThrow();
      const as = injectAs(app, await openTestSession(first.database.db, enforcer.id));
      const list = await as({ url: '/api/enforcement/inspections?mine=true&limit=20' });
      expect(list.statusCode, list.body).toBe(200);
      const items = list.json<InspectionList>().items;
      expect(items).toHaveLength(20);
      const withFindings = items.find((i) => i.findingCount > 0)!;
      const detail = await as({ url: `/api/enforcement/inspections/${withFindings.id}` });
      expect(detail.statusCode, detail.body).toBe(200);
      const inspection = detail.json<Inspection>();
      expect(inspection.status).toBe('completed');
      expect(inspection.evidence).toEqual([]);
      expect(inspection.evidenceChain).toEqual({ intact: true, brokenAt: null });
      expect(inspection.findings).toHaveLength(withFindings.findingCount);
      expect(inspection.findings[0]!.provisions[0]!.label).not.toBe(
        inspection.findings[0]!.provisions[0]!.ref,
      );
    } finally {
      await app.close();
    }
  });

  it('is the same year for the same seed', async () => {
    expect(await digest(first.database)).toBe(await digest(second.database));
  });

  it('cites provisions the regulation library has, with a fine range for each', () => {
    const catalogue = loadRegulationCatalogue();
    for (const t of FINDING_TEMPLATES) {
      for (const ref of [...t.provisionRefs, ...(t.majorHazardRef ? [t.majorHazardRef] : [])]) {
        expect(catalogue.resolve(ref), ref).toBeTruthy();
      }
    }
    for (const t of resolveTemplates()) expect(t.fineMax).toBeGreaterThan(t.fineMin);
  });
});
