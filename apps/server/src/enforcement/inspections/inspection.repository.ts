import { sql, type Insertable, type Kysely } from 'kysely';
import type { InspectionStatus } from '@safegrid/contracts';
import type {
  DB,
  InspectionChecklistAnswerTable,
  InspectionEvidenceTable,
  InspectionFindingTable,
  InspectionTable,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface InspectionListFilter {
  status?: InspectionStatus;
  enterpriseId?: string;
  /** Only inspections this user takes part in. */
  participant?: string;
  limit: number;
}

/** All SQL of on-site inspections. Every lookup is joined to its enterprise and scoped by it. */
export function createInspectionRepository(db: Kysely<DB>) {
  /**
   * Officers (other than `exceptUserId`) who may take part in an inspection of the enterprise:
   * active enforcement officers whose scope is city-wide or names one of the enterprise's
   * district, street, community or grid.
   */
  const coveringOfficers = (executor: Kysely<DB>, enterpriseId: string, exceptUserId: string) =>
    executor
      .selectFrom('app_user as u')
      .select(['u.id', 'u.display_name'])
      .where('u.role', '=', 'enforcement_officer')
      .where('u.disabled', '=', false)
      .where('u.id', '<>', exceptUserId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('user_scope as s')
            .innerJoin('jurisdiction as j', 'j.id', 's.jurisdiction_id')
            .innerJoin('enterprise as e', (join) => join.on('e.id', '=', enterpriseId))
            .select(sql`1`.as('one'))
            .whereRef('s.user_id', '=', 'u.id')
            .where((eb) =>
              eb.or([
                eb('j.level', '=', 'city'),
                eb('s.jurisdiction_id', '=', eb.ref('e.district_id')),
                eb('s.jurisdiction_id', '=', eb.ref('e.street_id')),
                eb('s.jurisdiction_id', '=', eb.ref('e.community_id')),
                eb('s.jurisdiction_id', '=', eb.ref('e.grid_id')),
              ]),
            ),
        ),
      );

  return {
    async enterpriseInScope(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('enterprise')
        .select(['id', 'name'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    partners(enterpriseId: string, exceptUserId: string) {
      return coveringOfficers(db, enterpriseId, exceptUserId)
        .orderBy('u.display_name')
        .orderBy('u.id')
        .limit(500)
        .execute();
    },

    async isCoveringOfficer(
      trx: Kysely<DB>,
      enterpriseId: string,
      userId: string,
      exceptUserId: string,
    ): Promise<boolean> {
      const row = await coveringOfficers(trx, enterpriseId, exceptUserId)
        .where('u.id', '=', userId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async insert(trx: Kysely<DB>, row: Insertable<InspectionTable>): Promise<string> {
      const { id } = await trx.insertInto('inspection').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },

    /** The inspection (if its enterprise is in scope), its row locked until the transaction ends. */
    async forUpdate(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('inspection as i')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .selectAll('i')
        .where('i.id', '=', id)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .forUpdate('i')
        .executeTakeFirst();
    },

    /** Changes the counters/status and moves the version on (the row is locked by the caller). */
    async update(
      trx: Kysely<DB>,
      id: string,
      changes: {
        finding_count?: number;
        evidence_count?: number;
        status?: InspectionStatus;
        completed_at?: Date;
        bumpVersion: boolean;
      },
    ): Promise<void> {
      const { bumpVersion, ...set } = changes;
      await trx
        .updateTable('inspection')
        .set({ ...set, ...(bumpVersion && { version: sql<number>`version + 1` }) })
        .where('id', '=', id)
        .execute();
    },

    async insertFinding(trx: Kysely<DB>, row: Insertable<InspectionFindingTable>): Promise<void> {
      await trx.insertInto('inspection_finding').values(row).execute();
    },

    async lastChainHash(trx: Kysely<DB>, inspectionId: string): Promise<string | undefined> {
      const row = await trx
        .selectFrom('inspection_evidence')
        .select('chain_hash')
        .where('inspection_id', '=', inspectionId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.chain_hash;
    },

    async insertEvidence(trx: Kysely<DB>, row: Insertable<InspectionEvidenceTable>): Promise<void> {
      await trx.insertInto('inspection_evidence').values(row).execute();
    },

    /** The inspection with its enterprise and officers, if the enterprise lies in the scope. */
    async detail(id: string, scope: JurisdictionScope) {
      const head = await db
        .selectFrom('inspection as i')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .innerJoin('app_user as starter', 'starter.id', 'i.started_by')
        .innerJoin('app_user as partner', 'partner.id', 'i.partner_id')
        .selectAll('i')
        .select([
          'enterprise.name as enterprise_name',
          'enterprise.credit_code as enterprise_credit_code',
          'enterprise.address as enterprise_address',
          'enterprise.gongmao_category as enterprise_gongmao_category',
          'starter.display_name as starter_name',
          'partner.display_name as partner_name',
        ])
        .where('i.id', '=', id)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .executeTakeFirst();
      if (!head) return undefined;
      const findings = await db
        .selectFrom('inspection_finding as f')
        .innerJoin('app_user as u', 'u.id', 'f.recorded_by')
        .selectAll('f')
        .select('u.display_name as recorded_by_name')
        .where('f.inspection_id', '=', id)
        .orderBy('f.seq')
        .execute();
      // The bytes stay in the database: only whether they still hash to the stored digest.
      const evidence = await db
        .selectFrom('inspection_evidence')
        .select([
          'seq',
          'finding_seq',
          'file_name',
          'media_type',
          'size_bytes',
          'sha256',
          'captured_at',
          'received_at',
          'chain_hash',
          sql<boolean>`encode(sha256(content), 'hex') = sha256 AND length(content) = size_bytes`.as(
            'content_intact',
          ),
        ])
        .where('inspection_id', '=', id)
        .orderBy('seq')
        .execute();
      const answers = await db
        .selectFrom('inspection_checklist_answer')
        .select(['item_id as itemId', 'outcome'])
        .where('inspection_id', '=', id)
        .execute();
      return { head, findings, evidence, answers };
    },

    list(filter: InspectionListFilter, scope: JurisdictionScope) {
      let query = db
        .selectFrom('inspection as i')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .innerJoin('app_user as starter', 'starter.id', 'i.started_by')
        .innerJoin('app_user as partner', 'partner.id', 'i.partner_id')
        .select([
          'i.id',
          'i.enterprise_id',
          'enterprise.name as enterprise_name',
          'i.status',
          'starter.display_name as starter_name',
          'partner.display_name as partner_name',
          'i.started_at',
          'i.completed_at',
          'i.finding_count',
          (eb) =>
            eb
              .selectFrom('inspection_finding as f')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('f.inspection_id', '=', 'i.id')
              .where('f.major_hazard_ref', 'is not', null)
              .as('major_hazard_count'),
        ])
        .where((eb) => enterpriseInScope(eb as never, scope));
      if (filter.status) query = query.where('i.status', '=', filter.status);
      if (filter.enterpriseId) query = query.where('i.enterprise_id', '=', filter.enterpriseId);
      if (filter.participant) {
        const user = filter.participant;
        query = query.where((eb) => eb.or([eb('i.started_by', '=', user), eb('i.partner_id', '=', user)]));
      }
      return query.orderBy('i.started_at', 'desc').orderBy('i.id', 'desc').limit(filter.limit).execute();
    },

    /** What the checklist of an inspection depends on, if its enterprise lies in the scope. */
    async checklistHead(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('inspection as i')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .select(['i.id', 'i.enterprise_id', 'i.version', 'enterprise.gongmao_category'])
        .where('i.id', '=', id)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .executeTakeFirst();
    },

    async enterpriseCategory(trx: Kysely<DB>, enterpriseId: string) {
      const row = await trx
        .selectFrom('enterprise')
        .select('gongmao_category')
        .where('id', '=', enterpriseId)
        .executeTakeFirstOrThrow();
      return row.gongmao_category;
    },

    /** The checklist answers with who gave them and the findings recorded from each item. */
    async checklistAnswers(executor: Kysely<DB>, inspectionId: string) {
      const [answers, findings] = await Promise.all([
        executor
          .selectFrom('inspection_checklist_answer as a')
          .innerJoin('app_user as u', 'u.id', 'a.answered_by')
          .selectAll('a')
          .select('u.display_name as answered_by_name')
          .where('a.inspection_id', '=', inspectionId)
          .orderBy('a.item_id')
          .execute(),
        executor
          .selectFrom('inspection_finding')
          .select(['seq', 'checklist_item_id'])
          .where('inspection_id', '=', inspectionId)
          .where('checklist_item_id', 'is not', null)
          .orderBy('seq')
          .execute(),
      ]);
      return { answers, findings };
    },

    /** Writes answers, replacing an item's earlier answer (the row is locked by the caller). */
    async upsertAnswers(trx: Kysely<DB>, rows: Insertable<InspectionChecklistAnswerTable>[]): Promise<void> {
      await trx
        .insertInto('inspection_checklist_answer')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['inspection_id', 'item_id']).doUpdateSet((eb) => ({
            outcome: eb.ref('excluded.outcome'),
            note: eb.ref('excluded.note'),
            template_id: eb.ref('excluded.template_id'),
            template_version: eb.ref('excluded.template_version'),
            answered_at: eb.ref('excluded.answered_at'),
            answered_by: eb.ref('excluded.answered_by'),
          })),
        )
        .execute();
    },

    /** One evidence file's bytes, if its inspection's enterprise lies in the scope. */
    async evidenceFile(id: string, seq: number, scope: JurisdictionScope) {
      return db
        .selectFrom('inspection_evidence as v')
        .innerJoin('inspection as i', 'i.id', 'v.inspection_id')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .select(['v.content', 'v.media_type', 'v.sha256', 'v.file_name'])
        .where('v.inspection_id', '=', id)
        .where('v.seq', '=', seq)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .executeTakeFirst();
    },
  };
}

export type InspectionRepository = ReturnType<typeof createInspectionRepository>;
export type InspectionDetailRows = NonNullable<Awaited<ReturnType<InspectionRepository['detail']>>>;
export type InspectionListRow = Awaited<ReturnType<InspectionRepository['list']>>[number];
