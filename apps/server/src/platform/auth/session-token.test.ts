import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SESSION_TOKEN_PATTERN,
  isWellFormedToken,
  newCsrfToken,
  newSessionToken,
  safeEqual,
  sessionTokenHash,
} from './session-token';

describe('session tokens', () => {
  it('are 32 random bytes as base64url', () => {
    const tokens = Array.from({ length: 50 }, newSessionToken);
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(SESSION_TOKEN_PATTERN);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isWellFormedToken(token)).toBe(true);
    }
  });

  it('are stored as their SHA-256 in hex, which is not the token', () => {
    const token = newSessionToken();
    const hash = sessionTokenHash(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(sessionTokenHash(token)).toBe(hash);
    expect(sessionTokenHash(newSessionToken())).not.toBe(hash);
  });

  it.each([
    ['empty', ''],
    ['too short', newSessionToken().slice(1)],
    ['too long', `${newSessionToken()}A`],
    ['padded', `${newSessionToken().slice(1)}=`],
    ['standard base64', `+${newSessionToken().slice(1)}`],
    ['not a string', 42],
    ['undefined', undefined],
  ])('recognises a malformed token: %s', (_name, token) => {
    expect(isWellFormedToken(token)).toBe(false);
  });
});

describe('CSRF tokens', () => {
  it('are 32 random bytes as base64url, distinct from each other', () => {
    const a = newCsrfToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(a);
  });
});

describe('safeEqual', () => {
  it('compares strings of any length', () => {
    const token = newCsrfToken();
    expect(safeEqual(token, token.slice())).toBe(true);
    expect(safeEqual(token, `${token}x`)).toBe(false);
    expect(safeEqual(token, '')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('安全网格', '安全网格')).toBe(true);
    expect(safeEqual('安全网格', '安全网络')).toBe(false);
  });

  it('keeps lone surrogates apart (UTF-8 would turn both into U+FFFD)', () => {
    expect(Buffer.from('\ud800').equals(Buffer.from('\udbff'))).toBe(true);
    expect(safeEqual('\ud800', '\udbff')).toBe(false);
    expect(safeEqual('a\ud800', 'a\ud800')).toBe(true);
  });

  it('is false for non-strings from untyped callers', () => {
    expect(safeEqual(undefined as unknown as string, undefined as unknown as string)).toBe(false);
    expect(safeEqual(null as unknown as string, '')).toBe(false);
  });

  it('agrees with === on arbitrary strings, including near misses', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(safeEqual(a, b)).toBe(a === b);
        expect(safeEqual(a, a.slice())).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (a, i, c) => {
          const at = i % a.length;
          const b = a.slice(0, at) + c + a.slice(at + 1);
          expect(safeEqual(a, b)).toBe(a === b);
        },
      ),
    );
  });
});
