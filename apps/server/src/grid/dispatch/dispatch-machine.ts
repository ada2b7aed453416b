import type {
  DispatchEventValue,
  DispatchStatusValue,
  DispatchUrgencyValue,
  Role,
} from '@safegrid/contracts/values';
import { can } from '../../platform/auth/policy';

/**
 * The dispatch event (分拨) as a pure state machine (DESIGN §7): the service loads a snapshot, asks
 * `decide`, and writes the new status, the timeline step and the audit entry itself. Nothing here
 * reads a clock, a file or a database.
 *
 * Who: the street triages (立案/不予立案), dispatches, verifies and evaluates, because the street
 * office is where events land and where accountability for closing them sits. The handling party
 * accepts and feeds back; in this first version that is a street officer or grid inspector of the
 * event's street or grid (the scope check in SQL says "of the event's"), since departments have no
 * accounts of their own yet.
 *
 * Refusal codes are error codes of the API (errors.ts): treat them as a contract.
 */

export type StepDeadlineStatus = 'received' | 'filed' | 'dispatched' | 'handling' | 'handled';

/** Deadlines per urgency, from data/grid/dispatch-sla.json (platform defaults, not regulation). */
export interface DispatchSla {
  version: string;
  urgencies: Record<
    DispatchUrgencyValue,
    {
      /** From 立案 to closure: the SLA clock. */
      resolveHours: number;
      /** How long the event may rest in each status before the step is overdue (督办). */
      stepHours: Record<StepDeadlineStatus, number>;
    }
  >;
}

export const DISPATCH_REFUSALS = [
  'dispatch.step_forbidden',
  'dispatch.invalid_transition',
  'dispatch.note_required',
  'dispatch.department_required',
  'dispatch.department_unknown',
  'dispatch.rating_required',
  'dispatch.finder_missing',
] as const;
export type DispatchRefusal = (typeof DISPATCH_REFUSALS)[number];

/**
 * The policy action each step needs: the role table lives once, in platform/auth/policy.ts
 * (`dispatch.triage` for the street's steps, `dispatch.handle` for the handling party's).
 */
export const EVENT_ACTION: Readonly<Record<DispatchEventValue, 'dispatch.triage' | 'dispatch.handle'>> = {
  file: 'dispatch.triage',
  not_file: 'dispatch.triage',
  dispatch: 'dispatch.triage',
  assign_finder: 'dispatch.triage',
  accept: 'dispatch.handle',
  feedback: 'dispatch.handle',
  verify: 'dispatch.triage',
  return: 'dispatch.triage',
  evaluate: 'dispatch.triage',
};

export const mayTake = (role: Role, event: DispatchEventValue): boolean => can(role, EVENT_ACTION[event]);

export const DISPATCH_TRANSITIONS: Readonly<
  Record<DispatchStatusValue, Partial<Record<DispatchEventValue, DispatchStatusValue>>>
> = {
  received: { file: 'filed', not_file: 'not_filed' },
  filed: { dispatch: 'dispatched', assign_finder: 'handling' },
  not_filed: {},
  dispatched: { accept: 'handling' },
  handling: { feedback: 'handled' },
  handled: { verify: 'closed', return: 'handling' },
  closed: { evaluate: 'evaluated' },
  evaluated: {},
};

/** Steps that must say why (不予立案, returned) or what was done (the feedback's result). */
const NOTE_REQUIRED: ReadonlySet<DispatchEventValue> = new Set(['not_file', 'feedback', 'return']);

const HOUR_MS = 3_600_000;

export interface DispatchSnapshot {
  status: DispatchStatusValue;
  urgency: DispatchUrgencyValue;
  slaDueAt: Date | null;
  /** Someone reported it in person (a patrol or a superior's officer): 巡办结合 is possible. */
  hasFinder: boolean;
}

export interface DispatchCommand {
  event: DispatchEventValue;
  note?: string | undefined;
  department?: string | undefined;
  rating?: number | undefined;
}

export interface DispatchContext {
  now: Date;
  role: Role;
  sla: DispatchSla;
  departments: ReadonlySet<string>;
}

export type DispatchDecision =
  | {
      ok: true;
      to: DispatchStatusValue;
      /** The new status's deadline; null where the event rests (terminal, or closed awaiting evaluation). */
      stepDueAt: Date | null;
      slaDueAt: Date | null;
      /** Set on 立案: when the SLA clock started. */
      filedAt: Date | null;
    }
  | { ok: false; refusal: DispatchRefusal };

export function isTerminal(status: DispatchStatusValue): boolean {
  return Object.keys(DISPATCH_TRANSITIONS[status]).length === 0;
}

/** The deadline a status sets when entered at `now`, or null when it has none. */
export function stepDeadline(
  status: DispatchStatusValue,
  urgency: DispatchUrgencyValue,
  sla: DispatchSla,
  now: Date,
): Date | null {
  const hours = (sla.urgencies[urgency].stepHours as Partial<Record<DispatchStatusValue, number>>)[status];
  return hours === undefined ? null : new Date(now.getTime() + hours * HOUR_MS);
}

const blank = (text: string | undefined) => (text ?? '').trim() === '';

/** Decides one step. Order of refusals: who (403), from which status (409), then the input (422). */
export function decide(
  event: DispatchSnapshot,
  command: DispatchCommand,
  ctx: DispatchContext,
): DispatchDecision {
  if (!mayTake(ctx.role, command.event)) return { ok: false, refusal: 'dispatch.step_forbidden' };
  const to = DISPATCH_TRANSITIONS[event.status][command.event];
  if (!to) return { ok: false, refusal: 'dispatch.invalid_transition' };
  if (NOTE_REQUIRED.has(command.event) && blank(command.note)) {
    return { ok: false, refusal: 'dispatch.note_required' };
  }
  if (command.event === 'dispatch') {
    if (blank(command.department)) return { ok: false, refusal: 'dispatch.department_required' };
    if (!ctx.departments.has(command.department!))
      return { ok: false, refusal: 'dispatch.department_unknown' };
  }
  if (command.event === 'assign_finder' && !event.hasFinder) {
    return { ok: false, refusal: 'dispatch.finder_missing' };
  }
  if (command.event === 'evaluate') {
    const r = command.rating;
    if (r === undefined || !Number.isInteger(r) || r < 1 || r > 5) {
      return { ok: false, refusal: 'dispatch.rating_required' };
    }
  }
  const filing = command.event === 'file';
  const slaDueAt = filing
    ? new Date(ctx.now.getTime() + ctx.sla.urgencies[event.urgency].resolveHours * HOUR_MS)
    : event.slaDueAt;
  return {
    ok: true,
    to,
    stepDueAt: stepDeadline(to, event.urgency, ctx.sla, ctx.now),
    slaDueAt,
    filedAt: filing ? ctx.now : null,
  };
}

/** The steps this role may take now (the UI's buttons; the detail's `allowedEvents`). */
export function allowedEvents(event: DispatchSnapshot, role: Role): DispatchEventValue[] {
  return (Object.keys(DISPATCH_TRANSITIONS[event.status]) as DispatchEventValue[]).filter(
    (e) => mayTake(role, e) && (e !== 'assign_finder' || event.hasFinder),
  );
}
