import type { PermitStatusValue } from '@safegrid/contracts/values';
import { missingChecklistItems } from './permit-checklist';

/**
 * The confined-space work permit as a pure state machine (DESIGN §7): the service loads a
 * snapshot, asks `decide`, and writes the new status and the audit entry itself. Nothing here
 * reads a clock or a database, so every rule can be tested with any clock and any history.
 *
 * Legal anchors (应急管理部令第13号): no work without the approver's approval (第七条);
 * 先通风、再检测、后作业 (第十四条); the attendant watches throughout and never enters
 * (第十五条第一款); after an interruption, ventilate and re-test before re-entry (第十五条第三款).
 *
 * Refusal codes are counted on dashboards and translated in the UI: treat them as a contract.
 */

export const PERMIT_REFUSALS = [
  'permit.invalid_transition',
  'permit.checklist_incomplete',
  'permit.no_entrants',
  'permit.attendant_missing',
  'permit.attendant_is_entrant',
  'permit.responsible_person_missing',
  'permit.window_invalid',
  'permit.gas_test_missing',
  'permit.gas_test_failed',
  'permit.gas_test_stale',
  'permit.gas_test_future',
  'permit.gas_test_before_suspension',
  'permit.outside_window',
  'permit.window_over',
  'permit.window_not_over',
  'permit.entrants_inside',
  'permit.lock_open',
  'permit.reason_required',
  'permit.status_forbids_unlock',
] as const;
export type PermitRefusal = (typeof PERMIT_REFUSALS)[number];

/**
 * How old the pre-entry gas test may be. SECONDARY PRACTICE, not a 令第13号 figure: 令第13号 says
 * only 先通风、再检测、后作业 and sets no time limit. 30 minutes is the GB 30871-style "作业前30分钟内
 * 检测" as summarised by a vendor page (data/laws/gas-thresholds-notes.json,
 * regulatoryProcedure.secondaryPractice), unverified against the standard itself.
 */
export const GAS_TEST_MAX_AGE_MS = 30 * 60_000;

/**
 * A test stamped this far ahead of `now` is accepted as clock drift between the detector and the
 * server; beyond it the age of the test cannot be known, so it is refused rather than trusted.
 */
export const GAS_TEST_CLOCK_SKEW_MS = 60_000;

export interface PermitSnapshot {
  status: PermitStatusValue;
  windowStart: Date;
  windowEnd: Date;
  entrants: readonly string[];
  attendant: string;
  responsiblePerson: string;
  checklist: Readonly<Record<string, boolean>>;
  /** When the permit was last suspended; the service sets it on every accepted `suspend`. */
  suspendedAt: Date | null;
  /** true if the space has no lock or the lock's log shows 'locked' after the last 'unlocked'. */
  lockClosedAfterLastOpening: boolean;
}

export interface GasTestSummary {
  passed: boolean;
  measuredAt: Date;
}

export type PermitCommand =
  | { type: 'submit' }
  /** The approver sends the permit back to draft. */
  | { type: 'return'; reason: string }
  | { type: 'approve' }
  /** The first valid opening of the lock, or the attendant starting work on a space without one. */
  | { type: 'activate' }
  /** An alarm or a person stops the work. */
  | { type: 'suspend'; reason: string }
  | { type: 'resume' }
  | { type: 'complete'; entrantsOut: boolean }
  | { type: 'expire' }
  | { type: 'cancel'; reason: string };
export type PermitCommandType = PermitCommand['type'];

export type TransitionResult = { ok: true; to: PermitStatusValue } | { ok: false; code: PermitRefusal };

export interface PermitContext {
  now: Date;
  latestGasTest: GasTestSummary | null;
}

/**
 * Every transition the machine can take. `active` cannot be cancelled or expired directly:
 * people may be inside, so the work is suspended first (evacuation), and an active permit past
 * its window raises an overtime alarm instead of silently expiring.
 */
export const PERMIT_TRANSITIONS: Readonly<
  Record<PermitStatusValue, Readonly<Partial<Record<PermitCommandType, PermitStatusValue>>>>
> = {
  draft: { submit: 'submitted', expire: 'expired', cancel: 'cancelled' },
  submitted: { return: 'draft', approve: 'approved', expire: 'expired', cancel: 'cancelled' },
  approved: { activate: 'active', expire: 'expired', cancel: 'cancelled' },
  active: { suspend: 'suspended', complete: 'completed' },
  suspended: { resume: 'active', complete: 'completed', cancel: 'cancelled' },
  completed: {},
  expired: {},
  cancelled: {},
};

const TERMINAL: ReadonlySet<PermitStatusValue> = new Set(['completed', 'expired', 'cancelled']);

export function isTerminal(status: PermitStatusValue): boolean {
  return TERMINAL.has(status);
}

type Check = { ok: true } | { ok: false; code: PermitRefusal };
const pass: Check = { ok: true };
const refuse = (code: PermitRefusal) => ({ ok: false as const, code });

const isBlank = (value: string): boolean => value.trim().length === 0;

// Comparisons are written so that an invalid Date (NaN) always lands on the refusing side.
const before = (a: Date, b: Date): boolean => !(a.getTime() >= b.getTime());

