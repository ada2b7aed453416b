import { describe, expect, it } from 'vitest';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { createChecklistLibrary, MAJOR_HAZARD_LAW } from '../../platform/checklists/checklist-library';
import { daysInMonth, isDue, loadPatrolFrequency, monthIndex } from './patrol-frequency';

const catalogue = regulationLibrary().catalogue;
const library = createChecklistLibrary(catalogue);

describe('patrol check-lists (data/grid/checklists.json)', () => {
  it('cites only provisions the regulation library resolves', () => {
    const refs = library.citedRefs();
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((ref) => !catalogue.resolve(ref))).toEqual([]);
    for (const category of GONGMAO_CATEGORIES) {
      for (const item of library.forCategory(category).items) {
        expect(item.provisionRefs.filter((ref) => !catalogue.resolve(ref))).toEqual([]);
      }
    }
  });

  it('has a template for every category, items unique and worded in both languages', () => {
    for (const category of GONGMAO_CATEGORIES) {
      const list = library.forCategory(category);
      expect(list.category).toBe(category);
      const ids = list.items.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of list.items) {
        expect(item.text['zh-CN'].trim()).not.toBe('');
        expect(item.text.en.trim()).not.toBe('');
      }
    }
  });

  it("appends 令第10号's items for the category, in the law's own words", () => {
    const machinery = library.forCategory('machinery').items.filter((i) => i.majorHazardRef);
    const articles = new Set(machinery.map((i) => i.majorHazardRef!.split(':')[1]));
    expect([...articles].sort()).toEqual(['3', '7']);
    for (const item of machinery) {
      const resolved = catalogue.resolve(item.majorHazardRef!)!;
      expect(resolved.regulation.id).toBe(MAJOR_HAZARD_LAW);
      expect(resolved.item).not.toBeNull();
      expect(item.id).toBe(item.majorHazardRef);
      expect(item.text['zh-CN']).toBe(resolved.item!.text);
      expect(item.text.en).toBe(resolved.label);
    }
    // 商贸 has no article of its own: only the items every 工贸 enterprise is judged by.
    const commerce = library.forCategory('commerce').items.filter((i) => i.majorHazardRef);
    expect(commerce.length).toBe(3);
    expect(commerce.every((i) => i.majorHazardRef!.startsWith(`${MAJOR_HAZARD_LAW}:3:`))).toBe(true);
  });

  it('adds the field articles of what the enterprise does: 粉尘爆炸 第十一条, 液氨制冷 第十二条, 有限空间 第十三条', () => {
    const articlesOf = (fields: Parameters<typeof library.forEnterprise>[1]) =>
      [
        ...new Set(
          library
            .forEnterprise('light_industry', fields)
            .items.filter((i) => i.majorHazardRef)
            .map((i) => i.majorHazardRef!.split(':')[1]),
        ),
      ].sort((a, b) => Number(a) - Number(b));
    expect(articlesOf(new Set())).toEqual(['3', '8']);
    expect(articlesOf(new Set(['dust_explosion']))).toEqual(['3', '8', '11']);
    expect(articlesOf(new Set(['liquid_ammonia', 'confined_space']))).toEqual(['3', '8', '12', '13']);
    // Without fields it is the category's list itself; with them, no item twice.
    expect(library.forEnterprise('light_industry', new Set())).toBe(library.forCategory('light_industry'));
    const all = library.forEnterprise(
      'light_industry',
      new Set(['dust_explosion', 'liquid_ammonia', 'confined_space']),
    );
    expect(new Set(all.items.map((i) => i.id)).size).toBe(all.items.length);
  });
});

describe('patrol frequency (data/grid/patrol-frequency.json)', () => {
  const frequency = loadPatrolFrequency();

  it('covers every category with 1–12 months', () => {
    for (const category of GONGMAO_CATEGORIES) {
      expect(frequency.intervalMonths[category]).toBeGreaterThanOrEqual(1);
      expect(frequency.intervalMonths[category]).toBeLessThanOrEqual(12);
    }
  });

  it('makes every enterprise due exactly once per cycle, spread over the months', () => {
    const months = Array.from({ length: 12 }, (_, i) => `2027-${String(i + 1).padStart(2, '0')}`);
    for (const interval of [1, 3, 6, 12]) {
      for (let id = 1; id <= 24; id++) {
        const due = months.filter((m) => isDue(id, interval, m));
        expect(due.length).toBe(12 / interval);
      }
      // Over 12 consecutive ids, each month of a cycle gets the same number.
      for (const m of months) {
        const n = Array.from({ length: 12 }, (_, i) => i + 1).filter((id) => isDue(id, interval, m)).length;
        expect(n).toBe(12 / interval);
      }
    }
    expect(monthIndex('2027-01') - monthIndex('2026-12')).toBe(1);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-12')).toBe(31);
  });
});
