import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { GradeId } from '../grading/grading-model';

export interface ComputedGrade {
  enterpriseId: string;
  score: number;
  baseGrade: GradeId;
  grade: GradeId;
  /** Exactly the inputs the model read, so the grade can be reproduced from this row alone. */
  inputs: Record<string, number | null>;
}

export type GradeChangeReason = 'batch' | 'input_changed' | 'model_activated';

export interface GradeChangeRow {
  enterprise_id: string;
  previous_grade: GradeId;
  grade: GradeId;
}

/** Rows per statement: one JSON document of ~5 MB, well inside what both drivers pass at once. */
export const WRITE_CHUNK = 10_000;

/**
 * Writes grades and, in the same statement, a change row and a notice for each enterprise whose
 * grade moved: the previous grade is read from the statement's snapshot, before the upsert
 * (a data-modifying CTE always runs, referenced or not).
 * The rows travel as one jsonb document, which PGlite and node-postgres both bind as one text value.
 */
export async function writeGrades(
  db: Kysely<DB>,
  grades: readonly ComputedGrade[],
  options: { modelVersion: string; reason: GradeChangeReason; at: Date },
): Promise<GradeChangeRow[]> {
  const changes: GradeChangeRow[] = [];
  for (let start = 0; start < grades.length; start += WRITE_CHUNK) {
    const chunk = grades.slice(start, start + WRITE_CHUNK).map((g) => ({
      enterprise_id: g.enterpriseId,
      score: g.score,
      base_grade: g.baseGrade,
      grade: g.grade,
      inputs: g.inputs,
    }));
    const result = await sql<GradeChangeRow>`
      WITH incoming AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          AS t(enterprise_id bigint, score smallint, base_grade text, grade text, inputs jsonb)
      ),
      previous AS (
        SELECT g.enterprise_id, g.grade FROM enterprise_grade g JOIN incoming i USING (enterprise_id)
      ),
      upserted AS (
        INSERT INTO enterprise_grade (enterprise_id, model_version, score, base_grade, grade, inputs, computed_at)
        SELECT enterprise_id, ${options.modelVersion}, score, base_grade, grade, inputs, ${options.at}
        FROM incoming
        ON CONFLICT (enterprise_id) DO UPDATE SET
          model_version = excluded.model_version, score = excluded.score,
          base_grade = excluded.base_grade, grade = excluded.grade,
          inputs = excluded.inputs, computed_at = excluded.computed_at
      ),
      changed AS (
        INSERT INTO enterprise_grade_change
          (enterprise_id, model_version, score, previous_grade, grade, inputs, reason, at)
        SELECT i.enterprise_id, ${options.modelVersion}, i.score, p.grade, i.grade, i.inputs,
          ${options.reason}, ${options.at}
        FROM incoming i
        LEFT JOIN previous p USING (enterprise_id)
        -- A first grade is not a change: the grade row itself says when it was computed.
        WHERE p.grade <> i.grade
        RETURNING enterprise_id, previous_grade, grade, score
      ),
      -- Every change is also a notice to those who supervise the enterprise and to the enterprise.
      noticed AS (
        INSERT INTO notice (kind, enterprise_id, grid_id, community_id, street_id, district_id, payload, created_at)
        SELECT 'grade_changed', c.enterprise_id, e.grid_id, e.community_id, e.street_id, e.district_id,
          jsonb_build_object('previousGrade', c.previous_grade, 'grade', c.grade, 'score', c.score,
            'reason', ${options.reason}::text, 'modelVersion', ${options.modelVersion}::text),
          ${options.at}
        FROM changed c JOIN enterprise e ON e.id = c.enterprise_id
      )
      SELECT enterprise_id::text, previous_grade, grade FROM changed
    `.execute(db);
    changes.push(...result.rows);
  }
  return changes;
}

/**
 * Takes up to `limit` queued enterprises off the grading queue inside the caller's transaction:
 * the rows stay locked until it commits (SKIP LOCKED lets a second worker take others), and are
 * gone only if the grades it writes commit too.
 */
export async function takeQueuedEnterprises(trx: Kysely<DB>, limit: number): Promise<string[]> {
  const result = await sql<{ enterprise_id: string }>`
    DELETE FROM grading_queue WHERE enterprise_id IN (
      SELECT enterprise_id FROM grading_queue ORDER BY queued_at, enterprise_id
      LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING enterprise_id::text
  `.execute(trx);
  return result.rows.map((r) => r.enterprise_id);
}

type ScopeCondition = (eb: ExpressionBuilder<DB, 'enterprise'>) => Expression<SqlBool>;

