import type { IssuedUnlockToken, PermitDetail } from '@safegrid/contracts';

/** An API caller of an enterprise account: GET without a body, POST with one. */
export type EnterpriseApi = <T>(path: string, body?: unknown) => Promise<T>;

export interface ApprovedPermitOptions {
  spaceId: string;
  lockId: string;
  workContent: string;
  entrants: string[];
  attendant: string;
  responsiblePerson: string;
  windowHours: number;
  /** The gas instrument of the manual pre-entry test. */
  instrumentId: string;
}

/**
 * A permit taken the whole way an enterprise takes it through the API its pages use: apply with
 * every checklist item ticked, submit, a passing manual gas test, approve, and an unlock token
 * for the space's lock. Shared by the live demo and the end-to-end suite.
 */
export async function approvedPermitWithToken(
  call: EnterpriseApi,
  o: ApprovedPermitOptions,
): Promise<{ permit: PermitDetail; token: IssuedUnlockToken }> {
  const { items } = await call<{ items: { id: string }[] }>('/api/confined/permit-checklist');
  const now = Date.now();
  let permit = await call<PermitDetail>('/api/confined/permits', {
    spaceId: o.spaceId,
    workContent: o.workContent,
    entrants: o.entrants,
    attendant: o.attendant,
    responsiblePerson: o.responsiblePerson,
    windowStart: new Date(now - 60_000).toISOString(),
    windowEnd: new Date(now + o.windowHours * 3_600_000).toISOString(),
    checklist: Object.fromEntries(items.map((item) => [item.id, true])),
  });
  permit = await call<PermitDetail>(`/api/confined/permits/${permit.id}/submit`, { version: permit.version });
  permit = await call<PermitDetail>(`/api/confined/permits/${permit.id}/gas-tests`, {
    source: 'manual',
    instrumentId: o.instrumentId,
    tester: o.attendant,
    measuredAt: new Date().toISOString(),
    o2: 20.9,
    h2s: 0,
    co: 0,
    lel: 0,
  });
  permit = await call<PermitDetail>(`/api/confined/permits/${permit.id}/approve`, {
    version: permit.version,
  });
  const token = await call<IssuedUnlockToken>(`/api/confined/permits/${permit.id}/unlock-tokens`, {
    lockId: o.lockId,
  });
  return { permit, token };
}
