import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records';
import {
  DERIVED_RULES,
  GONGMAO_JSON_PATH,
  INDUSTRY_CSV_PATH,
  buildIndustryCatalogue,
  loadIndustryCatalogue,
  type IndustryRow,
} from './industry-catalogue';

const catalogue = loadIndustryCatalogue();
const byCode = new Map(catalogue.map((r) => [r.code, r]));
const get = (code: string): IndustryRow => {
  const row = byCode.get(code);
  if (!row) throw new Error(`no ${code}`);
  return row;
};
const classesUnder = (prefix: string) => catalogue.filter((r) => r.level === 4 && r.code.startsWith(prefix));

describe('GB/T 4754-2017 catalogue', () => {
  it('has the standard’s 20 sections, 97 divisions, 473 groups and 1,381 classes', () => {
    const levels = [1, 2, 3, 4].map((l) => catalogue.filter((r) => r.level === l).length);
    expect(levels).toEqual([20, 97, 473, 1381]);
    expect(byCode.size).toBe(catalogue.length);
  });

  it('links every code to an existing parent one level up, with section-letter codes', () => {
    for (const r of catalogue) {
      expect(r.code).toMatch(/^[A-T](\d{2}|\d{3}|\d{4})?$/);
      if (r.level === 1) {
        expect(r.parentCode).toBeNull();
        continue;
      }
      const parent = get(r.parentCode!);
      expect(parent.level).toBe(r.level - 1);
      expect(r.code.startsWith(parent.code)).toBe(true);
    }
    expect(get('C3981')).toMatchObject({ level: 4, name: '电阻电容电感元件制造', parentCode: 'C398' });
  });

  it('takes 冶金, 有色, 建材 and 机械 from the circular', () => {
    for (const c of classesUnder('C31'))
      expect(c).toMatchObject({ gongmaoCategory: 'metallurgy', categorySource: 'official' });
    for (const c of classesUnder('C32'))
      expect(c).toMatchObject({ gongmaoCategory: 'nonferrous', categorySource: 'official' });
    for (const d of ['C33', 'C34', 'C35', 'C36', 'C37', 'C38', 'C39', 'C40', 'C43']) {
      expect(get(d)).toMatchObject({ gongmaoCategory: 'machinery', categorySource: 'official' });
      for (const c of classesUnder(d)) expect(c.gongmaoCategory).toBe('machinery');
    }
    expect(get('C30')).toMatchObject({ gongmaoCategory: 'building_materials', categorySource: 'official' });
    expect(get('C3011')).toMatchObject({ gongmaoCategory: 'building_materials', categorySource: 'official' });
    expect(get('C3071')).toMatchObject({ gongmaoCategory: 'building_materials', categorySource: 'official' });
  });

  it('keeps the circular’s 建材 exclusions out of 建材 (placed in light industry by us)', () => {
    const excluded = [...classesUnder('C305'), ...['C3073', 'C3074', 'C3075', 'C3076', 'C3079'].map(get)];
    expect(excluded).toHaveLength(13);
    for (const c of excluded)
      expect(c).toMatchObject({ gongmaoCategory: 'light_industry', categorySource: 'derived' });
  });

  it('marks the mapping for the missing paragraphs as derived', () => {
    expect(get('C1620')).toMatchObject({ gongmaoCategory: 'tobacco', categorySource: 'derived' });
    expect(get('C1711')).toMatchObject({ gongmaoCategory: 'textile', categorySource: 'derived' });
    expect(get('C1830')).toMatchObject({ gongmaoCategory: 'textile', categorySource: 'derived' });
    expect(get('C2319')).toMatchObject({ gongmaoCategory: 'light_industry', categorySource: 'derived' });
    expect(get('C2929')).toMatchObject({ gongmaoCategory: 'light_industry', categorySource: 'derived' });
    expect(get('F5174')).toMatchObject({ gongmaoCategory: 'commerce', categorySource: 'derived' });
    expect(get('F5212')).toMatchObject({ gongmaoCategory: 'commerce', categorySource: 'derived' });
    // Fuels and chemicals belong to hazardous-chemicals supervision in our reading.
    for (const code of ['C2511', 'C2611', 'C2811', 'F5162', 'F5265', 'F5296', 'C4120']) {
      expect(get(code)).toMatchObject({ gongmaoCategory: null, categorySource: null });
    }
  });

  it('gives no category to sections or to industries outside 工贸', () => {
    for (const r of catalogue.filter((x) => x.level === 1)) expect(r.gongmaoCategory).toBeNull();
    for (const code of ['A0111', 'E4710', 'G5411', 'H6210']) expect(get(code).gongmaoCategory).toBeNull();
  });

  it('pairs a category with a source and a source with a category', () => {
    for (const r of catalogue) expect(r.gongmaoCategory === null).toBe(r.categorySource === null);
    // Every derived rule is about a code that exists.
    for (const rule of DERIVED_RULES) expect(byCode.has(rule.prefix)).toBe(true);
  });

  it('refuses a circular that names a code the standard does not have', () => {
    const csv = readFileSync(INDUSTRY_CSV_PATH, 'utf8');
    const json = JSON.parse(readFileSync(GONGMAO_JSON_PATH, 'utf8'));
    json.industries[0].include = [{ code: '99' }];
    expect(() => buildIndustryCatalogue(csv, json)).toThrow(/does not have/);
  });
});

describe('csvRecords', () => {
  it('reads quoted fields with commas and keys them by the header', () => {
    expect(csvRecords('a,b\n1,"x, ""y"""\n\n')).toEqual([{ a: '1', b: 'x, "y"' }]);
  });

  it('rejects a row with the wrong number of fields', () => {
    expect(() => csvRecords('a,b\n1,2,3\n')).toThrow(/3 fields/);
  });
});
