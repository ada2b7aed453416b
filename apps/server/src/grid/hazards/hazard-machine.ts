import {
  HAZARD_LIMITS,
  type Action,
  type HazardEventValue,
  type HazardStatusValue,
  type Role,
} from '@safegrid/contracts/values';
import { can } from '../../platform/auth/policy';

/**
 * The hazard lifecycle (隐患, DESIGN §7) as a pure state machine: the service loads a snapshot,
 * asks `decide`, and writes the new state, the transition row and the audit entry itself. Nothing
 * here reads a clock or a database: `today` is the Asia/Shanghai calendar date the caller passes,
 * so every rule can be tested with any date and any history.
 *
 * Refusal codes are part of the API contract (the phone shows them): do not rename them.
 */

export const HAZARD_REFUSALS = [
  'auth.forbidden',
  'hazard.transition_not_allowed',
  'hazard.evidence_required',
  'hazard.note_required',
  'hazard.deadline_required',
  'hazard.deadline_in_past',
  'hazard.deferral_invalid',
  'hazard.deferral_pending',
  'hazard.deferral_not_pending',
  'hazard.not_overdue',
  'hazard.already_escalated',
] as const;
export type HazardRefusal = (typeof HAZARD_REFUSALS)[number];

/** The overdue sweep is no user: it may only escalate. */
export type HazardActorRole = Role | 'system';

export interface HazardState {
  status: HazardStatusValue;
  /** YYYY-MM-DD (Asia/Shanghai). */
  deadline: string | null;
  pendingDeferral: { requestedDeadline: string } | null;
  escalated: boolean;
  level: 'general' | 'major';
  listedForSupervision: boolean;
  /** Rectification photos of the current round (a rejection starts a new round). */
  rectificationPhotos: number;
  /** Verification photos of the current round. */
  verificationPhotos: number;
}

export type HazardCommand =
  | { type: 'report'; deadline?: string; major: boolean }
  | { type: 'assign'; deadline?: string }
  | { type: 'acknowledge' }
  | { type: 'submit' }
  | { type: 'verify' }
  | { type: 'reject'; note?: string }
  | { type: 'request_deferral'; deadline?: string; note?: string }
  | { type: 'approve_deferral' }
  | { type: 'deny_deferral' }
  | { type: 'escalate' }
  | { type: 'withdraw'; note?: string };

export interface HazardEffects {
  /** 挂牌督办: a major hazard is reported to the district when it is reported. */
  reportToDistrict?: true;
  /** Overdue and escalated: the enforcement module takes it up (立案 or not). */
  referToEnforcement?: true;
  /** A rejection: the enterprise starts a new round of rectification photos. */
  newRound?: true;
}

export type HazardDecision =
  { ok: true; state: HazardState; effects: HazardEffects } | { ok: false; code: HazardRefusal };

/** Who may take each event: one or more policy actions (any suffices). */
export const EVENT_ACTIONS: Readonly<Record<HazardEventValue, readonly Action[]>> = {
  report: ['hazard.report'],
  // The grid's inspector sets the deadline on the spot; the street officer may set or correct it.
  assign: ['hazard.verify', 'hazard.supervise'],
  acknowledge: ['hazard.rectify'],
  submit: ['hazard.rectify'],
  request_deferral: ['hazard.rectify'],
  verify: ['hazard.verify'],
  reject: ['hazard.verify'],
  approve_deferral: ['hazard.supervise'],
  deny_deferral: ['hazard.supervise'],
  escalate: ['hazard.supervise'],
  withdraw: ['hazard.supervise'],
};

export function roleMayTake(role: HazardActorRole, event: HazardEventValue): boolean {
  if (role === 'system') return event === 'escalate';
  return EVENT_ACTIONS[event].some((action) => can(role, action));
}

const OPEN_FOR_RECTIFICATION: readonly HazardStatusValue[] = ['assigned', 'rectifying'];
export const TERMINAL: readonly HazardStatusValue[] = ['closed', 'withdrawn'];

/** Days from one YYYY-MM-DD to another (UTC arithmetic: calendar dates have no zone). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Past its deadline and still the enterprise's to rectify. A submitted hazard waits on us, not them. */
export function isOverdue(state: Pick<HazardState, 'status' | 'deadline'>, today: string): boolean {
  return OPEN_FOR_RECTIFICATION.includes(state.status) && state.deadline !== null && state.deadline < today;
}

const blank = (text: string | undefined) => !text || text.trim() === '';
const refuse = (code: HazardRefusal): HazardDecision => ({ ok: false, code });
const accept = (state: HazardState, effects: HazardEffects = {}): HazardDecision => ({
  ok: true,
  state,
  effects,
});

/** The first state of a hazard: reported, or assigned at once when the deadline is set on the spot. */
export function decideReport(
  command: Extract<HazardCommand, { type: 'report' }>,
  role: HazardActorRole,
  today: string,
): HazardDecision {
  if (!roleMayTake(role, 'report')) return refuse('auth.forbidden');
  if (command.deadline !== undefined && command.deadline < today) return refuse('hazard.deadline_in_past');
  const major = command.major;
  return accept(
    {
      status: command.deadline !== undefined ? 'assigned' : 'reported',
      deadline: command.deadline ?? null,
      pendingDeferral: null,
      escalated: false,
      level: major ? 'major' : 'general',
      listedForSupervision: major,
      rectificationPhotos: 0,
      verificationPhotos: 0,
    },
    major ? { reportToDistrict: true } : {},
  );
}

