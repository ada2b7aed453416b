import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { regulationLibrary } from '../regulations/regulation-library';
import { createPlainBm25Matcher } from './plain-bm25-matcher';
import { loadVocabulary } from './clause-matcher';
import { DEV_SET, HOLDOUT_SET, loadLabelledFindings, rankingFigures } from './evaluation';
import { readForMatching, sharedPhrases } from '../text/chinese-text';

const library = regulationLibrary();
const { matcher } = library;
const refs = (finding: string) => matcher.match(finding).provisions.map((p) => p.ref);

describe('clause matcher', () => {
  it('reads violation phrasing and trade words the way the law writes them', () => {
    expect(refs('仓库安全出口堆放杂物')[0]).toBe('work-safety-law-2021:105:1:2');
    expect(refs('员工没有佩戴劳保用品，企业未发放')[0]).toBe('work-safety-law-2021:99:1:5');
    expect(refs('餐厅厨房使用液化气未安装燃气报警器')[0]).toBe('work-safety-law-2021:99:1:8');
    expect(refs('企业今年没有组织应急演练')).toContain('work-safety-law-2021:97:1:6');
  });

  it('ranks a field provision (有限空间) below the general one when the finding shows no such field', () => {
    const general = refs('配电房门口没有设置警示标识');
    expect(general[0]).toBe('work-safety-law-2021:99:1:1');
    const confined = refs('污水处理站集水井入口未设置警示标识');
    expect(confined[0]).toBe('confined-space-rules-2023:19:1:1');
  });

  it('flags a major hazard only when the finding shows the item’s field', () => {
    // H2S risk (化粪池) and no approval: 令第10号 第十三条第（二）项.
    expect(matcher.match('进入化粪池作业未办理有限空间作业审批').majorHazard?.ref).toBe(
      'major-hazard-criteria-2023:13:1:2',
    );
    // The same words without a space with H2S or CO risk: not major.
    expect(matcher.match('动火作业未办理审批手续').majorHazard).toBeNull();
    // Dust: 未落实粉尘清理制度，造成作业现场积尘严重 (第十一条第（十）项).
    expect(matcher.match('抛光车间地面积尘严重，未落实粉尘清扫制度').majorHazard?.ref).toBe(
      'major-hazard-criteria-2023:11:1:10',
    );
  });

  it('ranks items of other industries lower when the enterprise’s fields are known', () => {
    const finding = '喷漆房未设置固定式可燃气体浓度监测报警装置';
    const any = matcher.match(finding).provisions.map((p) => p.ref);
    const light = matcher.match(finding, { fields: ['light_industry'] }).provisions.map((p) => p.ref);
    expect(any.slice(0, 2)).toContain('major-hazard-criteria-2023:7:1:7');
    expect(light[0]).toBe('major-hazard-criteria-2023:8:1:6');
  });

  it('explains each suggestion with phrases that occur in the provision and the synonyms used', () => {
    const result = matcher.match('现场检查发现，2名电焊工无证上岗');
    const first = result.provisions[0]!;
    expect(first.ref).toBe('work-safety-law-2021:97:1:7');
    for (const phrase of first.explanation.matchedPhrases) expect(first.text).toContain(phrase);
    expect(first.explanation.synonyms).toContainEqual({ from: '电焊工', to: '特种作业人员' });
  });

  it('answers any text with a well-formed ranking', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 20 }), (text, limit) => {
        const { provisions } = matcher.match(text, { limit });
        expect(provisions.length).toBeLessThanOrEqual(limit);
        provisions.forEach((p, i) => {
          expect(p.rank).toBe(i + 1);
          expect(p.relative).toBeGreaterThan(0);
          expect(p.relative).toBeLessThanOrEqual(1);
          if (i > 0) expect(p.score).toBeLessThanOrEqual(provisions[i - 1]!.score);
        });
        if (provisions.length > 0) expect(provisions[0]!.relative).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('beats plain BM25 on the development set and keeps recall@5 above 0.9', () => {
    const dev = loadLabelledFindings(DEV_SET);
    const baseline = createPlainBm25Matcher(library.catalogue, library.provisions);
    const ours = rankingFigures(dev, refs);
    const plain = rankingFigures(dev, (f) => baseline.rank(f));
    expect(dev.length).toBeGreaterThanOrEqual(150);
    expect(ours.recallAt1).toBeGreaterThan(plain.recallAt1);
    expect(ours.recallAt5).toBeGreaterThanOrEqual(0.9);
  });

  it('labels only provisions the matcher knows', () => {
    const known = new Set(library.provisions.map((p) => p.ref));
    for (const set of [DEV_SET, HOLDOUT_SET]) {
      for (const f of loadLabelledFindings(set)) {
        for (const ref of f.expected) expect(known.has(ref), `${f.id}: ${ref}`).toBe(true);
        if (f.majorHazard) expect(f.expected).toContain(f.majorHazard);
      }
    }
  });
});

describe('Chinese text', () => {
  const { synonyms } = loadVocabulary();

  it('maps a trade word once: applying the synonyms twice changes nothing more', () => {
    const words = synonyms.groups.flatMap((g) => [g.canonical, ...g.variants]);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 3 })), { maxLength: 8 }),
        (parts) => {
          const once = synonyms.apply(parts.join(''));
          expect(synonyms.apply(once)).toBe(once);
        },
      ),
    );
  });

  it('folds 没有/缺少/应当 onto 未, and leaves words of the law alone', () => {
    expect(readForMatching('没有设置', null)).toBe('未设置');
    expect(readForMatching('缺少警示牌', null)).toBe('未警示牌');
    expect(readForMatching('应当设置', null)).toBe('未设置');
    expect(readForMatching('无证上岗', null)).toBe('未证上岗');
    expect(readForMatching('无害化处理', null)).toBe('无害化处理');
    expect(readForMatching('不得', null)).toBe('不得');
  });

  it('shares only phrases that occur in both texts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b) => {
        for (const p of sharedPhrases(a, b)) {
          expect(b).toContain(p);
          expect(a.replace(/[的了着和或与]/g, ' ')).toContain(p);
        }
      }),
    );
  });
});
