import type { Hazard, HazardTransitionRequest } from '@safegrid/contracts';
import type { HAZARD_EVENTS } from '@safegrid/contracts/values';
import { HAZARD_LEVELS, HAZARD_LIMITS, HAZARD_STATUSES } from '@safegrid/contracts/values';
import type { HazardFilters } from './hazardsApi';
import type { QueueItem } from '../offline/queue';

/** Pure logic of the hazard pages (tested). */

export type HazardEvent = (typeof HAZARD_EVENTS)[number];
export type TransitionEvent = HazardTransitionRequest['event'];
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export type PhotoStage = 'report' | 'rectification' | 'verification';

/** Buttons in this order, whatever order the server lists `allowedEvents` in. */
export const ACTION_ORDER: readonly TransitionEvent[] = [
  'assign',
  'acknowledge',
  'submit',
  'verify',
  'reject',
  'request_deferral',
  'approve_deferral',
  'deny_deferral',
  'escalate',
  'withdraw',
];

export interface EventSpec {
  /** A note is required (reject, a deferral's reason). */
  noteRequired: boolean;
  /** A date is asked for: the deadline (assign) or the deadline asked for (request_deferral). */
  deadline: boolean;
  /** Asks "are you sure" before it is sent. */
  confirm: boolean;
  danger: boolean;
  primary: boolean;
  /** Photos of this stage come first (rectification before submit, verification before verify). */
  photoStage: PhotoStage | null;
}

const SPEC: Record<TransitionEvent, EventSpec> = {
  assign: {
    noteRequired: false,
    deadline: true,
    confirm: false,
    danger: false,
    primary: true,
    photoStage: null,
  },
  acknowledge: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: false,
    primary: true,
    photoStage: null,
  },
  submit: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: false,
    primary: true,
    photoStage: 'rectification',
  },
  verify: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: false,
    primary: true,
    photoStage: 'verification',
  },
  reject: {
    noteRequired: true,
    deadline: false,
    confirm: true,
    danger: true,
    primary: false,
    photoStage: null,
  },
  request_deferral: {
    noteRequired: true,
    deadline: true,
    confirm: false,
    danger: false,
    primary: false,
    photoStage: null,
  },
  approve_deferral: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: false,
    primary: true,
    photoStage: null,
  },
  deny_deferral: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: true,
    primary: false,
    photoStage: null,
  },
  escalate: {
    noteRequired: false,
    deadline: false,
    confirm: false,
    danger: false,
    primary: false,
    photoStage: null,
  },
  withdraw: {
    noteRequired: true,
    deadline: false,
    confirm: true,
    danger: true,
    primary: false,
    photoStage: null,
  },
};

export function eventSpec(event: TransitionEvent): EventSpec {
  return SPEC[event];
}

/** The actions to show: the server's `allowedEvents` (never more), in a fixed order. */
export function visibleActions(allowed: readonly HazardEvent[]): TransitionEvent[] {
  return ACTION_ORDER.filter((e) => allowed.includes(e));
}

/** When the current round of photos began: the last rejection (a new round of rectification). */
export function roundStart(hazard: Pick<Hazard, 'transitions'>): string | null {
  let start: string | null = null;
  for (const t of hazard.transitions)
    if (t.event === 'reject' && (!start || t.recordedAt > start)) start = t.recordedAt;
  return start;
}

/** Photos of a stage in the current round plus those still waiting in the outbox for the hazard. */
export function stagePhotoCount(
  hazard: Pick<Hazard, 'id' | 'photos' | 'transitions'>,
  stage: PhotoStage,
  queued: readonly QueueItem[],
): number {
  const since = roundStart(hazard);
  const stored = hazard.photos.filter((p) => p.stage === stage && (!since || p.receivedAt > since)).length;
  const waiting = queued.filter(
    (i) =>
      i.state === 'pending' &&
      i.payload.kind === 'photo' &&
      i.payload.stage === stage &&
      'id' in i.payload.hazard &&
      i.payload.hazard.id === hazard.id,
  ).length;
  return stored + waiting;
}

/** Days from one YYYY-MM-DD to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Today's date in China (UTC+8) as YYYY-MM-DD. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export interface TransitionValues {
  note?: string;
  deadline?: string | null;
}

/** Why the dialog's OK is disabled, or null when the request can go. */
export function transitionBlocker(
  event: TransitionEvent,
  values: TransitionValues,
  photos: number,
  today: string,
  currentDeadline: string | null = null,
):
  | null
  | 'noteRequired'
  | 'noteTooLong'
  | 'deadlineRequired'
  | 'deadlinePast'
  | 'deferralRange'
  | 'photoRequired' {
  const spec = SPEC[event];
  const note = values.note?.trim() ?? '';
  if (spec.noteRequired && note === '') return 'noteRequired';
  if (note.length > HAZARD_LIMITS.note) return 'noteTooLong';
  if (spec.deadline) {
    if (!values.deadline) return 'deadlineRequired';
    if (values.deadline < today) return 'deadlinePast';
    if (event === 'request_deferral' && currentDeadline) {
      const days = daysBetween(currentDeadline, values.deadline);
      if (days < 1 || days > HAZARD_LIMITS.deferralDays) return 'deferralRange';
    }
  }
  if (spec.photoStage && photos === 0) return 'photoRequired';
  return null;
}

export function toTransitionRequest(
  event: TransitionEvent,
  version: number,
  values: TransitionValues,
  at: Date,
): Omit<HazardTransitionRequest, 'clientId'> {
  const note = values.note?.trim();
  return {
    event,
    version,
    ...(note ? { note } : {}),
    ...(SPEC[event].deadline && values.deadline ? { deadline: values.deadline } : {}),
    at: at.toISOString(),
  };
}

/** Refusals the user must see and decide on (never overwritten). */
export function isHazardConflict(status: number, code: string): boolean {
  return code === 'hazard.version_stale' || code === 'hazard.transition_not_allowed' || status === 409;
}

// ---- list filters (in the URL) ----

const STATUS_SET = new Set<string>(HAZARD_STATUSES);
const LEVEL_SET = new Set<string>(HAZARD_LEVELS);

export function parseHazardFilters(search: URLSearchParams): HazardFilters {
  const status = search.get('status') ?? '';
  const level = search.get('level') ?? '';
  return {
    status: STATUS_SET.has(status) ? status : '',
    level: LEVEL_SET.has(level) ? level : '',
    overdue: search.get('overdue') === '1',
    enterpriseId: /^[1-9][0-9]{0,17}$/.test(search.get('enterpriseId') ?? '')
      ? (search.get('enterpriseId') as string)
      : '',
    gridId: (search.get('gridId') ?? '').slice(0, 40),
  };
}

export function hazardFiltersToSearch(filters: HazardFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status) search.set('status', filters.status);
  if (filters.level) search.set('level', filters.level);
  if (filters.overdue) search.set('overdue', '1');
  if (filters.enterpriseId) search.set('enterpriseId', filters.enterpriseId);
  if (filters.gridId) search.set('gridId', filters.gridId);
  return search;
}

export const STATUS_COLORS: Record<HazardStatus, string> = {
  reported: 'orange',
  assigned: 'blue',
  rectifying: 'gold',
  submitted: 'cyan',
  closed: 'green',
  withdrawn: 'default',
};
