import { describe, expect, it } from 'vitest';
import type { Action } from '@safegrid/contracts/values';
import type { GasTest } from '@safegrid/contracts';
import { PERMIT_STATUSES } from './labels';
import {
  cleanNames,
  fromLocalInput,
  initialPermitForm,
  latestGasTest,
  permitActions,
  permitStepView,
  STATUS_COMMANDS,
  toCreatePermit,
  toLocalInput,
  validatePermitForm,
  type ActionContext,
} from './permitModel';
import { permitDetail } from './testData';

const NOW = Date.parse('2026-03-01T09:00:00Z');
const gasTest = (overrides: Partial<GasTest> = {}): GasTest => ({
  id: 'g1',
  source: 'manual',
  deviceId: null,
  instrumentId: 'PID-1',
  tester: '王五',
  measuredAt: '2026-03-01T08:50:00Z',
  o2: 20.9,
  h2s: 0,
  co: 0,
  lel: 0,
  passed: true,
  failures: [],
  recordedAt: '2026-03-01T08:50:05Z',
  ...overrides,
});
const ctx = (...allowed: Action[]): ActionContext => ({
  can: (a) => allowed.includes(a),
  now: NOW,
  checklistIds: ['a', 'b'],
});
const ALL = ctx('permit.apply', 'permit.approve');
const view = (list: ReturnType<typeof permitActions>) =>
  Object.fromEntries(list.map((v) => [v.action, v.blockedBy]));

describe('permitStepView', () => {
  it('follows the happy path', () => {
    expect(permitStepView('draft', [])).toEqual({ current: 0, status: 'process' });
    expect(permitStepView('active', [])).toEqual({ current: 3, status: 'process' });
    expect(permitStepView('completed', [])).toEqual({ current: 4, status: 'finish' });
  });

  it('marks a suspension, and a cancellation where it happened', () => {
    expect(permitStepView('suspended', [])).toEqual({ current: 3, status: 'error' });
    const transitions = [
      {
        from: null,
        to: 'draft',
        at: '2026-03-01T07:00:00Z',
        actorKind: 'user',
        actorName: 'a',
        reason: null,
      },
      {
        from: 'draft',
        to: 'submitted',
        at: '2026-03-01T07:10:00Z',
        actorKind: 'user',
        actorName: 'a',
        reason: null,
      },
      {
        from: 'submitted',
        to: 'cancelled',
        at: '2026-03-01T07:20:00Z',
        actorKind: 'user',
        actorName: 'a',
        reason: 'x',
      },
    ] as const;
    expect(permitStepView('cancelled', [...transitions])).toEqual({ current: 1, status: 'error' });
    expect(permitStepView('expired', [])).toEqual({ current: 0, status: 'error' });
  });
});

