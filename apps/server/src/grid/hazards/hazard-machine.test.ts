import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAZARD_STATUSES, ROLES, type HazardStatusValue, type Role } from '@safegrid/contracts/values';
import {
  allowedEvents,
  decide,
  decideReport,
  HAZARD_REFUSALS,
  isOverdue,
  roleMayTake,
  TERMINAL,
  type HazardActorRole,
  type HazardCommand,
  type HazardState,
} from './hazard-machine';

const TODAY = '2026-12-01';
const base: HazardState = {
  status: 'reported',
  deadline: null,
  pendingDeferral: null,
  escalated: false,
  level: 'general',
  listedForSupervision: false,
  rectificationPhotos: 0,
  verificationPhotos: 0,
};
const at = (status: HazardStatusValue, extra: Partial<HazardState> = {}): HazardState => ({
  ...base,
  status,
  deadline: status === 'reported' ? null : '2026-12-10',
  ...extra,
});
type Command = Exclude<HazardCommand, { type: 'report' }>;
const ok = (state: HazardState, command: Command, role: HazardActorRole, today = TODAY) => {
  const d = decide(state, command, role, today);
  if (!d.ok) throw new Error(`refused: ${d.code}`);
  return d;
};
const code = (state: HazardState, command: Command, role: HazardActorRole, today = TODAY) => {
  const d = decide(state, command, role, today);
  return d.ok ? 'ok' : d.code;
};

