import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PERMIT_STATUSES, type PermitStatusValue } from '@safegrid/contracts/values';
import { PERMIT_CHECKLIST } from './permit-checklist';
import {
  GAS_TEST_MAX_AGE_MS,
  PERMIT_REFUSALS,
  PERMIT_TRANSITIONS,
  decide,
  isTerminal,
  unlockEligibility,
  type GasTestSummary,
  type PermitCommand,
  type PermitContext,
  type PermitSnapshot,
} from './permit-machine';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T02:00:00.000Z'); // 10:00 in Shenzhen
const at = (minutes: number) => new Date(T0 + minutes * MIN);

const allChecked = Object.fromEntries(PERMIT_CHECKLIST.map((item) => [item.id, true]));

function permit(overrides: Partial<PermitSnapshot> = {}): PermitSnapshot {
  return {
    status: 'draft',
    windowStart: at(0),
    windowEnd: at(120),
    entrants: ['张三', '李四'],
    attendant: '王五',
    responsiblePerson: '赵六',
    checklist: allChecked,
    suspendedAt: null,
    lockClosedAfterLastOpening: true,
    ...overrides,
  };
}

const goodTest = (minutes: number): GasTestSummary => ({ passed: true, measuredAt: at(minutes) });
const ctx = (nowMinutes: number, latestGasTest: GasTestSummary | null = null): PermitContext => ({
  now: at(nowMinutes),
  latestGasTest,
});

describe('PERMIT_TRANSITIONS', () => {
  it('covers every status, and terminal states have no way out', () => {
    expect(Object.keys(PERMIT_TRANSITIONS).sort()).toEqual([...PERMIT_STATUSES].sort());
    for (const status of PERMIT_STATUSES) {
      expect(isTerminal(status)).toBe(Object.keys(PERMIT_TRANSITIONS[status]).length === 0);
    }
    expect(PERMIT_STATUSES.filter(isTerminal)).toEqual(['completed', 'expired', 'cancelled']);
  });

  it('never lets an active permit be cancelled or expired without suspending first', () => {
    expect(PERMIT_TRANSITIONS.active.cancel).toBeUndefined();
    expect(PERMIT_TRANSITIONS.active.expire).toBeUndefined();
  });
});

describe('the happy path', () => {
  it('goes draft → submitted → approved → active ↔ suspended → completed', () => {
    let p = permit({ windowStart: at(10) });
    const step = (command: PermitCommand, c: PermitContext) => {
      const result = decide(p, command, c);
      expect(result).toMatchObject({ ok: true });
      if (result.ok) p = { ...p, status: result.to };
      return p.status;
    };
    expect(step({ type: 'submit' }, ctx(-30))).toBe('submitted');
    expect(step({ type: 'approve' }, ctx(-5, goodTest(-10)))).toBe('approved');
    expect(unlockEligibility(p, ctx(12, goodTest(5)))).toEqual({ ok: true });
    expect(step({ type: 'activate' }, ctx(12))).toBe('active');
    expect(step({ type: 'suspend', reason: 'H2S 报警' }, ctx(30))).toBe('suspended');
    p = { ...p, suspendedAt: at(30) };
    expect(step({ type: 'resume' }, ctx(45, goodTest(40)))).toBe('active');
    expect(step({ type: 'complete', entrantsOut: true }, ctx(100))).toBe('completed');
  });

  it('returns, expires and cancels where allowed', () => {
    expect(decide(permit({ status: 'submitted' }), { type: 'return', reason: '缺少人员' }, ctx(0))).toEqual({
      ok: true,
      to: 'draft',
    });
    expect(decide(permit({ status: 'approved' }), { type: 'expire' }, ctx(120))).toEqual({
      ok: true,
      to: 'expired',
    });
    expect(decide(permit({ status: 'suspended' }), { type: 'cancel', reason: '天气' }, ctx(60))).toEqual({
      ok: true,
      to: 'cancelled',
    });
  });
});

