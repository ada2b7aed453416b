import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GONGMAO_CATEGORIES, GRADES, RISK_TAGS } from '@safegrid/contracts/values';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { GRADING_INPUT_IDS } from '../grades/grading-inputs';
import { loadServiceContent, type ServiceItem } from './service-content';
import { indicatorHolds, matchServiceItems, type EnterpriseFacts } from './match-service-items';

const catalogue = regulationLibrary().catalogue;
const content = loadServiceContent(catalogue);
const index = content.majorHazardArticles;
/** 令第10号's articles for a field choice ('category': the enterprise's own). */
const articlesFor = (choice: string, category: string): readonly string[] =>
  (index as Record<string, readonly string[] | undefined>)[choice === 'category' ? category : choice] ?? [];

/** Inputs around the library's thresholds (0–120), some of them unrecorded. */
const inputsArbitrary = fc.record(
  Object.fromEntries(
    GRADING_INPUT_IDS.map((id) => [
      id,
      fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 5 }), weight: 3 },
        { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 2 },
        { arbitrary: fc.constant(null), weight: 1 },
      ),
    ]),
  ) as Record<string, fc.Arbitrary<number | null>>,
);

const factsArbitrary: fc.Arbitrary<EnterpriseFacts> = fc.record({
  category: fc.constantFrom(...GONGMAO_CATEGORIES),
  grade: fc.constantFrom(...GRADES),
  riskTags: fc.uniqueArray(fc.constantFrom(...RISK_TAGS)),
  confinedSpaces: fc.boolean(),
  inputs: inputsArbitrary,
});

/** A second reading of one rule set, written apart from the matcher: every named rule holds. */
function oracle(item: ServiceItem, f: EnterpriseFacts): boolean {
  const m = item.match;
  return (
    (m.riskTags === null || m.riskTags.some((t) => f.riskTags.includes(t))) &&
    (m.confinedSpaces === null || f.confinedSpaces) &&
    (m.categories === null || m.categories.includes(f.category)) &&
    (m.grades === null || m.grades.includes(f.grade)) &&
    (m.indicators === null ||
      m.indicators.some((r) => {
        const v = f.inputs[r.indicator];
        if (v === null || v === undefined) return false;
        return r.op === 'below' ? v < r.threshold : r.op === 'atLeast' ? v >= r.threshold : v === r.threshold;
      }))
  );
}

