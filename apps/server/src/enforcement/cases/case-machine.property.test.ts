import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CASE_CIRCUMSTANCES } from '@safegrid/contracts/values';
import {
  allowedActions,
  transition,
  type CaseCommand,
  type CaseFacts,
  type MachineActor,
} from './case-machine';
import { fineProblems, surchargeYuan, totalYuan } from './case-fines';
import { discretionRules, legalRange, suggestFine } from './suggest-fine';

/**
 * The case machine driven by random command sequences from random people: whatever the order,
 * a case reaches its ends only through the required steps, and a decision only with two
 * different approvers who are not handlers.
 */

const HANDLER = '1';
const CO_HANDLER = '2';
const people: MachineActor[] = [
  { userId: HANDLER, role: 'enforcement_officer' },
  { userId: CO_HANDLER, role: 'enforcement_officer' },
  { userId: '3', role: 'enforcement_officer' },
  { userId: '4', role: 'approver' },
  { userId: '5', role: 'approver' },
  { userId: '6', role: 'city_admin' },
];

const decision = fc.constantFrom('approve', 'approve', 'return', 'refuse' as const);
const command: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc.boolean().map((allRectified) => ({ action: 'record_reinspection' as const, allRectified })),
  fc.constant({ action: 'submit_filing' as const }),
  decision.map((d) => ({ action: 'review_filing' as const, decision: d })),
  fc.constant({ action: 'issue_penalty_notice' as const }),
  fc
    .constantFrom('statement', 'hearing_request', 'waiver' as const)
    .map((kind) => ({ action: 'record_statement' as const, kind })),
  fc.constant({ action: 'record_hearing' as const }),
  fc.constant({ action: 'submit_decision' as const }),
  decision.map((d) => ({ action: 'review_decision' as const, decision: d })),
  fc.constant({ action: 'record_service' as const }),
  fc.constant({ action: 'record_payment' as const }),
  fc.constant({ action: 'start_enforcement' as const }),
  fc.constant({ action: 'close' as const }),
);

interface Step {
  actor: MachineActor;
  command: CaseCommand;
  clock: { deadlineReached: boolean; statementWindowOver: boolean; paymentOverdue: boolean };
  /** Guided steps pick among the actions the machine offers the actor (so runs reach the end). */
  guided: number | null;
}
const step: fc.Arbitrary<Step> = fc.record({
  actor: fc.constantFrom(...people),
  command,
  clock: fc.record({
    deadlineReached: fc.boolean(),
    statementWindowOver: fc.boolean(),
    paymentOverdue: fc.boolean(),
  }),
  guided: fc.option(fc.nat(), { freq: 3 }),
});
let closedPaid = 0;

function start(): CaseFacts {
  return {
    status: 'rectification_ordered',
    handlerId: HANDLER,
    coHandlerId: CO_HANDLER,
    deadlineReached: false,
    reinspected: false,
    unrectified: false,
    reviewedBy: null,
    statementWindowOver: false,
    statementWaived: false,
    paymentOverdue: false,
    enforcementStarted: false,
  };
}

const PROBE_DEFAULTS: Record<string, CaseCommand> = {
  record_reinspection: { action: 'record_reinspection', allRectified: false },
  submit_filing: { action: 'submit_filing' },
  review_filing: { action: 'review_filing', decision: 'approve' },
  issue_penalty_notice: { action: 'issue_penalty_notice' },
  record_statement: { action: 'record_statement', kind: 'waiver' },
  record_hearing: { action: 'record_hearing' },
  submit_decision: { action: 'submit_decision' },
  review_decision: { action: 'review_decision', decision: 'approve' },
  record_service: { action: 'record_service' },
  record_payment: { action: 'record_payment' },
  start_enforcement: { action: 'start_enforcement' },
  close: { action: 'close' },
};

