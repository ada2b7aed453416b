import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, checkCreditCode, creditCodeCheckChar } from './credit-code';

const body = fc
  .array(fc.constantFrom(...CREDIT_CODE_ALPHABET), { minLength: 17, maxLength: 17 })
  .map((a) => a.join(''));

describe('unified social credit code (GB 32100)', () => {
  it('accepts published example codes', () => {
    // Codes printed on public business licences.
    for (const code of ['91350100M000100Y43', '91110000600037341L'])
      expect(checkCreditCode(code)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(checkCreditCode('9135010')).toBe('length');
    expect(checkCreditCode('91350100M000100YI3')).toBe('charset');
    expect(checkCreditCode('91350100M000100Y44')).toBe('check_digit');
  });

  it('accepts every body with its computed check character', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(checkCreditCode(b + creditCodeCheckChar(b))).toBeUndefined();
      }),
    );
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...CREDIT_CODE_ALPHABET), (b, pos, ch) => {
        const code = b + creditCodeCheckChar(b);
        fc.pre(code[pos] !== ch);
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(checkCreditCode(changed)).toBe('check_digit');
      }),
    );
  });
});
