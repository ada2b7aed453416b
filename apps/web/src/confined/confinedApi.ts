import { apiGet, apiUrl } from '../shell/api';
import type { KeysetPage } from '../shell/useKeysetList';

/** URLs of the confined-space API (packages/contracts/src/confined.ts) in one place. */

const enc = encodeURIComponent;

export type PermitCommand = 'submit' | 'return' | 'approve' | 'cancel' | 'resume' | 'complete';
export type AlarmAction = 'acknowledge' | 'resolve';

export const CHECKLIST_URL = '/api/confined/permit-checklist';
export const STREAM_URL = '/api/confined/alarms/stream';

export const spaceUrl = (id: string) => `/api/confined/spaces/${enc(id)}`;
export const spacePhotosUrl = (id: string) => `${spaceUrl(id)}/photos`;
export const spaceLimitsUrl = (id: string) => `${spaceUrl(id)}/limits`;
export const permitUrl = (id: string) => `/api/confined/permits/${enc(id)}`;
export const permitCommandUrl = (id: string, command: PermitCommand) => `${permitUrl(id)}/${command}`;
export const gasTestsUrl = (id: string) => `${permitUrl(id)}/gas-tests`;
export const unlockTokensUrl = (id: string) => `${permitUrl(id)}/unlock-tokens`;
export const alarmActionUrl = (id: string, action: AlarmAction) =>
  `/api/confined/alarms/${enc(id)}/${action}`;
export const alarmHazardUrl = (id: string) => `/api/confined/alarms/${enc(id)}/hazard`;

export function spacesUrl(
  query: { q?: string; enterpriseId?: string },
  cursor: string | null,
  limit: number,
): string {
  return apiUrl('/api/confined/spaces', { q: query.q, enterpriseId: query.enterpriseId, cursor, limit });
}

export interface PermitQuery {
  live?: boolean;
  enterpriseId?: string;
  spaceId?: string;
  districtId?: string;
}

export function permitsUrl(query: PermitQuery, cursor: string | null, limit: number): string {
  return apiUrl('/api/confined/permits', {
    live: query.live ? 'true' : undefined,
    enterpriseId: query.enterpriseId,
    spaceId: query.spaceId,
    districtId: query.districtId,
    cursor,
    limit,
  });
}

export function alarmsUrl(
  query: { open?: boolean; permitId?: string },
  cursor: string | null,
  limit: number,
) {
  return apiUrl('/api/confined/alarms', {
    open: query.open ? 'true' : undefined,
    permitId: query.permitId,
    cursor,
    limit,
  });
}

export function telemetryUrl(deviceId: string, minutes: number): string {
  return apiUrl(`/api/devices/${enc(deviceId)}/telemetry`, { minutes });
}

export interface AllPages<T> {
  items: T[];
  /** More pages existed than `maxPages` allowed. */
  truncated: boolean;
}

/**
 * Follows `nextCursor` until the list ends or `maxPages` pages were read: the live views sort
 * and count the whole set themselves, so they need all of it, within a sane bound.
 */
export async function fetchAllPages<T>(
  pageUrl: (cursor: string | null) => string,
  options: { maxPages: number; signal?: AbortSignal },
): Promise<AllPages<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < options.maxPages; page++) {
    const result: KeysetPage<T> = await apiGet<KeysetPage<T>>(pageUrl(cursor), { signal: options.signal });
    items.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) return { items, truncated: false };
  }
  return { items, truncated: true };
}
