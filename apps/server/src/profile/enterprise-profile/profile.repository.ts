import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

/** Everything the profile page shows, each part one indexed query by enterprise. */
export function createProfileRepository(db: Kysely<DB>) {
  return {
    /** The enterprise with its names, or undefined when it lies outside the scope (→ 404). */
    enterpriseInScope(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('enterprise')
        .innerJoin('industry', 'industry.code', 'enterprise.industry_code')
        .innerJoin('jurisdiction as g', 'g.id', 'enterprise.grid_id')
        .innerJoin('jurisdiction as s', 's.id', 'enterprise.street_id')
        .innerJoin('jurisdiction as d', 'd.id', 'enterprise.district_id')
        .select([
          'enterprise.id',
          'enterprise.name',
          'enterprise.credit_code',
          'enterprise.address',
          'enterprise.industry_code',
          'industry.name as industry_name',
          'enterprise.gongmao_category',
          'enterprise.scale',
          'enterprise.employees',
          'enterprise.status',
          'enterprise.lat',
          'enterprise.lon',
          'enterprise.grid_id',
          'g.name as grid_name',
          's.name as street_name',
          'd.name as district_name',
        ])
        .where('enterprise.id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    inspectors(gridId: string) {
      return db
        .selectFrom('grid_assignment as a')
        .innerJoin('inspector as i', 'i.id', 'a.inspector_id')
        .select(['a.inspector_id', 'i.name', 'a.grid_id', 'a.valid_from', 'a.valid_to'])
        .where('a.grid_id', '=', gridId)
        .orderBy('a.valid_from', 'desc')
        .orderBy('a.id', 'desc')
        .limit(50)
        .execute();
    },

    riskTags(id: string) {
      return db
        .selectFrom('enterprise_risk_tag')
        .select(['tag', 'source'])
        .where('enterprise_id', '=', id)
        .orderBy('tag')
        .execute();
    },

    async confinedSpaces(id: string): Promise<number> {
      const row = await db
        .selectFrom('confined_space')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('enterprise_id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    safetyManagement(id: string) {
      return db
        .selectFrom('enterprise_safety_management')
        .selectAll()
        .where('enterprise_id', '=', id)
        .executeTakeFirst();
    },

    drills(id: string) {
      return db
        .selectFrom('emergency_drill')
        .select(['held_on', 'description', 'source'])
        .where('enterprise_id', '=', id)
        .orderBy('held_on', 'desc')
        .limit(20)
        .execute();
    },

    async hazardFigures(id: string, asOf: string) {
      const row = await sql<{
        open: number;
        overdue: number;
        major_open: number;
        found12m: number;
        closed12m: number;
      }>`
        SELECT
          count(*) FILTER (WHERE status IN ('reported', 'assigned', 'rectifying', 'submitted'))::int AS open,
          count(*) FILTER (WHERE status IN ('reported', 'assigned', 'rectifying', 'submitted')
            AND deadline < ${asOf}::date)::int AS overdue,
          count(*) FILTER (WHERE status IN ('reported', 'assigned', 'rectifying', 'submitted') AND level = 'major')::int AS major_open,
          count(*) FILTER (WHERE status <> 'withdrawn' AND found_at >= ${asOf}::date - interval '12 months')::int AS found12m,
          count(*) FILTER (WHERE status = 'closed' AND closed_at >= ${asOf}::date - interval '12 months')::int AS closed12m
        FROM hazard WHERE enterprise_id = ${id}`.execute(db);
      return row.rows[0]!;
    },

    async patrolFigures(id: string, asOf: string) {
      const row = await sql<{ done12m: number; last_visit_at: Date | null }>`
        SELECT count(*) FILTER (WHERE status = 'done' AND completed_at >= ${asOf}::date - interval '12 months')::int AS done12m,
          max(check_in_at) AS last_visit_at
        FROM patrol_task WHERE enterprise_id = ${id}`.execute(db);
      return row.rows[0]!;
    },

    accidents(id: string) {
      return db
        .selectFrom('enterprise_accident')
        .select([
          'id',
          'occurred_on',
          'severity',
          'deaths',
          'injuries',
          'description',
          'source',
          'source_ref',
        ])
        .where('enterprise_id', '=', id)
        .orderBy('occurred_on', 'desc')
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
    },

    creditRecords(id: string) {
      return db
        .selectFrom('enterprise_credit_record')
        .select(['id', 'kind', 'recorded_on', 'expires_on', 'authority', 'description', 'source'])
        .where('enterprise_id', '=', id)
        .orderBy('recorded_on', 'desc')
        .limit(50)
        .execute();
    },

    /** Imported penalties, and the penalty decisions and rectification orders issued here. */
    async penalties(id: string) {
      const rows = await sql<{
        id: string;
        kind: 'penalty' | 'rectification_order';
        decided_on: string;
        amount_yuan: string | null;
        description: string;
        source: 'platform' | 'declared' | 'import' | 'demo';
      }>`
        (SELECT id::text, kind, decided_on::text, amount_yuan::text, description, source
         FROM enterprise_penalty WHERE enterprise_id = ${id})
        UNION ALL
        (SELECT id::text, CASE doc_type WHEN 'penalty_decision' THEN 'penalty' ELSE 'rectification_order' END,
           document_date::text, NULL, title || ' ' || number, 'platform'
         FROM official_document
         WHERE enterprise_id = ${id} AND doc_type IN ('penalty_decision', 'rectification_order'))
        ORDER BY decided_on DESC, id DESC
        LIMIT 50`.execute(db);
      return rows.rows;
    },

    async deviceFigures(id: string, asOf: string) {
      const row = await sql<{ detectors: number; locks: number; online: number; alarms90d: number }>`
        SELECT
          (SELECT count(*) FROM device WHERE enterprise_id = ${id} AND kind = 'gas_detector')::int AS detectors,
          (SELECT count(*) FROM device WHERE enterprise_id = ${id} AND kind = 'smart_lock')::int AS locks,
          (SELECT count(*) FROM device WHERE enterprise_id = ${id} AND online)::int AS online,
          (SELECT count(*) FROM alarm WHERE enterprise_id = ${id}
             AND occurred_at >= ${asOf}::date - interval '90 days')::int AS alarms90d`.execute(db);
      return row.rows[0]!;
    },

    grade(id: string) {
      return db.selectFrom('enterprise_grade').selectAll().where('enterprise_id', '=', id).executeTakeFirst();
    },

    gradeHistory(id: string) {
      return db
        .selectFrom('enterprise_grade_change')
        .select(['at', 'model_version', 'score', 'grade', 'previous_grade', 'reason'])
        .where('enterprise_id', '=', id)
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
    },

    insertAccident(
      trx: Kysely<DB>,
      row: {
        enterpriseId: string;
        occurredOn: string;
        severity: 'minor_injury' | 'serious_injury' | 'fatal';
        deaths: number;
        injuries: number;
        description: string;
        sourceRef: string | null;
        recordedBy: string;
        at: Date;
      },
    ) {
      return trx
        .insertInto('enterprise_accident')
        .values({
          enterprise_id: row.enterpriseId,
          occurred_on: row.occurredOn,
          severity: row.severity,
          deaths: row.deaths,
          injuries: row.injuries,
          description: row.description,
          source: 'import',
          source_ref: row.sourceRef,
          recorded_by: row.recordedBy,
          recorded_at: row.at,
        })
        .returning([
          'id',
          'occurred_on',
          'severity',
          'deaths',
          'injuries',
          'description',
          'source',
          'source_ref',
        ])
        .executeTakeFirstOrThrow();
    },
  };
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>;
