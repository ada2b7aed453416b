import { describe, expect, it } from 'vitest';
import { BASIS_NOTES, PROVISION_KINDS } from '@safegrid/contracts/values';
import { en } from '../../shell/i18n/en';
import { zhCN } from '../../shell/i18n/zh-CN';
import {
  MAJOR_HAZARD_FIELDS,
  REGULATION_KINDS,
  REGULATION_VERIFICATION,
  VERIFICATION_TAG_COLORS,
  articleCountText,
  formatLawDate,
  hitHeading,
  issuerLine,
  needsCaution,
} from './regulationModel';
import { tEn, tZh } from './testI18n';

describe('verification', () => {
  it('colours every status, only a verified text green', () => {
    expect(Object.keys(VERIFICATION_TAG_COLORS).sort()).toEqual([...REGULATION_VERIFICATION].sort());
    for (const v of REGULATION_VERIFICATION) {
      expect({ v, green: VERIFICATION_TAG_COLORS[v] === 'green' }).toEqual({ v, green: v === 'verified' });
    }
  });

  it('asks for caution before citing a partial or unverified text', () => {
    expect(REGULATION_VERIFICATION.filter(needsCaution)).toEqual(['unverified', 'partial']);
  });
});

describe('formatLawDate', () => {
  it('shows a calendar date in the UI language without shifting the day', () => {
    expect(formatLawDate('2021-09-01', 'zh-CN')).toBe('2021年9月1日');
    expect(formatLawDate('2021-09-01', 'en')).toBe('September 1, 2021');
    expect(formatLawDate(null, 'zh-CN')).toBeNull();
    expect(formatLawDate('2021-9', 'zh-CN')).toBe('2021-9');
  });
});

describe('articleCountText', () => {
  it('says how much of a partial text is missing', () => {
    expect(articleCountText({ articleCount: 119, missingArticleCount: 0 }, tZh)).toBe('共 119 条');
    expect(articleCountText({ articleCount: 20, missingArticleCount: 15 }, tZh)).toBe('收录 20 条，缺 15 条');
    expect(articleCountText({ articleCount: 20, missingArticleCount: 15 }, tEn)).toBe(
      '20 articles included, 15 missing',
    );
  });
});

describe('issuerLine', () => {
  it('joins issuer and order number, leaving out what is missing', () => {
    expect(issuerLine({ issuer: '应急管理部', orderNo: '中华人民共和国应急管理部令第13号' })).toBe(
      '应急管理部 · 中华人民共和国应急管理部令第13号',
    );
    expect(issuerLine({ issuer: '全国人民代表大会常务委员会', orderNo: null })).toBe(
      '全国人民代表大会常务委员会',
    );
  });
});

describe('hitHeading', () => {
  it('puts the law before the label unless the label names it', () => {
    expect(hitHeading('安全生产法', '第九十九条', tZh)).toBe('《安全生产法》第九十九条');
    expect(hitHeading('《安全生产法》', '第九十九条', tZh)).toBe('《安全生产法》第九十九条');
    expect(hitHeading('安全生产法', '第九十九条', tEn)).toBe('安全生产法, 第九十九条');
    expect(hitHeading('安全生产法', '《安全生产法》第九十九条', tZh)).toBe('《安全生产法》第九十九条');
    expect(hitHeading('', '第九十九条', tZh)).toBe('第九十九条');
  });
});

describe('vocabularies', () => {
  it('have a label in both catalogues for every value the API can send', () => {
    const keys = [
      ...REGULATION_VERIFICATION.map((v) => `verification.${v}`),
      ...REGULATION_KINDS.map((v) => `regulationKind.${v}`),
      ...MAJOR_HAZARD_FIELDS.map((v) => `majorHazardField.${v}`),
      ...PROVISION_KINDS.map((v) => `provisionKind.${v}`),
      ...BASIS_NOTES.map((v) => `basisNote.${v}`),
    ];
    for (const key of keys) {
      expect({ key, zh: key in zhCN, en: key in en }).toEqual({ key, zh: true, en: true });
    }
  });
});