describe('hazard machine: the rules one by one', () => {
  it('reports as reported, or assigned with a deadline; a major hazard is listed and reported up', () => {
    expect(decideReport({ type: 'report', major: false }, 'grid_inspector', TODAY)).toMatchObject({
      ok: true,
      state: { status: 'reported', level: 'general', listedForSupervision: false },
      effects: {},
    });
    expect(
      decideReport({ type: 'report', major: true, deadline: '2026-12-05' }, 'street_officer', TODAY),
    ).toMatchObject({
      ok: true,
      state: { status: 'assigned', deadline: '2026-12-05', level: 'major', listedForSupervision: true },
      effects: { reportToDistrict: true },
    });
    expect(decideReport({ type: 'report', major: false }, 'enterprise', TODAY)).toEqual({
      ok: false,
      code: 'auth.forbidden',
    });
    expect(
      decideReport({ type: 'report', major: false, deadline: '2026-11-30' }, 'grid_inspector', TODAY),
    ).toEqual({ ok: false, code: 'hazard.deadline_in_past' });
  });

  it('assigns with a deadline of today or later, by the inspector or a supervisor only', () => {
    expect(ok(at('reported'), { type: 'assign', deadline: TODAY }, 'grid_inspector').state).toMatchObject({
      status: 'assigned',
      deadline: TODAY,
    });
    expect(code(at('reported'), { type: 'assign', deadline: TODAY }, 'district_officer')).toBe('ok');
    expect(code(at('reported'), { type: 'assign' }, 'grid_inspector')).toBe('hazard.deadline_required');
    expect(code(at('reported'), { type: 'assign', deadline: '2026-11-30' }, 'grid_inspector')).toBe(
      'hazard.deadline_in_past',
    );
    expect(code(at('reported'), { type: 'assign', deadline: TODAY }, 'enforcement_officer')).toBe(
      'auth.forbidden',
    );
    expect(code(at('assigned'), { type: 'assign', deadline: TODAY }, 'grid_inspector')).toBe(
      'hazard.transition_not_allowed',
    );
  });

  it('needs a rectification photo to submit and a verification photo to close', () => {
    const rectifying = ok(at('assigned'), { type: 'acknowledge' }, 'enterprise').state;
    expect(rectifying.status).toBe('rectifying');
    expect(code(rectifying, { type: 'submit' }, 'enterprise')).toBe('hazard.evidence_required');
    const submitted = ok({ ...rectifying, rectificationPhotos: 1 }, { type: 'submit' }, 'enterprise').state;
    expect(submitted.status).toBe('submitted');
    expect(code(submitted, { type: 'verify' }, 'grid_inspector')).toBe('hazard.evidence_required');
    expect(code(submitted, { type: 'verify' }, 'enterprise')).toBe('auth.forbidden');
    expect(
      ok({ ...submitted, verificationPhotos: 1 }, { type: 'verify' }, 'street_officer').state.status,
    ).toBe('closed');
  });

  it('rejects back to rectifying with a note, starting a new round of photos', () => {
    const submitted = at('submitted', { rectificationPhotos: 2, verificationPhotos: 1 });
    expect(code(submitted, { type: 'reject' }, 'grid_inspector')).toBe('hazard.note_required');
    expect(code(submitted, { type: 'reject', note: '  ' }, 'grid_inspector')).toBe('hazard.note_required');
    const d = ok(submitted, { type: 'reject', note: '未整改到位' }, 'grid_inspector');
    expect(d.state).toMatchObject({ status: 'rectifying', rectificationPhotos: 0, verificationPhotos: 0 });
    expect(d.effects).toEqual({ newRound: true });
    expect(code(d.state, { type: 'submit' }, 'enterprise')).toBe('hazard.evidence_required');
  });

  it('defers within 90 days of the current deadline, one request at a time', () => {
    const assigned = at('assigned'); // deadline 2026-12-10
    const ask = (deadline: string) => ({ type: 'request_deferral' as const, deadline, note: '设备到货延迟' });
    expect(code(assigned, ask('2026-12-10'), 'enterprise')).toBe('hazard.deferral_invalid');
    expect(code(assigned, ask('2027-03-10'), 'enterprise')).toBe('ok'); // 90 days
    expect(code(assigned, ask('2027-03-11'), 'enterprise')).toBe('hazard.deferral_invalid');
    expect(code(assigned, { type: 'request_deferral', deadline: '2026-12-20' }, 'enterprise')).toBe(
      'hazard.note_required',
    );
    const pending = ok(assigned, ask('2026-12-20'), 'enterprise').state;
    expect(code(pending, ask('2026-12-21'), 'enterprise')).toBe('hazard.deferral_pending');
    expect(code(pending, { type: 'approve_deferral' }, 'grid_inspector')).toBe('auth.forbidden');
    expect(ok(pending, { type: 'approve_deferral' }, 'street_officer').state).toMatchObject({
      deadline: '2026-12-20',
      pendingDeferral: null,
    });
    expect(ok(pending, { type: 'deny_deferral' }, 'district_officer').state).toMatchObject({
      deadline: '2026-12-10',
      pendingDeferral: null,
    });
    expect(code(assigned, { type: 'approve_deferral' }, 'street_officer')).toBe(
      'hazard.deferral_not_pending',
    );
    expect(code(at('submitted'), ask('2026-12-20'), 'enterprise')).toBe('hazard.transition_not_allowed');
  });

  it('escalates an overdue hazard once, by a supervisor or the sweep', () => {
    const overdue = at('rectifying', { deadline: '2026-11-30' });
    expect(isOverdue(overdue, TODAY)).toBe(true);
    expect(isOverdue(at('rectifying', { deadline: TODAY }), TODAY)).toBe(false);
    expect(isOverdue(at('submitted', { deadline: '2026-11-30' }), TODAY)).toBe(false);
    const d = ok(overdue, { type: 'escalate' }, 'system');
    expect(d.state.escalated).toBe(true);
    expect(d.effects).toEqual({ referToEnforcement: true });
    expect(code(d.state, { type: 'escalate' }, 'street_officer')).toBe('hazard.already_escalated');
    expect(code(at('rectifying'), { type: 'escalate' }, 'street_officer')).toBe('hazard.not_overdue');
    expect(code(overdue, { type: 'escalate' }, 'grid_inspector')).toBe('auth.forbidden');
    expect(code(overdue, { type: 'acknowledge' }, 'system')).toBe('auth.forbidden');
  });

  it('withdraws with a note before submission only', () => {
    expect(code(at('reported'), { type: 'withdraw', note: '误报' }, 'street_officer')).toBe('ok');
    expect(code(at('rectifying'), { type: 'withdraw' }, 'street_officer')).toBe('hazard.note_required');
    expect(code(at('submitted'), { type: 'withdraw', note: '误报' }, 'street_officer')).toBe(
      'hazard.transition_not_allowed',
    );
  });

  it('offers each role only its own buttons', () => {
    expect(allowedEvents(at('reported'), 'grid_inspector', TODAY)).toEqual(['assign']);
    expect(allowedEvents(at('reported'), 'street_officer', TODAY)).toEqual(['assign', 'withdraw']);
    expect(allowedEvents(at('assigned'), 'enterprise', TODAY)).toEqual(['acknowledge', 'request_deferral']);
    expect(allowedEvents(at('rectifying'), 'enterprise', TODAY)).toEqual(['submit', 'request_deferral']);
    expect(allowedEvents(at('submitted'), 'grid_inspector', TODAY)).toEqual(['verify', 'reject']);
    expect(allowedEvents(at('rectifying', { deadline: '2026-11-01' }), 'district_officer', TODAY)).toEqual([
      'escalate',
      'withdraw',
    ]);
    expect(allowedEvents(at('closed'), 'street_officer', TODAY)).toEqual([]);
    expect(allowedEvents(at('assigned'), 'approver', TODAY)).toEqual([]);
  });
});

const EVENTS = [
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
] as const;

const day = (offset: number) => new Date(Date.UTC(2026, 11, 1 + offset)).toISOString().slice(0, 10);