/** Enterprises under a jurisdiction node, whatever its level (ids are unique across levels). */
function underNode(eb: ExpressionBuilder<DB, 'enterprise'>, nodeId: string | undefined): Expression<SqlBool> {
  if (nodeId === undefined) return sql<boolean>`true`;
  return eb.or([
    eb('enterprise.district_id', '=', nodeId),
    eb('enterprise.street_id', '=', nodeId),
    eb('enterprise.community_id', '=', nodeId),
    eb('enterprise.grid_id', '=', nodeId),
  ]);
}

export function createGradeQueries(db: Kysely<DB>) {
  return {
    /** Counts per group and grade (null grade: not graded yet), supervised enterprises only. */
    distribution(options: {
      groupBy: 'district' | 'street' | 'category';
      nodeId?: string;
      inScope: ScopeCondition;
    }) {
      const key =
        options.groupBy === 'district'
          ? sql<string>`enterprise.district_id`
          : options.groupBy === 'street'
            ? sql<string>`enterprise.street_id`
            : sql<string>`enterprise.gongmao_category`;
      return db
        .selectFrom('enterprise')
        .leftJoin('enterprise_grade', 'enterprise_grade.enterprise_id', 'enterprise.id')
        .select([key.as('key'), 'enterprise_grade.grade', (eb) => eb.fn.countAll<string>().as('n')])
        .where('enterprise.status', '<>', 'closed')
        .where((eb) => options.inScope(eb))
        .where((eb) => underNode(eb, options.nodeId))
        .groupBy([key, 'enterprise_grade.grade'])
        .execute();
    },

    async activeVersion(): Promise<string | null> {
      const row = await db
        .selectFrom('grading_model')
        .select('version')
        .where('status', '=', 'active')
        .executeTakeFirst();
      return row?.version ?? null;
    },

    jurisdictionNames(ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('jurisdiction').select(['id', 'name']).where('id', 'in', ids).execute();
    },

    /**
     * Done planned patrols of the months by the tier that planned them, with the hazards each
     * found (reported on the task); scoped through the task's enterprise.
     */
    hitRates(options: { fromMonth: string; toMonth: string; nodeId?: string; inScope: ScopeCondition }) {
      const tier = sql<string>`CASE
        WHEN t.basis LIKE 'grade:%' THEN substr(t.basis, 7)
        WHEN t.basis LIKE 'sample:%' THEN 'general'
        ELSE 'ungraded' END`;
      return db
        .selectFrom('patrol_task as t')
        .innerJoin('enterprise', 'enterprise.id', 't.enterprise_id')
        .leftJoin(
          (eb) =>
            eb
              .selectFrom('hazard')
              .select([
                'patrol_task_id',
                (x) => x.fn.countAll<string>().as('n'),
                (x) => x.fn.countAll<string>().filterWhere('level', '=', 'major').as('major'),
              ])
              .where('patrol_task_id', 'is not', null)
              .where('status', '<>', 'withdrawn')
              .groupBy('patrol_task_id')
              .as('h'),
          (join) => join.onRef('h.patrol_task_id', '=', 't.id'),
        )
        .select([
          tier.as('tier'),
          (eb) => eb.fn.countAll<string>().as('inspected'),
          (eb) => eb.fn.countAll<string>().filterWhere('h.n', 'is not', null).as('with_hazards'),
          sql<string>`coalesce(sum(h.n), 0)`.as('hazards'),
          sql<string>`coalesce(sum(h.major), 0)`.as('major_hazards'),
        ])
        .where('t.kind', '=', 'planned')
        .where('t.status', '=', 'done')
        .where('t.month', '>=', `${options.fromMonth}-01`)
        .where('t.month', '<=', `${options.toMonth}-01`)
        .where((eb) => options.inScope(eb))
        .where((eb) => underNode(eb, options.nodeId))
        .groupBy(tier)
        .execute();
    },

    /** Newest first by id (keyset `id < after`), in scope. */
    changes(options: { nodeId?: string; after?: string; limit: number; inScope: ScopeCondition }) {
      let query = db
        .selectFrom('enterprise_grade_change as c')
        .innerJoin('enterprise', 'enterprise.id', 'c.enterprise_id')
        .select([
          'c.id',
          'c.enterprise_id',
          'enterprise.name as enterprise_name',
          'c.at',
          'c.previous_grade',
          'c.grade',
          'c.score',
          'c.model_version',
          'c.reason',
        ])
        .where((eb) => options.inScope(eb))
        .where((eb) => underNode(eb, options.nodeId))
        .orderBy('c.id', 'desc')
        .limit(options.limit + 1);
      if (options.after !== undefined) query = query.where('c.id', '<', options.after);
      return query.execute();
    },
  };
}

export type GradeQueries = ReturnType<typeof createGradeQueries>;
