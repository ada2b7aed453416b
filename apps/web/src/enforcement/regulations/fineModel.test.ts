import { describe, expect, it } from 'vitest';
import type { FineRange } from '@safegrid/contracts';
import { formatFine, formatFineAmount, formatYuan } from './fineModel';
import { tEn, tZh } from './testI18n';

const yuan = (minYuan: number | null, maxYuan: number | null, target = ''): FineRange => ({
  target,
  minYuan,
  maxYuan,
  basis: null,
  ratio: null,
});

describe('formatYuan', () => {
  it('counts in 万 in Chinese when exact', () => {
    expect(formatYuan(50_000, 'zh-CN')).toBe('5万');
    expect(formatYuan(200_000, 'zh-CN')).toBe('20万');
    expect(formatYuan(15_000, 'zh-CN')).toBe('1.5万');
    expect(formatYuan(2_500_000, 'zh-CN')).toBe('250万');
    expect(formatYuan(10_100, 'zh-CN')).toBe('1.01万');
    expect(formatYuan(12_345, 'zh-CN')).toBe('12345');
    expect(formatYuan(5_000, 'zh-CN')).toBe('5000');
    expect(formatYuan(500, 'zh-CN')).toBe('500');
  });

  it('uses thousands separators in English', () => {
    expect(formatYuan(50_000, 'en')).toBe('50,000');
    expect(formatYuan(2_500_000, 'en')).toBe('2,500,000');
    expect(formatYuan(500, 'en')).toBe('500');
  });
});

describe('formatFineAmount', () => {
  it('states ranges as the law does, in Chinese', () => {
    expect(formatFineAmount(yuan(null, 50_000), tZh, 'zh-CN')).toBe('5万元以下');
    expect(formatFineAmount(yuan(50_000, 200_000), tZh, 'zh-CN')).toBe('5万–20万元');
    expect(formatFineAmount(yuan(10_000, 20_000), tZh, 'zh-CN')).toBe('1万–2万元');
    expect(formatFineAmount(yuan(5_000, 50_000), tZh, 'zh-CN')).toBe('5000–5万元');
    expect(formatFineAmount(yuan(100_000, null), tZh, 'zh-CN')).toBe('10万元以上');
    expect(formatFineAmount(yuan(20_000, 20_000), tZh, 'zh-CN')).toBe('2万元');
    expect(formatFineAmount(yuan(null, null), tZh, 'zh-CN')).toBe('数额未列明');
  });

  it('states ranges in English', () => {
    expect(formatFineAmount(yuan(null, 50_000), tEn, 'en')).toBe('up to ¥50,000');
    expect(formatFineAmount(yuan(50_000, 200_000), tEn, 'en')).toBe('¥50,000–¥200,000');
    expect(formatFineAmount(yuan(100_000, null), tEn, 'en')).toBe('at least ¥100,000');
    expect(formatFineAmount(yuan(20_000, 20_000), tEn, 'en')).toBe('¥20,000');
  });

  it('states a fine computed from a basis with its ratio', () => {
    const basis: FineRange = {
      target: '主要负责人',
      minYuan: null,
      maxYuan: null,
      basis: '上一年年收入',
      ratio: '40%–100%',
    };
    expect(formatFineAmount(basis, tZh, 'zh-CN')).toBe('上一年年收入 40%–100%');
    expect(formatFineAmount(basis, tEn, 'en')).toBe('40%–100% of 上一年年收入');
    const noRatio = { ...basis, ratio: null };
    expect(formatFineAmount(noRatio, tZh, 'zh-CN')).toBe('按上一年年收入计算');
    // A basis wins over stray yuan amounts.
    expect(formatFineAmount({ ...basis, maxYuan: 1 }, tZh, 'zh-CN')).toBe('上一年年收入 40%–100%');
  });
});

describe('formatFine', () => {
  it('names the target when there is one', () => {
    expect(formatFine(yuan(20_000, 50_000, '主要负责人'), tZh, 'zh-CN')).toBe('主要负责人：2万–5万元');
    expect(formatFine(yuan(20_000, 50_000, '主要负责人'), tEn, 'en')).toBe('主要负责人: ¥20,000–¥50,000');
    expect(formatFine(yuan(null, 50_000, '  '), tZh, 'zh-CN')).toBe('5万元以下');
  });
});
