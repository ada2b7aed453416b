import { describe, expect, it } from 'vitest';
import {
  alarmTouchesList,
  applyPermitEvent,
  parseStreamEvent,
  reconnectDelay,
  sortLivePermits,
} from './streamModel';
import { alarm, permitSummary } from './testData';

describe('parseStreamEvent', () => {
  it('reads alarm and permit events', () => {
    const parsed = parseStreamEvent('alarm', JSON.stringify(alarm({ id: '5' })));
    expect(parsed?.type === 'alarm' && parsed.alarm.id).toBe('5');
    expect(parseStreamEvent('permit', '{"id":"10","status":"suspended"}')).toEqual({
      type: 'permit',
      permit: { id: '10', status: 'suspended' },
    });
  });

  it('ignores malformed data and unknown events', () => {
    expect(parseStreamEvent('alarm', 'not json')).toBeNull();
    expect(parseStreamEvent('alarm', '{"id":"1","kind":"fire"}')).toBeNull();
    expect(parseStreamEvent('permit', '{"id":"10","status":"paused"}')).toBeNull();
    expect(parseStreamEvent('ping', '{"id":"1"}')).toBeNull();
    expect(parseStreamEvent('permit', 'null')).toBeNull();
  });
});

describe('applyPermitEvent', () => {
  const list = [permitSummary({ id: '1', status: 'approved' }), permitSummary({ id: '2' })];

  it('updates a live row', () => {
    const result = applyPermitEvent(list, { id: '1', status: 'active' });
    expect(result.refetch).toBe(false);
    expect(result.items[0]?.status).toBe('active');
  });

  it('removes a permit that is no longer live', () => {
    expect(applyPermitEvent(list, { id: '2', status: 'completed' }).items.map((p) => p.id)).toEqual(['1']);
    expect(applyPermitEvent(list, { id: '9', status: 'cancelled' })).toEqual({ items: list, refetch: false });
  });

  it('asks for a refetch when an unknown permit becomes live', () => {
    expect(applyPermitEvent(list, { id: '3', status: 'approved' }).refetch).toBe(true);
  });
});

describe('live list helpers', () => {
  it('knows which alarms touch the list', () => {
    const list = [permitSummary({ id: '10' })];
    expect(alarmTouchesList(list, alarm({ permitId: '10' }))).toBe(true);
    expect(alarmTouchesList(list, alarm({ permitId: null }))).toBe(false);
  });

  it('sorts suspended first, then by open alarms', () => {
    const sorted = sortLivePermits([
      permitSummary({ id: 'a', status: 'approved' }),
      permitSummary({ id: 'b', status: 'active' }),
      permitSummary({ id: 'c', status: 'active', openAlarms: 2 }),
      permitSummary({ id: 'd', status: 'suspended' }),
    ]);
    expect(sorted.map((p) => p.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('backs off reconnecting up to 30 s', () => {
    expect([0, 1, 2, 10].map(reconnectDelay)).toEqual([1000, 2000, 4000, 30_000]);
  });
});
