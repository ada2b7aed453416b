import { sql, type Kysely, type Transaction } from 'kysely';
import { withSuspendedUpkeep } from '../../apps/server/src/platform/db/bulk-load';
import type { DB } from '../../apps/server/src/platform/db/schema';
import { createGradingModels } from '../../apps/server/src/profile/models/grading-models';
import { recomputeAllGrades } from '../../apps/server/src/profile/grades/recompute-grades';

/**
 * The demo city's profile records and hazard history, written set-based in SQL (a statement per
 * table, never a row at a time), with plausible correlations: every enterprise gets a latent risk
 * from its 工贸 category and scale, and that risk raises its inherent-risk tags, hazards,
 * accidents, penalties and adverse credit while lowering its safety management. Every record is
 * marked source 'demo'. Deterministic for a seed: all draws are hashes of (seed, enterprise, key).
 *
 * The hazard descriptions are everyday inspection phrasing, not legal text; the one major-hazard
 * item used is 令第10号 第三条（二）, which applies to every 工贸 enterprise.
 */

const MAJOR_REF = 'major-hazard-criteria-2023:3:1:2';
const MAJOR_TEXT = '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业';
const GENERAL_HAZARDS = [
  '消防通道堆放杂物，未保持畅通',
  '配电箱未上锁，缺少安全警示标识',
  '作业人员未按规定佩戴劳动防护用品',
  '应急照明灯损坏，未及时维修',
  '机械设备传动部位防护罩缺失',
  '危险化学品存放点未设置安全周知卡',
  '灭火器压力不足，未按期检查',
  '车间内电线私拉乱接',
];

const QUEUED_TABLES = [
  'enterprise_risk_tag',
  'enterprise_safety_management',
  'emergency_drill',
  'enterprise_accident',
  'enterprise_credit_record',
  'enterprise_penalty',
  'hazard',
] as const;

export interface DemoProfileCounts {
  riskTags: number;
  hazards: number;
  accidents: number;
  creditRecords: number;
  penalties: number;
  drills: number;
}

