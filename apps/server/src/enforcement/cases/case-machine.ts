import type {
  EnforcementCaseActionValue,
  EnforcementCaseStatusValue,
  Role,
} from '@safegrid/contracts/values';
import { ENFORCEMENT_CASE_ACTIONS } from '@safegrid/contracts/values';

/**
 * The enforcement case's state machine, pure: who may take each transition, in which state, and
 * what it needs. The use cases load the facts under the case's row lock, ask `transition`, and
 * write what it answers; nothing else moves a case's status.
 *
 *   rectification_ordered ─reinspection (all rectified)→ closed/rectified
 *   rectification_ordered ─reinspection (some not)→ rectification_ordered ─submit_filing→ filing_review
 *   filing_review ─审核 approve→ filing_review ─负责人 approve→ filed | return → rectification_ordered
 *                 | refuse → closed/not_filed
 *   filed ─penalty notice→ penalty_notified ─hearing request→ hearing ─hearing held→ penalty_notified
 *   penalty_notified ─submit_decision (window over or waived)→ decision_review
 *   decision_review ─审核→ ─负责人→ decided | return → penalty_notified | refuse → closed/no_penalty
 *   decided ─service→ served ─payment→ paid ─close→ closed/paid
 *   served ─(payment overdue) enforcement→ enforcement ─payment→ paid ─close→ closed/enforced
 */

export type CaseStatus = EnforcementCaseStatusValue;
export type CaseAction = EnforcementCaseActionValue;
export type CaseOutcome = 'rectified' | 'not_filed' | 'paid' | 'enforced' | 'no_penalty';
export type ApprovalDecision = 'approve' | 'return' | 'refuse';

export interface CaseFacts {
  status: CaseStatus;
  handlerId: string;
  coHandlerId: string;
  /** Today has reached the rectification deadline. */
  deadlineReached: boolean;
  reinspected: boolean;
  /** The re-inspection found at least one item not rectified. */
  unrectified: boolean;
  /** The level-1 (审核) approver of the current round, once they approved. */
  reviewedBy: string | null;
  /** The statement / hearing-request window (5 working days) is over, or the party waived it. */
  statementWindowOver: boolean;
  statementWaived: boolean;
  /** Today is past the payment deadline. */
  paymentOverdue: boolean;
  enforcementStarted: boolean;
}

/** What the caller brings: the branch-deciding part of the request. */
export type CaseCommand =
  | { action: 'record_reinspection'; allRectified: boolean }
  | { action: 'submit_filing' }
  | { action: 'review_filing'; decision: ApprovalDecision }
  | { action: 'issue_penalty_notice' }
  | { action: 'record_statement'; kind: 'statement' | 'hearing_request' | 'waiver' }
  | { action: 'record_hearing' }
  | { action: 'submit_decision' }
  | { action: 'review_decision'; decision: ApprovalDecision }
  | { action: 'record_service' }
  | { action: 'record_payment' }
  | { action: 'start_enforcement' }
  | { action: 'close' };

export interface MachineActor {
  userId: string;
  role: Role;
}

export type RefusalCode =
  | 'case.wrong_state'
  | 'case.not_handler'
  | 'case.approver_is_handler'
  | 'case.approver_same_person'
  | 'case.reinspection_too_early'
  | 'case.filing_not_needed'
  | 'case.statement_window_open'
  | 'case.payment_not_overdue'
  | 'auth.forbidden';

export type Transition =
  | {
      ok: true;
      to: CaseStatus;
      outcome?: CaseOutcome;
      /** For a review: the level decided (1 审核, 2 负责人). */
      level?: 1 | 2;
      /** A submission for approval opens a new round. */
      newRound?: boolean;
    }
  | { ok: false; code: RefusalCode };

const FROM: Record<CaseAction, readonly CaseStatus[]> = {
  record_reinspection: ['rectification_ordered'],
  submit_filing: ['rectification_ordered'],
  review_filing: ['filing_review'],
  issue_penalty_notice: ['filed'],
  record_statement: ['penalty_notified'],
  record_hearing: ['hearing'],
  submit_decision: ['penalty_notified'],
  review_decision: ['decision_review'],
  record_service: ['decided'],
  record_payment: ['served', 'enforcement'],
  start_enforcement: ['served'],
  close: ['paid'],
};

