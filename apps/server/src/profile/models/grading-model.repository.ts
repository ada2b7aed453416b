import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';

export interface GradingModelRow {
  version: string;
  document: unknown;
  status: 'draft' | 'active' | 'retired';
  note: string;
  created_at: Date;
  activated_at: Date | null;
}

const COLUMNS = ['version', 'document', 'status', 'note', 'created_at', 'activated_at'] as const;

export function createGradingModelRepository(db: Kysely<DB>) {
  return {
    list(): Promise<GradingModelRow[]> {
      return db.selectFrom('grading_model').select(COLUMNS).orderBy('created_at', 'desc').execute();
    },

    byVersion(trx: Kysely<DB>, version: string, forUpdate = false): Promise<GradingModelRow | undefined> {
      let query = trx.selectFrom('grading_model').select(COLUMNS).where('version', '=', version);
      if (forUpdate) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    active(trx: Kysely<DB> = db): Promise<GradingModelRow | undefined> {
      return trx
        .selectFrom('grading_model')
        .select(COLUMNS)
        .where('status', '=', 'active')
        .executeTakeFirst();
    },

    /** False when the version exists already (versions are never overwritten). */
    async insert(
      trx: Kysely<DB>,
      row: {
        version: string;
        document: unknown;
        status: 'draft' | 'active';
        note: string;
        createdBy: string | null;
        at: Date;
      },
    ): Promise<boolean> {
      const inserted = await trx
        .insertInto('grading_model')
        .values({
          version: row.version,
          document: JSON.stringify(row.document),
          status: row.status,
          note: row.note,
          created_by: row.createdBy,
          created_at: row.at,
          activated_at: row.status === 'active' ? row.at : null,
        })
        .onConflict((oc) => oc.column('version').doNothing())
        .returning('version')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** Retires the active version and activates this draft (the caller holds both rows' locks). */
    async activate(trx: Kysely<DB>, version: string, at: Date): Promise<void> {
      await trx
        .updateTable('grading_model')
        .set({ status: 'retired' })
        .where('status', '=', 'active')
        .execute();
      await trx
        .updateTable('grading_model')
        .set({ status: 'active', activated_at: at })
        .where('version', '=', version)
        .execute();
    },

    /** Current grades per grade, for the dry run's "before". */
    async currentGrades(trx: Kysely<DB>): Promise<Map<string, string>> {
      const rows = await trx.selectFrom('enterprise_grade').select(['enterprise_id', 'grade']).execute();
      return new Map(rows.map((r) => [String(r.enterprise_id), r.grade]));
    },
  };
}

export type GradingModelRepository = ReturnType<typeof createGradingModelRepository>;