function windowValid(permit: PermitSnapshot): boolean {
  return permit.windowStart.getTime() < permit.windowEnd.getTime();
}

/** What submission needs; re-checked at approval so an edited snapshot cannot slip through. */
function readyToSubmit(permit: PermitSnapshot, now: Date): Check {
  if (!windowValid(permit)) return refuse('permit.window_invalid');
  if (!before(now, permit.windowEnd)) return refuse('permit.window_over');
  if (permit.entrants.length === 0 || permit.entrants.some(isBlank)) return refuse('permit.no_entrants');
  if (isBlank(permit.attendant)) return refuse('permit.attendant_missing');
  // 第十五条: the attendant may not enter the space to take part in the work.
  if (permit.entrants.some((entrant) => entrant.trim() === permit.attendant.trim())) {
    return refuse('permit.attendant_is_entrant');
  }
  if (isBlank(permit.responsiblePerson)) return refuse('permit.responsible_person_missing');
  if (missingChecklistItems(permit.checklist).length > 0) return refuse('permit.checklist_incomplete');
  return pass;
}

/**
 * A passing test, fresh at `now`, and taken after the last suspension if there was one: the
 * gate for approval, for resuming, and for every unlock.
 */
function gasTestGood(test: GasTestSummary | null, now: Date, suspendedAt: Date | null): Check {
  if (test === null) return refuse('permit.gas_test_missing');
  if (!test.passed) return refuse('permit.gas_test_failed');
  const age = now.getTime() - test.measuredAt.getTime();
  if (!(age >= -GAS_TEST_CLOCK_SKEW_MS)) return refuse('permit.gas_test_future');
  if (!(age <= GAS_TEST_MAX_AGE_MS)) return refuse('permit.gas_test_stale');
  if (suspendedAt !== null && !(test.measuredAt.getTime() > suspendedAt.getTime())) {
    return refuse('permit.gas_test_before_suspension');
  }
  return pass;
}

/** [windowStart, windowEnd): work may start at the first instant and must be over at the last. */
function insideWindow(permit: PermitSnapshot, now: Date): Check {
  if (before(now, permit.windowStart)) return refuse('permit.outside_window');
  if (!before(now, permit.windowEnd)) return refuse('permit.window_over');
  return pass;
}

function reasonGiven(reason: unknown): Check {
  return typeof reason === 'string' && !isBlank(reason) ? pass : refuse('permit.reason_required');
}

function guard(permit: PermitSnapshot, command: PermitCommand, ctx: PermitContext): Check {
  const { now, latestGasTest } = ctx;
  switch (command.type) {
    case 'submit':
      return readyToSubmit(permit, now);
    case 'return':
    case 'suspend':
    case 'cancel':
      return reasonGiven(command.reason);
    case 'approve': {
      const ready = readyToSubmit(permit, now);
      if (!ready.ok) return ready;
      return gasTestGood(latestGasTest, now, null);
    }
    case 'activate':
      // No gas check here: activation may come from a lock log uploaded late, and the gas gate for
      // entry is the unlock token (unlockEligibility) the service checks when it issues one.
      return insideWindow(permit, now);
    case 'resume': {
      // 第十五条第三款: after an interruption, re-entry only after a new passing test. A permit
      // without a recorded suspension time cannot show one, so it is refused.
      if (!before(now, permit.windowEnd)) return refuse('permit.window_over');
      const gas = gasTestGood(latestGasTest, now, permit.suspendedAt);
      if (!gas.ok) return gas;
      return permit.suspendedAt === null ? refuse('permit.gas_test_before_suspension') : pass;
    }
    case 'complete':
      if (command.entrantsOut !== true) return refuse('permit.entrants_inside');
      return permit.lockClosedAfterLastOpening ? pass : refuse('permit.lock_open');
    case 'expire':
      return before(now, permit.windowEnd) ? refuse('permit.window_not_over') : pass;
  }
}

export function decide(permit: PermitSnapshot, command: PermitCommand, ctx: PermitContext): TransitionResult {
  const to = PERMIT_TRANSITIONS[permit.status]?.[command.type];
  if (to === undefined) return refuse('permit.invalid_transition');
  const check = guard(permit, command, ctx);
  return check.ok ? { ok: true, to } : check;
}

/**
 * May the server issue an unlock token now? Only for an approved or active permit, inside its
 * window, with a fresh passing gas test. A suspended permit never unlocks: people re-enter only
 * through `resume`, which demands the new test first.
 */
export function unlockEligibility(
  permit: PermitSnapshot,
  ctx: PermitContext,
): { ok: true } | { ok: false; code: PermitRefusal } {
  if (permit.status !== 'approved' && permit.status !== 'active')
    return refuse('permit.status_forbids_unlock');
  const window = insideWindow(permit, ctx.now);
  if (!window.ok) return window;
  // For an active permit the test after the last suspension is implied by `resume`; checking it
  // again costs nothing and catches a snapshot that was assembled wrongly.
  return gasTestGood(ctx.latestGasTest, ctx.now, permit.suspendedAt);
}
