import { beforeAll, describe, expect, it } from 'vitest';
import { CONFINED_HAZARDS, CONFINED_SPACE_TYPES, VENTILATION_KINDS } from '@safegrid/contracts/values';
import { loadIndustryCatalogue } from '../../apps/server/src/grid/industries/industry-catalogue';
import {
  CONFINED_SPACE_CLASSES,
  generateConfinedSpaces,
  profileOf,
  type ConfinedSpaceRecord,
} from './confined-spaces';
import { SIZES, generateDemoCity, type DemoCity } from './generate';

const cities: Partial<Record<'small' | 'full', DemoCity>> = {};

beforeAll(() => {
  cities.small = generateDemoCity({ size: 'small', seed: 7 });
  cities.full = generateDemoCity({ size: 'full', seed: 7 });
}, 60_000);

const byFirm = (spaces: readonly ConfinedSpaceRecord[]) => {
  const out = new Map<string, ConfinedSpaceRecord[]>();
  for (const s of spaces) out.set(s.enterpriseCreditCode, [...(out.get(s.enterpriseCreditCode) ?? []), s]);
  return out;
};

/** Metres between two nearby points (equirectangular: exact enough over a few hundred metres). */
const metres = (lon1: number, lat1: number, lon2: number, lat2: number) => {
  const x = (lon2 - lon1) * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot(x, lat2 - lat1) * 111_320;
};

