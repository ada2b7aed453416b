import { describe, expect, it } from 'vitest';
import { zhCN } from '../shell/i18n/zh-CN';
import { ALARM_KINDS } from './labels';
import {
  alarmDetailEntries,
  compareAlarms,
  countBySeverity,
  mergeAlarm,
  reconcileAlarms,
  RESCUE_GUIDANCE,
  shouldSound,
  sortAlarms,
} from './alarmModel';
import { alarm } from './testData';

const ids = (list: { id: string }[]) => list.map((a) => a.id);
const BOARD = { openOnly: true };

describe('alarm order', () => {
  it('puts critical first, then the newest first', () => {
    const list = [
      alarm({ id: '1', severity: 'minor', occurredAt: '2026-03-01T09:00:00Z' }),
      alarm({ id: '2', severity: 'critical', occurredAt: '2026-03-01T08:00:00Z' }),
      alarm({ id: '3', severity: 'critical', occurredAt: '2026-03-01T08:30:00Z' }),
      alarm({ id: '4', severity: 'major', occurredAt: '2026-03-01T10:00:00Z' }),
    ];
    expect(ids(sortAlarms(list))).toEqual(['3', '2', '4', '1']);
  });

  it('breaks ties by id so the order is stable', () => {
    expect(compareAlarms(alarm({ id: '9' }), alarm({ id: '10' }))).toBeGreaterThan(0);
  });
});

describe('mergeAlarm', () => {
  it('adds a new alarm in order and replaces a newer copy', () => {
    let list = mergeAlarm([], alarm({ id: '1', severity: 'minor' }), BOARD);
    list = mergeAlarm(list, alarm({ id: '2', severity: 'critical' }), BOARD);
    expect(ids(list)).toEqual(['2', '1']);
    list = mergeAlarm(
      list,
      alarm({ id: '2', status: 'acknowledged', acknowledgedAt: '2026-03-01T08:01:00Z' }),
      BOARD,
    );
    expect(list.find((a) => a.id === '2')?.status).toBe('acknowledged');
  });

  it('drops a resolved alarm from the open board but keeps it in a history', () => {
    const open = [alarm({ id: '1' })];
    const resolved = alarm({ id: '1', status: 'resolved', resolvedAt: '2026-03-01T09:00:00Z' });
    expect(mergeAlarm(open, resolved, BOARD)).toEqual([]);
    expect(mergeAlarm(open, resolved, { openOnly: false, permitId: '10' })[0]?.status).toBe('resolved');
  });

  it('ignores an older copy (an event overtaken by an answer)', () => {
    const acknowledged = alarm({ id: '1', status: 'acknowledged', acknowledgedAt: '2026-03-01T08:01:00Z' });
    const list = [acknowledged];
    expect(mergeAlarm(list, alarm({ id: '1' }), BOARD)).toBe(list);
  });

  it('ignores alarms of other permits in a permit history, and resolved news on the board', () => {
    expect(mergeAlarm([], alarm({ permitId: '11' }), { openOnly: false, permitId: '10' })).toEqual([]);
    expect(mergeAlarm([], alarm({ status: 'resolved' }), BOARD)).toEqual([]);
  });

  it('applies events that arrived during a refetch on top of its answer', () => {
    const fetched = [alarm({ id: '1' }), alarm({ id: '2', severity: 'minor' })];
    const events = [
      alarm({ id: '1', status: 'resolved', resolvedAt: '2026-03-01T09:00:00Z' }),
      alarm({ id: '3', severity: 'major' }),
    ];
    expect(ids(reconcileAlarms(fetched, events, BOARD))).toEqual(['3', '2']);
  });
});

describe('shouldSound', () => {
  it('sounds for a new raised critical alarm and for its escalation', () => {
    expect(shouldSound(undefined, alarm())).toBe(true);
    expect(shouldSound(alarm(), alarm({ escalationLevel: 1 }))).toBe(true);
    expect(shouldSound(alarm(), alarm())).toBe(false);
  });

  it('stays quiet for other severities and for alarms someone is on', () => {
    expect(shouldSound(undefined, alarm({ severity: 'major' }))).toBe(false);
    expect(shouldSound(undefined, alarm({ status: 'acknowledged' }))).toBe(false);
  });
});

describe('alarm texts', () => {
  it('has rescue guidance for every kind, all in the catalogue', () => {
    for (const kind of ALARM_KINDS) {
      expect(RESCUE_GUIDANCE[kind].length).toBeGreaterThan(0);
      for (const key of RESCUE_GUIDANCE[kind]) expect(zhCN).toHaveProperty([key]);
    }
  });

  it('lists scalar detail values, known keys first', () => {
    expect(alarmDetailEntries({ extra: { nested: 1 }, limit: 7.05, rule: 'h2s_high', value: 12 })).toEqual([
      { key: 'rule', value: 'h2s_high' },
      { key: 'value', value: '12' },
      { key: 'limit', value: '7.05' },
    ]);
  });

  it('counts by severity', () => {
    expect(countBySeverity([alarm(), alarm({ severity: 'minor' })])).toEqual({
      critical: 1,
      major: 0,
      minor: 1,
    });
  });
});