/** Applies a run the way the use cases do, recording what happened. */
function run(steps: Step[]) {
  let facts = start();
  const log: { actor: MachineActor; command: CaseCommand; from: string; to: string; level?: 1 | 2 }[] = [];
  for (let s of steps) {
    facts = { ...facts, ...s.clock };
    if (s.guided !== null) {
      const offered = allowedActions(facts, s.actor);
      if (offered.length === 0) continue;
      const action = offered[s.guided % offered.length]!;
      const same = s.command.action === action ? s.command : undefined;
      s = { ...s, command: same ?? (PROBE_DEFAULTS[action] as CaseCommand) };
    }
    const t = transition(facts, s.actor, s.command);
    if (!t.ok) continue;
    log.push({ actor: s.actor, command: s.command, from: facts.status, to: t.to, level: t.level });
    const c = s.command;
    const next: CaseFacts = { ...facts, status: t.to };
    if (c.action === 'record_reinspection') {
      next.reinspected = true;
      next.unrectified = !c.allRectified;
    }
    const approved = 'decision' in c && c.decision === 'approve';
    if (t.newRound || (t.level !== undefined && (t.to !== facts.status || !approved))) {
      next.reviewedBy = null;
    } else if (t.level === 1) next.reviewedBy = s.actor.userId;
    if (c.action === 'record_statement' && c.kind === 'waiver') next.statementWaived = true;
    if (c.action === 'start_enforcement') next.enforcementStarted = true;
    facts = next;
    if (facts.status === 'closed') break;
  }
  return { facts, log, outcome: log.at(-1)?.to === 'closed' ? log.at(-1) : undefined };
}

describe('case machine (property)', () => {
  it('never closes paid or enforced without every required step, in order', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 150, size: 'max' }), (steps) => {
        const { facts, log } = run(steps);
        if (facts.status !== 'closed') return;
        const last = log.at(-1)!;
        const actions = log.map((l) => l.command.action);
        if (last.command.action === 'record_reinspection') {
          expect(actions).toEqual(['record_reinspection']);
          return;
        }
        if (last.command.action !== 'close') return;
        closedPaid += 1;
        const order = [
          'record_reinspection',
          'submit_filing',
          'review_filing',
          'issue_penalty_notice',
          'submit_decision',
          'review_decision',
          'record_service',
          'record_payment',
          'close',
        ];
        let at = -1;
        for (const a of order) {
          const i = actions.indexOf(a as never, at + 1);
          expect(i, `${a} in ${actions.join(',')}`).toBeGreaterThan(at);
          at = i;
        }
        const reinspection = log.find((l) => l.command.action === 'record_reinspection')!;
        expect(reinspection.command).toMatchObject({ allRectified: false });
      }),
      { numRuns: 2000 },
    );
    // The property is not vacuous: guided runs do reach the end.
    expect(closedPaid).toBeGreaterThan(0);
  });

  it('decides (and files) only after 审核 and 负责人 approved: two different approvers, neither a handler', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 150, size: 'max' }), (steps) => {
        const { log } = run(steps);
        log.forEach((entry, i) => {
          if (entry.to !== 'decided' && entry.to !== 'filed') return;
          expect(entry.level).toBe(2);
          expect(entry.actor.role).toBe('approver');
          const kind = entry.to === 'decided' ? 'review_decision' : 'review_filing';
          const first = log[i - 1]!;
          expect(first.command.action).toBe(kind);
          expect(first.level).toBe(1);
          expect(first.command).toMatchObject({ decision: 'approve' });
          expect(first.actor.userId).not.toBe(entry.actor.userId);
          for (const a of [first, entry]) expect([HANDLER, CO_HANDLER]).not.toContain(a.actor.userId);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('offers exactly the actions that would pass', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.constantFrom(...people), (steps, actor) => {
        const { facts } = run(steps);
        for (const action of allowedActions(facts, actor)) {
          expect(['enforcement_officer', 'approver']).toContain(actor.role);
          expect(action).toBeTypeOf('string');
        }
        if (facts.status === 'closed') expect(allowedActions(facts, actor)).toEqual([]);
      }),
    );
  });

  it('refuses with stable codes', () => {
    const facts = start();
    const handler = people[0]!;
    expect(transition(facts, handler, { action: 'record_reinspection', allRectified: true })).toEqual({
      ok: false,
      code: 'case.reinspection_too_early',
    });
    expect(transition(facts, handler, { action: 'issue_penalty_notice' })).toEqual({
      ok: false,
      code: 'case.wrong_state',
    });
    expect(transition(facts, people[2]!, { action: 'submit_filing' })).toEqual({
      ok: false,
      code: 'case.not_handler',
    });
    const review = { ...facts, status: 'filing_review' as const };
    expect(
      transition(
        review,
        { userId: HANDLER, role: 'approver' },
        { action: 'review_filing', decision: 'approve' },
      ),
    ).toEqual({
      ok: false,
      code: 'case.approver_is_handler',
    });
    expect(
      transition({ ...review, reviewedBy: '4' }, people[3]!, {
        action: 'review_filing',
        decision: 'approve',
      }),
    ).toEqual({ ok: false, code: 'case.approver_same_person' });
  });
});

