import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { withSuspendedUpkeep } from '../../apps/server/src/platform/db/bulk-load';
import type { DB } from '../../apps/server/src/platform/db/schema';
import { loadRegulationCatalogue } from '../../apps/server/src/enforcement/regulations/regulation-catalogue';
import {
  buildPenaltyProvisions,
  type PenaltyProvision,
} from '../../apps/server/src/enforcement/regulations/penalty-provisions';

/**
 * The demo city's simulated year of enforcement: completed on-site inspections by pairs of the
 * enterprise's enforcement officers, their findings, and the decided or closed penalty cases with
 * their fines — so the statistics pages have a year at the city's real scale to show. Every row
 * is flagged `simulated`. Set-based SQL (a statement per table, never a row at a time),
 * deterministic for a seed: every draw is a hash of (seed, row, key).
 *
 * The scale is Shenzhen's published 2021 figures (the issue quotes them), scaled by the share of
 * the city's 120,000 工贸 enterprises that the database holds (the small city: 1/24).
 */
export const CITY_YEAR = {
  inspections: 55_557,
  findings: 76_586,
  penalties: 7_547,
  fineYuan: 115_479_000,
} as const;
const CITY_ENTERPRISES = 120_000;

/**
 * What inspectors write, taken from the clause matcher's development set (data/enforcement/
 * matcher-dev-set.json), with the provisions it cites there. Fines are never written here: each
 * comes from the cited penalty item's range in the regulation library.
 */