describe('matchServiceItems (property)', () => {
  it('delivers exactly the items whose every rule holds, in library order, each with true reasons', () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const matched = matchServiceItems(content.items, facts, index);
        const ids = matched.map((m) => m.id);
        // Library order, no duplicates.
        const order = content.items.map((i) => i.id);
        expect(ids).toEqual(order.filter((id) => ids.includes(id)));
        expect(new Set(ids).size).toBe(ids.length);
        for (const item of content.items) {
          const got = matched.find((m) => m.id === item.id);
          const regulationWithoutRefs =
            item.kind === 'regulation' &&
            item.refs.length === 0 &&
            item.majorHazardFields.every((f) => articlesFor(f, facts.category).length === 0);
          expect(got !== undefined).toBe(oracle(item, facts) && !regulationWithoutRefs);
        }
        for (const m of matched) {
          expect(m.because.length).toBeGreaterThan(0);
          for (const r of m.because) {
            if (r.rule === 'riskTag') expect(facts.riskTags).toContain(r.value);
            if (r.rule === 'confinedSpaces') expect(facts.confinedSpaces).toBe(true);
            if (r.rule === 'category') expect(r.value).toBe(facts.category);
            if (r.rule === 'grade') expect(r.value).toBe(facts.grade);
            if (r.rule === 'indicator') {
              expect(r.actual).toBe(facts.inputs[r.indicator!]);
              expect(
                indicatorHolds(
                  { indicator: r.indicator as never, op: r.op!, threshold: r.threshold! },
                  r.actual,
                ),
              ).toBe(true);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives regulation items refs from the item or from 令第10号 for the fields it names, and only those', () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        for (const m of matchServiceItems(content.items, facts, index)) {
          const item = content.byId.get(m.id)!;
          if (item.kind !== 'regulation') {
            expect(m.refs).toEqual([]);
            continue;
          }
          expect(m.refs.length).toBeGreaterThan(0);
          expect(new Set(m.refs).size).toBe(m.refs.length);
          const allowed = new Set([
            ...item.refs,
            ...item.majorHazardFields.flatMap((f) => articlesFor(f, facts.category)),
          ]);
          for (const ref of m.refs) {
            expect(allowed.has(ref)).toBe(true);
            expect(catalogue.resolve(ref)).toBeDefined();
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never takes an item away when a risk tag or a confined space is added', () => {
    fc.assert(
      fc.property(factsArbitrary, fc.constantFrom(...RISK_TAGS), (facts, tag) => {
        const before = matchServiceItems(content.items, facts, index).map((m) => m.id);
        const more = {
          ...facts,
          riskTags: facts.riskTags.includes(tag) ? facts.riskTags : [...facts.riskTags, tag],
          confinedSpaces: true,
        };
        const after = new Set(matchServiceItems(content.items, more, index).map((m) => m.id));
        for (const id of before) expect(after.has(id)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and does not read inputs it does not name', () => {
    fc.assert(
      fc.property(factsArbitrary, (facts) => {
        const a = matchServiceItems(content.items, facts, index);
        const named = new Set(
          content.items.flatMap((i) => (i.match.indicators ?? []).map((r) => r.indicator)),
        );
        const stripped = {
          ...facts,
          inputs: Object.fromEntries(Object.entries(facts.inputs).filter(([k]) => named.has(k as never))),
        };
        expect(matchServiceItems(content.items, stripped, index)).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });
});

describe('matchServiceItems (worked examples)', () => {
  const clean: EnterpriseFacts = {
    category: 'machinery',
    grade: 'general',
    riskTags: [],
    confinedSpaces: false,
    inputs: {
      trainingCoveragePercent: 100,
      emergencyPlanFiled: 1,
      drills12m: 2,
      overdueHazards: 0,
      majorHazardsOpen: 0,
      openHazards: 0,
      safetyOfficers: 2,
      certificatesComplete: 1,
      standardisationLevel: 2,
      alarms90d: 0,
      devicesSilent: 0,
    },
  };

  it('gives a clean general-grade enterprise nothing', () => {
    expect(matchServiceItems(content.items, clean, index)).toEqual([]);
  });

  it('matches a dust-explosion enterprise with confined spaces and poor training', () => {
    const got = matchServiceItems(
      content.items,
      {
        ...clean,
        grade: 'yellow',
        riskTags: ['dust_explosion'],
        confinedSpaces: true,
        inputs: { ...clean.inputs, trainingCoveragePercent: 10 },
      },
      index,
    );
    const ids = got.map((m) => m.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'regulation.major-hazard-industry',
        'regulation.confined-space',
        'regulation.dust-explosion',
        'regulation.training',
        'training.confined-space',
        'training.dust-explosion',
        'training.all-staff',
        'warning.confined-space',
        'warning.dust-explosion',
        'warning.machinery',
      ]),
    );
    expect(ids).not.toContain('regulation.liquid-ammonia');
    // The industry's criteria: the general articles and machinery's (第七条), not textile's.
    const industry = got.find((m) => m.id === 'regulation.major-hazard-industry')!;
    expect(industry.refs).toEqual([
      'major-hazard-criteria-2023:3',
      'major-hazard-criteria-2023:14',
      'major-hazard-criteria-2023:7',
    ]);
    expect(got.find((m) => m.id === 'regulation.dust-explosion')!.refs).toContain(
      'major-hazard-criteria-2023:11',
    );
    expect(got.find((m) => m.id === 'training.all-staff')!.because).toEqual([
      { rule: 'indicator', indicator: 'trainingCoveragePercent', op: 'below', threshold: 80, actual: 10 },
    ]);
  });

  it('does not match an indicator the grade did not record', () => {
    const got = matchServiceItems(
      content.items,
      { ...clean, inputs: { ...clean.inputs, trainingCoveragePercent: null } },
      index,
    );
    expect(got.map((m) => m.id)).not.toContain('training.all-staff');
  });
});
