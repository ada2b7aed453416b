import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_BITS,
  RECOVERY_CODE_PATTERN,
  generateRecoveryCodes,
  hashRecoveryCode,
  normaliseRecoveryCode,
} from './recovery-codes';

describe('generateRecoveryCodes', () => {
  it('makes ten distinct xxxxx-xxxxx codes by default', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE_PATTERN);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('uses 32 unambiguous lower-case symbols, so each code carries at least 50 bits', () => {
    expect(new Set(RECOVERY_CODE_ALPHABET).size).toBe(32);
    expect(RECOVERY_CODE_ALPHABET).toBe(RECOVERY_CODE_ALPHABET.toLowerCase());
    for (const lookalike of 'ilou') expect(RECOVERY_CODE_ALPHABET).not.toContain(lookalike);
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(50);
    expect(RECOVERY_CODE_BITS).toBe(10 * Math.log2(RECOVERY_CODE_ALPHABET.length));
  });

  it('draws every symbol about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const code of generateRecoveryCodes(100).concat(generateRecoveryCodes(100))) {
      for (const c of code.replace('-', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    // 2000 symbols over 32 values: 62.5 expected each; 25 and 110 are each > 5 standard deviations out.
    expect(counts.size).toBe(32);
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(25);
      expect(n).toBeLessThan(110);
    }
  });

  it('refuses counts outside 1 to 100', () => {
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(101)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(2.5)).toThrow(RangeError);
  });
});

describe('normaliseRecoveryCode / hashRecoveryCode', () => {
  it('hashes the normalised code with SHA-256', () => {
    expect(hashRecoveryCode('abcde-fghjk')).toBe(createHash('sha256').update('abcdefghjk').digest('hex'));
    expect(hashRecoveryCode('abcde-fghjk')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['upper case', 'ABCDE-FGHJK'],
    ['no hyphen', 'abcdefghjk'],
    ['spaces', '  abcde fghjk '],
    ['a tab and extra hyphens', 'abc-de\tfg-hjk'],
  ])('accepts the code typed with %s', (_name, typed) => {
    expect(normaliseRecoveryCode(typed)).toBe('abcdefghjk');
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode('abcde-fghjk'));
  });

  it("reads Crockford's look-alikes as the digits they resemble", () => {
    expect(normaliseRecoveryCode('O1I0L-oil10')).toBe('0110101110');
    expect(hashRecoveryCode('10OIL-x7z9q')).toBe(hashRecoveryCode('10011-x7z9q'));
  });

  it('tells different codes apart', () => {
    expect(hashRecoveryCode('abcde-fghjk')).not.toBe(hashRecoveryCode('abcde-fghjm'));
  });

  it('is idempotent and maps every generated code to 10 alphabet symbols', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const once = normaliseRecoveryCode(s);
        expect(normaliseRecoveryCode(once)).toBe(once);
        expect(hashRecoveryCode(once)).toBe(hashRecoveryCode(s));
      }),
    );
    for (const code of generateRecoveryCodes(50)) {
      const n = normaliseRecoveryCode(code);
      expect(n).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
      expect(normaliseRecoveryCode(code.toUpperCase().replace('-', ' '))).toBe(n);
    }
  });
});
