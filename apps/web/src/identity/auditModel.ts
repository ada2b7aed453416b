import type { AuditVerification } from '@safegrid/contracts';
import { apiUrl } from '../shell/api';

/** The audit trail's filters; they live in the URL so a view can be shared with another auditor. */
export interface AuditFilters {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  /** Local calendar days, YYYY-MM-DD (inclusive). */
  fromDate: string;
  toDate: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  actor: '',
  action: '',
  resourceType: '',
  resourceId: '',
  fromDate: '',
  toDate: '',
};

/** Limits match the API's query schema, so a hand-edited URL cannot produce a 400. */
const MAX = { actor: 64, action: 64, resourceType: 32, resourceId: 64 } as const;
const KEYS = ['actor', 'action', 'resourceType', 'resourceId', 'fromDate', 'toDate'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string | null): string {
  if (!value || !DAY.test(value)) return '';
  return Number.isNaN(new Date(`${value}T00:00:00`).getTime()) ? '' : value;
}

export function parseAuditFilters(search: URLSearchParams): AuditFilters {
  const text = (key: keyof typeof MAX) => (search.get(key) ?? '').trim().slice(0, MAX[key]);
  return {
    actor: text('actor'),
    action: text('action'),
    resourceType: text('resourceType'),
    resourceId: text('resourceId'),
    fromDate: validDay(search.get('fromDate')),
    toDate: validDay(search.get('toDate')),
  };
}

export function auditFiltersToSearch(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key].trim();
    if (value !== '') search.set(key, value);
  }
  return search;
}

/** Form values (cleared inputs may be undefined) as filters. */
export function auditFiltersFromForm(
  values: Partial<Record<keyof AuditFilters, string | null>>,
): AuditFilters {
  const out = { ...EMPTY_AUDIT_FILTERS };
  for (const key of KEYS) out[key] = (values[key] ?? '').trim();
  return parseAuditFilters(auditFiltersToSearch(out));
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return auditFiltersToSearch(filters).toString() !== '';
}

/** The start of a local day as an ISO instant ('' for no day). */
export function dayStartIso(day: string): string {
  if (!validDay(day)) return '';
  return new Date(`${day}T00:00:00`).toISOString();
}

/** The last millisecond of a local day as an ISO instant, so the day is included. */
export function dayEndIso(day: string): string {
  if (!validDay(day)) return '';
  return new Date(`${day}T23:59:59.999`).toISOString();
}

/** The date range as the API's `from`/`to` (an inverted range is put in order). */
export function auditRange(filters: Pick<AuditFilters, 'fromDate' | 'toDate'>): { from: string; to: string } {
  let { fromDate, toDate } = filters;
  if (fromDate && toDate && fromDate > toDate) [fromDate, toDate] = [toDate, fromDate];
  return { from: dayStartIso(fromDate), to: dayEndIso(toDate) };
}

export const AUDIT_PAGE_SIZE = 50;

export function auditUrl(filters: AuditFilters, cursor: string | null): string {
  return apiUrl('/api/audit', {
    actor: filters.actor,
    action: filters.action,
    resourceType: filters.resourceType,
    resourceId: filters.resourceId,
    ...auditRange(filters),
    limit: AUDIT_PAGE_SIZE,
    cursor,
  });
}

export function auditExportUrl(filters: AuditFilters): string {
  return apiUrl('/api/audit/export.csv', auditRange(filters));
}

/** Before/after snapshots as readable JSON; absent values show as null. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}

export type VerificationView =
  { state: 'ok'; checked: number } | { state: 'broken'; checked: number; seq: string; reason: string };

export function verificationView(result: AuditVerification): VerificationView {
  if (result.ok) return { state: 'ok', checked: result.checked };
  return {
    state: 'broken',
    checked: result.checked,
    seq: result.firstBrokenSeq ?? '—',
    reason: result.reason ?? '',
  };
}
