import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatChineseNumeral, parseChineseNumeral, parseItemLabel } from './chinese-numerals';

describe('Chinese numerals', () => {
  it('reads the numerals of article numbers and amounts', () => {
    expect(parseChineseNumeral('一百零二')).toBe(102);
    expect(parseChineseNumeral('十五')).toBe(15);
    expect(parseChineseNumeral('九十九')).toBe(99);
    expect(parseChineseNumeral('一百一十九')).toBe(119);
    expect(parseChineseNumeral('二十万')).toBe(200_000);
    expect(parseChineseNumeral('十五万')).toBe(150_000);
    expect(parseChineseNumeral('一百万')).toBe(1_000_000);
    expect(parseChineseNumeral('两千')).toBe(2000);
  });

  it('refuses what is not a numeral', () => {
    expect(parseChineseNumeral('')).toBeNull();
    expect(parseChineseNumeral('第五')).toBeNull();
    expect(parseChineseNumeral('五五')).toBeNull();
    expect(parseChineseNumeral('万')).toBeNull();
  });

  it('writes article numbers the way the law does', () => {
    expect(formatChineseNumeral(10)).toBe('十');
    expect(formatChineseNumeral(15)).toBe('十五');
    expect(formatChineseNumeral(102)).toBe('一百零二');
    expect(formatChineseNumeral(110)).toBe('一百一十');
    expect(formatChineseNumeral(1001)).toBe('一千零一');
  });

  it('reads back every number it writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        (n) => parseChineseNumeral(formatChineseNumeral(n)) === n,
      ),
    );
  });

  it('reads item labels in full-width and half-width brackets', () => {
    expect(parseItemLabel('（八）餐饮等行业')).toBe(8);
    expect(parseItemLabel('(十二)某项')).toBe(12);
    expect(parseItemLabel('第八项')).toBeNull();
  });
});
