import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DISPATCH_EVENTS,
  DISPATCH_STATUSES,
  DISPATCH_URGENCIES,
  ROLES,
  type DispatchEventValue,
  type DispatchStatusValue,
  type Role,
} from '@safegrid/contracts/values';
import {
  DISPATCH_TRANSITIONS,
  allowedEvents,
  decide,
  isTerminal,
  mayTake,
  type DispatchCommand,
  type DispatchContext,
  type DispatchSnapshot,
} from './dispatch-machine';
import { loadDispatchData } from './dispatch-data';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-01T02:00:00.000Z');
const data = loadDispatchData();
const ctx = (role: Role, hours = 0): DispatchContext => ({
  now: new Date(T0 + hours * HOUR),
  role,
  sla: data.sla,
  departments: data.departmentIds,
});
const event = (overrides: Partial<DispatchSnapshot> = {}): DispatchSnapshot => ({
  status: 'received',
  urgency: 'normal',
  slaDueAt: null,
  hasFinder: true,
  ...overrides,
});
/** A command with every input a step can need, so that only the status and role decide. */
const full = (e: DispatchEventValue): DispatchCommand => ({
  event: e,
  note: '处理结果说明',
  department: 'street-safety-office',
  rating: 4,
});

describe('the data files', () => {
  it('give every open status a deadline for every urgency, urgent the shortest', () => {
    for (const u of DISPATCH_URGENCIES) {
      expect(data.sla.urgencies[u].resolveHours).toBeGreaterThan(0);
    }
    expect(data.sla.urgencies.urgent.resolveHours).toBeLessThan(data.sla.urgencies.normal.resolveHours);
    expect(data.departmentIds.size).toBeGreaterThan(0);
  });
});

describe('DISPATCH_TRANSITIONS', () => {
  it('covers every status; not_filed and evaluated are the only ends', () => {
    expect(Object.keys(DISPATCH_TRANSITIONS).sort()).toEqual([...DISPATCH_STATUSES].sort());
    expect(DISPATCH_STATUSES.filter(isTerminal)).toEqual(['not_filed', 'evaluated']);
  });

  it('gives the street the triage steps and the handling party acceptance and feedback', () => {
    expect(mayTake('street_officer', 'file')).toBe(true);
    expect(mayTake('grid_inspector', 'file')).toBe(false);
    expect(mayTake('grid_inspector', 'accept')).toBe(true);
    expect(mayTake('grid_inspector', 'feedback')).toBe(true);
    expect(mayTake('grid_inspector', 'verify')).toBe(false);
    expect(mayTake('city_admin', 'verify')).toBe(false);
  });
});

describe('the whole flow', () => {
  it('received → filed → dispatched → handling → handled → (returned) → closed → evaluated', () => {
    let e = event({ urgency: 'urgent' });
    const step = (role: Role, cmd: DispatchCommand, hours: number) => {
      const d = decide(e, cmd, ctx(role, hours));
      if (!d.ok) throw new Error(d.refusal);
      e = { ...e, status: d.to, slaDueAt: d.slaDueAt };
      return d;
    };
    const filed = step('street_officer', { event: 'file' }, 1);
    expect(filed.filedAt).toEqual(new Date(T0 + HOUR));
    // The SLA clock starts at 立案.
    expect(filed.slaDueAt).toEqual(new Date(T0 + (1 + data.sla.urgencies.urgent.resolveHours) * HOUR));
    expect(filed.stepDueAt).toEqual(new Date(T0 + (1 + data.sla.urgencies.urgent.stepHours.filed) * HOUR));
    step('street_officer', { event: 'dispatch', department: 'street-enforcement-team' }, 2);
    step('grid_inspector', { event: 'accept' }, 3);
    step('grid_inspector', { event: 'feedback', note: '已整改' }, 5);
    step('street_officer', { event: 'return', note: '照片不清晰' }, 6);
    expect(e.status).toBe('handling');
    step('street_officer', { event: 'feedback', note: '补充照片' }, 7);
    const closed = step('street_officer', { event: 'verify' }, 8);
    expect(closed.stepDueAt).toBeNull();
    // The SLA is not restarted by later steps.
    expect(closed.slaDueAt).toEqual(filed.slaDueAt);
    expect(step('street_officer', { event: 'evaluate', rating: 5 }, 9).to).toBe('evaluated');
    expect(allowedEvents(e, 'street_officer')).toEqual([]);
  });

  it('supports 巡办结合 (the finder handles it) and 不予立案 with a reason', () => {
    expect(
      decide(event({ status: 'filed' }), { event: 'assign_finder' }, ctx('street_officer')),
    ).toMatchObject({
      ok: true,
      to: 'handling',
    });
    expect(
      decide(event({ status: 'filed', hasFinder: false }), { event: 'assign_finder' }, ctx('street_officer')),
    ).toEqual({ ok: false, refusal: 'dispatch.finder_missing' });
    expect(decide(event(), { event: 'not_file' }, ctx('street_officer'))).toEqual({
      ok: false,
      refusal: 'dispatch.note_required',
    });
    expect(decide(event(), { event: 'not_file', note: '  ' }, ctx('street_officer'))).toEqual({
      ok: false,
      refusal: 'dispatch.note_required',
    });
    expect(decide(event(), { event: 'not_file', note: '重复举报' }, ctx('street_officer'))).toMatchObject({
      ok: true,
      to: 'not_filed',
      stepDueAt: null,
    });
  });

  it('refuses in order: role (403), status (409), input (422)', () => {
    expect(decide(event({ status: 'handled' }), { event: 'file' }, ctx('grid_inspector'))).toEqual({
      ok: false,
      refusal: 'dispatch.step_forbidden',
    });
    expect(decide(event({ status: 'handled' }), { event: 'file' }, ctx('street_officer'))).toEqual({
      ok: false,
      refusal: 'dispatch.invalid_transition',
    });
    const filed = event({ status: 'filed' });
    expect(decide(filed, { event: 'dispatch' }, ctx('street_officer'))).toEqual({
      ok: false,
      refusal: 'dispatch.department_required',
    });
    expect(decide(filed, { event: 'dispatch', department: 'nope' }, ctx('street_officer'))).toEqual({
      ok: false,
      refusal: 'dispatch.department_unknown',
    });
    const closed = event({ status: 'closed' });
    for (const rating of [undefined, 0, 6, 2.5]) {
      expect(decide(closed, { event: 'evaluate', rating }, ctx('street_officer'))).toEqual({
        ok: false,
        refusal: 'dispatch.rating_required',
      });
    }
    expect(decide(event({ status: 'handling' }), { event: 'feedback' }, ctx('grid_inspector'))).toEqual({
      ok: false,
      refusal: 'dispatch.note_required',
    });
  });
});

