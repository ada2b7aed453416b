import type {
  CaseDeadline,
  CasePayment,
  CaseProvision,
  EnforcementCase,
  EnforcementCaseSummary,
  CasePendingApproval,
} from '@safegrid/contracts';
import type { CaseCircumstanceValue } from '@safegrid/contracts/values';
import type { RegulationCatalogue } from '../regulations/regulation-catalogue';
import { addCalendarDays, calendarCovers, daysBetween, type HolidayCalendar } from '../calendar/working-days';
import { allowedActions, type MachineActor } from './case-machine';
import { factsOf } from './case-context';
import { surchargeYuan } from './case-fines';
import type { CaseDetailRows, CaseRow } from './case.repository';

/** The articles behind each deadline (行政处罚法, 行政强制法 as in data/laws). */
export const DEADLINE_BASIS = {
  statement: ['administrative-penalty-law-2021:64:1:1', 'administrative-penalty-law-2021:85'],
  decision: ['administrative-penalty-law-2021:60'],
  service: ['administrative-penalty-law-2021:61:1', 'administrative-penalty-law-2021:85'],
  payment: ['administrative-penalty-law-2021:67:3'],
  surcharge: ['administrative-penalty-law-2021:72:1:1', 'administrative-coercion-law-2011:45:2'],
} as const;
export const DEADLINE_DAYS = { statement: 5, decision: 90, service: 7, payment: 15 } as const;

export function provision(catalogue: RegulationCatalogue, ref: string): CaseProvision {
  return { ref, label: catalogue.resolve(ref)?.label ?? ref };
}

const num = (v: string | null) => (v === null ? null : Number(v));

function state(dueOn: string, doneOn: string | null, today: string): CaseDeadline['state'] {
  if (doneOn) return doneOn <= dueOn ? 'met' : 'missed';
  return today > dueOn ? 'overdue' : 'pending';
}

/** The case's deadlines so far, each with its basis and whether the holiday calendar covered it. */
export function deadlinesOf(
  row: CaseRow,
  catalogue: RegulationCatalogue,
  calendar: HolidayCalendar,
  today: string,
  serviceDueOn: string | null,
): CaseDeadline[] {
  const out: CaseDeadline[] = [];
  const basis = (refs: readonly string[]) => refs.map((r) => provision(catalogue, r));
  const opened = row.created_at.toISOString().slice(0, 10);
  if (row.rectification_deadline) {
    out.push({
      kind: 'rectification',
      fromDate: opened,
      dueOn: row.rectification_deadline,
      days: daysBetween(opened, row.rectification_deadline),
      unit: 'set_by_officer',
      basis: [],
      calendarCovered: calendarCovers(calendar, row.rectification_deadline, row.rectification_deadline),
      state: row.reinspected_on ? 'met' : today > row.rectification_deadline ? 'overdue' : 'pending',
      doneOn: row.reinspected_on,
    });
  }
  if (row.notified_on && row.statement_due_on) {
    out.push({
      kind: 'statement',
      fromDate: row.notified_on,
      dueOn: row.statement_due_on,
      days: DEADLINE_DAYS.statement,
      unit: 'working',
      basis: basis(DEADLINE_BASIS.statement),
      calendarCovered: calendarCovers(calendar, row.notified_on, row.statement_due_on),
      // A window, not a duty: it is "met" once over (or waived).
      state: row.statement_waived || today > row.statement_due_on ? 'met' : 'pending',
      doneOn: null,
    });
  }
  if (row.filed_on && row.decision_due_on) {
    out.push({
      kind: 'decision',
      fromDate: row.filed_on,
      dueOn: row.decision_due_on,
      days: DEADLINE_DAYS.decision,
      unit: 'calendar',
      basis: basis(DEADLINE_BASIS.decision),
      calendarCovered: true,
      state:
        row.status === 'closed' && !row.decided_on
          ? 'met'
          : state(row.decision_due_on, row.decided_on, today),
      doneOn: row.decided_on,
    });
  }
  if (row.decided_on && serviceDueOn) {
    out.push({
      kind: 'service',
      fromDate: row.decided_on,
      dueOn: serviceDueOn,
      days: DEADLINE_DAYS.service,
      unit: 'working',
      basis: basis(DEADLINE_BASIS.service),
      calendarCovered: calendarCovers(calendar, row.decided_on, serviceDueOn),
      state: state(serviceDueOn, row.served_on, today),
      doneOn: row.served_on,
    });
  }
  if (row.served_on && row.payment_due_on) {
    out.push({
      kind: 'payment',
      fromDate: row.served_on,
      dueOn: row.payment_due_on,
      days: DEADLINE_DAYS.payment,
      unit: 'calendar',
      basis: basis(DEADLINE_BASIS.payment),
      calendarCovered: true,
      state: state(row.payment_due_on, row.paid_on, today),
      doneOn: row.paid_on,
    });
  }
  return out;
}

export function paymentOf(row: CaseRow, today: string): CasePayment | null {
  const fine = num(row.fine_yuan);
  if (fine === null || !row.decided_on) return null;
  const until = row.paid_on ?? today;
  const overdueDays = row.payment_due_on ? Math.max(0, daysBetween(row.payment_due_on, until)) : 0;
  const surcharge = surchargeYuan(fine, overdueDays);
  return {
    fineYuan: fine,
    dueOn: row.payment_due_on,
    overdueDays,
    surchargeYuan: surcharge,
    amountDueYuan: Math.round((fine + surcharge) * 100) / 100,
    paidOn: row.paid_on,
    paidAmountYuan: num(row.paid_amount_yuan),
  };
}

