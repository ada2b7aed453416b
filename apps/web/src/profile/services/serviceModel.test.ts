import { describe, expect, it } from 'vitest';
import { lookupIn } from '../../shell/i18n/format';
import { zhCN } from '../../shell/i18n/zh-CN';
import { en } from '../../shell/i18n/en';
import {
  acknowledgeUrl,
  articleCount,
  describeReason,
  effectUrl,
  gradeChangeShares,
  hazardChange,
  itemsByKind,
  localised,
  packagesUrl,
  parseServiceFilters,
  percentText,
  serviceFiltersToSearch,
  servicePackagePath,
} from './serviceModel';

describe('service package paths and URLs', () => {
  it('builds the API URLs, leaving out empty filters', () => {
    expect(packagesUrl(null, null)).toBe('/api/profile/service-packages?limit=50');
    expect(packagesUrl('42', 'abc', 10)).toBe(
      '/api/profile/service-packages?enterpriseId=42&cursor=abc&limit=10',
    );
    expect(effectUrl(null)).toBe('/api/profile/service-packages/effect');
    expect(effectUrl('440306001')).toBe('/api/profile/service-packages/effect?jurisdictionId=440306001');
    expect(acknowledgeUrl('7')).toBe('/api/profile/service-packages/7/acknowledge');
    expect(servicePackagePath('7')).toBe('/profile/services/7');
  });

  it('reads and writes the filters canonically, dropping an id that is not one', () => {
    const filters = parseServiceFilters(new URLSearchParams('enterpriseId=12&jurisdictionId=440306'));
    expect(filters).toEqual({ jurisdictionId: '440306', enterpriseId: '12' });
    expect(serviceFiltersToSearch(filters).toString()).toBe('jurisdictionId=440306&enterpriseId=12');
    expect(parseServiceFilters(new URLSearchParams('enterpriseId=x1'))).toEqual({
      jurisdictionId: null,
      enterpriseId: null,
    });
    expect(serviceFiltersToSearch({ jurisdictionId: null, enterpriseId: null }).toString()).toBe('');
  });
});

describe('items and reasons', () => {
  it('groups items by kind in the fixed order', () => {
    const groups = itemsByKind([
      { id: 'a', kind: 'advice' as const },
      { id: 'r', kind: 'regulation' as const },
      { id: 'r2', kind: 'regulation' as const },
    ]);
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.id)])).toEqual([
      ['regulation', ['r', 'r2']],
      ['advice', ['a']],
    ]);
  });

  it('picks the language of the library text', () => {
    expect(localised({ zh: '中', en: 'E' }, 'en')).toBe('E');
    expect(localised({ zh: '中', en: 'E' }, 'zh-CN')).toBe('中');
    expect(localised(null, 'en')).toBeNull();
  });

  it('describes each kind of reason with the catalogue labels, in both languages', () => {
    const zh = lookupIn(zhCN);
    expect(describeReason({ rule: 'riskTag', value: 'dust_explosion' }, zh)).toBe('风险标签：粉尘涉爆');
    expect(describeReason({ rule: 'category', value: 'machinery' }, zh)).toBe('行业类别：机械');
    expect(describeReason({ rule: 'grade', value: 'orange' }, zh)).toBe('当前等级：橙色');
    expect(describeReason({ rule: 'confinedSpaces' }, zh)).toBe('台账中有有限空间');
    expect(
      describeReason(
        { rule: 'indicator', indicator: 'trainingCoveragePercent', op: 'below', threshold: 80, actual: 10 },
        zh,
      ),
    ).toBe('培训覆盖率（%）为 10，低于 80');
    expect(
      describeReason(
        { rule: 'indicator', indicator: 'overdueHazards', op: 'atLeast', threshold: 1, actual: 2 },
        lookupIn(en),
        'en',
      ),
    ).toBe('Overdue hazards is 2, at least 1');
    // An indicator the catalogue does not name shows its id.
    expect(
      describeReason({ rule: 'indicator', indicator: 'x', op: 'equals', threshold: 0, actual: 0 }, zh),
    ).toBe('x为 0');
  });

  it('counts each cited article once', () => {
    expect(
      articleCount([{ articles: [{ ref: 'a' }, { ref: 'b' }] }, { articles: [{ ref: 'a' }] }] as never),
    ).toBe(2);
  });
});

describe('effect figures', () => {
  it('formats shares and compares hazards before and after', () => {
    expect(percentText(null)).toBe('—');
    expect(percentText(0.5)).toBe('50%');
    expect(percentText(1 / 3)).toBe('33%');
    expect(hazardChange({ hazardsBefore: 5, hazardsAfter: 2 })).toEqual({ delta: -3, direction: 'fewer' });
    expect(hazardChange({ hazardsBefore: 1, hazardsAfter: 1 })).toEqual({ delta: 0, direction: 'same' });
    expect(hazardChange({ hazardsBefore: 0, hazardsAfter: 2 })).toEqual({ delta: 2, direction: 'more' });
  });

  it('gives grade changes as shares of the packages still graded', () => {
    expect(gradeChangeShares({ improved: 1, same: 2, worse: 1 })).toEqual({
      improved: 0.25,
      same: 0.5,
      worse: 0.25,
    });
    expect(gradeChangeShares({ improved: 0, same: 0, worse: 0 })).toEqual({
      improved: null,
      same: null,
      worse: null,
    });
  });
});
