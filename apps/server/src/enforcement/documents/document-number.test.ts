import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enforcementDocumentsFile } from './document-forms';
import { formatDocumentNumber, parseDocumentNumber, validNumberParts } from './document-number';
import { issuingAgency } from './issuing-agency';

describe('document numbers', () => {
  it('formats the practice pattern （简称）应急责改〔年〕N号', () => {
    expect(
      formatDocumentNumber({ agencyShortName: '深龙', code: '应急责改', year: 2026, sequence: 15 }),
    ).toBe('（深龙）应急责改〔2026〕15号');
    expect(
      formatDocumentNumber({ agencyShortName: '深', code: '应急执行催告', year: 2027, sequence: 1 }),
    ).toBe('（深）应急执行催告〔2027〕1号');
  });

  it('reads numbers back, with or without 第', () => {
    expect(parseDocumentNumber('（深龙）应急责改〔2026〕15号')).toEqual({
      agencyShortName: '深龙',
      code: '应急责改',
      year: 2026,
      sequence: 15,
    });
    expect(parseDocumentNumber('（深龙）应急责改〔2026〕第15号')?.sequence).toBe(15);
    for (const bad of [
      '（深龙）应急责改〔2026〕015号',
      '深龙应急责改〔2026〕15号',
      '（深龙）应急责改[2026]15号',
      '（）应急〔2026〕1号',
      '（深龙）应急责改〔26〕1号',
      '',
    ]) {
      expect(parseDocumentNumber(bad), bad).toBeUndefined();
    }
  });

  it('refuses parts that would make an ambiguous number', () => {
    const ok = { agencyShortName: '深宝安', code: '应急责改', year: 2026, sequence: 1 };
    expect(validNumberParts(ok)).toBe(true);
    for (const bad of [
      { ...ok, agencyShortName: '' },
      { ...ok, agencyShortName: '深（宝）' },
      { ...ok, code: '应急〔责〕改' },
      { ...ok, code: '应急第' },
      { ...ok, sequence: 0 },
      { ...ok, sequence: 1.5 },
      { ...ok, year: 26 },
    ]) {
      expect(() => formatDocumentNumber(bad)).toThrow();
    }
  });

  it('formatting then parsing gives back agency, code, year and sequence (property)', () => {
    const codes = Object.values(enforcementDocumentsFile().numberingCodes.emergencyPracticeObserved);
    const shortName = fc
      .array(fc.constantFrom(...'深宝安龙岗华福田南山罗湖盐坪光明大鹏新宁苏杭州'.split('')), {
        minLength: 1,
        maxLength: 5,
      })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        shortName,
        fc.constantFrom(...codes),
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (agencyShortName, code, year, sequence) => {
          const parts = { agencyShortName, code, year, sequence };
          expect(parseDocumentNumber(formatDocumentNumber(parts))).toEqual(parts);
        },
      ),
    );
  });
});

describe('issuing agency', () => {
  const city = { id: '440300', name: '深圳市' };

  it('is the district bureau, its short name derived from the names', () => {
    expect(issuingAgency(city, { id: '440307', name: '龙岗区' })).toEqual({
      code: '440307',
      name: '深圳市龙岗区应急管理局',
      shortName: '深龙岗',
    });
    expect(issuingAgency(city, { id: 'DP-440307', name: '大鹏新区' }).shortName).toBe('深大鹏');
    // 龙岗 and 龙华 stay apart (a one-character abbreviation would not).
    expect(issuingAgency(city, { id: '440309', name: '龙华区' }).shortName).toBe('深龙华');
  });

  it('is the city bureau for a city-wide officer', () => {
    expect(issuingAgency(city, null)).toEqual({ code: '440300', name: '深圳市应急管理局', shortName: '深' });
  });
});
