import type {
  CaseApprovalInbox,
  EnforcementCase,
  EnforcementCaseAction,
  FineSuggestionRequest,
  FineSuggestions,
  OpenEnforcementCase,
} from '@safegrid/contracts';
import { apiFetch, apiGet } from '../../shell/api';

/**
 * URLs of the case API (packages/contracts/src/enforcement-cases.ts) and the app's own routes for
 * cases and approvals, in one place.
 */

const enc = encodeURIComponent;

export const CASES_URL = '/api/enforcement/cases';
export const APPROVALS_URL = '/api/enforcement/approvals';
export const CASES_PATH = '/enforcement/cases';
export const APPROVALS_PATH = '/enforcement/approvals';

export const caseUrl = (id: string) => `${CASES_URL}/${enc(id)}`;
export const casePath = (id: string) => `${CASES_PATH}/${enc(id)}`;

/** The POST segment of each action below /api/enforcement/cases/{id}/ (both reviews share one). */
export const ACTION_SEGMENTS: Readonly<Record<EnforcementCaseAction, string>> = {
  record_reinspection: 'reinspection',
  submit_filing: 'filing',
  review_filing: 'review',
  issue_penalty_notice: 'penalty-notice',
  record_statement: 'statement',
  record_hearing: 'hearing',
  submit_decision: 'decision',
  review_decision: 'review',
  record_service: 'service',
  record_payment: 'payment',
  start_enforcement: 'enforcement',
  close: 'close',
};

export const caseActionUrl = (id: string, action: EnforcementCaseAction) =>
  `${caseUrl(id)}/${ACTION_SEGMENTS[action]}`;

export function fetchCase(id: string, signal?: AbortSignal): Promise<EnforcementCase> {
  return apiGet<EnforcementCase>(caseUrl(id), { signal });
}

export function openCase(body: OpenEnforcementCase): Promise<EnforcementCase> {
  return apiFetch<EnforcementCase>(CASES_URL, { method: 'POST', json: body });
}

export function runCaseAction(
  id: string,
  action: EnforcementCaseAction,
  body: unknown,
): Promise<EnforcementCase> {
  return apiFetch<EnforcementCase>(caseActionUrl(id, action), { method: 'POST', json: body });
}

export function fetchFineSuggestions(id: string, body: FineSuggestionRequest): Promise<FineSuggestions> {
  return apiFetch<FineSuggestions>(`${caseUrl(id)}/fine-suggestions`, { method: 'POST', json: body });
}

export function fetchApprovalInbox(signal?: AbortSignal): Promise<CaseApprovalInbox> {
  return apiGet<CaseApprovalInbox>(APPROVALS_URL, { signal });
}
