import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCreditCode } from '../../packages/contracts/src/credit-code';
import { loadIndustryCatalogue } from '../../apps/server/src/grid/industries/industry-catalogue';
import { SIZES, generateDemoCity, type DemoCity } from './generate';
import { difference, multiPolygonArea, pointInMultiPolygon } from './geometry';
import { DAPENG_ID, buildTree, type JurisdictionNode } from './jurisdiction';
import { ROSTER_START } from './people';
import { loadShenzhenReference } from './reference';

const digest = (city: DemoCity) => createHash('sha256').update(JSON.stringify(city)).digest('hex');

let city: DemoCity;
let byId: Map<string, JurisdictionNode>;

beforeAll(() => {
  city = generateDemoCity({ size: 'small', seed: 7 });
  byId = new Map(city.jurisdictions.map((n) => [n.id, n]));
});

const ofLevel = (level: JurisdictionNode['level']) => city.jurisdictions.filter((n) => n.level === level);

describe('demo city generator (small)', () => {
  it('is deterministic: the same seed gives the same city, another seed another', () => {
    expect(digest(generateDemoCity({ size: 'small', seed: 7 }))).toBe(digest(city));
    const other = generateDemoCity({ size: 'small', seed: 8 });
    expect(digest(other)).not.toBe(digest(city));
    // The real tree (codes, names) does not depend on the seed; shapes, grids and firms do.
    const real = (c: DemoCity) =>
      c.jurisdictions.filter((n) => n.level !== 'grid').map((n) => [n.id, n.name]);
    expect(real(other)).toEqual(real(city));
    expect(other.enterprises[0]!.name).not.toBe(city.enterprises[0]!.name);
  });

  it('has the expected counts', () => {
    expect(ofLevel('city')).toHaveLength(1);
    expect(ofLevel('district').map((d) => d.id)).toEqual(['440310', DAPENG_ID]);
    expect(ofLevel('street')).toHaveLength(9);
    expect(ofLevel('community')).toHaveLength(48);
    expect(ofLevel('grid')).toHaveLength(SIZES.small.grids);
    expect(city.enterprises).toHaveLength(SIZES.small.enterprises);
    expect(city.devices.filter((d) => d.kind === 'gas_detector')).toHaveLength(SIZES.small.gasDetectors);
    expect(city.devices.filter((d) => d.kind === 'smart_lock')).toHaveLength(SIZES.small.smartLocks);
  });

  it('builds a consistent tree: real codes, synthetic shapes below the district', () => {
    const parentLevel = {
      city: null,
      district: 'city',
      street: 'district',
      community: 'street',
      grid: 'community',
    };
    for (const n of city.jurisdictions) {
      expect(n.parentId === null ? null : byId.get(n.parentId)?.level).toBe(parentLevel[n.level]);
      expect(n.boundary.length).toBeGreaterThan(0);
      expect(pointInMultiPolygon(n.boundary, n.centerLon, n.centerLat)).toBe(true);
      expect(n.boundarySynthetic).toBe(n.level === 'street' || n.level === 'community' || n.level === 'grid');
      if (n.level === 'street') expect(n.id).toMatch(/^\d{9}$/);
      if (n.level === 'community') expect(n.id).toMatch(/^\d{12}$/);
      if (n.level === 'grid') {
        expect(n.id).toMatch(/^G\d{12}-[12]$/);
        expect(n.name).toMatch(/^.+街道.+社区第[12]网格$/);
        expect(n.officialCode).toBeNull();
      }
    }
    // Every community has one or two grids.
    const grids = new Map<string, number>();
    for (const g of ofLevel('grid')) grids.set(g.parentId!, (grids.get(g.parentId!) ?? 0) + 1);
    for (const c of ofLevel('community')) expect([1, 2]).toContain(grids.get(c.id));
  });

  it('puts 葵涌, 大鹏 and 南澳 under 大鹏新区, a functional district without a code', () => {
    expect(byId.get(DAPENG_ID)).toMatchObject({ name: '大鹏新区', isFunctional: true, officialCode: null });
    const streets = ofLevel('street').filter((s) => s.parentId === DAPENG_ID);
    expect(streets.map((s) => [s.id, s.name])).toEqual([
      ['440307009', '葵涌街道'],
      ['440307010', '大鹏街道'],
      ['440307011', '南澳街道'],
    ]);
  });

  it('keeps every grid inside its street’s district', () => {
    for (const grid of ofLevel('grid')) {
      const street = byId.get(byId.get(grid.parentId!)!.parentId!)!;
      const district = byId.get(street.parentId!)!;
      expect(pointInMultiPolygon(district.boundary, grid.centerLon, grid.centerLat)).toBe(true);
      // Rounding to 6 decimals may move an edge by 0.1 m; nothing more may stick out.
      const outside = multiPolygonArea(difference(grid.boundary, district.boundary));
      expect(outside / multiPolygonArea(grid.boundary)).toBeLessThan(1e-4);
    }
  });

  it('places every enterprise inside its grid, with the grid’s whole chain', () => {
    for (const e of city.enterprises) {
      const grid = byId.get(e.gridId)!;
      expect(pointInMultiPolygon(grid.boundary, e.lon, e.lat)).toBe(true);
      expect(grid.parentId).toBe(e.communityId);
      expect(byId.get(e.communityId)!.parentId).toBe(e.streetId);
      expect(byId.get(e.streetId)!.parentId).toBe(e.districtId);
    }
  });

  it('gives every enterprise a valid, unique credit code and a unique name', () => {
    for (const e of city.enterprises) {
      expect(checkCreditCode(e.creditCode)).toBeUndefined();
      expect(e.creditCode.slice(0, 8)).toBe(`91${e.districtId === DAPENG_ID ? '440307' : e.districtId}`);
    }
    expect(new Set(city.enterprises.map((e) => e.creditCode)).size).toBe(city.enterprises.length);
    expect(new Set(city.enterprises.map((e) => e.name)).size).toBe(city.enterprises.length);
  });

  it('uses real 4-digit GB/T 4754 classes with their 工贸 category, and consistent sizes', () => {
    const catalogue = new Map(loadIndustryCatalogue().map((r) => [r.code, r]));
    const bands = { micro: [1, 19], small: [20, 299], medium: [300, 999], large: [1000, 6000] } as const;
    for (const e of city.enterprises) {
      const industry = catalogue.get(e.industryCode);
      expect(industry?.level).toBe(4);
      expect(industry?.gongmaoCategory).toBe(e.gongmaoCategory);
      const [lo, hi] = bands[e.scale];
      expect(e.employees).toBeGreaterThanOrEqual(lo);
      expect(e.employees).toBeLessThanOrEqual(hi);
      expect(e.address.startsWith(`深圳市${byId.get(e.districtId)!.name}${byId.get(e.streetId)!.name}`)).toBe(
        true,
      );
    }
    // Electronics and machinery lead the mix.
    const machinery = city.enterprises.filter((e) => e.gongmaoCategory === 'machinery').length;
    expect(machinery / city.enterprises.length).toBeGreaterThan(0.45);
  });

  it('has two or three inspectors responsible for every grid on any day, with handovers', () => {
    const onDay = (day: string) => {
      const count = new Map<string, number>();
      for (const a of city.assignments) {
        if (a.validFrom <= day && (a.validTo === null || a.validTo > day)) {
          count.set(a.gridId, (count.get(a.gridId) ?? 0) + 1);
        }
      }
      return count;
    };
    for (const day of [ROSTER_START, '2025-06-30', '2026-01-15', '2027-01-01']) {
      const count = onDay(day);
      for (const g of ofLevel('grid')) expect([2, 3]).toContain(count.get(g.id));
    }
    expect(onDay('2023-12-31').size).toBe(0);
    expect(city.assignments.some((a) => a.validTo !== null)).toBe(true);
    const phones = new Set(city.inspectors.map((p) => p.phone));
    expect(phones.size).toBe(city.inspectors.length);
    for (const p of city.inspectors) expect(p.phone).toMatch(/^1380000\d{4}$/);
  });

  it('attaches devices to operating enterprises, every lock beside a detector', () => {
    const firms = new Map(city.enterprises.map((e) => [e.creditCode, e]));
    const detectorFirms = new Set(
      city.devices.filter((d) => d.kind === 'gas_detector').map((d) => d.enterpriseCreditCode),
    );
    for (const d of city.devices) {
      expect(d.id).toMatch(d.kind === 'gas_detector' ? /^GD-\d{6}$/ : /^LK-\d{6}$/);
      expect(firms.get(d.enterpriseCreditCode)?.status).toBe('operating');
      if (d.kind === 'smart_lock') expect(detectorFirms.has(d.enterpriseCreditCode)).toBe(true);
    }
    expect(city.devices.map((d) => d.id)).toContain('GD-000001');
  });
});

describe('demo city tree (full size)', () => {
  it('has the 10 districts, 74 streets, 779 communities and 890 grids', () => {
    const tree = buildTree(loadShenzhenReference(), { seed: 1, ...SIZES.full });
    const count = (level: string) => tree.nodes.filter((n) => n.level === level).length;
    expect([count('city'), count('district'), count('street'), count('community'), count('grid')]).toEqual([
      1, 10, 74, 779, 890,
    ]);
    expect(tree.grids.reduce((sum, g) => sum + g.enterpriseCount, 0)).toBe(120_000);
    // The city outline is real: the union of the 9 district outlines.
    expect(tree.nodes[0]!.boundarySynthetic).toBe(false);
  });
});
