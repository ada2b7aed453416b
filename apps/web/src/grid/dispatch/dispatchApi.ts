import type { DispatchEventDetail, ReportDispatchEvent, TakeDispatchStep } from '@safegrid/contracts';
import { apiFetch, apiGet, apiUrl } from '../../shell/api';
import type { DispatchFilters } from './dispatchModel';

/** URLs of the dispatch API (packages/contracts/src/dispatch.ts) and the app's dispatch pages. */

const enc = encodeURIComponent;

export const DISPATCH_URL = '/api/grid/dispatch/events';
export const DISPATCH_PATH = '/grid/dispatch';
export const DISPATCH_NEW_PATH = `${DISPATCH_PATH}/new`;
/** Rows per page (the API allows 1–100). */
export const DISPATCH_PAGE_SIZE = 50;

export const dispatchEventUrl = (id: string) => `${DISPATCH_URL}/${enc(id)}`;
export const dispatchEventPath = (id: string) => `${DISPATCH_PATH}/${enc(id)}`;

/** The page after `cursor` (null: the first) for these filters. */
export function dispatchListUrl(
  filters: DispatchFilters,
  cursor: string | null,
  limit = DISPATCH_PAGE_SIZE,
): string {
  return apiUrl(DISPATCH_URL, {
    status: filters.status,
    source: filters.source,
    overdue: filters.overdue ? 'true' : undefined,
    cursor,
    limit,
  });
}

export function fetchDispatchEvent(id: string, signal?: AbortSignal): Promise<DispatchEventDetail> {
  return apiGet<DispatchEventDetail>(dispatchEventUrl(id), { signal });
}

export function takeDispatchStep(id: string, body: TakeDispatchStep): Promise<DispatchEventDetail> {
  return apiFetch<DispatchEventDetail>(`${dispatchEventUrl(id)}/steps`, { method: 'POST', json: body });
}

export function reportDispatchEvent(body: ReportDispatchEvent): Promise<DispatchEventDetail> {
  return apiFetch<DispatchEventDetail>(DISPATCH_URL, { method: 'POST', json: body });
}