export async function seedDemoProfiles(
  db: Kysely<DB>,
  options: { seed: number; now: Date },
): Promise<DemoProfileCounts> {
  const seed = String(options.seed);
  const now = options.now;
  // A uniform draw in [0, 1) per (seed, enterprise, key): hashtext is deterministic for a text.
  const draw = (key: string) =>
    sql<number>`((hashtext(${seed} || ':' || e.id || ':' || ${key}) & 2147483647)::float8 / 2147483648.0)`;
  // Latent risk in [0, 1): the category's base, the scale's weight, and a share of chance.
  const risk = sql<number>`least(0.999, (CASE e.gongmao_category
      WHEN 'metallurgy' THEN 0.45 WHEN 'nonferrous' THEN 0.40 WHEN 'building_materials' THEN 0.30
      WHEN 'machinery' THEN 0.28 WHEN 'light_industry' THEN 0.28 WHEN 'textile' THEN 0.22
      WHEN 'tobacco' THEN 0.12 ELSE 0.10 END)
    + (CASE e.scale WHEN 'large' THEN 0.15 WHEN 'medium' THEN 0.10 WHEN 'small' THEN 0.05 ELSE 0 END)
    + 0.45 * ${draw('risk')} * ${draw('risk2')})`;

  return db.transaction().execute(async (trx) => {
    // The grading queue's triggers would queue nearly every enterprise once per table; the grades
    // are computed for all of them right after, so they stay off for the load. The tables' foreign
    // keys and secondary indexes are built once after the rows (platform/db/bulk-load.ts).
    const { result } = await withSuspendedUpkeep(
      trx,
      {
        tables: [...QUEUED_TABLES, 'hazard_transition'],
        triggers: QUEUED_TABLES.map((table) => [table, `${table}_grading_ins`] as const),
        maintenanceWorkMem: '256MB',
      },
      () => writeProfiles(trx),
    );
    return result;
  });

  async function writeProfiles(trx: Transaction<DB>): Promise<DemoProfileCounts> {
    await sql`CREATE TEMP TABLE demo_risk ON COMMIT DROP AS
      SELECT e.id, e.gongmao_category AS category, e.scale, e.grid_id, e.community_id, e.street_id,
        e.district_id, e.lat, e.lon, ${risk} AS risk
      FROM enterprise e WHERE e.status <> 'closed'`.execute(trx);
    const byRisk = (key: string) =>
      sql<number>`((hashtext(${seed} || ':' || r.id || ':' || ${key}) & 2147483647)::float8 / 2147483648.0)`;

    const tags = await sql`
      INSERT INTO enterprise_risk_tag (enterprise_id, tag, source, recorded_at)
      SELECT r.id, t.tag, 'demo', ${now} FROM demo_risk r
      CROSS JOIN (VALUES ('dust_explosion'), ('liquid_ammonia'), ('hazardous_chemicals'),
        ('metal_smelting'), ('electroplating')) AS t(tag)
      WHERE ((hashtext(${seed} || ':' || r.id || ':tag:' || t.tag) & 2147483647)::float8 / 2147483648.0) <
        CASE t.tag
          WHEN 'dust_explosion' THEN CASE r.category WHEN 'light_industry' THEN 0.12 WHEN 'textile' THEN 0.10
            WHEN 'machinery' THEN 0.08 WHEN 'building_materials' THEN 0.08 WHEN 'metallurgy' THEN 0.05 ELSE 0.01 END
          WHEN 'liquid_ammonia' THEN CASE r.category WHEN 'light_industry' THEN 0.05 WHEN 'commerce' THEN 0.01 ELSE 0 END
          WHEN 'hazardous_chemicals' THEN CASE r.category WHEN 'metallurgy' THEN 0.2 WHEN 'nonferrous' THEN 0.2
            WHEN 'machinery' THEN 0.15 WHEN 'light_industry' THEN 0.12 WHEN 'building_materials' THEN 0.1
            WHEN 'textile' THEN 0.1 ELSE 0.02 END
          WHEN 'metal_smelting' THEN CASE r.category WHEN 'metallurgy' THEN 0.6 WHEN 'nonferrous' THEN 0.5
            WHEN 'machinery' THEN 0.03 ELSE 0 END
          ELSE CASE r.category WHEN 'nonferrous' THEN 0.1 WHEN 'machinery' THEN 0.06 ELSE 0 END
        END * (0.6 + r.risk)`.execute(trx);

    // Safety management: two kinds of enterprise, as inspectors describe them — most keep the
    // basics, a share (larger among the risky) keeps almost none: no plan, no drills, untrained staff.
    await sql`ALTER TABLE demo_risk ADD COLUMN poor boolean`.execute(trx);
    await sql`UPDATE demo_risk r SET poor = ${byRisk('mgmt')} < 0.12 + 0.6 * r.risk`.execute(trx);
    await sql`
      INSERT INTO enterprise_safety_management (enterprise_id, emergency_plan_filed, safety_officers,
        training_coverage_percent, certificates_complete, standardisation_level, source, updated_at)
      SELECT r.id,
        ${byRisk('plan')} < CASE WHEN r.poor THEN 0.25 ELSE 0.95 END,
        CASE WHEN ${byRisk('officer')} < CASE WHEN r.poor THEN 0.4 ELSE 0.97 END
          THEN CASE r.scale WHEN 'large' THEN 4 WHEN 'medium' THEN 2 ELSE 1 END ELSE 0 END,
        CASE WHEN r.poor THEN floor(60 * ${byRisk('training')})::int
          ELSE least(100, 75 + floor(30 * ${byRisk('training')})::int) END,
        ${byRisk('certs')} < CASE WHEN r.poor THEN 0.35 ELSE 0.95 END,
        CASE WHEN r.poor THEN 0
          WHEN r.scale IN ('large', 'medium') THEN 1 + floor(2.99 * ${byRisk('std')})::int
          WHEN ${byRisk('std')} < 0.3 THEN 1 ELSE 0 END,
        'demo', ${now}
      FROM demo_risk r`.execute(trx);

    const drills = await sql`
      INSERT INTO emergency_drill (enterprise_id, held_on, description, source, recorded_at)
      SELECT r.id, (${now}::date - (20 + floor(300 * ${byRisk('drill')} / n)::int)), '综合应急演练', 'demo', ${now}
      FROM demo_risk r CROSS JOIN generate_series(1, 2) AS n
      WHERE ${byRisk('drills')} * n < CASE WHEN r.poor THEN 0.3 ELSE 1.6 END`.execute(trx);

    // Accidents over three years: rare, far likelier in risky enterprises; few are fatal.
    const accidents = await sql`
      INSERT INTO enterprise_accident (enterprise_id, occurred_on, severity, deaths, injuries, description, source, recorded_at)
      SELECT r.id, ${now}::date - (15 + floor(1000 * ${byRisk('acc-day')})::int), s.severity,
        CASE s.severity WHEN 'fatal' THEN 1 ELSE 0 END,
        CASE s.severity WHEN 'fatal' THEN 0 ELSE 1 END,
        CASE s.severity WHEN 'fatal' THEN '生产安全事故（死亡1人）' WHEN 'serious_injury' THEN '生产安全事故（重伤1人）'
          ELSE '生产安全事故（轻伤1人）' END,
        'demo', ${now}
      FROM demo_risk r
      CROSS JOIN LATERAL (SELECT CASE WHEN ${byRisk('acc-sev')} < 0.08 THEN 'fatal'
        WHEN ${byRisk('acc-sev')} < 0.25 THEN 'serious_injury' ELSE 'minor_injury' END AS severity) s
      WHERE ${byRisk('acc')} < 0.002 + 0.03 * r.risk * r.risk`.execute(trx);

    const credit = await sql`
      INSERT INTO enterprise_credit_record (enterprise_id, kind, recorded_on, expires_on, authority, description, source, recorded_at)
      SELECT r.id, CASE WHEN ${byRisk('credit-kind')} < 0.1 THEN 'serious_dishonesty' ELSE 'adverse' END,
        ${now}::date - (30 + floor(300 * ${byRisk('credit-day')})::int),
        ${now}::date + (60 + floor(600 * ${byRisk('credit-exp')})::int),
        '演示数据：信用信息共享平台', '演示数据：经营异常名录', 'demo', ${now}
      FROM demo_risk r WHERE ${byRisk('credit')} < 0.01 + 0.05 * r.risk`.execute(trx);

    const penalties = await sql`
      INSERT INTO enterprise_penalty (enterprise_id, kind, decided_on, amount_yuan, description, source, recorded_at)
      SELECT r.id, k.kind, ${now}::date - (10 + floor(340 * ${byRisk('pen-day')})::int),
        CASE k.kind WHEN 'penalty' THEN 10000 * (1 + floor(5 * ${byRisk('pen-amt')})) END,
        CASE k.kind WHEN 'penalty' THEN '演示数据：行政处罚决定' ELSE '演示数据：责令限期整改' END, 'demo', ${now}
      FROM demo_risk r CROSS JOIN (VALUES ('penalty', 0.12), ('rectification_order', 0.3)) AS k(kind, p)
      WHERE ((hashtext(${seed} || ':' || r.id || ':pen:' || k.kind) & 2147483647)::float8 / 2147483648.0) < k.p * r.risk * r.risk`.execute(
      trx,
    );

    // Hazards of the last year: closed ones mostly, some open within deadline, some overdue, a
    // few major ones still open (挂牌督办).
    // Who reported a grid's hazards: one of its current inspectors with an account.
    await sql`CREATE TEMP TABLE demo_grid_user ON COMMIT DROP AS
      SELECT DISTINCT ON (a.grid_id) a.grid_id, u.id AS user_id
      FROM grid_assignment a JOIN app_user u ON u.inspector_id = a.inspector_id
      WHERE a.valid_to IS NULL ORDER BY a.grid_id, u.id`.execute(trx);
    await sql`CREATE TEMP TABLE demo_hazard ON COMMIT DROP AS
      SELECT r.*, n, ${byRisk('hz-kind')} AS kind_draw, ${byRisk('hz-day')} AS day_draw,
        floor(${GENERAL_HAZARDS.length} * ${byRisk('hz-text')})::int AS text_index,
        gu.user_id AS inspector_user
      FROM demo_risk r CROSS JOIN generate_series(1, 6) AS n
      LEFT JOIN demo_grid_user gu ON gu.grid_id = r.grid_id
      WHERE ((hashtext(${seed} || ':' || r.id || ':hz:' || n) & 2147483647)::float8 / 2147483648.0)
        < (0.8 * r.risk) / n`.execute(trx);
    const fallbackUser = sql`(SELECT id FROM app_user WHERE role = 'city_admin' ORDER BY id LIMIT 1)`;
    const hazards = await sql<{ id: string }>`
      INSERT INTO hazard (enterprise_id, grid_id, community_id, street_id, district_id, description, source,
        level, major_hazard_ref, status, deadline, listed_for_supervision, reported_to_district_at,
        found_at, lat, lon, reported_by, reported_at, closed_at, client_id)
      SELECT h.id, h.grid_id, h.community_id, h.street_id, h.district_id,
        CASE WHEN h.major THEN ${MAJOR_TEXT} ELSE (${sql.val(GENERAL_HAZARDS)}::text[])[h.text_index + 1] END,
        'patrol', CASE WHEN h.major THEN 'major' ELSE 'general' END,
        CASE WHEN h.major THEN ${MAJOR_REF} END,
        CASE WHEN h.state = 'closed' THEN 'closed' ELSE 'rectifying' END,
        h.found_on + CASE h.state WHEN 'overdue' THEN 15 ELSE 30 END,
        h.major, CASE WHEN h.major THEN h.found_at END,
        h.found_at, h.lat, h.lon, coalesce(h.inspector_user, ${fallbackUser}), h.found_at,
        CASE WHEN h.state = 'closed' THEN h.found_at + interval '12 days' END,
        gen_random_uuid()
      FROM (
        SELECT d.*,
          d.kind_draw < 0.003 * (1 + 3 * d.risk) AS major,
          CASE WHEN d.kind_draw < 0.003 * (1 + 3 * d.risk) THEN 'open'
            WHEN d.kind_draw < 0.72 THEN 'closed' WHEN d.kind_draw < 0.90 THEN 'open' ELSE 'overdue' END AS state,
          ${now}::timestamptz - make_interval(days => CASE
            WHEN d.kind_draw < 0.72 AND d.kind_draw >= 0.006 * (1 + 3 * d.risk) THEN 15 + floor(330 * d.day_draw)::int
            WHEN d.kind_draw < 0.90 THEN 1 + floor(25 * d.day_draw)::int
            ELSE 20 + floor(60 * d.day_draw)::int END) AS found_at,
          (${now}::timestamptz - make_interval(days => CASE
            WHEN d.kind_draw < 0.72 AND d.kind_draw >= 0.006 * (1 + 3 * d.risk) THEN 15 + floor(330 * d.day_draw)::int
            WHEN d.kind_draw < 0.90 THEN 1 + floor(25 * d.day_draw)::int
            ELSE 20 + floor(60 * d.day_draw)::int END))::date AS found_on
        FROM demo_hazard d
      ) h
      RETURNING id`.execute(trx);
    // The timeline of each: reported and acknowledged, and for closed ones submitted and verified.
    await sql`
      INSERT INTO hazard_transition (hazard_id, seq, event, from_status, to_status, actor_id, role, note, deadline, at, recorded_at)
      SELECT h.id, s.seq, s.event, s.from_status, s.to_status,
        CASE WHEN s.by_inspector THEN h.reported_by END,
        CASE WHEN s.by_inspector THEN 'grid_inspector' ELSE 'enterprise' END,
        '演示数据', CASE WHEN s.seq = 1 THEN h.deadline END,
        h.found_at + s.offset_days * interval '1 day', h.found_at + s.offset_days * interval '1 day'
      FROM hazard h
      CROSS JOIN (VALUES (1, 'report', NULL, 'assigned', true, 0), (2, 'acknowledge', 'assigned', 'rectifying', false, 1),
        (3, 'submit', 'rectifying', 'submitted', false, 10), (4, 'verify', 'submitted', 'closed', true, 12))
        AS s(seq, event, from_status, to_status, by_inspector, offset_days)
      WHERE (s.seq <= 2 OR h.status = 'closed')
`.execute(trx);

    return {
      riskTags: Number(tags.numAffectedRows ?? 0),
      hazards: hazards.rows.length,
      accidents: Number(accidents.numAffectedRows ?? 0),
      creditRecords: Number(credit.numAffectedRows ?? 0),
      penalties: Number(penalties.numAffectedRows ?? 0),
      drills: Number(drills.numAffectedRows ?? 0),
    };
  }
}

/**
 * Grades every enterprise under the active model (the shipped default on a fresh database) and
 * empties the queue the load's own writes filled: the batch has just covered them.
 */
export async function gradeDemoCity(db: Kysely<DB>, now: Date) {
  const model = await createGradingModels(db).active();
  return db.transaction().execute(async (trx) => {
    // A first grading of the whole city: the grade table's keys and index are built after it.
    const { result } = await withSuspendedUpkeep(
      trx,
      { tables: ['enterprise_grade'], maintenanceWorkMem: '256MB' },
      () => recomputeAllGrades(trx, model, { now, reason: 'batch' }),
    );
    await trx.deleteFrom('grading_queue').execute();
    return { modelVersion: model.version, recomputed: result.recomputed };
  });
}