const APPROVAL_ACTIONS = new Set<CaseAction>(['review_filing', 'review_decision']);

const refuse = (code: RefusalCode): Transition => ({ ok: false, code });

export function transition(facts: CaseFacts, actor: MachineActor, command: CaseCommand): Transition {
  const { action } = command;
  const isHandler = actor.userId === facts.handlerId || actor.userId === facts.coHandlerId;
  if (APPROVAL_ACTIONS.has(action)) {
    if (actor.role !== 'approver') return refuse('auth.forbidden');
  } else {
    if (actor.role !== 'enforcement_officer') return refuse('auth.forbidden');
    if (!isHandler) return refuse('case.not_handler');
  }
  if (!FROM[action].includes(facts.status)) return refuse('case.wrong_state');

  switch (command.action) {
    case 'record_reinspection':
      if (facts.reinspected) return refuse('case.wrong_state');
      if (!facts.deadlineReached) return refuse('case.reinspection_too_early');
      return command.allRectified
        ? { ok: true, to: 'closed', outcome: 'rectified' }
        : { ok: true, to: 'rectification_ordered' };
    case 'submit_filing':
      if (!facts.reinspected) return refuse('case.wrong_state');
      if (!facts.unrectified) return refuse('case.filing_not_needed');
      return { ok: true, to: 'filing_review', newRound: true };
    case 'review_filing':
    case 'review_decision': {
      if (isHandler) return refuse('case.approver_is_handler');
      const level = facts.reviewedBy === null ? 1 : 2;
      if (level === 2 && facts.reviewedBy === actor.userId) return refuse('case.approver_same_person');
      const filing = command.action === 'review_filing';
      if (command.decision === 'return') {
        return { ok: true, to: filing ? 'rectification_ordered' : 'penalty_notified', level };
      }
      if (command.decision === 'refuse') {
        return { ok: true, to: 'closed', outcome: filing ? 'not_filed' : 'no_penalty', level };
      }
      if (level === 1) return { ok: true, to: facts.status, level };
      return { ok: true, to: filing ? 'filed' : 'decided', level };
    }
    case 'issue_penalty_notice':
      return { ok: true, to: 'penalty_notified' };
    case 'record_statement':
      return { ok: true, to: command.kind === 'hearing_request' ? 'hearing' : 'penalty_notified' };
    case 'record_hearing':
      return { ok: true, to: 'penalty_notified' };
    case 'submit_decision':
      if (!facts.statementWindowOver && !facts.statementWaived) return refuse('case.statement_window_open');
      return { ok: true, to: 'decision_review', newRound: true };
    case 'record_service':
      return { ok: true, to: 'served' };
    case 'record_payment':
      return { ok: true, to: 'paid' };
    case 'start_enforcement':
      if (!facts.paymentOverdue) return refuse('case.payment_not_overdue');
      return { ok: true, to: 'enforcement' };
    case 'close':
      return { ok: true, to: 'closed', outcome: facts.enforcementStarted ? 'enforced' : 'paid' };
  }
}

/** A representative command per action, for asking what is possible now. */
const PROBES: Record<CaseAction, CaseCommand[]> = {
  record_reinspection: [{ action: 'record_reinspection', allRectified: false }],
  submit_filing: [{ action: 'submit_filing' }],
  review_filing: [{ action: 'review_filing', decision: 'approve' }],
  issue_penalty_notice: [{ action: 'issue_penalty_notice' }],
  record_statement: [{ action: 'record_statement', kind: 'statement' }],
  record_hearing: [{ action: 'record_hearing' }],
  submit_decision: [{ action: 'submit_decision' }],
  review_decision: [{ action: 'review_decision', decision: 'approve' }],
  record_service: [{ action: 'record_service' }],
  record_payment: [{ action: 'record_payment' }],
  start_enforcement: [{ action: 'start_enforcement' }],
  close: [{ action: 'close' }],
};

/** The actions the actor may take now (the UI shows these buttons; the server re-checks on use). */
export function allowedActions(facts: CaseFacts, actor: MachineActor): CaseAction[] {
  return ENFORCEMENT_CASE_ACTIONS.filter((a) => PROBES[a].some((c) => transition(facts, actor, c).ok));
}
