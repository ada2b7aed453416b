import type { Alarm } from '@safegrid/contracts';
import type { MessageKey } from '../shell/i18n/I18nProvider';
import type { AlarmKind, AlarmSeverity, AlarmStatus } from './labels';

/** The alarm board's pure logic: order, merging stream events, when to sound, what to tell. */

const SEVERITY_RANK: Record<AlarmSeverity, number> = { critical: 0, major: 1, minor: 2 };
const STATUS_RANK: Record<AlarmStatus, number> = { raised: 0, acknowledged: 1, resolved: 2 };

/** Critical first, then major, then minor; within a severity the newest first (then by id). */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  const byTime = Date.parse(b.occurredAt) - Date.parse(a.occurredAt);
  if (byTime !== 0) return byTime;
  return b.id.localeCompare(a.id, 'en', { numeric: true });
}

export function sortAlarms(alarms: readonly Alarm[]): Alarm[] {
  return [...alarms].sort(compareAlarms);
}

/**
 * How far an alarm has come. Alarms only move forward (raised → acknowledged → resolved, the
 * escalation level only grows), so of two copies of one alarm the further one is the newer:
 * events that overtake a list request, or arrive twice, cannot undo anything.
 */
export function alarmProgress(a: Alarm): [number, number, number, number] {
  return [
    STATUS_RANK[a.status],
    a.escalationLevel,
    a.acknowledgedAt ? Date.parse(a.acknowledgedAt) : 0,
    a.resolvedAt ? Date.parse(a.resolvedAt) : 0,
  ];
}

export function isNewer(candidate: Alarm, current: Alarm): boolean {
  const a = alarmProgress(candidate);
  const b = alarmProgress(current);
  for (let i = 0; i < a.length; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return false;
}

export interface AlarmScope {
  /** Only unresolved alarms belong in the list (the board). */
  openOnly: boolean;
  /** Only this permit's alarms (a permit's history). */
  permitId?: string;
}

export function inScope(alarm: Alarm, scope: AlarmScope): boolean {
  if (scope.openOnly && alarm.status === 'resolved') return false;
  if (scope.permitId !== undefined && alarm.permitId !== scope.permitId) return false;
  return true;
}

/**
 * One alarm (from the stream, or the answer to acknowledge/resolve) into a list: replaces the
 * older copy, adds a new one, drops one that left the scope (resolved on the board); the list
 * comes back sorted. An older copy than the one held is ignored.
 */
export function mergeAlarm(list: readonly Alarm[], alarm: Alarm, scope: AlarmScope): Alarm[] {
  const index = list.findIndex((a) => a.id === alarm.id);
  const held = index >= 0 ? list[index]! : undefined;
  if (held && !isNewer(alarm, held)) return list as Alarm[];
  const rest = index >= 0 ? [...list.slice(0, index), ...list.slice(index + 1)] : [...list];
  if (!inScope(alarm, scope)) return held ? rest : (list as Alarm[]);
  return sortAlarms([...rest, alarm]);
}

/** A fetched list with the events that arrived while it was on its way applied on top. */
export function reconcileAlarms(
  fetched: readonly Alarm[],
  events: readonly Alarm[],
  scope: AlarmScope,
): Alarm[] {
  let list = sortAlarms(fetched.filter((a) => inScope(a, scope)));
  for (const event of events) list = mergeAlarm(list, event, scope);
  return list;
}

/**
 * Should this event sound the alarm? A critical alarm nobody has acknowledged yet that is new
 * to us, or that has just escalated (still nobody on it).
 */
export function shouldSound(previous: Alarm | undefined, next: Alarm): boolean {
  if (next.severity !== 'critical' || next.status !== 'raised') return false;
  if (!previous) return true;
  return next.escalationLevel > previous.escalationLevel;
}

export function countBySeverity(alarms: readonly Alarm[]): Record<AlarmSeverity, number> {
  const counts: Record<AlarmSeverity, number> = { critical: 0, major: 0, minor: 0 };
  for (const alarm of alarms) counts[alarm.severity] += 1;
  return counts;
}

/**
 * Rescue guidance per alarm kind, in the order to act: our own operational wording (not quoted
 * law), kept in the catalogues so both languages say the same.
 */
export const RESCUE_GUIDANCE: Readonly<Record<AlarmKind, readonly MessageKey[]>> = {
  gas_over_limit: [
    'rescue.gas_over_limit.1',
    'rescue.gas_over_limit.2',
    'rescue.gas_over_limit.3',
    'rescue.gas_over_limit.4',
    'rescue.gas_over_limit.5',
  ],
  unapproved_unlocking: [
    'rescue.unapproved_unlocking.1',
    'rescue.unapproved_unlocking.2',
    'rescue.unapproved_unlocking.3',
    'rescue.unapproved_unlocking.4',
  ],
  overtime: ['rescue.overtime.1', 'rescue.overtime.2', 'rescue.overtime.3', 'rescue.overtime.4'],
  detector_silent: [
    'rescue.detector_silent.1',
    'rescue.detector_silent.2',
    'rescue.detector_silent.3',
    'rescue.detector_silent.4',
  ],
  device_offline: ['rescue.device_offline.1', 'rescue.device_offline.2', 'rescue.device_offline.3'],
  low_battery: ['rescue.low_battery.1', 'rescue.low_battery.2', 'rescue.low_battery.3'],
};

export interface DetailEntry {
  key: string;
  value: string;
}

/** The alarm's `detail` as label/value pairs: scalars only, in a stable order (known keys first). */
export function alarmDetailEntries(detail: Readonly<Record<string, unknown>>): DetailEntry[] {
  const known = ['rule', 'gas', 'value', 'limit', 'unit', 'source', 'reason'];
  const keys = Object.keys(detail).sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    return (ia < 0 ? known.length : ia) - (ib < 0 ? known.length : ib) || a.localeCompare(b);
  });
  const out: DetailEntry[] = [];
  for (const key of keys) {
    const value = detail[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out.push({ key, value: String(value) });
    }
  }
  return out;
}
