import type {
  CaseDeadline,
  CaseEvent,
  CaseViolation,
  EnforcementCase,
  EnforcementCaseAction,
  EnforcementCaseStatus,
  Inspection,
} from '@safegrid/contracts';
import {
  CASE_CIRCUMSTANCES,
  ENFORCEMENT_CASE_ACTIONS,
  ENFORCEMENT_CASE_STATUSES,
  type CaseCircumstanceValue,
} from '@safegrid/contracts/values';
import type { MessageKey } from '../../shell/i18n/zh-CN';
import type { MessageParams } from '../../shell/i18n/format';
import { apiUrl } from '../../shell/api';
import { chinaToday, isCalendarDate } from '../documents/documentModel';
import {
  NO_CALENDAR,
  addCalendarDays,
  nextWorkingDay,
  notWorkingDayMessage,
  type WorkingDayCalendar,
} from '../calendar/workingDayModel';
import { CASES_URL } from './casesApi';

/**
 * 执法案件 (enforcement case) view models: list filters, which actions issue a numbered document,
 * fines against the legal range, deadline warnings, the requests the forms send. Pure: no React,
 * no antd, no DOM.
 */

export { chinaToday };

export const CASE_STATUSES = ENFORCEMENT_CASE_STATUSES;
export const CIRCUMSTANCES = CASE_CIRCUMSTANCES;
export type Circumstance = CaseCircumstanceValue;

export interface LocalMessage {
  key: MessageKey;
  params?: MessageParams;
}

// ---- the list ----

export interface CaseListFilters {
  /** Only the cases the caller handles. */
  mine: boolean;
  status: EnforcementCaseStatus | '';
}

export const CASE_LIST_LIMIT = 50;

const isStatus = (value: string | null): value is EnforcementCaseStatus =>
  (CASE_STATUSES as readonly string[]).includes(value ?? '');

/** `?all=1` shows every case of the scope; mine is the default (an officer's own work first). */
export function parseCaseFilters(search: URLSearchParams): CaseListFilters {
  const status = search.get('status');
  return { mine: search.get('all') !== '1', status: isStatus(status) ? status : '' };
}

export function caseFiltersToSearch(filters: CaseListFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (!filters.mine) search.set('all', '1');
  if (filters.status) search.set('status', filters.status);
  return search;
}

export function caseListUrl(filters: CaseListFilters, cursor: string | null): string {
  return apiUrl(CASES_URL, {
    mine: filters.mine ? 'true' : undefined,
    status: filters.status || undefined,
    cursor,
    limit: CASE_LIST_LIMIT,
  });
}

/** Who may see "mine": only those who handle cases; the others see their scope. */
export function effectiveFilters(filters: CaseListFilters, mayHandle: boolean): CaseListFilters {
  return mayHandle ? filters : { ...filters, mine: false };
}

// ---- actions ----

/**
 * The actions that issue a numbered official document (整改复查意见书, 行政处罚告知书, and at the
 * 负责人's approval 立案审批表 / 行政处罚决定书, 文书送达回执): they ask for a confirmation first,
 * because a number once issued is never taken back.
 */
const ISSUING: ReadonlySet<EnforcementCaseAction> = new Set<EnforcementCaseAction>([
  'record_reinspection',
  'issue_penalty_notice',
  'review_filing',
  'review_decision',
  'record_service',
]);

export function issuesDocument(action: EnforcementCaseAction): boolean {
  return ISSUING.has(action);
}

/** The actions in the order the workflow reaches them (the contract lists them so; the server says which apply now). */
export const ACTION_ORDER: readonly EnforcementCaseAction[] = ENFORCEMENT_CASE_ACTIONS;

export function orderedActions(allowed: readonly EnforcementCaseAction[]): EnforcementCaseAction[] {
  return ACTION_ORDER.filter((a) => allowed.includes(a));
}

export const reviewKindOf = (action: EnforcementCaseAction): 'filing' | 'decision' | null =>
  action === 'review_filing' ? 'filing' : action === 'review_decision' ? 'decision' : null;

/** A write refused because the case changed first (409 `case.version_stale`). */
export const isStaleCase = (code: string): boolean => code === 'case.version_stale';

// ---- money ----

const YUAN = /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/;

/** "5000", "5000.5", "5,000.50" → yuan; anything else (three decimals, letters, blank) → null. */
export function parseYuan(input: string): number | null {
  const text = input.replace(/[,，\s]/g, '');
  if (!YUAN.test(text)) return null;
  return Number(text);
}

export interface FineRangeView {
  minYuan: number | null;
  maxYuan: number | null;
}

/**
 * Why a fine cannot be submitted for a violation: not a sum of yuan with at most two decimals,
 * outside the legal range, or the range is unknown (the server would refuse it all the same).
 */
export function fineError(input: string, range: FineRangeView): LocalMessage | null {
  if (input.trim() === '') return { key: 'case.fine.required' };
  const fine = parseYuan(input);
  if (fine === null) return { key: 'case.fine.invalid' };
  const { minYuan: min, maxYuan: max } = range;
  if (min === null || max === null) return { key: 'case.fine.rangeUnknown' };
  if (fine < min || fine > max) return { key: 'case.fine.outOfRange', params: { min, max } };
  return null;
}

