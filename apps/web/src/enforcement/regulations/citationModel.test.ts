import { describe, expect, it } from 'vitest';
import type { PenaltyLink, ProvisionLink } from '@safegrid/contracts';
import { buildCitation, joinLabels, type CitationSource } from './citationModel';
import { tEn, tZh } from './testI18n';

const obligation = (article: number, label: string): ProvisionLink => ({
  ref: `work-safety-law-2021:${article}`,
  label,
  text: '…',
});
const penalty: PenaltyLink = {
  ref: 'work-safety-law-2021:99:1:5',
  label: '《安全生产法》第九十九条第一款第（五）项',
  text: '未为从业人员提供符合国家标准或者行业标准的劳动防护用品的',
  fines: [],
  measures: [],
};
const hazard = {
  ref: 'major-hazard-criteria-2023:4:1:3',
  label: '《工贸企业重大事故隐患判定标准》第四条第（三）项',
  text: '…',
  field: 'general' as const,
};
const match = (overrides: Partial<CitationSource> = {}): CitationSource => ({
  kind: 'penalty_item',
  label: penalty.label,
  violated: [obligation(45, '《安全生产法》第四十五条')],
  penalty,
  majorHazard: null,
  ...overrides,
});

describe('buildCitation', () => {
  it('says what was breached and what the penalty rests on', () => {
    expect(buildCitation(match(), tZh)).toBe(
      '违反了《安全生产法》第四十五条的规定，依据《安全生产法》第九十九条第一款第（五）项的规定',
    );
    expect(buildCitation(match(), tEn)).toBe(
      'in breach of 《安全生产法》第四十五条, penalty under 《安全生产法》第九十九条第一款第（五）项',
    );
  });

  it('lists several obligations once each', () => {
    const violated = [
      obligation(45, '《安全生产法》第四十五条'),
      obligation(42, '《安全生产法》第四十二条'),
      obligation(45, '《安全生产法》第四十五条'),
    ];
    expect(buildCitation(match({ violated }), tZh)).toBe(
      '违反了《安全生产法》第四十五条、《安全生产法》第四十二条的规定，依据《安全生产法》第九十九条第一款第（五）项的规定',
    );
  });

  it('leaves out what is missing', () => {
    expect(buildCitation(match({ penalty: null }), tZh)).toBe('违反了《安全生产法》第四十五条的规定');
    expect(buildCitation(match({ violated: [] }), tZh)).toBe(
      '依据《安全生产法》第九十九条第一款第（五）项的规定',
    );
    // A penalty item with neither link is its own basis.
    expect(buildCitation(match({ violated: [], penalty: null }), tZh)).toBe(
      '依据《安全生产法》第九十九条第一款第（五）项的规定',
    );
  });

  it('adds the major-hazard criterion when the finding meets one', () => {
    expect(buildCitation(match({ majorHazard: hazard }), tZh)).toBe(
      '违反了《安全生产法》第四十五条的规定，依据《安全生产法》第九十九条第一款第（五）项的规定；该问题属于《工贸企业重大事故隐患判定标准》第四条第（三）项规定的重大事故隐患',
    );
    const bare = match({ kind: 'major_hazard', label: hazard.label, violated: [], penalty: null });
    expect(buildCitation(bare, tZh)).toBe(
      '该问题属于《工贸企业重大事故隐患判定标准》第四条第（三）项规定的重大事故隐患',
    );
    expect(buildCitation(bare, tEn)).toBe(
      'a major accident hazard under 《工贸企业重大事故隐患判定标准》第四条第（三）项',
    );
  });
});

describe('joinLabels', () => {
  it('joins in each language and skips blanks', () => {
    expect(joinLabels(['A', 'B', 'C'], tZh)).toBe('A、B、C');
    expect(joinLabels(['A', 'B', 'C'], tEn)).toBe('A, B and C');
    expect(joinLabels(['A', ' ', 'A'], tEn)).toBe('A');
    expect(joinLabels([], tZh)).toBe('');
  });
});