export function summaryOf(
  row: CaseRow,
  names: ReadonlyMap<string, string>,
  deadlines: CaseDeadline[],
  pending: CasePendingApproval | null,
): EnforcementCaseSummary {
  const user = (id: string) => ({ id, displayName: names.get(id) ?? '' });
  const open = deadlines.filter((d) => d.state === 'pending' || d.state === 'overdue');
  return {
    id: row.id,
    enterprise: { id: row.enterprise_id, name: row.enterprise_name, districtId: row.district_id },
    status: row.status,
    outcome: row.outcome,
    cause: row.cause,
    handler: user(row.handler_id),
    coHandler: user(row.co_handler_id),
    rectificationDeadline: row.rectification_deadline,
    filedOn: row.filed_on,
    decisionDueOn: row.decision_due_on,
    decidedOn: row.decided_on,
    fineYuan: num(row.fine_yuan),
    closedOn: row.closed_on,
    nextDeadline: open.sort((a, b) => (a.dueOn < b.dueOn ? -1 : 1))[0] ?? null,
    pendingApproval: pending,
    simulated: row.simulated,
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

export function pendingOf(
  row: CaseRow,
  approvals: { round: number; level: number; decision: string }[],
  names: ReadonlyMap<string, string>,
): CasePendingApproval | null {
  if (row.status !== 'filing_review' && row.status !== 'decision_review') return null;
  const reviewed = approvals.some(
    (a) => a.round === row.approval_round && a.level === 1 && a.decision === 'approve',
  );
  const by = row.submitted_by ?? row.handler_id;
  return {
    kind: row.status === 'filing_review' ? 'filing' : 'decision',
    round: row.approval_round,
    level: reviewed ? 2 : 1,
    submittedAt: (row.submitted_at ?? row.created_at).toISOString(),
    submittedBy: { id: by, displayName: names.get(by) ?? '' },
  };
}

export function presentCase(
  rows: CaseDetailRows,
  ctx: {
    catalogue: RegulationCatalogue;
    calendar: HolidayCalendar;
    today: string;
    actor: MachineActor;
    names: ReadonlyMap<string, string>;
    serviceDueOn: string | null;
  },
): EnforcementCase {
  const { row, violations, events, documents, approvals } = rows;
  const names = new Map(ctx.names);
  for (const a of approvals) names.set(a.decided_by, a.display_name);
  const deadlines = deadlinesOf(row, ctx.catalogue, ctx.calendar, ctx.today, ctx.serviceDueOn);
  const pending = pendingOf(row, approvals, names);
  const reviewed = approvals.find(
    (a) => a.round === row.approval_round && a.level === 1 && a.decision === 'approve',
  );
  const facts = factsOf(row, {
    unrectified: violations.some((v) => v.rectified === false),
    reviewedBy: pending && reviewed ? reviewed.decided_by : null,
    today: ctx.today,
  });
  const officers = Array.isArray(row.officers) ? (row.officers as EnforcementCase['officers']) : [];
  return {
    ...summaryOf(row, names, deadlines, pending),
    inspectionId: row.inspection_id,
    officers,
    reinspectedOn: row.reinspected_on,
    notifiedOn: row.notified_on,
    servedOn: row.served_on,
    paymentDueOn: row.payment_due_on,
    paidOn: row.paid_on,
    violations: violations.map((v) => ({
      seq: v.seq,
      finding: v.finding,
      inspectionFindingSeq: v.inspection_finding_seq,
      provisions: v.provision_refs.map((r) => provision(ctx.catalogue, r)),
      penalty: v.penalty_ref ? provision(ctx.catalogue, v.penalty_ref) : null,
      fineRange: { minYuan: num(v.fine_min_yuan), maxYuan: num(v.fine_max_yuan) },
      rectified: v.rectified,
      circumstances: v.circumstances as CaseCircumstanceValue[],
      proposedFineYuan: num(v.proposed_fine_yuan),
    })),
    deadlines,
    payment: paymentOf(row, ctx.today),
    events: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      fromStatus: e.from_status as EnforcementCase['status'] | null,
      toStatus: e.to_status as EnforcementCase['status'],
      actor: e.actor_id ? { id: e.actor_id, displayName: e.display_name ?? '' } : null,
      at: e.at.toISOString(),
      note: e.note,
      data: (e.data ?? {}) as Record<string, unknown>,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      docType: d.doc_type as EnforcementCase['documents'][number]['docType'],
      title: d.title,
      number: d.number,
      documentDate: d.document_date,
      step: d.step,
      pdfUrl: `/api/enforcement/documents/${d.id}/pdf`,
      verificationCode: d.verification_code,
    })),
    approvals: approvals.map((a) => ({
      kind: a.kind,
      round: a.round,
      level: a.level,
      decision: a.decision,
      decidedBy: { id: a.decided_by, displayName: a.display_name },
      opinion: a.opinion,
      at: a.at.toISOString(),
    })),
    allowedActions: allowedActions(facts, ctx.actor),
  };
}

export { addCalendarDays };
