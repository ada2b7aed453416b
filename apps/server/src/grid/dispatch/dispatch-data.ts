import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DISPATCH_URGENCIES } from '@safegrid/contracts/values';
import type { DispatchSla, StepDeadlineStatus } from './dispatch-machine';

const DATA_ROOT = new URL('../../../../../', import.meta.url);
export const DISPATCH_SLA_PATH = fileURLToPath(new URL('data/grid/dispatch-sla.json', DATA_ROOT));
export const DISPATCH_DEPARTMENTS_PATH = fileURLToPath(
  new URL('data/grid/dispatch-departments.json', DATA_ROOT),
);

const STEP_STATUSES: readonly StepDeadlineStatus[] = [
  'received',
  'filed',
  'dispatched',
  'handling',
  'handled',
];

export interface DispatchDepartmentEntry {
  id: string;
  name: string;
  kind: 'department' | 'team';
}

export interface DispatchData {
  sla: DispatchSla;
  departments: ReadonlyMap<string, DispatchDepartmentEntry>;
  departmentIds: ReadonlySet<string>;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Reads and checks both files; a hole in them stops the start rather than leaving a step without a deadline. */
export function loadDispatchData(
  slaPath = DISPATCH_SLA_PATH,
  departmentsPath = DISPATCH_DEPARTMENTS_PATH,
): DispatchData {
  const rawSla = JSON.parse(readFileSync(slaPath, 'utf8')) as {
    version?: unknown;
    urgencies?: Record<string, { resolveHours?: unknown; stepHours?: Record<string, unknown> }>;
  };
  const problems: string[] = [];
  for (const urgency of DISPATCH_URGENCIES) {
    const entry = rawSla.urgencies?.[urgency];
    if (!entry || !positive(entry.resolveHours)) problems.push(`${urgency}.resolveHours`);
    for (const status of STEP_STATUSES) {
      if (!positive(entry?.stepHours?.[status])) problems.push(`${urgency}.stepHours.${status}`);
    }
  }
  const rawDepartments = JSON.parse(readFileSync(departmentsPath, 'utf8')) as {
    departments?: { id?: unknown; name?: unknown; kind?: unknown }[];
  };
  const departments = new Map<string, DispatchDepartmentEntry>();
  for (const d of rawDepartments.departments ?? []) {
    if (
      typeof d.id !== 'string' ||
      typeof d.name !== 'string' ||
      (d.kind !== 'department' && d.kind !== 'team')
    ) {
      problems.push(`department ${JSON.stringify(d)}`);
    } else if (departments.has(d.id)) {
      problems.push(`department ${d.id} twice`);
    } else {
      departments.set(d.id, { id: d.id, name: d.name, kind: d.kind });
    }
  }
  if (departments.size === 0) problems.push('no departments');
  if (problems.length > 0) throw new Error(`dispatch data invalid: ${problems.join(', ')}`);
  return {
    sla: { version: String(rawSla.version ?? ''), urgencies: rawSla.urgencies as DispatchSla['urgencies'] },
    departments,
    departmentIds: new Set(departments.keys()),
  };
}

let cached: DispatchData | undefined;

/** The files are reference data: read once per process. */
export function dispatchData(): DispatchData {
  cached ??= loadDispatchData();
  return cached;
}