describe('every refusal', () => {
  // A table reads better one case per line.
  // prettier-ignore
  const cases: [string, PermitSnapshot, PermitCommand, PermitContext, string][] = [
    ['submit twice', permit({ status: 'submitted' }), { type: 'submit' }, ctx(0), 'permit.invalid_transition'],
    ['cancel an active permit', permit({ status: 'active' }), { type: 'cancel', reason: 'x' }, ctx(0), 'permit.invalid_transition'],
    ['complete an approved permit', permit({ status: 'approved' }), { type: 'complete', entrantsOut: true }, ctx(0), 'permit.invalid_transition'],
    ['resume an active permit', permit({ status: 'active' }), { type: 'resume' }, ctx(0, goodTest(0)), 'permit.invalid_transition'],
    ['submit with an unchecked item', permit({ checklist: { ...allChecked, ventilate_first: false } }), { type: 'submit' }, ctx(0), 'permit.checklist_incomplete'],
    ['submit with a missing item', permit({ checklist: {} }), { type: 'submit' }, ctx(0), 'permit.checklist_incomplete'],
    ['submit without entrants', permit({ entrants: [] }), { type: 'submit' }, ctx(0), 'permit.no_entrants'],
    ['submit with a blank entrant', permit({ entrants: ['张三', ' '] }), { type: 'submit' }, ctx(0), 'permit.no_entrants'],
    ['submit without attendant', permit({ attendant: '  ' }), { type: 'submit' }, ctx(0), 'permit.attendant_missing'],
    ['attendant listed as entrant', permit({ attendant: '李四' }), { type: 'submit' }, ctx(0), 'permit.attendant_is_entrant'],
    ['submit without responsible person', permit({ responsiblePerson: '' }), { type: 'submit' }, ctx(0), 'permit.responsible_person_missing'],
    ['submit with an empty window', permit({ windowEnd: at(0) }), { type: 'submit' }, ctx(-10), 'permit.window_invalid'],
    ['submit after the window', permit(), { type: 'submit' }, ctx(120), 'permit.window_over'],
    ['approve without gas test', permit({ status: 'submitted' }), { type: 'approve' }, ctx(0), 'permit.gas_test_missing'],
    ['approve on a failed test', permit({ status: 'submitted' }), { type: 'approve' }, ctx(0, { passed: false, measuredAt: at(0) }), 'permit.gas_test_failed'],
    ['approve on a stale test', permit({ status: 'submitted' }), { type: 'approve' }, ctx(31, goodTest(0)), 'permit.gas_test_stale'],
    ['approve on a test from the future', permit({ status: 'submitted' }), { type: 'approve' }, ctx(0, goodTest(5)), 'permit.gas_test_future'],
    ['approve after the window', permit({ status: 'submitted' }), { type: 'approve' }, ctx(120, goodTest(119)), 'permit.window_over'],
    ['approve an edited, incomplete permit', permit({ status: 'submitted', entrants: [] }), { type: 'approve' }, ctx(0, goodTest(0)), 'permit.no_entrants'],
    ['activate before the window', permit({ status: 'approved' }), { type: 'activate' }, ctx(-1), 'permit.outside_window'],
    ['activate at the window end', permit({ status: 'approved' }), { type: 'activate' }, ctx(120), 'permit.window_over'],
    ['resume without test', permit({ status: 'suspended', suspendedAt: at(30) }), { type: 'resume' }, ctx(40), 'permit.gas_test_missing'],
    ['resume on a failed test', permit({ status: 'suspended', suspendedAt: at(30) }), { type: 'resume' }, ctx(40, { passed: false, measuredAt: at(35) }), 'permit.gas_test_failed'],
    ['resume on the pre-suspension test', permit({ status: 'suspended', suspendedAt: at(30) }), { type: 'resume' }, ctx(40, goodTest(25)), 'permit.gas_test_before_suspension'],
    ['resume on a test at the suspension instant', permit({ status: 'suspended', suspendedAt: at(30) }), { type: 'resume' }, ctx(40, goodTest(30)), 'permit.gas_test_before_suspension'],
    ['resume with no suspension time', permit({ status: 'suspended' }), { type: 'resume' }, ctx(40, goodTest(35)), 'permit.gas_test_before_suspension'],
    ['resume on a stale post-suspension test', permit({ status: 'suspended', suspendedAt: at(10) }), { type: 'resume' }, ctx(50, goodTest(15)), 'permit.gas_test_stale'],
    ['resume after the window', permit({ status: 'suspended', suspendedAt: at(100) }), { type: 'resume' }, ctx(121, goodTest(110)), 'permit.window_over'],
    ['complete with people inside', permit({ status: 'active' }), { type: 'complete', entrantsOut: false }, ctx(60), 'permit.entrants_inside'],
    ['complete with the lock open', permit({ status: 'suspended', lockClosedAfterLastOpening: false }), { type: 'complete', entrantsOut: true }, ctx(60), 'permit.lock_open'],
    ['expire inside the window', permit({ status: 'approved' }), { type: 'expire' }, ctx(119), 'permit.window_not_over'],
    ['expire an active permit', permit({ status: 'active' }), { type: 'expire' }, ctx(500), 'permit.invalid_transition'],
    ['return without reason', permit({ status: 'submitted' }), { type: 'return', reason: ' ' }, ctx(0), 'permit.reason_required'],
    ['suspend without reason', permit({ status: 'active' }), { type: 'suspend', reason: '' }, ctx(0), 'permit.reason_required'],
    ['cancel without reason', permit({ status: 'draft' }), { type: 'cancel', reason: '\n' }, ctx(0), 'permit.reason_required'],
  ];

  it.each(cases)('%s', (_name, p, command, c, code) => {
    expect(decide(p, command, c)).toEqual({ ok: false, code });
  });

  it('tests each refusal code at least once (unlock-only codes below)', () => {
    const used = new Set(cases.map((c) => c[4]));
    used.add('permit.status_forbids_unlock');
    expect([...used].sort()).toEqual([...PERMIT_REFUSALS].sort());
  });

  it('accepts a gas test exactly GAS_TEST_MAX_AGE_MS old, and a minute of detector clock drift', () => {
    const p = permit({ status: 'submitted' });
    expect(decide(p, { type: 'approve' }, { now: at(30), latestGasTest: goodTest(0) })).toMatchObject({
      ok: true,
    });
    expect(GAS_TEST_MAX_AGE_MS).toBe(30 * MIN);
    expect(decide(p, { type: 'approve' }, ctx(0, goodTest(1)))).toMatchObject({ ok: true });
  });
});

