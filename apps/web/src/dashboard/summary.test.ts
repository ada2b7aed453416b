import { describe, expect, it } from 'vitest';
import type { JurisdictionNode } from '@safegrid/contracts';
import { summariseJurisdictions } from './summary';

const n = (id: string, level: JurisdictionNode['level'], count: number): JurisdictionNode => ({
  id,
  level,
  parentId: null,
  name: id,
  officialCode: null,
  isFunctional: false,
  boundarySynthetic: false,
  center: null,
  enterpriseCount: count,
});

describe('summariseJurisdictions', () => {
  it('counts levels and ranks districts', () => {
    const s = summariseJurisdictions([
      n('a', 'district', 5),
      n('b', 'district', 9),
      n('s', 'street', 9),
      n('g', 'grid', 9),
    ]);
    expect(s.counts).toEqual({ district: 2, street: 1, community: 0, grid: 1 });
    expect(s.districts.map((d) => d.id)).toEqual(['b', 'a']);
    expect(s.totalEnterprises).toBe(14);
    expect(s.maxDistrict).toBe(9);
  });

  it('prefers the city count when present', () => {
    expect(summariseJurisdictions([n('c', 'city', 100), n('a', 'district', 5)]).totalEnterprises).toBe(100);
  });
});
