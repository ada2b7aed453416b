import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PASSWORD_MIN_LENGTH,
  checkPasswordRules,
  isCommonPassword,
  preloadCommonPasswords,
  type PasswordProblem,
} from './password-policy';

const codes = (problems: PasswordProblem[]) => problems.map((p) => p.code);
const listText = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
const listLines = listText.split('\n').slice(0, -1);

describe('the bundled common-password list', () => {
  it('is one lower-cased, distinct, non-empty entry per line, ending in a newline, under 1 MB', () => {
    expect(listText.endsWith('\n')).toBe(true);
    expect(listLines.length).toBeGreaterThan(90_000);
    expect(new Set(listLines).size).toBe(listLines.length);
    for (const line of listLines) {
      expect(line.length).toBeGreaterThan(0);
      expect(line).toBe(line.toLowerCase());
      expect(line).not.toMatch(/[\r\t]/);
    }
    expect(readFileSync(new URL('./common-passwords.txt', import.meta.url)).byteLength).toBeLessThan(
      1_000_000,
    );
  });

  it('is what the policy loads, entry for entry', () => {
    expect(preloadCommonPasswords()).toBe(listLines.length);
    expect(listLines.every(isCommonPassword)).toBe(true);
  });

  it('starts with the most frequent passwords (the list is in frequency order)', () => {
    expect(listLines.slice(0, 4)).toEqual(['123456', 'password', '12345678', 'qwerty']);
  });
});

describe('checkPasswordRules', () => {
  it('accepts a long, unusual password', () => {
    expect(checkPasswordRules('violet tram humming 安全 7', 'zhang.wei')).toEqual([]);
  });

  it('counts length in code points, after NFKC', () => {
    // 11 code points but 13 UTF-16 units: an astral emoji is one code point in two units.
    expect('安全网格巡查员😀😀xy'.length).toBe(13);
    expect(checkPasswordRules('安全网格巡查员😀😀xy', 'someone')).toEqual([
      { code: 'password.too_short', params: { min: 12 } },
    ]);
    expect(checkPasswordRules('安全网格巡查员😀😀😀xy', 'someone')).toEqual([]);
    expect(checkPasswordRules('a'.repeat(PASSWORD_MIN_LENGTH - 1) + 'b', 'someone')).toEqual([]);
    expect(codes(checkPasswordRules('x'.repeat(PASSWORD_MIN_LENGTH - 1), 'someone'))).toEqual([
      'password.too_short',
    ]);
  });

  it('refuses passwords that contain the username, ignoring case', () => {
    expect(codes(checkPasswordRules('my name is Zhang.Wei 2026', 'zhang.wei'))).toEqual([
      'password.contains_username',
    ]);
    expect(codes(checkPasswordRules('inspector-LIWEI-2026', 'LiWei'))).toEqual([
      'password.contains_username',
    ]);
    expect(codes(checkPasswordRules('longusername', 'LongUserName'))).toEqual(['password.contains_username']);
    expect(codes(checkPasswordRules('王小明的安全密码很长很长', '王小明'))).toEqual([
      'password.contains_username',
    ]);
  });

  it('ignores usernames shorter than 3 characters', () => {
    expect(checkPasswordRules('a perfectly fine wu phrase', 'wu')).toEqual([]);
    expect(checkPasswordRules('a perfectly fine phrase', '')).toEqual([]);
  });

  it.each(['password', 'PASSWORD123', 'iLoveYou', '1qaz2wsx3edc4rfv', 'qwertyuiopasdfgh', 'p@ssw0rd'])(
    'refuses %s as common, ignoring case',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
      expect(codes(checkPasswordRules(password, 'someone'))).toContain('password.common');
    },
  );

  it('catches full-width spellings of common passwords (Chinese IME full-width mode)', () => {
    expect(codes(checkPasswordRules('ｑｗｅｒｔｙｕｉｏｐａｓｄｆｇｈ', 'someone'))).toEqual([
      'password.common',
    ]);
  });

  it('reports every problem at once, in a fixed order', () => {
    expect(checkPasswordRules('Admin123', 'admin')).toEqual([
      { code: 'password.too_short', params: { min: 12 } },
      { code: 'password.contains_username' },
      { code: 'password.common' },
    ]);
  });

  it('only ever returns the three documented codes, each at most once, and never throws', () => {
    const allowed = ['password.too_short', 'password.contains_username', 'password.common'];
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 12 }), (pw, user) => {
        const found = codes(checkPasswordRules(pw, user));
        expect(new Set(found).size).toBe(found.length);
        for (const code of found) expect(allowed).toContain(code);
      }),
    );
  });

  it('is too_short exactly when the NFKC form has fewer than 12 code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (pw) => {
        const short = [...pw.normalize('NFKC')].length < PASSWORD_MIN_LENGTH;
        expect(codes(checkPasswordRules(pw, '')).includes('password.too_short')).toBe(short);
      }),
    );
  });
});
