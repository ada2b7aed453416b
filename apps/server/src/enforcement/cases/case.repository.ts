import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type {
  DB,
  EnforcementCaseApprovalTable,
  EnforcementCaseDocumentTable,
  EnforcementCaseStatus,
  EnforcementCaseTable,
  EnforcementCaseViolationTable,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface CaseListFilter {
  status?: EnforcementCaseStatus;
  enterpriseId?: string;
  handler?: string;
  overdueOn?: string;
  afterId?: string;
  limit: number;
}

/**
 * All SQL of enforcement cases. Every lookup joins the case's enterprise and applies the actor's
 * jurisdiction scope to it: a case outside the scope is never read (404, or absent from lists).
 */
export function createCaseRepository(db: Kysely<DB>) {
  const scoped = (executor: Kysely<DB>, scope: JurisdictionScope) =>
    executor
      .selectFrom('enforcement_case as c')
      .innerJoin('enterprise', 'enterprise.id', 'c.enterprise_id')
      .where((eb) => enterpriseInScope(eb as never, scope));

  return {
    /** The inspection (scoped by its enterprise) with its findings, read inside the caller's transaction. */
    async inspectionForCase(trx: Kysely<DB>, inspectionId: string, scope: JurisdictionScope) {
      const inspection = await trx
        .selectFrom('inspection as i')
        .innerJoin('enterprise', 'enterprise.id', 'i.enterprise_id')
        .select([
          'i.id',
          'i.enterprise_id',
          'i.status',
          'i.started_by',
          'i.partner_id',
          'i.started_at',
          'i.completed_at',
          'enterprise.name as enterprise_name',
        ])
        .where('i.id', '=', inspectionId)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .forUpdate('i')
        .executeTakeFirst();
      if (!inspection) return undefined;
      const findings = await trx
        .selectFrom('inspection_finding')
        .select(['seq', 'description', 'provision_refs', 'major_hazard_ref'])
        .where('inspection_id', '=', inspectionId)
        .orderBy('seq')
        .execute();
      return { inspection, findings };
    },

    async caseOfInspection(trx: Kysely<DB>, inspectionId: string): Promise<string | undefined> {
      const row = await trx
        .selectFrom('enforcement_case')
        .select('id')
        .where('inspection_id', '=', inspectionId)
        .executeTakeFirst();
      return row?.id;
    },

    async insertCase(trx: Kysely<DB>, row: Insertable<EnforcementCaseTable>): Promise<string> {
      const { id } = await trx
        .insertInto('enforcement_case')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    async insertViolations(
      trx: Kysely<DB>,
      rows: Insertable<EnforcementCaseViolationTable>[],
    ): Promise<void> {
      await trx.insertInto('enforcement_case_violation').values(rows).execute();
    },

    /** The case (if in scope), its row locked until the transaction ends. */
    forUpdate(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return scoped(trx, scope)
        .selectAll('c')
        .select(['enterprise.name as enterprise_name', 'enterprise.district_id'])
        .where('c.id', '=', id)
        .forUpdate('c')
        .executeTakeFirst();
    },

    violations(executor: Kysely<DB>, caseId: string) {
      return executor
        .selectFrom('enforcement_case_violation')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('seq')
        .execute();
    },

    async updateViolation(
      trx: Kysely<DB>,
      caseId: string,
      seq: number,
      set: Updateable<EnforcementCaseViolationTable>,
    ): Promise<void> {
      await trx
        .updateTable('enforcement_case_violation')
        .set(set)
        .where('case_id', '=', caseId)
        .where('seq', '=', seq)
        .execute();
    },

    /** Applies the transition's changes and moves the version on (the row is locked by the caller). */
    async update(
      trx: Kysely<DB>,
      id: string,
      set: Updateable<EnforcementCaseTable>,
      at: Date,
    ): Promise<void> {
      await trx
        .updateTable('enforcement_case')
        .set({ ...set, updated_at: at, version: sql<number>`version + 1` })
        .where('id', '=', id)
        .execute();
    },

    async appendEvent(
      trx: Kysely<DB>,
      event: {
        caseId: string;
        action: string;
        from: string | null;
        to: string;
        actorId: string;
        at: Date;
        note: string | null;
        data: Record<string, unknown>;
      },
    ): Promise<void> {
      await trx
        .insertInto('enforcement_case_event')
        .values({
          case_id: event.caseId,
          seq: sql<number>`(SELECT coalesce(max(seq), 0) + 1 FROM enforcement_case_event WHERE case_id = ${event.caseId})`,
          action: event.action,
          from_status: event.from,
          to_status: event.to,
          actor_id: event.actorId,
          at: event.at,
          note: event.note,
          data: JSON.stringify(event.data),
        })
        .execute();
    },

    async linkDocument(trx: Kysely<DB>, row: Insertable<EnforcementCaseDocumentTable>): Promise<void> {
      await trx.insertInto('enforcement_case_document').values(row).execute();
    },

    /** The case's documents with their numbers, oldest first. */
    documents(executor: Kysely<DB>, caseId: string) {
      return executor
        .selectFrom('enforcement_case_document as l')
        .innerJoin('official_document as d', 'd.id', 'l.document_id')
        .select([
          'd.id',
          'd.doc_type',
          'd.title',
          'd.number',
          'd.document_date',
          'd.verification_code',
          'l.step',
        ])
        .where('l.case_id', '=', caseId)
        .orderBy('d.id')
        .execute();
    },

    approvals(executor: Kysely<DB>, caseId: string) {
      return executor
        .selectFrom('enforcement_case_approval as a')
        .innerJoin('app_user as u', 'u.id', 'a.decided_by')
        .selectAll('a')
        .select('u.display_name')
        .where('a.case_id', '=', caseId)
        .orderBy('a.round')
        .orderBy('a.level')
        .execute();
    },

    async insertApproval(trx: Kysely<DB>, row: Insertable<EnforcementCaseApprovalTable>): Promise<void> {
      await trx.insertInto('enforcement_case_approval').values(row).execute();
    },

    async detail(id: string, scope: JurisdictionScope) {
      const row = await scoped(db, scope)
        .selectAll('c')
        .select(['enterprise.name as enterprise_name', 'enterprise.district_id'])
        .where('c.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const [violations, events, documents, approvals] = await Promise.all([
        this.violations(db, id),
        db
          .selectFrom('enforcement_case_event as e')
          .leftJoin('app_user as u', 'u.id', 'e.actor_id')
          .selectAll('e')
          .select('u.display_name')
          .where('e.case_id', '=', id)
          .orderBy('e.seq')
          .execute(),
        this.documents(db, id),
        this.approvals(db, id),
      ]);
      return { row, violations, events, documents, approvals };
    },

    list(filter: CaseListFilter, scope: JurisdictionScope) {
      let q = scoped(db, scope)
        .selectAll('c')
        .select(['enterprise.name as enterprise_name', 'enterprise.district_id']);
      if (filter.status) q = q.where('c.status', '=', filter.status);
      if (filter.enterpriseId) q = q.where('c.enterprise_id', '=', filter.enterpriseId);
      if (filter.handler) {
        const h = filter.handler;
        q = q.where((eb) => eb.or([eb('c.handler_id', '=', h), eb('c.co_handler_id', '=', h)]));
      }
      if (filter.overdueOn) {
        const today = filter.overdueOn;
        q = q.where((eb) =>
          eb.or([
            eb.and([
              eb('c.status', '=', 'rectification_ordered'),
              eb('c.reinspected_on', 'is', null),
              eb('c.rectification_deadline', '<', today),
            ]),
            eb.and([
              eb('c.decided_on', 'is', null),
              eb('c.status', '<>', 'closed'),
              eb('c.decision_due_on', '<', today),
            ]),
            eb.and([
              eb('c.paid_on', 'is', null),
              eb('c.status', 'in', ['served', 'enforcement']),
              eb('c.payment_due_on', '<', today),
            ]),
          ]),
        );
      }
      if (filter.afterId) q = q.where('c.id', '<', filter.afterId);
      return q.orderBy('c.id', 'desc').limit(filter.limit).execute();
    },

    /** Cases awaiting a review in the caller's scope that the caller does not handle. */
    awaitingReview(userId: string, scope: JurisdictionScope) {
      return scoped(db, scope)
        .selectAll('c')
        .select(['enterprise.name as enterprise_name', 'enterprise.district_id'])
        .where('c.status', 'in', ['filing_review', 'decision_review'])
        .where('c.handler_id', '<>', userId)
        .where('c.co_handler_id', '<>', userId)
        .orderBy('c.submitted_at')
        .limit(200)
        .execute();
    },

    /** Current-round approvals of several cases (for the inbox). */
    roundApprovals(caseIds: string[]) {
      if (caseIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('enforcement_case_approval as a')
        .innerJoin('enforcement_case as c', (j) =>
          j.onRef('c.id', '=', 'a.case_id').onRef('c.approval_round', '=', 'a.round'),
        )
        .select(['a.case_id', 'a.level', 'a.decision', 'a.decided_by'])
        .where('a.case_id', 'in', caseIds)
        .execute();
    },

    userNames(executor: Kysely<DB>, ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return executor.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
export type CaseRow = NonNullable<Awaited<ReturnType<CaseRepository['forUpdate']>>>;
export type CaseDetailRows = NonNullable<Awaited<ReturnType<CaseRepository['detail']>>>;
