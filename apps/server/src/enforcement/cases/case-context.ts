import type { Kysely, Updateable } from 'kysely';
import type { EnforcementCase, OfficialDocumentIssued, OfficialDocumentType } from '@safegrid/contracts';
import type { DB, EnforcementCaseTable } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { appendAudit } from '../../platform/audit/audit-trail';
import type { CjkFont } from '../documents/cjk-font';
import { chinaDate } from '../documents/document-dates';
import type { DocumentLayout } from '../documents/document-layout';
import { issueOfficialDocumentIn } from '../documents/issue-official-document';
import type { RenderFont } from '../documents/render-official-document';
import type { RegulationLibrary } from '../regulations/regulation-library';
import type { HolidayCalendarRepository } from '../calendar/holiday-calendar.repository';
import type { HolidayCalendar } from '../calendar/working-days';
import { transition, type CaseCommand, type CaseFacts, type Transition } from './case-machine';
import type { CaseRepository, CaseRow } from './case.repository';

type CaseViolationRow = Awaited<ReturnType<CaseRepository['violations']>>[number];
type CaseApprovalRow = Awaited<ReturnType<CaseRepository['approvals']>>[number];

export interface CaseDeps {
  db: Kysely<DB>;
  cases: CaseRepository;
  calendar: HolidayCalendarRepository;
  library: RegulationLibrary;
  clock: () => Date;
  font: () => CjkFont;
  /** Replaceable only to prove that a failing render rolls the whole transition back. */
  render?: (layout: DocumentLayout, font: RenderFont) => Promise<Buffer>;
  publicBaseUrl?: string;
  /** Reads the case back after a write (the presenter's view for this actor). */
  read: (actor: Actor, id: string) => Promise<EnforcementCase>;
}

export type CaseStep = 'open' | 'reinspection' | 'filing' | 'penalty_notice' | 'decision' | 'service';

/** The machine's view of a locked case row. */
export function factsOf(
  row: CaseRow,
  extra: { unrectified: boolean; reviewedBy: string | null; today: string },
): CaseFacts {
  const { today } = extra;
  return {
    status: row.status,
    handlerId: row.handler_id,
    coHandlerId: row.co_handler_id,
    deadlineReached: row.rectification_deadline !== null && today >= row.rectification_deadline,
    reinspected: row.reinspected_on !== null,
    unrectified: extra.unrectified,
    reviewedBy: extra.reviewedBy,
    statementWindowOver: row.statement_due_on !== null && today > row.statement_due_on,
    statementWaived: row.statement_waived,
    paymentOverdue: row.payment_due_on !== null && today > row.payment_due_on,
    enforcementStarted: row.enforcement_started_on !== null,
  };
}

export interface TransitionContext {
  trx: Kysely<DB>;
  row: CaseRow;
  /** The case's violations and approvals as read under the row lock (before the step's writes). */
  violations: CaseViolationRow[];
  approvals: CaseApprovalRow[];
  transition: Extract<Transition, { ok: true }>;
  now: Date;
  today: string;
  /** Issues an official document in this transaction and links it to the case. */
  issue: (step: CaseStep, docType: OfficialDocumentType, content: object) => Promise<OfficialDocumentIssued>;
  loadCalendar: (years: number[]) => Promise<HolidayCalendar>;
}

export interface TransitionResult {
  changes?: Updateable<EnforcementCaseTable>;
  note?: string | null;
  data?: Record<string, unknown>;
}

/**
 * One case transition in ONE transaction: lock the case (scoped: 404 outside), check the version
 * (409), ask the machine (its refusal code), do the step's work (documents included), then the
 * status change, the case_event row and the audit entry. Any failure rolls all of it back, the
 * documents' numbers included.
 */
export async function runTransition(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  version: number,
  command: CaseCommand,
  work: (ctx: TransitionContext) => Promise<TransitionResult>,
  options: { factsOverride?: (row: CaseRow) => Partial<CaseFacts> } = {},
): Promise<EnforcementCase> {
  const now = deps.clock();
  const today = chinaDate(now);
  await deps.db.transaction().execute(async (trx) => {
    const row = await deps.cases.forUpdate(trx, id, actor.scope);
    if (!row) throw notFound('enforcement_case', id);
    if (row.version !== version) throw new AppError('case.version_stale', { version: row.version });
    const violations = await deps.cases.violations(trx, id);
    const approvals = await deps.cases.approvals(trx, id);
    const reviewed = approvals.find(
      (a) => a.round === row.approval_round && a.level === 1 && a.decision === 'approve',
    );
    const facts = {
      ...factsOf(row, {
        unrectified: violations.some((v) => v.rectified === false),
        reviewedBy: reviewed && row.status.endsWith('_review') ? reviewed.decided_by : null,
        today,
      }),
      ...options.factsOverride?.(row),
    };
    const t = transition(facts, actor, command);
    if (!t.ok) {
      if (t.code === 'auth.forbidden') throw new AppError('auth.forbidden', { action: command.action });
      throw new AppError(t.code, {
        status: row.status,
        action: command.action,
        ...(t.code === 'case.reinspection_too_early' && { deadline: row.rectification_deadline ?? '' }),
        ...(t.code === 'case.statement_window_open' && { dueOn: row.statement_due_on ?? '' }),
        ...(t.code === 'case.payment_not_overdue' && { dueOn: row.payment_due_on ?? '' }),
      });
    }
    const issued: { step: CaseStep; id: string; number: string; docType: string }[] = [];
    const result = await work({
      trx,
      row,
      violations,
      approvals,
      transition: t,
      now,
      today,
      loadCalendar: (years) => deps.calendar.load(trx, years),
      issue: async (step, docType, content) => {
        const doc = await issueOfficialDocumentIn(
          trx,
          { font: deps.font, clock: () => now, render: deps.render, publicBaseUrl: deps.publicBaseUrl },
          actor,
          { docType, enterpriseId: row.enterprise_id, content: content as Record<string, unknown> },
          { cityAgency: row.city_agency },
        );
        await deps.cases.linkDocument(trx, { case_id: id, document_id: doc.id, step });
        issued.push({ step, id: doc.id, number: doc.number, docType });
        return doc;
      },
    });
    const closed = t.to === 'closed';
    await deps.cases.update(
      trx,
      id,
      {
        ...result.changes,
        status: t.to,
        ...(closed && { outcome: t.outcome ?? null, closed_on: today }),
        ...(t.newRound && {
          approval_round: row.approval_round + 1,
          submitted_by: actor.userId,
          submitted_at: now,
        }),
      },
      now,
    );
    const data = {
      ...result.data,
      ...(t.level && { level: t.level }),
      ...(issued.length > 0 && { documents: issued }),
    };
    await deps.cases.appendEvent(trx, {
      caseId: id,
      action: command.action,
      from: row.status,
      to: t.to,
      actorId: actor.userId,
      at: now,
      note: result.note ?? null,
      data,
    });
    await appendAudit(
      trx,
      auditWho(actor),
      {
        action: `enforcement_case.${command.action}`,
        resourceType: 'enforcement_case',
        resourceId: id,
        before: { status: row.status, version: row.version },
        after: { status: t.to, ...(closed && { outcome: t.outcome }), ...data },
      },
      now,
    );
  });
  return deps.read(actor, id);
}
