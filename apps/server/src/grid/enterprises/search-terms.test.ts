import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enterpriseSearchTerms, queryTerms } from './search-terms';

const hanzi = fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp));
const text = fc.array(fc.oneof(hanzi, fc.constantFrom('A', 'b', '7', ' ', '·', '（', '𠀋')), {
  minLength: 1,
  maxLength: 30,
});

describe('search terms', () => {
  it('every fragment of a name or address finds it', () => {
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), (nameChars, addressChars, a, b) => {
        const name = nameChars.join('');
        const terms = new Set(enterpriseSearchTerms(name, addressChars.join('')));
        const start = a % nameChars.length;
        const fragment = nameChars.slice(start, start + 1 + (b % (nameChars.length - start))).join('');
        for (const t of queryTerms(fragment)) expect(terms.has(t)).toBe(true);
      }),
    );
  });

  it('folds case, width and punctuation the way people type', () => {
    const terms = new Set(enterpriseSearchTerms('深圳市ＡＢＣ电子（龙华）有限公司', ''));
    for (const q of ['abc电子', 'ABC 电子', '电子龙华', '龙华有限']) {
      expect(queryTerms(q).every((t) => terms.has(t))).toBe(true);
    }
    expect(queryTerms('电子华强').every((t) => terms.has(t))).toBe(false);
  });

  it('keeps pairs and single characters apart, and pairs are ordered', () => {
    const single = new Set(queryTerms('电'));
    expect(queryTerms('电子').some((t) => single.has(t))).toBe(false);
    expect(queryTerms('子电')).not.toEqual(queryTerms('电子'));
    expect(queryTerms('·（）')).toEqual([]);
  });
});
