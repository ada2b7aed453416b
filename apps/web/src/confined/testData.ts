import type { Alarm, PermitDetail, PermitSummary } from '@safegrid/contracts';

/** Builders of contract objects for the unit tests (kept out of the bundle: only tests import it). */

export function alarm(overrides: Partial<Alarm> = {}): Alarm {
  return {
    id: '1',
    kind: 'gas_over_limit',
    severity: 'critical',
    status: 'raised',
    deviceId: 'GD-1',
    permitId: '10',
    spaceId: '5',
    spaceName: '1号污水井',
    enterpriseId: '7',
    enterpriseName: '示例公司',
    occurredAt: '2026-03-01T08:00:00.000Z',
    raisedAt: '2026-03-01T08:00:01.000Z',
    detail: {},
    escalationLevel: 0,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    resolutionNote: null,
    ...overrides,
  };
}

export function permitSummary(overrides: Partial<PermitSummary> = {}): PermitSummary {
  return {
    id: '10',
    spaceId: '5',
    spaceName: '1号污水井',
    enterpriseId: '7',
    enterpriseName: '示例公司',
    districtId: 'D1',
    status: 'active',
    workContent: '清淤',
    windowStart: '2026-03-01T08:00:00.000Z',
    windowEnd: '2026-03-01T12:00:00.000Z',
    openAlarms: 0,
    lon: 114.05,
    lat: 22.55,
    ...overrides,
  };
}

export function permitDetail(overrides: Partial<PermitDetail> = {}): PermitDetail {
  return {
    ...permitSummary(),
    entrants: ['张三', '李四'],
    attendant: '王五',
    responsiblePerson: '赵六',
    checklist: { a: true, b: true },
    returnReason: null,
    cancelReason: null,
    version: 3,
    createdAt: '2026-03-01T07:00:00.000Z',
    devices: [],
    gasTests: [],
    transitions: [],
    unlockRefusal: null,
    ...overrides,
  };
}