export const FINDING_TEMPLATES: readonly {
  devId: string;
  description: string;
  provisionRefs: readonly string[];
  majorHazardRef: string | null;
}[] = [
  {
    devId: 'dev-021',
    description: '抽查5名新入职员工，均未接受三级安全教育即上岗作业。',
    provisionRefs: ['work-safety-law-2021:97:1:3'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-029',
    description: '公司未建立安全生产教育培训档案。',
    provisionRefs: ['work-safety-law-2021:97:1:4'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-057',
    description: '现场正在气割钢板的作业人员无证上岗。',
    provisionRefs: ['work-safety-law-2021:97:1:7'],
    majorHazardRef: 'major-hazard-criteria-2023:3:1:2',
  },
  {
    devId: 'dev-063',
    description: '冲压车间8台冲床均未设置“当心伤手”等安全警示标志。',
    provisionRefs: ['work-safety-law-2021:99:1:1'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-084',
    description: '企业安全设备设施无维护保养记录。',
    provisionRefs: ['work-safety-law-2021:99:1:3'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-079',
    description: '2号冲床光电保护装置损坏已一周，企业未维修，冲床仍在生产。',
    provisionRefs: ['work-safety-law-2021:99:1:3'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-096',
    description: '不能提供劳保用品发放登记，现场作业人员均未穿戴劳保用品。',
    provisionRefs: ['work-safety-law-2021:99:1:5'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-093',
    description: '打磨岗位员工戴的是普通医用口罩，企业未配发防尘口罩。',
    provisionRefs: ['work-safety-law-2021:99:1:5'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-113',
    description: '仓库屋顶进行动火作业，无专人现场安全管理。',
    provisionRefs: ['work-safety-law-2021:101:1:3'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-121',
    description: '上次检查责令限期整改的3项隐患，逾期仍未整改。',
    provisionRefs: ['work-safety-law-2021:102'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-153',
    description: '车间疏散通道堆放纸箱，剩余宽度不足0.5米。',
    provisionRefs: ['work-safety-law-2021:105:1:2'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-155',
    description: '生产车间北侧安全出口上锁，钥匙由保安保管。',
    provisionRefs: ['work-safety-law-2021:105:1:2'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-043',
    description: '企业对隐患排查治理情况未定期统计分析，全年隐患数量、整改率均说不清。',
    provisionRefs: ['shenzhen-work-safety-regulations-2022:56:1:2'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-175',
    description: '气体检测仪电池失效无法开机，企业未进行日常维护。',
    provisionRefs: ['confined-space-rules-2023:19:1:2'],
    majorHazardRef: null,
  },
  {
    devId: 'dev-176',
    description: '企业今年未组织有限空间作业专题安全培训。',
    provisionRefs: ['confined-space-rules-2023:20:1:1'],
    majorHazardRef: null,
  },
];

/** The unit's first-instance fine of a penalty item (not the 逾期未改正 tier, not the persons'). */
export function unitFineRange(provision: PenaltyProvision): { min: number; max: number } | null {
  const fine = provision.fines.find(
    (f) => /^(生产经营单位|工贸企业|单位)$/.test(f.target) && f.maxYuan !== null,
  );
  return fine ? { min: fine.minYuan ?? 0, max: fine.maxYuan! } : null;
}

/** Each template with its penalty basis and legal fine range, read from the regulation library. */
export function resolveTemplates() {
  const provisions = new Map(buildPenaltyProvisions(loadRegulationCatalogue()).map((p) => [p.ref, p]));
  return FINDING_TEMPLATES.map((t, index) => {
    const provision = provisions.get(t.provisionRefs[0]!);
    const range = provision ? unitFineRange(provision) : null;
    if (!provision || !range)
      throw new Error(`${t.devId}: ${t.provisionRefs[0]} has no fine range in the library`);
    return {
      index,
      ...t,
      penaltyRef: provision.penaltyRef,
      fineMin: range.min,
      fineMax: range.max,
      // 案由: the conduct in the library's editorial summary where it has one, else the provision's label.
      cause: `${provision.summary ?? provision.label}案`,
    };
  });
}

export interface EnforcementYearCounts {
  inspections: number;
  findings: number;
  penalties: number;
  fineYuan: string;
}

export interface EnforcementYearOptions {
  seed: number;
  /** The generation moment: the simulated year is the 365 days before it. */
  now: Date;
  /** Share of the city-wide figures; by default the enterprises held over the city's 120,000. */
  scale?: number;
}

/** YYYY-MM-DD of a moment on the bureau's calendar (China Standard Time, no DST). */
function shenzhenDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function simulateEnforcementYear(
  db: Kysely<DB>,
  options: EnforcementYearOptions,
): Promise<EnforcementYearCounts> {
  const templates = resolveTemplates();
  const seed = String(options.seed);
  const today = shenzhenDate(options.now);

  return db.transaction().execute(async (trx) => {
    // The year's rows are built once into the tables' keys and indexes after they are written
    // (platform/db/bulk-load.ts); the statistics read them only after the load.
    const { result } = await withSuspendedUpkeep(
      trx,
      {
        tables: ['inspection', 'inspection_finding', 'enforcement_case', 'enforcement_case_violation'],
        maintenanceWorkMem: '256MB',
      },
      () => simulate(trx),
    );
    return result;
  });

  async function simulate(trx: Transaction<DB>): Promise<EnforcementYearCounts> {
    const scale =
      options.scale ??
      Math.min(
        1,
        Number((await sql<{ n: string }>`SELECT count(*) AS n FROM enterprise`.execute(trx)).rows[0]!.n) /
          CITY_ENTERPRISES,
      );
    const target = {
      inspections: Math.round(CITY_YEAR.inspections * scale),
      findings: Math.round(CITY_YEAR.findings * scale),
      penalties: Math.round(CITY_YEAR.penalties * scale),
      fineYuan: Math.round(CITY_YEAR.fineYuan * scale),
    };
    // A uniform draw in [0, 1) per (seed, row, key): hashtext is deterministic for a text.
    const u = (row: RawBuilder<unknown>, key: string) =>
      sql<number>`((hashtext(${seed}::text || ':' || ${row} || ':' || ${key}) & 2147483647)::float8 / 2147483648.0)`;
    // The phase of each systematic allocation (see below), kept off the edges of [0, 1) so that
    // rounding in the running sums can never gain or lose a row.
    const phase = (key: string) => sql<number>`(0.25 + 0.5 * ${u(sql`0`, key)})`;

    // Every temporary table is analysed once written: without statistics the planner guesses its
    // size and may pick nested loops over tens of thousands of rows.
    // Officers who can inspect each district's enterprises: those scoped to the district or the
    // whole city (the same rule as the inspection module's partner list).
    await sql`CREATE TEMP TABLE sim_officer ON COMMIT DROP AS
      SELECT d.id AS district_id, u.id AS user_id,
        (row_number() OVER (PARTITION BY d.id ORDER BY u.id) - 1)::int AS idx,
        (count(*) OVER (PARTITION BY d.id))::int AS n
      FROM jurisdiction d JOIN app_user u ON u.role = 'enforcement_officer' AND NOT u.disabled
      WHERE d.level = 'district' AND EXISTS (
        SELECT 1 FROM user_scope s JOIN jurisdiction j ON j.id = s.jurisdiction_id
        WHERE s.user_id = u.id AND (j.level = 'city' OR s.jurisdiction_id = d.id))`.execute(trx);

    // Inspection weight: riskier grades and heavier industries are inspected more often;
    // suspended firms rarely. Only districts with a pair of officers take part.
    await sql`CREATE TEMP TABLE sim_enterprise ON COMMIT DROP AS
      SELECT e.id, e.district_id, e.risk, e.w, sum(e.w) OVER (ORDER BY e.id) AS cum
      FROM (
        SELECT e.id, e.district_id,
          CASE g.grade WHEN 'red' THEN 2.5 WHEN 'orange' THEN 2.0 WHEN 'yellow' THEN 1.5
            WHEN 'blue' THEN 1.1 ELSE 0.8 END AS risk,
          (CASE g.grade WHEN 'red' THEN 6 WHEN 'orange' THEN 4 WHEN 'yellow' THEN 2.5
            WHEN 'blue' THEN 1.5 ELSE 1 END)
          * (CASE e.gongmao_category WHEN 'metallurgy' THEN 2.0 WHEN 'nonferrous' THEN 1.8
            WHEN 'building_materials' THEN 1.5 WHEN 'machinery' THEN 1.4 WHEN 'light_industry' THEN 1.2
            WHEN 'textile' THEN 1.1 WHEN 'tobacco' THEN 1.0 ELSE 0.6 END)
          * (CASE e.status WHEN 'suspended' THEN 0.3 ELSE 1 END)
          * (0.5 + ${u(sql`e.id`, 'insp-w')})::float8 AS w
        FROM enterprise e LEFT JOIN enterprise_grade g ON g.enterprise_id = e.id
        WHERE e.status <> 'closed'
          AND EXISTS (SELECT 1 FROM sim_officer o WHERE o.district_id = e.district_id AND o.n >= 2)
      ) e`.execute(trx);
    await sql`ANALYZE sim_enterprise`.execute(trx);

    // Systematic allocation: N points evenly spaced along the running sum of the weights, so each
    // enterprise gets its share to within one and the total is exactly N.
    const n = target.inspections;
    const baseInspection = Number(
      (await sql<{ m: string }>`SELECT coalesce(max(id), 0) AS m FROM inspection`.execute(trx)).rows[0]!.m,
    );
    await sql`CREATE TEMP TABLE sim_inspection ON COMMIT DROP AS
      WITH total AS (SELECT max(cum) AS w FROM sim_enterprise),
      counts AS (
        SELECT s.*, (floor(s.cum * ${n} / t.w + ${phase('insp')})
          - floor((s.cum - s.w) * ${n} / t.w + ${phase('insp')}))::int AS k
        FROM sim_enterprise s, total t),
      rows AS (
        SELECT (row_number() OVER (ORDER BY c.id, g.k))::bigint AS rn, c.id AS enterprise_id, c.district_id, c.risk
        FROM counts c CROSS JOIN LATERAL generate_series(1, c.k) AS g(k) WHERE c.k > 0),
      days AS (
        SELECT r.*, ${today}::date - (1 + floor(362 * ${u(sql`r.rn`, 'day')}))::int AS day FROM rows r),
      -- Officers work weekdays: Saturday moves to Friday, Sunday to the Friday before.
      workdays AS (
        SELECT d.*, d.day - CASE extract(isodow FROM d.day) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END AS workday
        FROM days d)
      SELECT w.rn, ${baseInspection}::bigint + w.rn AS id, w.enterprise_id, w.risk,
        (w.workday + time '09:00' + make_interval(mins => floor(420 * ${u(sql`w.rn`, 'start')})::int))
          AT TIME ZONE 'Asia/Shanghai' AS started_at,
        make_interval(mins => 40 + floor(140 * ${u(sql`w.rn`, 'length')})::int) AS length,
        a.user_id AS started_by, b.user_id AS partner_id,
        (w.risk * power(${u(sql`w.rn`, 'findings')}, 2))::float8 AS fw
      FROM workdays w
      -- A pair of distinct officers of the district: a first one, and another a drawn step after it.
      JOIN LATERAL (SELECT o.n, floor(o.n * ${u(sql`w.rn`, 'officer')})::int AS first,
          floor((o.n - 1) * ${u(sql`w.rn`, 'partner')})::int AS step
        FROM sim_officer o WHERE o.district_id = w.district_id AND o.idx = 0) p ON true
      JOIN sim_officer a ON a.district_id = w.district_id AND a.idx = p.first
      JOIN sim_officer b ON b.district_id = w.district_id AND b.idx = (p.first + 1 + p.step) % p.n`.execute(
      trx,
    );

    // Findings: the same allocation over a per-inspection weight (the firm's risk times a skewed
    // draw), so many inspections find nothing, a few find several, and the total is exact.
    const m = target.findings;
    await sql`ALTER TABLE sim_inspection ADD COLUMN fc int`.execute(trx);
    await sql`ANALYZE sim_inspection`.execute(trx);
    await sql`WITH running AS (
        SELECT rn, fw, sum(fw) OVER (ORDER BY rn) AS cum, sum(fw) OVER () AS total FROM sim_inspection)
      UPDATE sim_inspection s SET fc = (floor(r.cum * ${m} / r.total + ${phase('find')})
        - floor((r.cum - r.fw) * ${m} / r.total + ${phase('find')}))::int
      FROM running r WHERE r.rn = s.rn`.execute(trx);
    const tooMany = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM sim_inspection WHERE fc > ${templates.length}`.execute(trx);
    if (Number(tooMany.rows[0]!.n) > 0)
      throw new Error('an inspection drew more findings than there are templates');

    const templateRows = sql.join(
      templates.map(
        (t) =>
          sql`(${t.index}::int, ${t.description}, string_to_array(${t.provisionRefs.join(',')}, ','),
            ${t.majorHazardRef}::text, ${t.penaltyRef}, ${t.fineMin}::numeric, ${t.fineMax}::numeric, ${t.cause})`,
      ),
    );
    await sql`CREATE TEMP TABLE sim_template ON COMMIT DROP AS
      SELECT * FROM (VALUES ${templateRows}) AS t(idx, description, refs, major, penalty_ref, fine_min, fine_max, cause)`.execute(
      trx,
    );

    await sql`INSERT INTO inspection (id, enterprise_id, status, place, started_by, partner_id, started_at,
        completed_at, finding_count, evidence_count, version, simulated)
      OVERRIDING SYSTEM VALUE
      SELECT s.id, s.enterprise_id, 'completed', NULL, s.started_by, s.partner_id, s.started_at,
        s.started_at + s.length, s.fc, 0, 1, true
      FROM sim_inspection s ORDER BY s.id`.execute(trx);
    await sql`SELECT setval(pg_get_serial_sequence('inspection', 'id'), (SELECT max(id) FROM inspection))`.execute(
      trx,
    );

    // Consecutive templates from a drawn start: an inspection never records one finding twice.
    await sql`CREATE TEMP TABLE sim_finding ON COMMIT DROP AS
      SELECT s.id AS inspection_id, g.seq, t.idx, t.description, t.refs, t.major,
        s.started_at + make_interval(mins => 10 * g.seq) AS recorded_at, s.started_by
      FROM sim_inspection s CROSS JOIN LATERAL generate_series(1, s.fc) AS g(seq)
      JOIN sim_template t ON t.idx = (floor(${templates.length} * ${u(sql`s.rn`, 'template')})::int + g.seq - 1)
        % ${templates.length}
      WHERE s.fc > 0`.execute(trx);
    await sql`ANALYZE sim_finding`.execute(trx);
    await sql`INSERT INTO inspection_finding (inspection_id, seq, description, provision_refs, major_hazard_ref,
        on_the_spot_measure, recorded_at, recorded_by)
      SELECT inspection_id, seq, description, refs, major, NULL, recorded_at, started_by
      FROM sim_finding ORDER BY inspection_id, seq`.execute(trx);

    // Cases: K inspections with findings, old enough for the whole path to a decision (order,
    // re-inspection, 立案, decision), drawn with weight findings × risk (Efraimidis–Spirakis).
    const k = target.penalties;
    const baseCase = Number(
      (await sql<{ m: string }>`SELECT coalesce(max(id), 0) AS m FROM enforcement_case`.execute(trx)).rows[0]!
        .m,
    );
    await sql`CREATE TEMP TABLE sim_case ON COMMIT DROP AS
      WITH picked AS (
        SELECT s.*, (row_number() OVER (ORDER BY ln(greatest(${u(sql`s.rn`, 'case')}, 1e-12)) / (s.fc * s.risk) DESC))::bigint AS cn
        FROM sim_inspection s
        WHERE s.fc > 0 AND (s.started_at AT TIME ZONE 'Asia/Shanghai')::date <= ${today}::date - 60),
      dated AS (
        SELECT p.*, (p.started_at AT TIME ZONE 'Asia/Shanghai')::date AS inspected_on,
          (p.started_at AT TIME ZONE 'Asia/Shanghai')::date + 10 + floor(11 * ${u(sql`p.rn`, 'deadline')})::int AS deadline
        FROM picked p WHERE p.cn <= ${k}),
      filed AS (
        SELECT d.*, d.deadline + 1 + floor(3 * ${u(sql`d.rn`, 'reinspect')})::int AS reinspected_on,
          d.deadline + 4 + floor(5 * ${u(sql`d.rn`, 'file')})::int AS filed_on
        FROM dated d),
      decided AS (
        SELECT f.*, f.filed_on + 15
          + floor(${u(sql`f.rn`, 'decide')} * least(60, greatest(0, ${today}::date - f.filed_on - 16)))::int AS decided_on
        FROM filed f),
      served AS (
        SELECT d.*, d.decided_on + 1 + floor(5 * ${u(sql`d.rn`, 'serve')})::int AS served_on FROM decided d)
      SELECT ${baseCase}::bigint + s.cn AS id, s.id AS inspection_id, s.rn, s.enterprise_id, s.started_by, s.partner_id,
        s.started_at + s.length AS created_at, s.deadline, s.reinspected_on, s.filed_on,
        s.filed_on + (0.6 * (s.decided_on - s.filed_on))::int AS notified_on, s.decided_on,
        s.served_on, s.served_on + 15 AS payment_due_on,
        s.served_on + 1 + floor(14 * ${u(sql`s.rn`, 'pay')})::int AS paid_on
      FROM served s`.execute(trx);
    await sql`ANALYZE sim_case`.execute(trx);
    const drawn = Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM sim_case`.execute(trx)).rows[0]!.n,
    );
    if (drawn !== k) throw new Error(`only ${drawn} of ${k} simulated cases found an old enough inspection`);

    // Each finding of a case is a violation with a fine inside its legal range; the draws are then
    // scaled together so that the year's total lands on the target, and rounded to 100 yuan.
    await sql`CREATE TEMP TABLE sim_violation ON COMMIT DROP AS
      SELECT c.id AS case_id, f.seq, f.description, f.refs, t.penalty_ref, t.fine_min, t.fine_max, t.cause,
        (t.fine_min + (t.fine_max - t.fine_min) * (0.04 + 0.4 * power(${u(sql`c.rn || ':' || f.seq`, 'fine')}, 2)))::float8 AS raw
      FROM sim_case c JOIN sim_finding f ON f.inspection_id = c.inspection_id
      JOIN sim_template t ON t.idx = f.idx`.execute(trx);
    await sql`ANALYZE sim_violation`.execute(trx);
    await sql`ALTER TABLE sim_violation ADD COLUMN fine numeric(14, 2)`.execute(trx);
    await sql`WITH total AS (SELECT sum(raw) AS raw FROM sim_violation)
      UPDATE sim_violation v SET fine = least(v.fine_max, greatest(v.fine_min, 1000,
        round((v.raw * ${target.fineYuan} / t.raw / 100)::numeric) * 100))
      FROM total t`.execute(trx);

    await sql`INSERT INTO enforcement_case (id, enterprise_id, inspection_id, referral_id, status, outcome, cause,
        handler_id, co_handler_id, rectification_deadline, reinspected_on, filed_on, decision_due_on, notified_on,
        decided_on, fine_yuan, served_on, payment_due_on, paid_on, closed_on, simulated, version, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT c.id, c.enterprise_id, c.inspection_id, NULL,
        CASE WHEN c.paid_on <= ${today}::date THEN 'closed' WHEN c.served_on <= ${today}::date THEN 'served'
          ELSE 'decided' END,
        CASE WHEN c.paid_on <= ${today}::date THEN 'paid' END,
        first.cause,
        c.started_by, c.partner_id, c.deadline, c.reinspected_on, c.filed_on, c.filed_on + 90, c.notified_on,
        c.decided_on, total.fine,
        CASE WHEN c.served_on <= ${today}::date THEN c.served_on END,
        CASE WHEN c.served_on <= ${today}::date THEN c.payment_due_on END,
        CASE WHEN c.paid_on <= ${today}::date THEN c.paid_on END,
        CASE WHEN c.paid_on <= ${today}::date THEN c.paid_on END,
        true, 1, c.created_at
      -- Joins, not a subquery per case: the temporary tables have no indexes.
      FROM sim_case c
      JOIN sim_violation first ON first.case_id = c.id AND first.seq = 1
      JOIN (SELECT case_id, sum(fine) AS fine FROM sim_violation GROUP BY case_id) total ON total.case_id = c.id
      ORDER BY c.id`.execute(trx);
    await sql`SELECT setval(pg_get_serial_sequence('enforcement_case', 'id'), (SELECT max(id) FROM enforcement_case))`.execute(
      trx,
    );
    await sql`INSERT INTO enforcement_case_violation (case_id, seq, finding, inspection_finding_seq, provision_refs,
        penalty_ref, fine_min_yuan, fine_max_yuan, rectified, circumstances, proposed_fine_yuan)
      SELECT case_id, seq, description, seq, refs, penalty_ref, fine_min, fine_max, false, '{}', fine
      FROM sim_violation ORDER BY case_id, seq`.execute(trx);

    const totals = await sql<{ i: string; f: string; c: string; y: string }>`
      SELECT (SELECT count(*) FROM sim_inspection) AS i, (SELECT count(*) FROM sim_finding) AS f,
        (SELECT count(*) FROM sim_case) AS c, (SELECT coalesce(sum(fine), 0)::text FROM sim_violation) AS y`.execute(
      trx,
    );
    const row = totals.rows[0]!;
    return {
      inspections: Number(row.i),
      findings: Number(row.f),
      penalties: Number(row.c),
      fineYuan: row.y,
    };
  }
}
