import { describe, expect, it } from 'vitest';
import {
  DETECTOR_SILENCE_MS,
  ESCALATION_AFTER_MS,
  batteryLow,
  escalationDue,
  overtimePermits,
  silentDetectors,
  type ActivePermitView,
} from './watch-rules';

const T0 = new Date('2026-11-30T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const permit = (over: Partial<ActivePermitView> = {}): ActivePermitView => ({
  permitId: 'P1',
  activatedAt: T0,
  windowEnd: at(3_600_000),
  detectorIds: ['GD-1'],
  status: 'active',
  ...over,
});

describe('silentDetectors', () => {
  it('counts a detector that never reported as silent 30 s after activation', () => {
    const permits = [permit()];
    expect(silentDetectors(permits, new Map(), at(DETECTOR_SILENCE_MS - 1))).toEqual([]);
    expect(silentDetectors(permits, new Map(), at(DETECTOR_SILENCE_MS))).toEqual([
      { permitId: 'P1', deviceId: 'GD-1', silentSince: null },
    ]);
  });

  it('runs the clock from the last reading once the detector reports', () => {
    const last = new Map([['GD-1', at(100_000)]]);
    expect(silentDetectors([permit()], last, at(129_999))).toEqual([]);
    expect(silentDetectors([permit()], last, at(130_000))).toEqual([
      { permitId: 'P1', deviceId: 'GD-1', silentSince: at(100_000) },
    ]);
  });

  it('runs the clock from activation when the last reading is older (the pre-entry test)', () => {
    const last = new Map([['GD-1', at(-600_000)]]);
    expect(silentDetectors([permit()], last, at(10_000))).toEqual([]);
    expect(silentDetectors([permit()], last, at(30_000))).toEqual([
      { permitId: 'P1', deviceId: 'GD-1', silentSince: at(-600_000) },
    ]);
  });

  it('watches suspended permits, every detector once, and each permit on its own', () => {
    const permits = [
      permit({ detectorIds: ['GD-1', 'GD-2', 'GD-1'], status: 'suspended' }),
      permit({ permitId: 'P2', detectorIds: ['GD-2'] }),
    ];
    const last = new Map([['GD-1', at(50_000)]]);
    expect(silentDetectors(permits, last, at(60_000))).toEqual([
      { permitId: 'P1', deviceId: 'GD-2', silentSince: null },
      { permitId: 'P2', deviceId: 'GD-2', silentSince: null },
    ]);
  });

  it('counts as silent when no time can be read', () => {
    const bad = new Date(Number.NaN);
    expect(silentDetectors([permit({ activatedAt: bad })], new Map(), at(0))).toHaveLength(1);
    expect(silentDetectors([permit()], new Map([['GD-1', at(0)]]), bad)).toHaveLength(1);
  });
});

describe('overtimePermits', () => {
  it('reports permits past their window, active or suspended', () => {
    const permits = [
      permit(),
      permit({ permitId: 'P2', windowEnd: at(1000), status: 'suspended' }),
      permit({ permitId: 'P3', windowEnd: at(5000) }),
    ];
    expect(overtimePermits(permits, at(5000))).toEqual([{ permitId: 'P2', overBy: 4000 }]);
    expect(overtimePermits(permits, at(3_600_001)).map((p) => p.permitId)).toEqual(['P1', 'P2', 'P3']);
  });
});

describe('batteryLow', () => {
  it.each([
    [null, false],
    [87, false],
    [20.5, false],
    [20, true],
    [3, true],
    [0, true],
    [Number.NaN, false],
  ])('%s → %s', (battery, low) => {
    expect(batteryLow(battery)).toBe(low);
  });
});

describe('escalationDue', () => {
  const alarm = {
    status: 'raised' as const,
    raisedAt: T0,
    escalationLevel: 0,
    escalatedAt: null,
  };

  it('escalates an unacknowledged alarm after 2 minutes', () => {
    expect(escalationDue(alarm, at(ESCALATION_AFTER_MS - 1))).toBe(false);
    expect(escalationDue(alarm, at(ESCALATION_AFTER_MS))).toBe(true);
  });

  it('stops at the street officer', () => {
    const escalated = { ...alarm, escalationLevel: 1, escalatedAt: at(ESCALATION_AFTER_MS) };
    expect(escalationDue(escalated, at(60 * ESCALATION_AFTER_MS))).toBe(false);
  });

  it('does not escalate acknowledged or resolved alarms', () => {
    expect(escalationDue({ ...alarm, status: 'acknowledged' }, at(10 * ESCALATION_AFTER_MS))).toBe(false);
    expect(escalationDue({ ...alarm, status: 'resolved' }, at(10 * ESCALATION_AFTER_MS))).toBe(false);
  });

  it('escalates when the time cannot be read', () => {
    expect(escalationDue({ ...alarm, raisedAt: new Date(Number.NaN) }, at(0))).toBe(true);
  });
});