describe('unlockEligibility', () => {
  const approved = permit({ status: 'approved' });
  // prettier-ignore
  it.each([
    ['draft', permit(), ctx(10, goodTest(5)), 'permit.status_forbids_unlock'],
    ['submitted', permit({ status: 'submitted' }), ctx(10, goodTest(5)), 'permit.status_forbids_unlock'],
    ['suspended', permit({ status: 'suspended', suspendedAt: at(5) }), ctx(10, goodTest(8)), 'permit.status_forbids_unlock'],
    ['completed', permit({ status: 'completed' }), ctx(10, goodTest(5)), 'permit.status_forbids_unlock'],
    ['before the window', approved, ctx(-1, goodTest(-5)), 'permit.outside_window'],
    ['at the window end', approved, ctx(120, goodTest(115)), 'permit.window_over'],
    ['no test', approved, ctx(10), 'permit.gas_test_missing'],
    ['failed test', approved, ctx(10, { passed: false, measuredAt: at(9) }), 'permit.gas_test_failed'],
    ['stale test', approved, ctx(45, goodTest(10)), 'permit.gas_test_stale'],
    ['active, test older than the last suspension', permit({ status: 'active', suspendedAt: at(20) }), ctx(30, goodTest(15)), 'permit.gas_test_before_suspension'],
  ])('refuses: %s', (_name, p, c, code) => {
    expect(unlockEligibility(p, c)).toEqual({ ok: false, code });
  });

  it('allows the first instant of the window', () => {
    expect(unlockEligibility(approved, ctx(0, goodTest(-20)))).toEqual({ ok: true });
    expect(unlockEligibility(permit({ status: 'active' }), ctx(119, goodTest(100)))).toEqual({ ok: true });
  });

  it('refuses when the clock is unreadable', () => {
    expect(unlockEligibility(approved, { now: new Date(NaN), latestGasTest: goodTest(5) })).toMatchObject({
      ok: false,
    });
  });
});

