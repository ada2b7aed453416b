import type {
  CreateEnforcementPlan,
  EnforcementDrawVerification,
  EnforcementPlan,
  EnforcementTaskStatus,
  Inspection,
  PublicEnforcementPlan,
} from '@safegrid/contracts';
import { apiFetch, apiGet, apiUrl } from '../../shell/api';

/**
 * URLs of the enforcement-plan API (packages/contracts/src/enforcement-plans.ts) and the app's
 * own routes for plans, tasks and the public page, in one place.
 */

const enc = encodeURIComponent;

export const PLANS_URL = '/api/enforcement/plans';
export const PLANS_PATH = '/enforcement/plans';
export const TASKS_URL = '/api/enforcement/tasks';
export const TASKS_PATH = '/enforcement/tasks';

export const planUrl = (id: string) => `${PLANS_URL}/${enc(id)}`;
export const planPath = (id: string) => `${PLANS_PATH}/${enc(id)}`;
export const publicPlanUrl = (id: string) => `/api/public/enforcement-plans/${enc(id)}`;
/** The page anyone may open (一公开), signed in or not. */
export const publicPlanPath = (id: string) => `/public/enforcement-plans/${enc(id)}`;
export const verificationUrl = (planId: string, drawId: string) =>
  `${planUrl(planId)}/draws/${enc(drawId)}/verification`;

export const planListUrl = (query: { year?: number | null; status?: 'draft' | 'published' | null }) =>
  apiUrl(PLANS_URL, { year: query.year ?? undefined, status: query.status ?? undefined });

export const taskListUrl = (status?: EnforcementTaskStatus | null) =>
  apiUrl(TASKS_URL, { status: status ?? undefined });

export function createPlan(body: CreateEnforcementPlan): Promise<EnforcementPlan> {
  return apiFetch<EnforcementPlan>(PLANS_URL, { method: 'POST', json: body });
}

export function drawPlan(id: string): Promise<EnforcementPlan> {
  return apiFetch<EnforcementPlan>(`${planUrl(id)}/draws`, { method: 'POST' });
}

export function publishPlan(id: string, drawId: string): Promise<EnforcementPlan> {
  return apiFetch<EnforcementPlan>(`${planUrl(id)}/publish`, { method: 'POST', json: { drawId } });
}

export function verifyDraw(planId: string, drawId: string): Promise<EnforcementDrawVerification> {
  return apiGet<EnforcementDrawVerification>(verificationUrl(planId, drawId));
}

export function fetchPublicPlan(id: string, signal?: AbortSignal): Promise<PublicEnforcementPlan> {
  return apiGet<PublicEnforcementPlan>(publicPlanUrl(id), { signal });
}

/** Starts the task's inspection with its drawn partner (the server checks the pair and the enterprise). */
export function startTaskInspection(task: { id: string; enterprise: { id: string }; partnerId: string }) {
  return apiFetch<Inspection>('/api/enforcement/inspections', {
    method: 'POST',
    json: { enterpriseId: task.enterprise.id, partnerId: task.partnerId, taskId: task.id },
  });
}
