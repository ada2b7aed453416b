import type { Alarm, PermitSummary } from '@safegrid/contracts';
import { ALARM_KINDS, ALARM_SEVERITIES, ALARM_STATUSES, PERMIT_STATUSES, isLiveStatus } from './labels';
import type { PermitStatus } from './labels';

/**
 * The alarm stream (GET /api/confined/alarms/stream, Server-Sent Events): `event: alarm` carries
 * an Alarm, `event: permit` a permit's new status. Parsing and applying events is pure.
 */

export interface PermitEvent {
  id: string;
  status: PermitStatus;
}

export type StreamEvent = { type: 'alarm'; alarm: Alarm } | { type: 'permit'; permit: PermitEvent };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const oneOf = (v: unknown, allowed: readonly string[]) => typeof v === 'string' && allowed.includes(v);

/** An SSE message as a typed event; null for anything malformed (it is then ignored). */
export function parseStreamEvent(type: string, data: string): StreamEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value['id'] !== 'string') return null;
  if (type === 'alarm') {
    if (
      !oneOf(value['kind'], ALARM_KINDS) ||
      !oneOf(value['severity'], ALARM_SEVERITIES) ||
      !oneOf(value['status'], ALARM_STATUSES) ||
      typeof value['occurredAt'] !== 'string' ||
      typeof value['escalationLevel'] !== 'number'
    ) {
      return null;
    }
    return { type: 'alarm', alarm: { detail: {}, ...value } as Alarm };
  }
  if (type === 'permit') {
    if (!oneOf(value['status'], PERMIT_STATUSES)) return null;
    return { type: 'permit', permit: { id: value['id'], status: value['status'] as PermitStatus } };
  }
  return null;
}

/** Wait before opening the stream again after the browser gave up (1 s, 2 s, 4 s … 30 s). */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

export interface PermitEventResult {
  items: PermitSummary[];
  /** The event names a live permit the list does not hold: the list must be fetched again. */
  refetch: boolean;
}

/**
 * A permit's new status into the live list: a live status updates the row, an ended one
 * (completed, cancelled, expired …) removes it, and a permit that has just become live is
 * unknown to the list, so it asks for a refetch.
 */
export function applyPermitEvent(items: readonly PermitSummary[], event: PermitEvent): PermitEventResult {
  const index = items.findIndex((p) => p.id === event.id);
  if (!isLiveStatus(event.status)) {
    return { items: index >= 0 ? items.filter((p) => p.id !== event.id) : [...items], refetch: false };
  }
  if (index < 0) return { items: [...items], refetch: true };
  const next = [...items];
  next[index] = { ...next[index]!, status: event.status };
  return { items: next, refetch: false };
}

/** Whether an alarm event changes a live list row (its open-alarm count). */
export function alarmTouchesList(items: readonly PermitSummary[], alarm: Alarm): boolean {
  return alarm.permitId !== null && items.some((p) => p.id === alarm.permitId);
}

/** Live permits sorted for the regulator: suspended first, then active, then approved; newest window first. */
export function sortLivePermits(items: readonly PermitSummary[]): PermitSummary[] {
  const rank: Partial<Record<PermitStatus, number>> = { suspended: 0, active: 1, approved: 2 };
  return [...items].sort(
    (a, b) =>
      (rank[a.status] ?? 3) - (rank[b.status] ?? 3) ||
      b.openAlarms - a.openAlarms ||
      Date.parse(b.windowStart) - Date.parse(a.windowStart),
  );
}