// --- properties over random histories -------------------------------------------------------

// Mostly well-formed permits and mostly forward-moving clocks, so that histories get past
// approval often enough to exercise active/suspended; the rare blank names, empty windows and
// backward clock steps keep the refusals in play.
const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: usual }, { weight: 1, arbitrary: odd });
const blank = fc.constantFrom('', ' ');
const snapshotArb = fc.record({
  status: fc.constantFrom<PermitStatusValue>(...PERMIT_STATUSES),
  windowStart: fc.integer({ min: 0, max: 90 }),
  windowLength: rarely(fc.integer({ min: 30, max: 240 }), fc.integer({ min: -10, max: 0 })),
  entrants: rarely<string[]>(fc.constant(['张三', '李四']), fc.constantFrom([], ['张三', ' '], ['王五'])),
  attendant: rarely(fc.constant('王五'), blank),
  responsiblePerson: rarely(fc.constant('赵六'), blank),
  checklistComplete: rarely(fc.constant(true), fc.constant(false)),
  lockClosedAfterLastOpening: fc.boolean(),
});

const reason = rarely(fc.constant('理由'), blank);
const commandArb: fc.Arbitrary<PermitCommand> = fc.oneof(
  { weight: 10, arbitrary: fc.constant({ type: 'submit' as const }) },
  { weight: 1, arbitrary: reason.map((r) => ({ type: 'return' as const, reason: r })) },
  { weight: 10, arbitrary: fc.constant({ type: 'approve' as const }) },
  { weight: 10, arbitrary: fc.constant({ type: 'activate' as const }) },
  { weight: 6, arbitrary: reason.map((r) => ({ type: 'suspend' as const, reason: r })) },
  { weight: 10, arbitrary: fc.constant({ type: 'resume' as const }) },
  { weight: 4, arbitrary: fc.boolean().map((entrantsOut) => ({ type: 'complete' as const, entrantsOut })) },
  { weight: 2, arbitrary: fc.constant({ type: 'expire' as const }) },
  { weight: 1, arbitrary: reason.map((r) => ({ type: 'cancel' as const, reason: r })) },
);

const stepArb = fc.record({
  command: commandArb,
  /** Minutes the clock moves before this step; sometimes backwards (clock corrections). */
  advance: rarely(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -60, max: 300 })),
  gas: fc.option(
    fc.record({
      passed: rarely(fc.constant(true), fc.constant(false)),
      ageMinutes: fc.integer({ min: -3, max: 45 }),
    }),
    { freq: 5 },
  ),
  lockClosed: fc.boolean(),
});

interface Trace {
  before: PermitSnapshot;
  command: PermitCommand;
  context: PermitContext;
  result: ReturnType<typeof decide>;
  unlock: ReturnType<typeof unlockEligibility>;
}