describe('permitActions', () => {
  it('offers only what the status accepts and the session may do', () => {
    for (const status of PERMIT_STATUSES) {
      const actions = permitActions(permitDetail({ status }), ALL).map((v) => v.action);
      for (const command of STATUS_COMMANDS[status]) expect(actions).toContain(command);
    }
    const submitted = permitDetail({ status: 'submitted' });
    expect(permitActions(submitted, ctx('permit.apply')).map((v) => v.action)).toEqual(['cancel', 'gasTest']);
    expect(permitActions(submitted, ctx('permit.approve')).map((v) => v.action)).toEqual([
      'approve',
      'return',
    ]);
    expect(permitActions(submitted, ctx())).toEqual([]);
    expect(permitActions(permitDetail({ status: 'completed' }), ALL)).toEqual([]);
  });

  it('explains why submit is not possible yet', () => {
    expect(view(permitActions(permitDetail({ status: 'draft', checklist: { a: true } }), ALL)).submit).toBe(
      'permit.checklist_incomplete',
    );
    expect(view(permitActions(permitDetail({ status: 'draft', entrants: [] }), ALL)).submit).toBe(
      'permit.no_entrants',
    );
    expect(
      view(permitActions(permitDetail({ status: 'draft', windowEnd: '2026-03-01T08:00:00Z' }), ALL)).submit,
    ).toBe('permit.window_over');
    expect(view(permitActions(permitDetail({ status: 'draft' }), ALL)).submit).toBeNull();
  });

  it('gates approval on a fresh passing gas test', () => {
    const approve = (tests: GasTest[]) =>
      view(permitActions(permitDetail({ status: 'submitted', gasTests: tests }), ALL)).approve;
    expect(approve([])).toBe('permit.gas_test_missing');
    expect(approve([gasTest({ passed: false })])).toBe('permit.gas_test_failed');
    expect(approve([gasTest({ measuredAt: '2026-03-01T08:00:00Z' })])).toBe('permit.gas_test_stale');
    expect(approve([gasTest()])).toBeNull();
    // The latest test counts, whatever the order of the array.
    expect(
      approve([gasTest(), gasTest({ id: 'g0', measuredAt: '2026-03-01T08:40:00Z', passed: false })]),
    ).toBeNull();
  });

  it('needs a test after the suspension to resume', () => {
    const transitions = [
      {
        from: 'active',
        to: 'suspended',
        at: '2026-03-01T08:55:00Z',
        actorKind: 'system',
        actorName: null,
        reason: 'gas',
      },
    ] as const;
    const suspended = permitDetail({
      status: 'suspended',
      gasTests: [gasTest()],
      transitions: [...transitions],
    });
    expect(view(permitActions(suspended, ALL)).resume).toBe('permit.gas_test_before_suspension');
    const retested = { ...suspended, gasTests: [gasTest({ measuredAt: '2026-03-01T08:58:00Z' })] };
    expect(view(permitActions(retested, ALL)).resume).toBeNull();
  });

  it('says why no unlock token can be issued', () => {
    const lock = { id: 'L1', kind: 'smart_lock', label: 'lock', online: true, lastSeenAt: null } as const;
    expect(view(permitActions(permitDetail({ status: 'approved' }), ALL)).unlock).toBe(
      'permit.lock_not_linked',
    );
    const refused = permitDetail({
      status: 'approved',
      devices: [lock],
      unlockRefusal: 'permit.gas_test_stale',
    });
    expect(view(permitActions(refused, ALL)).unlock).toBe('permit.gas_test_stale');
    expect(view(permitActions({ ...refused, unlockRefusal: null }, ALL)).unlock).toBeNull();
  });
});

describe('latestGasTest', () => {
  it('is null without tests', () => {
    expect(latestGasTest([])).toBeNull();
  });
});

describe('permit application form', () => {
  it('round-trips datetime-local values', () => {
    const date = new Date(2026, 2, 1, 8, 5);
    expect(toLocalInput(date)).toBe('2026-03-01T08:05');
    expect(fromLocalInput('2026-03-01T08:05')).toBe(date.toISOString());
    expect(fromLocalInput('yesterday')).toBeNull();
  });

  it('starts with a four-hour window on a five-minute mark', () => {
    const form = initialPermitForm(new Date(2026, 2, 1, 8, 3, 20));
    expect(form.windowStart).toBe('2026-03-01T08:05');
    expect(form.windowEnd).toBe('2026-03-01T12:05');
  });

  it('checks the window, the entrants and the attendant', () => {
    const base = { ...initialPermitForm(new Date(2026, 2, 1, 8, 0)), entrants: ['张三'], attendant: '王五' };
    expect(validatePermitForm(base)).toEqual({});
    expect(validatePermitForm({ ...base, windowEnd: base.windowStart }).windowEnd).toBe(
      'permitForm.windowOrder',
    );
    expect(validatePermitForm({ ...base, attendant: ' 张三 ' }).attendant).toBe(
      'permitForm.attendantIsEntrant',
    );
    expect(validatePermitForm({ ...base, entrants: ['x'.repeat(41)] }).entrants).toBe(
      'permitForm.nameTooLong',
    );
    const many = Array.from({ length: 21 }, (_, i) => `p${i}`);
    expect(validatePermitForm({ ...base, entrants: many }).entrants).toBe('permitForm.entrantsLimit');
    expect(validatePermitForm({ ...base, windowStart: '' }).windowStart).toBe('permitForm.dateInvalid');
  });

  it('builds the request with every checklist item answered', () => {
    const values = {
      ...initialPermitForm(new Date(2026, 2, 1, 8, 0)),
      workContent: ' 清淤 ',
      entrants: [' 张三', '张三', '', '李四'],
      attendant: '王五 ',
      responsiblePerson: '赵六',
      checklist: ['a'],
    };
    const body = toCreatePermit('5', values, ['a', 'b']);
    expect(body).toMatchObject({
      spaceId: '5',
      workContent: '清淤',
      entrants: ['张三', '李四'],
      attendant: '王五',
      checklist: { a: true, b: false },
    });
    expect(body.windowStart).toBe(new Date(2026, 2, 1, 8, 0).toISOString());
    expect(cleanNames(['  ', 'a', 'a '])).toEqual(['a']);
  });
});