/** One step of a random history: who does what, on which day, and what happens to photos. */
const step = fc.record({
  event: fc.constantFrom(...EVENTS),
  role: fc.constantFrom<HazardActorRole>(...ROLES, 'system'),
  dayOffset: fc.integer({ min: -5, max: 200 }),
  deadlineOffset: fc.option(fc.integer({ min: -10, max: 250 }), { nil: undefined }),
  note: fc.option(fc.constantFrom('整改说明', ' '), { nil: undefined }),
  rectificationPhoto: fc.boolean(),
  verificationPhoto: fc.boolean(),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function commandOf(s: Step): Command {
  const deadline = s.deadlineOffset === undefined ? undefined : day(s.deadlineOffset);
  return { type: s.event, deadline, note: s.note } as Command;
}

describe('hazard machine: properties over random histories', () => {
  const start = fc.record({
    major: fc.boolean(),
    deadlineOffset: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });

  it('never leaves the known states, keeps its invariants, and escalates at most once', () => {
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 40 }), (first, steps) => {
        const reported = decideReport(
          {
            type: 'report',
            major: first.major,
            deadline: first.deadlineOffset === undefined ? undefined : day(first.deadlineOffset),
          },
          'grid_inspector',
          day(0),
        );
        if (!reported.ok) return false;
        let state = reported.state;
        let escalations = 0;
        for (const s of steps) {
          // Photos arrive between steps, only where the photo rules let them in.
          if (s.rectificationPhoto && state.status === 'rectifying') {
            state = { ...state, rectificationPhotos: state.rectificationPhotos + 1 };
          }
          if (s.verificationPhoto && state.status === 'submitted') {
            state = { ...state, verificationPhotos: state.verificationPhotos + 1 };
          }
          const before = state;
          const today = day(s.dayOffset);
          const offered = allowedEvents(before, s.role, today);
          const d = decide(before, commandOf(s), s.role, today);
          if (!d.ok) {
            expect(HAZARD_REFUSALS).toContain(d.code);
            // A refused event is never one the role may not take at all while it is offered.
            if (d.code === 'auth.forbidden') expect(roleMayTake(s.role, s.event)).toBe(false);
            if (TERMINAL.includes(before.status)) expect(offered).toEqual([]);
            continue;
          }
          // Only offered events succeed.
          expect(offered).toContain(s.event);
          expect(TERMINAL).not.toContain(before.status);
          state = d.state;
          if (d.effects.referToEnforcement) escalations += 1;
          expect(HAZARD_STATUSES).toContain(state.status);
          // Level and listing are fixed at the report.
          expect(state.level).toBe(first.major ? 'major' : 'general');
          expect(state.listedForSupervision).toBe(first.major);
          // A deadline exists from assignment on (a hazard withdrawn while reported has none); a deferral is pending only while rectification is open.
          if (['assigned', 'rectifying', 'submitted', 'closed'].includes(state.status)) {
            expect(state.deadline).not.toBeNull();
          }
          if (state.pendingDeferral) expect(['assigned', 'rectifying']).toContain(state.status);
          if (state.escalated) expect(before.escalated || d.effects.referToEnforcement).toBeTruthy();
          if (before.escalated) expect(state.escalated).toBe(true);
          if (state.status === 'submitted' && before.status === 'rectifying') {
            expect(before.rectificationPhotos).toBeGreaterThan(0);
          }
          if (state.status === 'closed') expect(before.verificationPhotos).toBeGreaterThan(0);
        }
        expect(escalations).toBeLessThanOrEqual(1);
        return true;
      }),
      { numRuns: 500 },
    );
  });

  it('treats closed and withdrawn as terminal for every role, event and day', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TERMINAL), step, (status, s) => {
        const state = at(status, { rectificationPhotos: 3, verificationPhotos: 3 });
        expect(decide(state, commandOf(s), s.role, day(s.dayOffset)).ok).toBe(false);
        expect(allowedEvents(state, s.role, day(s.dayOffset))).toEqual([]);
      }),
    );
  });

  it('lets a role take only the events its policy actions name', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HAZARD_STATUSES), step, (status, s) => {
        const d = decide(at(status), commandOf(s), s.role, day(s.dayOffset));
        if (d.ok) expect(roleMayTake(s.role, s.event)).toBe(true);
        if (!roleMayTake(s.role, s.event)) expect(d).toEqual({ ok: false, code: 'auth.forbidden' });
      }),
    );
  });

  it('agrees with allowedEvents: a fully specified offered event succeeds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HAZARD_STATUSES),
        fc.constantFrom<Role>(...ROLES),
        fc.integer({ min: -20, max: 20 }),
        fc.boolean(),
        (status, role, deadlineOffset, pending) => {
          const state = at(status, {
            deadline: status === 'reported' ? null : day(deadlineOffset),
            pendingDeferral:
              pending && (status === 'assigned' || status === 'rectifying')
                ? { requestedDeadline: day(40) }
                : null,
            rectificationPhotos: 1,
            verificationPhotos: 1,
          });
          for (const event of allowedEvents(state, role, day(0))) {
            const deadline =
              event === 'assign'
                ? day(0)
                : event === 'request_deferral'
                  ? day(deadlineOffset + 1)
                  : undefined;
            const d = decide(state, { type: event, deadline, note: '说明' } as Command, role, day(0));
            expect(d.ok, `${status} ${role} ${event}`).toBe(true);
          }
        },
      ),
    );
  });
});