const status = fc.constantFrom(...DISPATCH_STATUSES);
const role = fc.constantFrom(...ROLES);
const eventName = fc.constantFrom(...DISPATCH_EVENTS);
const urgency = fc.constantFrom(...DISPATCH_URGENCIES);
const command = fc.record({
  event: eventName,
  note: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
  department: fc.option(fc.constantFrom('street-safety-office', 'nope', ''), { nil: undefined }),
  rating: fc.option(fc.integer({ min: -1, max: 7 }), { nil: undefined }),
});

describe('properties', () => {
  it('a step succeeds only along the table, for a role the policy allows, and lands where the table says', () => {
    fc.assert(
      fc.property(status, urgency, fc.boolean(), role, command, (s, u, hasFinder, r, cmd) => {
        const d = decide(event({ status: s, urgency: u, hasFinder }), cmd, ctx(r));
        if (d.ok) {
          expect(DISPATCH_TRANSITIONS[s][cmd.event]).toBe(d.to);
          expect(mayTake(r, cmd.event)).toBe(true);
        } else if (!mayTake(r, cmd.event)) {
          expect(d.refusal).toBe('dispatch.step_forbidden');
        } else if (!DISPATCH_TRANSITIONS[s][cmd.event]) {
          expect(d.refusal).toBe('dispatch.invalid_transition');
        }
      }),
    );
  });

  it('allowedEvents is exactly what decide accepts given complete input', () => {
    fc.assert(
      fc.property(status, urgency, fc.boolean(), role, (s, u, hasFinder, r) => {
        const e = event({ status: s, urgency: u, hasFinder });
        const accepted = DISPATCH_EVENTS.filter((name) => decide(e, full(name), ctx(r)).ok);
        expect([...allowedEvents(e, r)].sort()).toEqual([...accepted].sort());
      }),
    );
  });

  it('every deadline lies after the step, and only open statuses have one', () => {
    fc.assert(
      fc.property(status, urgency, role, command, fc.integer({ min: 0, max: 10_000 }), (s, u, r, cmd, h) => {
        const d = decide(event({ status: s, urgency: u }), cmd, ctx(r, h));
        if (!d.ok) return;
        const now = T0 + h * HOUR;
        if (d.stepDueAt) expect(d.stepDueAt.getTime()).toBeGreaterThan(now);
        const rests = isTerminal(d.to) || d.to === 'closed';
        expect(d.stepDueAt === null).toBe(rests);
      }),
    );
  });

  it('any walk from received by allowed steps reaches only known statuses, files before dispatch, and ends', () => {
    const walker = fc.array(fc.tuple(fc.constantFrom<Role>('street_officer', 'grid_inspector'), eventName), {
      maxLength: 40,
    });
    fc.assert(
      fc.property(urgency, fc.boolean(), walker, (u, hasFinder, walk) => {
        let e = event({ urgency: u, hasFinder });
        const seen: DispatchStatusValue[] = [e.status];
        let filedAt: Date | null = null;
        for (const [r, name] of walk) {
          const d = decide(e, full(name), ctx(r, seen.length));
          if (!d.ok) continue;
          if (d.filedAt) filedAt = d.filedAt;
          e = { ...e, status: d.to, slaDueAt: d.slaDueAt };
          seen.push(d.to);
        }
        expect(seen.every((st) => (DISPATCH_STATUSES as readonly string[]).includes(st))).toBe(true);
        // No event leaves received without a triage decision, and the SLA runs only once filed.
        const left = seen.find((st) => st !== 'received');
        if (left) expect(['filed', 'not_filed']).toContain(left);
        if (e.slaDueAt) expect(filedAt).not.toBeNull();
        if (isTerminal(e.status)) expect(allowedEvents(e, 'street_officer')).toEqual([]);
      }),
    );
  });
});