describe('confined-space ledger', () => {
  it('is deterministic for a seed, and another seed gives another ledger', () => {
    const city = cities.small!;
    const targets = { enterprises: SIZES.small.confinedEnterprises, spaces: SIZES.small.confinedSpaces };
    const again = generateConfinedSpaces(city.enterprises, city.devices, targets, 7);
    expect(again.spaces).toEqual(city.confinedSpaces);
    expect(city.devices.map((d) => again.deviceSpaces.get(d.id))).toEqual(
      city.devices.map((d) => d.confinedSpaceCode),
    );
    const other = generateConfinedSpaces(city.enterprises, city.devices, targets, 8);
    expect(other.spaces).not.toEqual(city.confinedSpaces);
  });

  for (const size of ['small', 'full'] as const) {
    describe(size, () => {
      it('has the preset’s counts (±10 %), 1–20 spaces a firm, about 6.4 on average', () => {
        const { confinedSpaces } = cities[size]!;
        const firms = byFirm(confinedSpaces);
        const preset = SIZES[size];
        expect(Math.abs(firms.size / preset.confinedEnterprises - 1)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(confinedSpaces.length / preset.confinedSpaces - 1)).toBeLessThanOrEqual(0.1);
        for (const spaces of firms.values()) {
          expect(spaces.length).toBeGreaterThanOrEqual(1);
          expect(spaces.length).toBeLessThanOrEqual(20);
        }
        expect(confinedSpaces.length / firms.size).toBeGreaterThan(5.8);
        expect(confinedSpaces.length / firms.size).toBeLessThan(7);
      });

      it('fills every field from the vocabularies, with codes and names unique per firm', () => {
        const { confinedSpaces } = cities[size]!;
        const types: readonly string[] = CONFINED_SPACE_TYPES;
        const ventilation: readonly string[] = VENTILATION_KINDS;
        const hazards: readonly string[] = CONFINED_HAZARDS;
        // One assertion over all 12,000 rows: an expect per field per row takes seconds.
        const bad = confinedSpaces.filter(
          (s) =>
            !types.includes(s.spaceType) ||
            !ventilation.includes(s.ventilation) ||
            s.hazards.length === 0 ||
            !s.hazards.every((h) => hazards.includes(h)) ||
            new Set(s.hazards).size !== s.hazards.length ||
            !/^YX-\d{3}$/.test(s.code) ||
            s.name.length > 100 ||
            !/^(厂区.+|\d号.+旁)$/.test(s.location) ||
            !(s.entryPoints >= 1 && s.entryPoints <= 3) ||
            !/《.+》/.test(s.rescuePlan) ||
            !s.rescueEquipment.includes('便携式四合一气体检测仪') ||
            // Arrays travel to the database as comma-joined strings.
            [...s.hazards, ...s.rescueEquipment].some((x) => x.includes(',')),
        );
        expect(bad).toEqual([]);
        for (const spaces of byFirm(confinedSpaces).values()) {
          expect(new Set(spaces.map((s) => s.code)).size).toBe(spaces.length);
          expect(new Set(spaces.map((s) => s.name)).size).toBe(spaces.length);
        }
        const signs = confinedSpaces.filter((s) => s.warningSign).length / confinedSpaces.length;
        expect(signs).toBeGreaterThan(size === 'full' ? 0.82 : 0.75);
        expect(signs).toBeLessThan(size === 'full' ? 0.88 : 0.95);
      });

      it('gives each kind of space its type and hazards', () => {
        for (const s of cities[size]!.confinedSpaces) {
          const name = s.name.replace(/^\d+号/, '');
          if (/(池|井|沟|管道|窖)$/.test(name)) expect(s.spaceType).toBe('underground');
          if (/(罐|锅|炉|釜|缸|槽|鼓|机|桶|仓)$/.test(name)) expect(s.spaceType).not.toBe('underground');
          if (/污水|废水|化粪|集水|腌制|盐渍|窨井|检查井|排污|灰液|血水|隔油/.test(name)) {
            expect(s.hazards).toEqual(expect.arrayContaining(['h2s', 'oxygen_deficiency']));
          }
          if (/发酵/.test(name)) expect(s.hazards).toContain('oxygen_deficiency');
          if (/储罐|储.罐|水罐/.test(name)) expect(s.hazards).toContain('drowning');
          if (/锅炉|热媒炉|导热油炉/.test(name)) expect(s.hazards).toContain('co');
        }
      });

      it('places every space within 100 m of its enterprise', () => {
        const city = cities[size]!;
        const firms = new Map(city.enterprises.map((e) => [e.creditCode, e]));
        const far = city.confinedSpaces.filter((s) => {
          const e = firms.get(s.enterpriseCreditCode)!;
          return metres(e.lon, e.lat, s.lon, s.lat) > 100;
        });
        expect(far).toEqual([]);
      });

      it('links every device to a gas-hazard space of its own firm, lock and detector together', () => {
        const city = cities[size]!;
        const spaces = new Map(city.confinedSpaces.map((s) => [`${s.enterpriseCreditCode}/${s.code}`, s]));
        const atFirm = new Map<string, Set<string>>();
        for (const d of city.devices) {
          const space = spaces.get(`${d.enterpriseCreditCode}/${d.confinedSpaceCode}`);
          expect(space, d.id).toBeDefined();
          expect(
            space!.hazards.some((h) => ['h2s', 'co', 'oxygen_deficiency', 'combustible'].includes(h)),
          ).toBe(true);
          atFirm.set(
            d.enterpriseCreditCode,
            (atFirm.get(d.enterpriseCreditCode) ?? new Set()).add(space!.code),
          );
        }
        for (const codes of atFirm.values()) expect(codes.size).toBe(1);
        const locks = city.devices.filter((d) => d.kind === 'smart_lock');
        expect(locks.length).toBe(SIZES[size].smartLocks);
        for (const lock of locks) {
          const detector = city.devices.find(
            (d) => d.kind === 'gas_detector' && d.enterpriseCreditCode === lock.enterpriseCreditCode,
          );
          expect(detector?.confinedSpaceCode).toBe(lock.confinedSpaceCode);
        }
      });
    });
  }

  it('draws the ledger holders mostly from the trades with confined spaces', () => {
    const city = cities.full!;
    const firms = new Map(city.enterprises.map((e) => [e.creditCode, e]));
    const holders = [...byFirm(city.confinedSpaces).keys()].map((c) => firms.get(c)!);
    const byTrade = new Map<string, number>();
    for (const e of holders)
      byTrade.set(profileOf(e.industryCode).key, (byTrade.get(profileOf(e.industryCode).key) ?? 0) + 1);
    const named = holders.filter((e) => !['general', 'other'].includes(profileOf(e.industryCode).key)).length;
    expect(named / holders.length).toBeGreaterThan(0.55);
    for (const trade of Object.keys(CONFINED_SPACE_CLASSES))
      expect(byTrade.get(trade) ?? 0).toBeGreaterThan(5);
    // Firms of other trades hold a ledger only for a sewage station of some size, or a device.
    const devices = new Set(city.devices.map((d) => d.enterpriseCreditCode));
    for (const e of holders) {
      if (devices.has(e.creditCode)) continue;
      expect(e.status).not.toBe('closed');
      if (profileOf(e.industryCode).key === 'general') expect(e.scale).not.toBe('micro');
      expect(profileOf(e.industryCode).key).not.toBe('other');
    }
    const holding = new Set(holders.map((e) => e.creditCode));
    for (const d of devices) expect(holding.has(d)).toBe(true);
  });

  it('names only real GB/T 4754 classes that the generated city has', () => {
    const catalogue = new Map(loadIndustryCatalogue().map((r) => [r.code, r]));
    const present = new Set(cities.full!.enterprises.map((e) => e.industryCode));
    for (const codes of Object.values(CONFINED_SPACE_CLASSES)) {
      for (const code of codes) {
        expect(catalogue.get(code)?.level, code).toBe(4);
        expect(present.has(code), code).toBe(true);
      }
    }
  });
});
