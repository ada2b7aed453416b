import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope, placeInScope } from '../../platform/auth/scope';

const PLACE = {
  grid: 'o.grid_id',
  community: 'o.community_id',
  street: 'o.street_id',
  district: 'o.district_id',
  enterprise: 'o.enterprise_id',
} as const;

const COLUMNS = [
  'o.id',
  'o.enterprise_id',
  'enterprise.name as enterprise_name',
  'o.indicator_id',
  'o.model_version',
  'o.recorded_value',
  'o.claimed_value',
  'o.reason',
  'o.status',
  'o.filed_at',
  'o.decided_at',
  'o.decision_note',
] as const;

/** All SQL of objections; every read is scoped on the objection's own place columns. */
export function createObjectionRepository(db: Kysely<DB>) {
  const base = (executor: Kysely<DB>, scope: JurisdictionScope) =>
    executor
      .selectFrom('grade_objection as o')
      .innerJoin('enterprise', 'enterprise.id', 'o.enterprise_id')
      .select(COLUMNS)
      .where(() => placeInScope(scope, PLACE));

  return {
    byId(executor: Kysely<DB>, id: string, scope: JurisdictionScope, forUpdate = false) {
      let query = base(executor, scope).where('o.id', '=', id);
      if (forUpdate) query = query.forUpdate('o');
      return query.executeTakeFirst();
    },

    list(
      scope: JurisdictionScope,
      filter: { status?: string; enterpriseId?: string; after?: string; limit: number },
    ) {
      let query = base(db, scope)
        .orderBy('o.id', 'desc')
        .limit(filter.limit + 1);
      if (filter.status) query = query.where('o.status', '=', filter.status as 'pending');
      if (filter.enterpriseId) query = query.where('o.enterprise_id', '=', filter.enterpriseId);
      if (filter.after) query = query.where('o.id', '<', filter.after);
      return query.execute();
    },

    evidenceOf(ids: readonly string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('grade_objection_evidence')
        .select(['id', 'objection_id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
        .where('objection_id', 'in', ids)
        .orderBy('id')
        .execute();
    },

    async evidenceCount(trx: Kysely<DB>, objectionId: string): Promise<number> {
      const row = await trx
        .selectFrom('grade_objection_evidence')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('objection_id', '=', objectionId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    evidenceFile(objectionId: string, evidenceId: string) {
      return db
        .selectFrom('grade_objection_evidence')
        .select(['file_name', 'media_type', 'sha256', 'content'])
        .where('objection_id', '=', objectionId)
        .where('id', '=', evidenceId)
        .executeTakeFirst();
    },

    insert(
      trx: Kysely<DB>,
      row: {
        enterprise: {
          id: string;
          grid_id: string;
          community_id: string;
          street_id: string;
          district_id: string;
        };
        indicatorId: string;
        modelVersion: string;
        recordedValue: number;
        claimedValue: number;
        reason: string;
        filedBy: string;
        at: Date;
      },
    ) {
      return trx
        .insertInto('grade_objection')
        .values({
          enterprise_id: row.enterprise.id,
          grid_id: row.enterprise.grid_id,
          community_id: row.enterprise.community_id,
          street_id: row.enterprise.street_id,
          district_id: row.enterprise.district_id,
          indicator_id: row.indicatorId,
          model_version: row.modelVersion,
          recorded_value: row.recordedValue,
          claimed_value: row.claimedValue,
          reason: row.reason,
          filed_by: row.filedBy,
          filed_at: row.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    insertEvidence(
      trx: Kysely<DB>,
      row: {
        objectionId: string;
        fileName: string;
        mediaType: string;
        bytes: Buffer;
        sha256: string;
        by: string;
        at: Date;
      },
    ) {
      return trx
        .insertInto('grade_objection_evidence')
        .values({
          objection_id: row.objectionId,
          file_name: row.fileName,
          media_type: row.mediaType,
          size_bytes: row.bytes.length,
          sha256: row.sha256,
          content: row.bytes,
          uploaded_by: row.by,
          uploaded_at: row.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    decide(
      trx: Kysely<DB>,
      id: string,
      decision: { status: 'accepted' | 'rejected'; by: string; at: Date; note: string },
    ) {
      return trx
        .updateTable('grade_objection')
        .set({
          status: decision.status,
          decided_by: decision.by,
          decided_at: decision.at,
          decision_note: decision.note,
        })
        .where('id', '=', id)
        .execute();
    },

    /** The value stands from today for the validity period; a later acceptance replaces it. */
    upsertCorrection(
      trx: Kysely<DB>,
      row: {
        enterpriseId: string;
        indicatorId: string;
        value: number;
        objectionId: string;
        from: string;
        until: string;
      },
    ) {
      return trx
        .insertInto('grade_input_correction')
        .values({
          enterprise_id: row.enterpriseId,
          indicator_id: row.indicatorId,
          value: row.value,
          objection_id: row.objectionId,
          valid_from: row.from,
          valid_until: row.until,
        })
        .onConflict((oc) =>
          oc.columns(['enterprise_id', 'indicator_id']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            objection_id: eb.ref('excluded.objection_id'),
            valid_from: eb.ref('excluded.valid_from'),
            valid_until: eb.ref('excluded.valid_until'),
          })),
        )
        .execute();
    },

    enterpriseForObjection(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('enterprise')
        .leftJoin('enterprise_grade', 'enterprise_grade.enterprise_id', 'enterprise.id')
        .select([
          'enterprise.id',
          'enterprise.grid_id',
          'enterprise.community_id',
          'enterprise.street_id',
          'enterprise.district_id',
          'enterprise_grade.model_version',
          'enterprise_grade.inputs',
        ])
        .where('enterprise.id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },
  };
}

export type ObjectionRepository = ReturnType<typeof createObjectionRepository>;
