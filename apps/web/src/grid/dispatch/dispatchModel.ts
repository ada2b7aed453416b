import type {
  DispatchEventDetail,
  DispatchSupervision,
  ReportDispatchEvent,
  TakeDispatchStep,
} from '@safegrid/contracts';
import {
  DISPATCH_LIMITS,
  DISPATCH_SOURCES,
  DISPATCH_STATUSES,
  DISPATCH_URGENCIES,
  type DispatchEventValue,
  type DispatchSourceValue,
  type DispatchStatusValue,
  type DispatchUrgencyValue,
} from '@safegrid/contracts/values';
import departmentData from '../../../../../data/grid/dispatch-departments.json';

/**
 * The dispatch event pages' pure logic (分拨): filters in the URL, colours, what each step needs
 * and its request, the current step's deadline, open 督办 items. Mirrors the server's machine
 * (apps/server/src/grid/dispatch/dispatch-machine.ts) only as far as the form needs; which steps
 * the caller may take always comes from the event's `allowedEvents`.
 */

// ---- colours (antd Tag presets) ----

export const DISPATCH_STATUS_COLORS: Readonly<Record<DispatchStatusValue, string>> = {
  received: 'blue',
  filed: 'cyan',
  not_filed: 'default',
  dispatched: 'geekblue',
  handling: 'orange',
  handled: 'gold',
  closed: 'green',
  evaluated: 'purple',
};

export const DISPATCH_URGENCY_COLORS: Readonly<Record<DispatchUrgencyValue, string>> = {
  urgent: 'red',
  normal: 'blue',
  low: 'default',
};

/** Statuses in which the event waits for nobody (no deadline, no buttons for anyone). */
export const DISPATCH_TERMINAL: ReadonlySet<DispatchStatusValue> = new Set(['not_filed', 'evaluated']);

// ---- list filters ----

export interface DispatchFilters {
  status: DispatchStatusValue | null;
  source: DispatchSourceValue | null;
  overdue: boolean;
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

/** `?status=&source=&overdue=1` → filters; unknown values are dropped. */
export function parseDispatchFilters(search: URLSearchParams): DispatchFilters {
  return {
    status: oneOf(DISPATCH_STATUSES, search.get('status')),
    source: oneOf(DISPATCH_SOURCES, search.get('source')),
    overdue: search.get('overdue') === '1' || search.get('overdue') === 'true',
  };
}

/** Filters → the page's query string, only what is set, in a fixed order. */
export function dispatchFiltersToSearch(filters: DispatchFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status) search.set('status', filters.status);
  if (filters.source) search.set('source', filters.source);
  if (filters.overdue) search.set('overdue', '1');
  return search;
}

// ---- steps ----

export interface StepSpec {
  /** required: the server refuses without it (不予立案 and return: the reason; feedback: the result). */
  note: 'required' | 'optional';
  /** Catalogue key of the note's label. */
  noteLabel:
    'dispatch.note.reason' | 'dispatch.note.result' | 'dispatch.note.comment' | 'dispatch.note.remark';
  department: boolean;
  rating: boolean;
  /** Asks to confirm before sending (a decision that sends the event away or back). */
  confirm: boolean;
  danger: boolean;
}

const SPECS: Readonly<Record<DispatchEventValue, StepSpec>> = {
  file: {
    note: 'optional',
    noteLabel: 'dispatch.note.remark',
    department: false,
    rating: false,
    confirm: false,
    danger: false,
  },
  not_file: {
    note: 'required',
    noteLabel: 'dispatch.note.reason',
    department: false,
    rating: false,
    confirm: true,
    danger: true,
  },
  dispatch: {
    note: 'optional',
    noteLabel: 'dispatch.note.remark',
    department: true,
    rating: false,
    confirm: false,
    danger: false,
  },
  assign_finder: {
    note: 'optional',
    noteLabel: 'dispatch.note.remark',
    department: false,
    rating: false,
    confirm: false,
    danger: false,
  },
  accept: {
    note: 'optional',
    noteLabel: 'dispatch.note.remark',
    department: false,
    rating: false,
    confirm: false,
    danger: false,
  },
  feedback: {
    note: 'required',
    noteLabel: 'dispatch.note.result',
    department: false,
    rating: false,
    confirm: false,
    danger: false,
  },
  verify: {
    note: 'optional',
    noteLabel: 'dispatch.note.remark',
    department: false,
    rating: false,
    confirm: false,
    danger: false,
  },
  return: {
    note: 'required',
    noteLabel: 'dispatch.note.reason',
    department: false,
    rating: false,
    confirm: true,
    danger: true,
  },
  evaluate: {
    note: 'optional',
    noteLabel: 'dispatch.note.comment',
    department: false,
    rating: true,
    confirm: false,
    danger: false,
  },
};

