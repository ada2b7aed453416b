import type {
  CaseViolationFine,
  EnforcementCase,
  IssuePenaltyNotice,
  RecordCaseHearing,
  RecordCasePayment,
  RecordCaseService,
  RecordCaseStatement,
  RecordReinspection,
  StartCaseEnforcement,
  CloseEnforcementCase,
  SubmitCaseDecision,
  SubmitCaseFiling,
} from '@safegrid/contracts';
import { AppError, rejectFields, type FieldProblem } from '../../errors';
import type { Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { chinaDate, isCalendarDate } from '../documents/document-dates';
import { addCalendarDays, addWorkingDays, daysBetween } from '../calendar/working-days';
import { runTransition, type CaseDeps, type TransitionContext } from './case-context';
import { fineProblems, surchargeYuan, totalYuan } from './case-fines';
import { DEADLINE_DAYS, provision } from './case.presenter';
import { legalRange } from './suggest-fine';
import { penaltyFor } from './open-case';

/**
 * The case's steps after opening, one function each: every one goes through runTransition (row
 * lock, version, machine, documents, event, audit in one transaction).
 */

/** A reported date: a real date, not in the future, not before `after`. */
function factDate(pointer: string, date: string, today: string, after?: { date: string | null }): void {
  if (!isCalendarDate(date)) rejectFields([{ pointer, code: 'document.date_invalid', params: { date } }]);
  if (date > today) rejectFields([{ pointer, code: 'case.date_in_future', params: { date } }]);
  if (after?.date && date < after.date) {
    rejectFields([{ pointer, code: 'case.date_before', params: { date, after: after.date } }]);
  }
}

const officersOf = (ctx: TransitionContext) =>
  (Array.isArray(ctx.row.officers) ? ctx.row.officers : []) as { name: string; certificateNo: string }[];

async function documentOf(deps: CaseDeps, ctx: TransitionContext, step: string) {
  const docs = await deps.cases.documents(ctx.trx, ctx.row.id);
  return docs.filter((d) => d.step === step).at(-1);
}

const yuanText = (n: number) => `罚款人民币${n.toFixed(2).replace(/\.00$/, '')}元`;

/** Checks fines against the legal ranges and writes them with the circumstances. */
async function applyFines(
  deps: CaseDeps,
  ctx: TransitionContext,
  fines: CaseViolationFine[],
  pointer: string,
) {
  const violations = ctx.violations;
  const problems: FieldProblem[] = fineProblems(
    violations.map((v) => ({
      seq: v.seq,
      minYuan: v.fine_min_yuan === null ? null : Number(v.fine_min_yuan),
      maxYuan: v.fine_max_yuan === null ? null : Number(v.fine_max_yuan),
      rectified: v.rectified,
    })),
    fines.map((f) => ({ seq: f.seq, fineYuan: f.fineYuan })),
    pointer,
  );
  if (problems.length > 0) rejectFields(problems);
  for (const f of fines) {
    await deps.cases.updateViolation(ctx.trx, ctx.row.id, f.seq, {
      circumstances: f.circumstances,
      proposed_fine_yuan: f.fineYuan,
    });
  }
  const fined = violations.filter((v) => fines.some((f) => f.seq === v.seq));
  const catalogue = deps.library.catalogue;
  const label = (refs: string[]) => [...new Set(refs)].map((r) => provision(catalogue, r).label).join('、');
  return {
    total: totalYuan(fines),
    violated: label(fined.flatMap((v) => v.provision_refs)),
    basis: label(fined.flatMap((v) => (v.penalty_ref ? [v.penalty_ref] : []))),
  };
}

export async function recordReinspection(deps: CaseDeps, actor: Actor, id: string, body: RecordReinspection) {
  authorize(actor, 'case.handle');
  const today = chinaDate(deps.clock());
  factDate('/body/date', body.date, today);
  const allRectified = body.items.every((i) => i.rectified);
  return runTransition(
    deps,
    actor,
    id,
    body.version,
    { action: 'record_reinspection', allRectified },
    async (ctx) => {
      const violations = ctx.violations;
      const seqs = body.items.map((i) => i.seq).sort((a, b) => a - b);
      if (seqs.length !== violations.length || seqs.some((s, i) => s !== violations[i]!.seq)) {
        rejectFields([{ pointer: '/body/items', code: 'case.reinspection_items_invalid' }]);
      }
      for (const item of body.items) {
        const v = violations.find((x) => x.seq === item.seq)!;
        // Not rectified by the deadline: the provision's range for 逾期未改正 applies where it has one.
        const penalty = v.penalty_ref ? penaltyFor(deps.library, v.provision_refs) : undefined;
        const range = !item.rectified && penalty ? legalRange(penalty.fines, true) : undefined;
        await deps.cases.updateViolation(ctx.trx, id, item.seq, {
          rectified: item.rectified,
          ...(range && { fine_min_yuan: range.minYuan, fine_max_yuan: range.maxYuan }),
        });
      }
      const order = await documentOf(deps, ctx, 'open');
      await ctx.issue('reinspection', 'reinspection_opinion', {
        originalDecision: {
          date: order?.document_date ?? ctx.row.created_at.toISOString().slice(0, 10),
          name: '责令限期整改',
          // Every opened case has its order; '—' only for rows written outside the platform's flow.
          number: order?.number ?? '—',
        },
        opinion: body.opinion,
        inspectors: officersOf(ctx),
        date: body.date,
      });
      return {
        changes: { reinspected_on: body.date },
        note: body.opinion,
        data: { date: body.date, items: body.items },
      };
    },
    {
      // The re-inspection's own date must have reached the deadline (it may be reported later).
      factsOverride: (row) => ({
        deadlineReached: row.rectification_deadline !== null && body.date >= row.rectification_deadline,
      }),
    },
  );
}

export async function submitFiling(deps: CaseDeps, actor: Actor, id: string, body: SubmitCaseFiling) {
  authorize(actor, 'case.handle');
  return runTransition(deps, actor, id, body.version, { action: 'submit_filing' }, async (ctx) => {
    const open = ctx.violations.filter((v) => v.rectified === false);
    const summary =
      body.summary?.trim() ||
      [
        `${ctx.row.enterprise_name}经现场检查发现下列违法行为，责令限期整改后于${ctx.row.reinspected_on}复查，下列事项逾期未改正：`,
        ...open.map((v, i) => `${i + 1}. ${v.finding}`),
      ].join('\n');
    const draft = {
      reason: body.reason,
      summary,
      caseName: body.caseName?.trim() || `${ctx.row.enterprise_name}${ctx.row.cause}案`.slice(0, 200),
      legalRepresentative: body.legalRepresentative,
      phone: body.phone,
      postcode: body.postcode,
      submittedOn: ctx.today,
    };
    return {
      changes: { filing_draft: JSON.stringify(draft) },
      note: body.reason,
      data: { round: ctx.row.approval_round + 1 },
    };
  });
}

/** 审核 or 负责人: approve, return (退回, back to the 承办人) or refuse. */
export async function reviewApproval(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: {
    version: number;
    kind: 'filing' | 'decision';
    decision: 'approve' | 'return' | 'refuse';
    opinion: string;
  },
) {
  authorize(actor, 'case.approve');
  const action = body.kind === 'filing' ? 'review_filing' : 'review_decision';
  return runTransition(deps, actor, id, body.version, { action, decision: body.decision }, async (ctx) => {
    const level = ctx.transition.level!;
    await deps.cases.insertApproval(ctx.trx, {
      case_id: id,
      kind: body.kind,
      round: ctx.row.approval_round,
      level,
      decision: body.decision,
      decided_by: actor.userId,
      opinion: body.opinion,
      at: ctx.now,
    });
    const data = { kind: body.kind, decision: body.decision, round: ctx.row.approval_round };
    if (body.decision !== 'approve' || level === 1) return { note: body.opinion, data };

    const review = ctx.approvals.find((a) => a.round === ctx.row.approval_round && a.level === 1)!;
    if (body.kind === 'filing') {
      const draft = ctx.row.filing_draft as {
        reason: string;
        summary: string;
        caseName: string;
        legalRepresentative: string;
        phone: string;
        postcode: string;
        submittedOn: string;
      };
      await ctx.issue('filing', 'case_filing_approval', {
        cause: ctx.row.cause,
        source: '现场检查发现',
        sourceDate: ctx.row.created_at.toISOString().slice(0, 10),
        caseName: draft.caseName,
        phone: draft.phone,
        legalRepresentative: draft.legalRepresentative,
        postcode: draft.postcode,
        summary: draft.summary,
        handling: {
          opinion: draft.reason,
          officers: officersOf(ctx).map((o) => ({ name: o.name, certificateNo: o.certificateNo })),
          date: draft.submittedOn,
        },
        review: { opinion: review.opinion, name: review.display_name, date: chinaDate(review.at) },
        approval: { opinion: body.opinion, name: actor.displayName, date: ctx.today },
      });
      return {
        changes: { filed_on: ctx.today, decision_due_on: addCalendarDays(ctx.today, DEADLINE_DAYS.decision) },
        note: body.opinion,
        data,
      };
    }
    // The decision: within 90 days of filing (行政处罚法 第六十条).
    if (ctx.row.decision_due_on && ctx.today > ctx.row.decision_due_on) {
      throw new AppError('case.decision_overdue', { dueOn: ctx.row.decision_due_on });
    }
    const draft = ctx.row.decision_draft as Omit<SubmitCaseDecision, 'version' | 'violations'> & {
      total: number;
      violated: string;
      basis: string;
    };
    // The profile and grading read the archived 行政处罚决定书 itself (official_document), so the
    // decision needs no second record there: one would count the penalty twice.
    await ctx.issue('decision', 'penalty_decision', {
      postcode: draft.postcode,
      legalRepresentative: draft.legalRepresentative,
      position: draft.position,
      phone: draft.phone,
      factsAndEvidence: draft.factsAndEvidence,
      violatedProvisions: draft.violated,
      penaltyBasis: draft.basis,
      penalty: yuanText(draft.total),
      payTo: draft.payTo,
      account: draft.account,
      appeal: draft.appeal,
      date: ctx.today,
    });
    return { changes: { decided_on: ctx.today, fine_yuan: draft.total }, note: body.opinion, data };
  });
}

export async function issuePenaltyNotice(deps: CaseDeps, actor: Actor, id: string, body: IssuePenaltyNotice) {
  authorize(actor, 'case.handle');
  return runTransition(deps, actor, id, body.version, { action: 'issue_penalty_notice' }, async (ctx) => {
    const fines = await applyFines(deps, ctx, body.violations, '/body/violations');
    await ctx.issue('penalty_notice', 'penalty_notice', {
      facts: body.facts,
      evidence: body.evidence,
      violatedProvisions: fines.violated,
      penaltyBasis: fines.basis,
      proposedPenalty: yuanText(fines.total),
      address: body.address,
      contact: body.contact,
      phone: body.phone,
      postcode: body.postcode,
      date: ctx.today,
    });
    const calendar = await ctx.loadCalendar([
      Number(ctx.today.slice(0, 4)),
      Number(ctx.today.slice(0, 4)) + 1,
    ]);
    const window = addWorkingDays(calendar, ctx.today, DEADLINE_DAYS.statement);
    return {
      changes: { notified_on: ctx.today, statement_due_on: window.dueOn, fine_yuan: fines.total },
      data: {
        fines: body.violations,
        totalYuan: fines.total,
        statementDueOn: window.dueOn,
        calendarCovered: window.calendarCovered,
      },
    };
  });
}

export async function recordStatement(deps: CaseDeps, actor: Actor, id: string, body: RecordCaseStatement) {
  authorize(actor, 'case.handle');
  const today = chinaDate(deps.clock());
  factDate('/body/receivedOn', body.receivedOn, today);
  return runTransition(
    deps,
    actor,
    id,
    body.version,
    { action: 'record_statement', kind: body.kind },
    async (ctx) => {
      if (ctx.row.notified_on && body.receivedOn < ctx.row.notified_on) {
        rejectFields([
          {
            pointer: '/body/receivedOn',
            code: 'case.date_before',
            params: { date: body.receivedOn, after: ctx.row.notified_on },
          },
        ]);
      }
      if (
        body.kind === 'hearing_request' &&
        ctx.row.statement_due_on &&
        body.receivedOn > ctx.row.statement_due_on
      ) {
        throw new AppError('case.hearing_request_late', { dueOn: ctx.row.statement_due_on });
      }
      return {
        changes: body.kind === 'waiver' ? { statement_waived: true } : {},
        note: body.summary,
        data: { kind: body.kind, receivedOn: body.receivedOn },
      };
    },
  );
}

export async function recordHearing(deps: CaseDeps, actor: Actor, id: string, body: RecordCaseHearing) {
  authorize(actor, 'case.handle');
  factDate('/body/heldOn', body.heldOn, chinaDate(deps.clock()));
  return runTransition(deps, actor, id, body.version, { action: 'record_hearing' }, async () => ({
    // A hearing held closes the statement window: the decision may follow.
    changes: { hearing_held_on: body.heldOn, statement_waived: true },
    note: body.summary,
    data: { heldOn: body.heldOn },
  }));
}

export async function submitDecision(deps: CaseDeps, actor: Actor, id: string, body: SubmitCaseDecision) {
  authorize(actor, 'case.handle');
  return runTransition(deps, actor, id, body.version, { action: 'submit_decision' }, async (ctx) => {
    const fines = await applyFines(deps, ctx, body.violations, '/body/violations');
    const { version: _v, violations, ...rest } = body;
    const draft = { ...rest, total: fines.total, violated: fines.violated, basis: fines.basis };
    return {
      changes: { decision_draft: JSON.stringify(draft), fine_yuan: fines.total },
      data: { fines: violations, totalYuan: fines.total, round: ctx.row.approval_round + 1 },
    };
  });
}

const SERVICE_METHOD_LABEL: Record<RecordCaseService['method'], string> = {
  direct: '直接送达',
  post: '邮寄送达',
  electronic: '电子送达',
  left_at_address: '留置送达',
  announcement: '公告送达',
};

export async function recordService(deps: CaseDeps, actor: Actor, id: string, body: RecordCaseService) {
  authorize(actor, 'case.handle');
  const today = chinaDate(deps.clock());
  factDate('/body/servedOn', body.servedOn, today);
  return runTransition(deps, actor, id, body.version, { action: 'record_service' }, async (ctx) => {
    if (ctx.row.decided_on && body.servedOn < ctx.row.decided_on) {
      rejectFields([
        {
          pointer: '/body/servedOn',
          code: 'case.date_before',
          params: { date: body.servedOn, after: ctx.row.decided_on },
        },
      ]);
    }
    const decision = await documentOf(deps, ctx, 'decision');
    const officers = officersOf(ctx);
    await ctx.issue('service', 'service_receipt', {
      caseName: `${ctx.row.enterprise_name}${ctx.row.cause}案`.slice(0, 200),
      documents: [
        {
          name: decision?.title ?? '行政处罚决定书',
          number: decision?.number ?? '—',
          place: body.place,
          date: body.servedOn,
          method: SERVICE_METHOD_LABEL[body.method],
          servers: officers.map((o) => o.name),
          recipient: body.recipient,
        },
      ],
      ...(body.remarks && { remarks: body.remarks }),
    });
    return {
      changes: {
        served_on: body.servedOn,
        payment_due_on: addCalendarDays(body.servedOn, DEADLINE_DAYS.payment),
      },
      data: { servedOn: body.servedOn, method: body.method, recipient: body.recipient },
    };
  });
}

export async function recordPayment(deps: CaseDeps, actor: Actor, id: string, body: RecordCasePayment) {
  authorize(actor, 'case.handle');
  factDate('/body/paidOn', body.paidOn, chinaDate(deps.clock()));
  return runTransition(deps, actor, id, body.version, { action: 'record_payment' }, async (ctx) => {
    const fine = Number(ctx.row.fine_yuan ?? 0);
    if (ctx.row.served_on && body.paidOn < ctx.row.served_on) {
      rejectFields([
        {
          pointer: '/body/paidOn',
          code: 'case.date_before',
          params: { date: body.paidOn, after: ctx.row.served_on },
        },
      ]);
    }
    const overdue = ctx.row.payment_due_on
      ? Math.max(0, daysBetween(ctx.row.payment_due_on, body.paidOn))
      : 0;
    const due = Math.round((fine + surchargeYuan(fine, overdue)) * 100) / 100;
    if (Math.round(body.amountYuan * 100) < Math.round(due * 100)) {
      rejectFields([
        {
          pointer: '/body/amountYuan',
          code: 'case.payment_short',
          params: { amount: body.amountYuan, amountDue: due },
        },
      ]);
    }
    return {
      changes: { paid_on: body.paidOn, paid_amount_yuan: body.amountYuan },
      data: { paidOn: body.paidOn, amountYuan: body.amountYuan, amountDueYuan: due, overdueDays: overdue },
    };
  });
}

export async function startEnforcement(deps: CaseDeps, actor: Actor, id: string, body: StartCaseEnforcement) {
  authorize(actor, 'case.handle');
  return runTransition(deps, actor, id, body.version, { action: 'start_enforcement' }, async (ctx) => ({
    changes: { enforcement_started_on: ctx.today },
    note: body.note,
    data: {},
  }));
}

export async function closeCase(deps: CaseDeps, actor: Actor, id: string, body: CloseEnforcementCase) {
  authorize(actor, 'case.handle');
  return runTransition(deps, actor, id, body.version, { action: 'close' }, async () => ({
    note: body.note ?? null,
    data: {},
  }));
}

export type { EnforcementCase };