/** Sum in cents (0.1 + 0.2 = 0.3). */
export function totalYuan(amounts: readonly number[]): number {
  return amounts.reduce((sum, a) => sum + Math.round(a * 100), 0) / 100;
}

/** The violations a notice or decision must fine: those the re-inspection found not rectified. */
export function violationsToFine(violations: readonly CaseViolation[]): CaseViolation[] {
  return violations.filter((v) => v.rectified === false);
}

export interface FineDraft {
  seq: number;
  circumstances: Circumstance[];
  /** As typed. */
  fine: string;
}

/** Each violation to fine, prefilled with what the case already proposes. */
export function initialFineDrafts(violations: readonly CaseViolation[]): FineDraft[] {
  return violationsToFine(violations).map((v) => ({
    seq: v.seq,
    circumstances: [...v.circumstances],
    fine: v.proposedFineYuan === null ? '' : String(v.proposedFineYuan),
  }));
}

/** The first problem of each draft (by seq), or an empty map when all can be sent. */
export function fineDraftErrors(
  drafts: readonly FineDraft[],
  violations: readonly CaseViolation[],
): Map<number, LocalMessage> {
  const bySeq = new Map(violations.map((v) => [v.seq, v]));
  const out = new Map<number, LocalMessage>();
  for (const d of drafts) {
    const v = bySeq.get(d.seq);
    const error = v ? fineError(d.fine, v.fineRange) : { key: 'case.fine.invalid' as const };
    if (error) out.set(d.seq, error);
  }
  return out;
}

export function toViolationFines(drafts: readonly FineDraft[]) {
  return drafts.map((d) => ({
    seq: d.seq,
    circumstances: [...new Set(d.circumstances)],
    fineYuan: parseYuan(d.fine) ?? 0,
  }));
}

// ---- deadlines ----

/** Deadlines counted in working days without a holiday calendar for their years: "only weekends counted". */
export function uncoveredDeadlines(deadlines: readonly CaseDeadline[]): CaseDeadline[] {
  return deadlines.filter((d) => d.unit === 'working' && !d.calendarCovered);
}

export type DeadlineTone = 'default' | 'processing' | 'success' | 'warning' | 'error';

export function deadlineTone(d: Pick<CaseDeadline, 'state' | 'dueOn'>, today: string): DeadlineTone {
  switch (d.state) {
    case 'met':
      return 'success';
    case 'missed':
      return 'warning';
    case 'overdue':
      return 'error';
    case 'pending':
      return d.dueOn <= today ? 'warning' : 'processing';
  }
}

/**
 * The default 整改期限 proposed when opening a case: `days` calendar days ahead, moved to the next
 * working day by the holiday calendar loaded for its year (the next weekday when none is).
 */
export function defaultRectificationDeadline(
  today: string,
  days = 14,
  calendar: WorkingDayCalendar = NO_CALENDAR,
): string {
  return nextWorkingDay(calendar, addCalendarDays(today, days));
}

/**
 * A deadline the form lets through: a real date, today or later, a working day by the holiday
 * calendar loaded for its year (a 调休 Saturday is one, a loaded holiday is not), or a weekday
 * when none is loaded — the message says which.
 */
export function rectificationDeadlineError(
  date: string,
  today: string,
  calendar: WorkingDayCalendar = NO_CALENDAR,
): LocalMessage | null {
  if (!isCalendarDate(date)) return { key: 'case.date.invalid' };
  if (date < today) return { key: 'case.date.past' };
  return notWorkingDayMessage(calendar, date);
}

/** A reported fact's date (re-inspection, statement, service, payment): a real date, not in the future. */
export function factDateError(date: string, today: string, notBefore?: string | null): LocalMessage | null {
  if (!isCalendarDate(date)) return { key: 'case.date.invalid' };
  if (date > today) return { key: 'case.date.future' };
  if (notBefore && date < notBefore) return { key: 'case.date.before', params: { date: notBefore } };
  return null;
}

// ---- opening a case from an inspection ----

/** The findings a case can be about: those citing at least one provision. */
export function caseableFindings(inspection: Pick<Inspection, 'findings'>) {
  return inspection.findings.filter((f) => f.provisions.length > 0);
}

/** The inspection's other officer: the default co-handler. */
export function defaultCoHandler(
  inspection: Pick<Inspection, 'officers'>,
  userId: string,
): string | undefined {
  return inspection.officers.find((o) => o.id !== userId)?.id;
}

// ---- the timeline ----

export function timeline(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => a.seq - b.seq);
}

/** A closed case's label key (by outcome), else the status's. */
export function statusLabelKey(c: Pick<EnforcementCase, 'status' | 'outcome'>): string {
  return c.status === 'closed' && c.outcome ? `case.outcome.${c.outcome}` : `case.status.${c.status}`;
}

/** The form field a server field error belongs to (path below /body), as a dotted name. */
export function caseFieldFor(path: readonly string[]): string[] | undefined {
  if (path.length === 0) return undefined;
  return [...path];
}