export const stepSpec = (event: DispatchEventValue): StepSpec => SPECS[event];

/** Buttons in a fixed order (the machine's order), whatever order the server lists them in. */
export const DISPATCH_EVENT_ORDER: readonly DispatchEventValue[] = [
  'file',
  'dispatch',
  'assign_finder',
  'accept',
  'feedback',
  'verify',
  'evaluate',
  'return',
  'not_file',
];

export function orderedEvents(allowed: readonly DispatchEventValue[]): DispatchEventValue[] {
  return DISPATCH_EVENT_ORDER.filter((e) => allowed.includes(e));
}

export interface StepValues {
  note: string;
  department: string | null;
  rating: number | null;
}

export type StepBlocker = 'noteRequired' | 'noteTooLong' | 'departmentRequired' | 'ratingRequired';

/** What keeps the step's form from being sent, first problem first (null: it may be sent). */
export function stepBlocker(event: DispatchEventValue, values: StepValues): StepBlocker | null {
  const spec = SPECS[event];
  const note = values.note.trim();
  if (spec.note === 'required' && note === '') return 'noteRequired';
  if (note.length > DISPATCH_LIMITS.note) return 'noteTooLong';
  if (spec.department && !values.department) return 'departmentRequired';
  if (spec.rating) {
    const r = values.rating;
    if (r === null || !Number.isInteger(r) || r < 1 || r > 5) return 'ratingRequired';
  }
  return null;
}

/** The request for a step: only the fields the step takes, the note trimmed and left out when blank. */
export function toStepRequest(
  event: DispatchEventValue,
  version: number,
  values: StepValues,
): TakeDispatchStep {
  const spec = SPECS[event];
  const note = values.note.trim();
  return {
    event,
    version,
    ...(note ? { note } : {}),
    ...(spec.department && values.department ? { department: values.department } : {}),
    ...(spec.rating && values.rating !== null ? { rating: values.rating } : {}),
  };
}

/** A write refused because someone else stepped the event first: reload, do not retry blindly. */
export function isStaleStep(status: number, code: string): boolean {
  return (
    code === 'dispatch.version_stale' ||
    code === 'dispatch.invalid_transition' ||
    (status === 409 && code.startsWith('dispatch.'))
  );
}

// ---- deadlines and 督办 ----

export type Deadline =
  | { kind: 'none' }
  | { kind: 'due'; dueAt: string; minutesLeft: number }
  | { kind: 'overdue'; dueAt: string; minutesLate: number };

/** The current step's deadline as the page shows it; the server's `overdue` wins over the clock. */
export function currentDeadline(event: { stepDueAt: string | null; overdue: boolean }, now: Date): Deadline {
  if (!event.stepDueAt) return { kind: 'none' };
  const due = new Date(event.stepDueAt).getTime();
  if (!Number.isFinite(due)) return { kind: 'none' };
  const diffMinutes = Math.round((due - now.getTime()) / 60_000);
  if (event.overdue || diffMinutes < 0) {
    return { kind: 'overdue', dueAt: event.stepDueAt, minutesLate: Math.max(0, -diffMinutes) };
  }
  return { kind: 'due', dueAt: event.stepDueAt, minutesLeft: diffMinutes };
}

/** A span in minutes as days/hours/minutes for the catalogue's `dispatch.span.*` texts. */
export function splitMinutes(minutes: number): { days: number; hours: number; minutes: number } {
  const m = Math.max(0, Math.floor(minutes));
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 };
}