describe('fines (property)', () => {
  const range = fc
    .tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 500_000 }))
    .map(([a, b]) => ({ minYuan: Math.min(a, b), maxYuan: Math.max(a, b) }));

  it('a fine outside the legal range never passes; one inside always does', () => {
    fc.assert(
      fc.property(range, fc.integer({ min: 0, max: 1_000_000 }), (r, fine) => {
        const problems = fineProblems(
          [{ seq: 1, ...r, rectified: false }],
          [{ seq: 1, fineYuan: fine }],
          '/body/violations',
        );
        const inside = fine >= r.minYuan && fine <= r.maxYuan;
        expect(problems.length === 0).toBe(inside);
        if (!inside)
          expect(problems[0]).toMatchObject({
            code: 'case.fine_out_of_range',
            params: { min: r.minYuan, max: r.maxYuan },
          });
      }),
    );
  });

  it('refuses an unknown range, a missing fine for an unrectified item, and sub-cent amounts', () => {
    expect(
      fineProblems(
        [{ seq: 1, minYuan: null, maxYuan: null, rectified: false }],
        [{ seq: 1, fineYuan: 10 }],
        '/v',
      )[0]?.code,
    ).toBe('case.fine_range_unknown');
    expect(fineProblems([{ seq: 1, minYuan: 0, maxYuan: 10, rectified: false }], [], '/v')[0]?.code).toBe(
      'case.fine_missing',
    );
    expect(
      fineProblems(
        [{ seq: 1, minYuan: 0, maxYuan: 10, rectified: false }],
        [{ seq: 1, fineYuan: 1.005 }],
        '/v',
      )[0]?.code,
    ).toBe('case.amount_precision');
    expect(
      totalYuan([
        { seq: 1, fineYuan: 0.1 },
        { seq: 2, fineYuan: 0.2 },
      ]),
    ).toBe(0.3);
  });

  it('the surcharge grows 3 % a day and never exceeds the fine', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 400 }),
        (cents, days) => {
          const fine = cents / 100;
          const s = surchargeYuan(fine, days);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(fine);
          expect(surchargeYuan(fine, days + 1)).toBeGreaterThanOrEqual(s);
        },
      ),
    );
    expect(surchargeYuan(10000, 1)).toBe(300);
    expect(surchargeYuan(10000, 40)).toBe(10000);
  });

  it('the suggestion lies within [min, max]; more aggravating circumstances never lower it', () => {
    const rules = discretionRules();
    const circumstances = fc.subarray([...CASE_CIRCUMSTANCES]);
    const aggravating = rules.circumstances.filter((c) => c.effect === 'aggravating').map((c) => c.id);
    fc.assert(
      fc.property(range, circumstances, fc.subarray(aggravating), (r, some, more) => {
        const base = suggestFine(rules, r, some);
        expect(base.suggestedYuan).toBeGreaterThanOrEqual(r.minYuan);
        expect(base.suggestedYuan).toBeLessThanOrEqual(r.maxYuan);
        const worse = suggestFine(rules, r, [...new Set([...some, ...more])]);
        expect(worse.suggestedYuan).toBeGreaterThanOrEqual(base.suggestedYuan);
      }),
    );
    expect(rules.official).toBe(false);
  });

  it('chooses the 逾期未改正 range for an item not rectified', () => {
    const fines = [
      { target: '生产经营单位', minYuan: 0, maxYuan: 50000, basis: null, ratio: null },
      { target: '生产经营单位(逾期未改正)', minYuan: 50000, maxYuan: 200000, basis: null, ratio: null },
      { target: '直接责任人员(逾期未改正)', minYuan: 10000, maxYuan: 20000, basis: null, ratio: null },
    ];
    expect(legalRange(fines, false)).toEqual({ minYuan: 0, maxYuan: 50000 });
    expect(legalRange(fines, true)).toEqual({ minYuan: 50000, maxYuan: 200000 });
    expect(
      legalRange(
        [{ target: '生产经营单位', minYuan: null, maxYuan: null, basis: '上一年年收入', ratio: '40%' }],
        true,
      ),
    ).toBeNull();
  });
});
