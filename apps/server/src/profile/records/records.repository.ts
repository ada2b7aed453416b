import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { RiskTag, SafetyManagementDeclaration } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope, placeInScope } from '../../platform/auth/scope';
import type { CleanRecord, CleanRecordOf, ImportKind } from './validate-records';

/** The scope condition on the enterprise joined as `e` (the same test as `enterpriseInScope`). */
const scopeOfE = (scope: JurisdictionScope) =>
  placeInScope(scope, {
    district: 'e.district_id',
    street: 'e.street_id',
    community: 'e.community_id',
    grid: 'e.grid_id',
    enterprise: 'e.id',
  });

const asJson = (rows: readonly object[]) => sql`${JSON.stringify(rows)}::jsonb`;

/** The record in the column names of its table (dates stay YYYY-MM-DD text until the cast). */
function rowOf(kind: ImportKind, record: CleanRecord): Record<string, unknown> {
  switch (kind) {
    case 'accidents': {
      const r = record as CleanRecordOf['accidents'];
      return {
        credit_code: r.creditCode,
        occurred_on: r.occurredOn,
        severity: r.severity,
        deaths: r.deaths,
        injuries: r.injuries,
        description: r.description,
        source_ref: r.sourceRef,
      };
    }
    case 'credit_records': {
      const r = record as CleanRecordOf['credit_records'];
      return {
        credit_code: r.creditCode,
        kind: r.kind,
        recorded_on: r.recordedOn,
        expires_on: r.expiresOn,
        authority: r.authority,
        description: r.description,
      };
    }
    case 'penalties': {
      const r = record as CleanRecordOf['penalties'];
      return {
        credit_code: r.creditCode,
        kind: r.kind,
        decided_on: r.decidedOn,
        amount_yuan: r.amountYuan,
        description: r.description,
        source_ref: r.sourceRef,
      };
    }
    case 'drills': {
      const r = record as CleanRecordOf['drills'];
      return { credit_code: r.creditCode, held_on: r.heldOn, description: r.description };
    }
  }
}

/**
 * One set-based INSERT … SELECT per batch: the records as a jsonb recordset, joined to the
 * enterprise by credit code (and to the scope, so not even a race could write outside it). The
 * grading triggers queue every touched enterprise in the same statement.
 */
function insertStatement(
  kind: ImportKind,
  json: RawBuilder<unknown>,
  scope: Expression<SqlBool>,
  by: { userId: string; at: Date },
) {
  switch (kind) {
    case 'accidents':
      return sql`INSERT INTO enterprise_accident (enterprise_id, occurred_on, severity, deaths, injuries,
          description, source, source_ref, recorded_by, recorded_at)
        SELECT e.id, r.occurred_on, r.severity, r.deaths, r.injuries, r.description, 'import', r.source_ref,
          ${by.userId}, ${by.at}
        FROM jsonb_to_recordset(${json}) AS r(credit_code text, occurred_on date, severity text,
          deaths integer, injuries integer, description text, source_ref text)
        JOIN enterprise e ON e.credit_code = r.credit_code
        WHERE ${scope}
        RETURNING id, enterprise_id`;
    case 'credit_records':
      return sql`INSERT INTO enterprise_credit_record (enterprise_id, kind, recorded_on, expires_on, authority,
          description, source, recorded_at)
        SELECT e.id, r.kind, r.recorded_on, r.expires_on, r.authority, r.description, 'import', ${by.at}
        FROM jsonb_to_recordset(${json}) AS r(credit_code text, kind text, recorded_on date, expires_on date,
          authority text, description text)
        JOIN enterprise e ON e.credit_code = r.credit_code
        WHERE ${scope}
        RETURNING id, enterprise_id`;
    case 'penalties':
      return sql`INSERT INTO enterprise_penalty (enterprise_id, kind, decided_on, amount_yuan, description, source,
          source_ref, recorded_at)
        SELECT e.id, r.kind, r.decided_on, r.amount_yuan, r.description, 'import', r.source_ref, ${by.at}
        FROM jsonb_to_recordset(${json}) AS r(credit_code text, kind text, decided_on date,
          amount_yuan numeric(14, 2), description text, source_ref text)
        JOIN enterprise e ON e.credit_code = r.credit_code
        WHERE ${scope}
        RETURNING id, enterprise_id`;
    case 'drills':
      return sql`INSERT INTO emergency_drill (enterprise_id, held_on, description, source, recorded_at)
        SELECT e.id, r.held_on, r.description, 'import', ${by.at}
        FROM jsonb_to_recordset(${json}) AS r(credit_code text, held_on date, description text)
        JOIN enterprise e ON e.credit_code = r.credit_code
        WHERE ${scope}
        RETURNING id, enterprise_id`;
  }
}

/**
 * Which of the records (by their `i`) are already stored for their enterprise, by the identity
 * `recordIdentity` uses in a batch: the source reference when there is one, else the facts.
 */