/**
 * The next state of an existing hazard, or why not. Checks run in a fixed order — role, then
 * status, then the event's own conditions — so the same situation always gives the same code.
 */
export function decide(
  state: HazardState,
  command: Exclude<HazardCommand, { type: 'report' }>,
  role: HazardActorRole,
  today: string,
): HazardDecision {
  if (!roleMayTake(role, command.type)) return refuse('auth.forbidden');
  const s = state.status;
  switch (command.type) {
    case 'assign': {
      if (s !== 'reported') return refuse('hazard.transition_not_allowed');
      if (command.deadline === undefined) return refuse('hazard.deadline_required');
      if (command.deadline < today) return refuse('hazard.deadline_in_past');
      return accept({ ...state, status: 'assigned', deadline: command.deadline });
    }
    case 'acknowledge':
      if (s !== 'assigned') return refuse('hazard.transition_not_allowed');
      return accept({ ...state, status: 'rectifying' });
    case 'submit':
      if (s !== 'rectifying') return refuse('hazard.transition_not_allowed');
      if (state.rectificationPhotos < 1) return refuse('hazard.evidence_required');
      // Submitted is the regulator's turn: a deferral still pending has lost its point.
      return accept({ ...state, status: 'submitted', pendingDeferral: null, verificationPhotos: 0 });
    case 'verify':
      if (s !== 'submitted') return refuse('hazard.transition_not_allowed');
      if (state.verificationPhotos < 1) return refuse('hazard.evidence_required');
      return accept({ ...state, status: 'closed' });
    case 'reject':
      if (s !== 'submitted') return refuse('hazard.transition_not_allowed');
      if (blank(command.note)) return refuse('hazard.note_required');
      return accept(
        { ...state, status: 'rectifying', rectificationPhotos: 0, verificationPhotos: 0 },
        { newRound: true },
      );
    case 'request_deferral': {
      if (!OPEN_FOR_RECTIFICATION.includes(s)) return refuse('hazard.transition_not_allowed');
      if (state.pendingDeferral) return refuse('hazard.deferral_pending');
      if (blank(command.note)) return refuse('hazard.note_required');
      if (command.deadline === undefined) return refuse('hazard.deadline_required');
      const current = state.deadline ?? today;
      const days = daysBetween(current, command.deadline);
      if (days < 1 || days > HAZARD_LIMITS.deferralDays) return refuse('hazard.deferral_invalid');
      return accept({ ...state, pendingDeferral: { requestedDeadline: command.deadline } });
    }
    case 'approve_deferral':
      if (!OPEN_FOR_RECTIFICATION.includes(s)) return refuse('hazard.transition_not_allowed');
      if (!state.pendingDeferral) return refuse('hazard.deferral_not_pending');
      return accept({ ...state, deadline: state.pendingDeferral.requestedDeadline, pendingDeferral: null });
    case 'deny_deferral':
      if (!OPEN_FOR_RECTIFICATION.includes(s)) return refuse('hazard.transition_not_allowed');
      if (!state.pendingDeferral) return refuse('hazard.deferral_not_pending');
      return accept({ ...state, pendingDeferral: null });
    case 'escalate':
      if (!OPEN_FOR_RECTIFICATION.includes(s)) return refuse('hazard.transition_not_allowed');
      if (state.escalated) return refuse('hazard.already_escalated');
      if (!isOverdue(state, today)) return refuse('hazard.not_overdue');
      return accept({ ...state, escalated: true }, { referToEnforcement: true });
    case 'withdraw':
      if (s !== 'reported' && !OPEN_FOR_RECTIFICATION.includes(s)) {
        return refuse('hazard.transition_not_allowed');
      }
      if (blank(command.note)) return refuse('hazard.note_required');
      return accept({ ...state, status: 'withdrawn', pendingDeferral: null });
  }
}

/** Events that need only what the state already holds: what the UI offers as buttons. */
const PROBES: Exclude<HazardCommand, { type: 'report' }>[] = [
  { type: 'assign' },
  { type: 'acknowledge' },
  { type: 'submit' },
  { type: 'verify' },
  { type: 'reject' },
  { type: 'request_deferral' },
  { type: 'approve_deferral' },
  { type: 'deny_deferral' },
  { type: 'escalate' },
  { type: 'withdraw' },
];

/** Refusals that the user's input (a note, a date) or a photo still to come would cure. */
const CURABLE: readonly HazardRefusal[] = [
  'hazard.note_required',
  'hazard.deadline_required',
  'hazard.deadline_in_past',
  'hazard.deferral_invalid',
  'hazard.evidence_required',
];

/**
 * The events this role may take on this hazard now, counting one as open when only the form's
 * input (note, deadline) or a photo is missing: the button is shown, the form asks for the rest.
 */
export function allowedEvents(state: HazardState, role: HazardActorRole, today: string): HazardEventValue[] {
  return PROBES.filter((command) => {
    const decision = decide(state, command, role, today);
    return decision.ok || CURABLE.includes(decision.code);
  }).map((command) => command.type);
}