/** Runs a history the way the service would: accepted commands change status and suspendedAt. */
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function run(seed: Generated<typeof snapshotArb>, steps: Generated<typeof stepArb>[]): Trace[] {
  let p = permit({
    status: seed.status,
    windowStart: at(seed.windowStart),
    windowEnd: at(seed.windowStart + seed.windowLength),
    entrants: seed.entrants,
    attendant: seed.attendant,
    responsiblePerson: seed.responsiblePerson,
    checklist: seed.checklistComplete ? allChecked : {},
    suspendedAt: seed.status === 'suspended' ? at(seed.windowStart) : null,
    lockClosedAfterLastOpening: seed.lockClosedAfterLastOpening,
  });
  const traces: Trace[] = [];
  let now = seed.windowStart - 15;
  for (const step of steps) {
    now += step.advance;
    p = { ...p, lockClosedAfterLastOpening: step.lockClosed };
    const context: PermitContext = {
      now: at(now),
      latestGasTest: step.gas && { passed: step.gas.passed, measuredAt: at(now - step.gas.ageMinutes) },
    };
    const result = decide(p, step.command, context);
    const unlock = unlockEligibility(p, context);
    traces.push({ before: p, command: step.command, context, result, unlock });
    if (result.ok) {
      p = { ...p, status: result.to, suspendedAt: result.to === 'suspended' ? context.now : p.suspendedAt };
    }
  }
  return traces;
}

const historyArb = fc.tuple(snapshotArb, fc.array(stepArb, { minLength: 1, maxLength: 40 }));

describe('properties', () => {
  it('(a) unlock only when approved/active, the latest test passed and fresh, and now is inside the window', () => {
    fc.assert(
      fc.property(historyArb, ([seed, steps]) => {
        for (const { before, context, unlock } of run(seed, steps)) {
          if (!unlock.ok) continue;
          const now = context.now.getTime();
          expect(['approved', 'active']).toContain(before.status);
          expect(context.latestGasTest?.passed).toBe(true);
          expect(now - context.latestGasTest!.measuredAt.getTime()).toBeLessThanOrEqual(GAS_TEST_MAX_AGE_MS);
          expect(before.windowStart.getTime()).toBeLessThanOrEqual(now);
          expect(now).toBeLessThan(before.windowEnd.getTime());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('(b) terminal states never change', () => {
    fc.assert(
      fc.property(historyArb, ([seed, steps]) => {
        for (const { before, result } of run(seed, steps)) {
          if (isTerminal(before.status))
            expect(result).toEqual({ ok: false, code: 'permit.invalid_transition' });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('(c) resume never succeeds without a passing test taken after the suspension', () => {
    fc.assert(
      fc.property(historyArb, ([seed, steps]) => {
        for (const { before, command, context, result } of run(seed, steps)) {
          if (command.type !== 'resume' || !result.ok) continue;
          expect(context.latestGasTest?.passed).toBe(true);
          expect(before.suspendedAt).not.toBeNull();
          expect(context.latestGasTest!.measuredAt.getTime()).toBeGreaterThan(before.suspendedAt!.getTime());
        }
      }),
      { numRuns: 500 },
    );
  });

  it('(d) every accepted transition is in PERMIT_TRANSITIONS, and refusals use known codes', () => {
    fc.assert(
      fc.property(historyArb, ([seed, steps]) => {
        for (const { before, command, result, unlock } of run(seed, steps)) {
          if (result.ok) expect(PERMIT_TRANSITIONS[before.status][command.type]).toBe(result.to);
          else expect(PERMIT_REFUSALS).toContain(result.code);
          if (!unlock.ok) expect(PERMIT_REFUSALS).toContain(unlock.code);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every transition of the table in some history (the generators are not vacuous)', () => {
    const accepted = new Map<string, number>();
    fc.assert(
      fc.property(historyArb, ([seed, steps]) => {
        for (const { before, command, result } of run(seed, steps)) {
          const key = `${before.status}.${command.type}`;
          if (result.ok) accepted.set(key, (accepted.get(key) ?? 0) + 1);
        }
      }),
      { numRuns: 2000 },
    );
    const table = Object.entries(PERMIT_TRANSITIONS).flatMap(([from, commands]) =>
      Object.keys(commands).map((command) => `${from}.${command}`),
    );
    expect([...accepted.keys()].sort()).toEqual(table.sort());
  });
});