function storedStatement(kind: ImportKind, json: RawBuilder<unknown>) {
  switch (kind) {
    case 'accidents':
      return sql<{ i: number }>`SELECT r.i FROM jsonb_to_recordset(${json})
          AS r(i integer, enterprise_id bigint, occurred_on date, description text, source_ref text)
        WHERE EXISTS (SELECT 1 FROM enterprise_accident x WHERE x.enterprise_id = r.enterprise_id
          AND CASE WHEN r.source_ref IS NOT NULL THEN x.source_ref = r.source_ref
            ELSE x.occurred_on = r.occurred_on AND x.description = r.description END)`;
    case 'penalties':
      return sql<{ i: number }>`SELECT r.i FROM jsonb_to_recordset(${json})
          AS r(i integer, enterprise_id bigint, kind text, decided_on date, description text, source_ref text)
        WHERE EXISTS (SELECT 1 FROM enterprise_penalty x WHERE x.enterprise_id = r.enterprise_id
          AND CASE WHEN r.source_ref IS NOT NULL THEN x.source_ref = r.source_ref
            ELSE x.kind = r.kind AND x.decided_on = r.decided_on AND x.description = r.description END)`;
    case 'credit_records':
      return sql<{ i: number }>`SELECT r.i FROM jsonb_to_recordset(${json})
          AS r(i integer, enterprise_id bigint, kind text, recorded_on date, authority text, description text)
        WHERE EXISTS (SELECT 1 FROM enterprise_credit_record x WHERE x.enterprise_id = r.enterprise_id
          AND x.kind = r.kind AND x.recorded_on = r.recorded_on AND x.authority = r.authority
          AND x.description = r.description)`;
    case 'drills':
      return sql<{ i: number }>`SELECT r.i FROM jsonb_to_recordset(${json})
          AS r(i integer, enterprise_id bigint, held_on date, description text)
        WHERE EXISTS (SELECT 1 FROM emergency_drill x WHERE x.enterprise_id = r.enterprise_id
          AND x.held_on = r.held_on AND x.description = r.description)`;
  }
}

export function createRecordsRepository() {
  return {
    /**
     * The enterprises of these credit codes that lie in the scope, by code. A code outside the
     * scope is missing exactly as a code nobody registered is, so the answer reveals nothing.
     */
    async enterprisesByCode(
      trx: Kysely<DB>,
      codes: readonly string[],
      scope: JurisdictionScope,
    ): Promise<Map<string, string>> {
      if (codes.length === 0) return new Map();
      const rows = await trx
        .selectFrom('enterprise')
        .select(['id', 'credit_code'])
        .where('credit_code', 'in', [...codes])
        .where((eb) => enterpriseInScope(eb, scope))
        .execute();
      return new Map(rows.map((r) => [r.credit_code, String(r.id)]));
    },

    /** Indexes of the records already stored for their enterprise. */
    async alreadyStored(
      trx: Kysely<DB>,
      kind: ImportKind,
      records: readonly { index: number; enterpriseId: string; record: CleanRecord }[],
    ): Promise<number[]> {
      if (records.length === 0) return [];
      const rows = records.map(({ index, enterpriseId, record }) => ({
        ...rowOf(kind, record),
        i: index,
        enterprise_id: enterpriseId,
      }));
      const result = await storedStatement(kind, asJson(rows)).execute(trx);
      return result.rows.map((r) => Number(r.i));
    },

    /** Inserts the batch (source 'import') in one statement; counts what it wrote. */
    async insertBatch(
      trx: Kysely<DB>,
      kind: ImportKind,
      records: readonly CleanRecord[],
      scope: JurisdictionScope,
      by: { userId: string; at: Date },
    ) {
      const statement = insertStatement(
        kind,
        asJson(records.map((r) => rowOf(kind, r))),
        scopeOfE(scope),
        by,
      );
      const result = await sql<{
        inserted: number;
        enterprises: number;
        first_id: string | null;
        last_id: string | null;
      }>`WITH ins AS (${statement})
        SELECT count(*)::int AS inserted, count(DISTINCT enterprise_id)::int AS enterprises,
          min(id)::text AS first_id, max(id)::text AS last_id
        FROM ins`.execute(trx);
      return result.rows[0]!;
    },

    /** The enterprise, locked for the declaring transaction; undefined outside the scope (→ 404). */
    enterpriseForDeclaration(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('enterprise')
        .select(['id'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .forUpdate()
        .executeTakeFirst();
    },

    safetyManagement(trx: Kysely<DB>, enterpriseId: string) {
      return trx
        .selectFrom('enterprise_safety_management')
        .selectAll()
        .where('enterprise_id', '=', enterpriseId)
        .executeTakeFirst();
    },

    /** Replaces whatever is recorded (from any source) with the declaration. */
    upsertSafetyManagement(
      trx: Kysely<DB>,
      enterpriseId: string,
      body: SafetyManagementDeclaration,
      at: Date,
    ) {
      const values = {
        emergency_plan_filed: body.emergencyPlanFiled,
        safety_officers: body.safetyOfficers,
        training_coverage_percent: body.trainingCoveragePercent,
        certificates_complete: body.certificatesComplete,
        standardisation_level: body.standardisationLevel,
        source: 'declared' as const,
        updated_at: at,
      };
      return trx
        .insertInto('enterprise_safety_management')
        .values({ enterprise_id: enterpriseId, ...values })
        .onConflict((oc) => oc.column('enterprise_id').doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    riskTags(trx: Kysely<DB>, enterpriseId: string) {
      return trx
        .selectFrom('enterprise_risk_tag')
        .select(['tag', 'source'])
        .where('enterprise_id', '=', enterpriseId)
        .orderBy('tag')
        .execute();
    },

    async removeDeclaredTags(trx: Kysely<DB>, enterpriseId: string, tags: readonly RiskTag[]) {
      if (tags.length === 0) return;
      await trx
        .deleteFrom('enterprise_risk_tag')
        .where('enterprise_id', '=', enterpriseId)
        .where('source', '=', 'declared')
        .where('tag', 'in', [...tags])
        .execute();
    },

    async addDeclaredTags(trx: Kysely<DB>, enterpriseId: string, tags: readonly RiskTag[], at: Date) {
      if (tags.length === 0) return;
      await trx
        .insertInto('enterprise_risk_tag')
        .values(
          tags.map((tag) => ({
            enterprise_id: enterpriseId,
            tag,
            source: 'declared' as const,
            recorded_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['enterprise_id', 'tag']).doNothing())
        .execute();
    },
  };
}

export type RecordsRepository = ReturnType<typeof createRecordsRepository>;