export const openSupervision = (items: readonly DispatchSupervision[]): DispatchSupervision[] =>
  items.filter((s) => s.resolvedAt === null);

/** The timeline newest first, as the page lists it. */
export function timelineNewestFirst(
  detail: Pick<DispatchEventDetail, 'timeline'>,
): DispatchEventDetail['timeline'] {
  return [...detail.timeline].sort((a, b) => b.seq - a.seq);
}

// ---- departments ----

export interface DepartmentOption {
  id: string;
  name: string;
  kind: 'department' | 'team';
}

/**
 * Where a street may dispatch to. The API has no list of its own: it checks ids against
 * data/grid/dispatch-departments.json, so the page reads the same file (bundled at build time).
 */
export const DISPATCH_DEPARTMENTS: readonly DepartmentOption[] = (
  departmentData as { departments: { id: string; name: string; kind: string }[] }
).departments.map((d) => ({ id: d.id, name: d.name, kind: d.kind === 'team' ? 'team' : 'department' }));

// ---- a new event ----

export type ReportSource = 'patrol' | 'superior';

/** Who may pass down a superior's instruction (上级交办); anyone who may report reports a patrol's. */
const SUPERIOR_ROLES: ReadonlySet<string> = new Set(['city_admin', 'district_officer', 'street_officer']);

export function reportSources(role: string): ReportSource[] {
  return SUPERIOR_ROLES.has(role) ? ['patrol', 'superior'] : ['patrol'];
}

export interface ReportDraft {
  source: ReportSource;
  gridId: string | null;
  description: string;
  urgency: DispatchUrgencyValue;
  point: { lat: number; lon: number } | null;
}

export type ReportProblem = 'gridRequired' | 'descriptionRequired' | 'descriptionTooLong';

export function reportProblems(draft: ReportDraft): ReportProblem[] {
  const problems: ReportProblem[] = [];
  if (!draft.gridId) problems.push('gridRequired');
  const description = draft.description.trim();
  if (description === '') problems.push('descriptionRequired');
  else if (description.length > DISPATCH_LIMITS.description) problems.push('descriptionTooLong');
  return problems;
}

export function toReportRequest(draft: ReportDraft): ReportDispatchEvent {
  if (!draft.gridId) throw new Error('toReportRequest: no grid');
  return {
    source: draft.source,
    gridId: draft.gridId,
    description: draft.description.trim(),
    urgency: draft.urgency,
    ...(draft.point ? { lat: draft.point.lat, lon: draft.point.lon } : {}),
  };
}

export const isUrgency = (value: string): value is DispatchUrgencyValue =>
  (DISPATCH_URGENCIES as readonly string[]).includes(value);

/**
 * The jurisdiction tree cut to what the caller may report in: branches that hold a grid inside one
 * of the session's scope nodes (the server answers 404 for a grid outside the scope).
 */
export function treeInScope<T extends { node: { id: string; level: string }; children: T[] }>(
  roots: readonly T[],
  scopeIds: ReadonlySet<string>,
  inside = false,
): T[] {
  const out: T[] = [];
  for (const item of roots) {
    const within = inside || scopeIds.has(item.node.id);
    if (item.node.level === 'grid') {
      if (within) out.push({ ...item, children: [] });
      continue;
    }
    const children = treeInScope(item.children, scopeIds, within);
    if (children.length > 0) out.push({ ...item, children });
  }
  return out;
}

/** The only grid of a tree (an inspector of one grid gets it preselected), else null. */
export function onlyGrid<T extends { node: { id: string; level: string }; children: T[] }>(
  roots: readonly T[],
): string | null {
  const grids: string[] = [];
  const walk = (items: readonly T[]) => {
    for (const item of items) {
      if (item.node.level === 'grid') grids.push(item.node.id);
      walk(item.children);
    }
  };
  walk(roots);
  return grids.length === 1 ? grids[0]! : null;
}

/** The addresses of a tip's photos behind an event, numbered from 1 as the server keeps them. */
export function tipPhotoUrls(eventId: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `/api/grid/dispatch/events/${encodeURIComponent(eventId)}/tip-photos/${i + 1}`,
  );
}
