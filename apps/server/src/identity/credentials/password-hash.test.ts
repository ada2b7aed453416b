import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ARGON2_PARAMS,
  DUMMY_HASH,
  OWASP_MINIMUM_PARAMS,
  hashPassword,
  needsRehash,
  parseArgon2Hash,
  verifyAgainstDummy,
  verifyPassword,
  type Argon2Params,
} from './password-hash';

// Cheap parameters where a test is about the PHC plumbing, not the cost.
const FAST: Argon2Params = {
  algorithm: 'argon2id',
  memoryCost: 64,
  timeCost: 1,
  parallelism: 1,
  outputLen: 32,
};

describe('ARGON2_PARAMS', () => {
  it('is argon2id at or above the OWASP minimum in memory and in memory × time', () => {
    expect(ARGON2_PARAMS.algorithm).toBe('argon2id');
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(OWASP_MINIMUM_PARAMS.memoryCost);
    expect(ARGON2_PARAMS.memoryCost * ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(
      OWASP_MINIMUM_PARAMS.memoryCost * OWASP_MINIMUM_PARAMS.timeCost,
    );
    expect(Object.isFrozen(ARGON2_PARAMS)).toBe(true);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('writes a PHC string with the chosen parameters and a fresh salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=47104,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(parseArgon2Hash(a)).toMatchObject({ ...ARGON2_PARAMS, version: 19, saltBytes: 16 });
    expect(needsRehash(a)).toBe(false);
    expect(await verifyPassword(a, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(b, 'correct horse battery staplE')).toBe(false);
  });

  it('treats NFKC-equivalent spellings as the same password', async () => {
    const phc = await hashPassword('安全网格ｐａｓｓ１２３', FAST);
    expect(await verifyPassword(phc, '安全网格pass123')).toBe(true);
    // Composed é and e + combining acute are the same text typed on different systems.
    const accented = await hashPassword('caf\u00e9 au lait 42', FAST);
    expect(await verifyPassword(accented, 'cafe\u0301 au lait 42')).toBe(true);
    expect(await verifyPassword(accented, 'cafe au lait 42')).toBe(false);
  });

  it('verifies hashes made with other parameters, and flags them for re-hashing', async () => {
    const old = await hashPassword('a long enough password', OWASP_MINIMUM_PARAMS);
    expect(await verifyPassword(old, 'a long enough password')).toBe(true);
    expect(needsRehash(old)).toBe(true);
    const fast = await hashPassword('x', FAST);
    expect(needsRehash(fast)).toBe(true);
    expect(needsRehash(await hashPassword('x', { ...ARGON2_PARAMS, outputLen: 16 }))).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['bcrypt', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
    ['argon2i', '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA'],
    [
      'argon2id v=16',
      '$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
    ],
    ['truncated', DUMMY_HASH.slice(0, -10)],
    ['cut before the hash', DUMMY_HASH.slice(0, DUMMY_HASH.lastIndexOf('$'))],
    [
      '4 GiB of memory',
      '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
    ],
    [
      '1000 passes',
      '$argon2id$v=19$m=19456,t=1000,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
    ],
    ['3-byte salt', '$argon2id$v=19$m=19456,t=2,p=1$c29t$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA'],
    ['padded base64', `${DUMMY_HASH}=`],
  ])('returns false for a malformed hash (%s) and flags it for re-hashing', async (_name, phc) => {
    await expect(verifyPassword(phc, 'anything at all')).resolves.toBe(false);
    expect(needsRehash(phc)).toBe(true);
  });

  it('never throws on arbitrary hash strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          // Near misses: a real hash with one character changed, which mostly still parses.
          fc
            .tuple(fc.nat(DUMMY_HASH.length - 1), fc.string({ minLength: 1, maxLength: 1 }))
            .map(([i, c]) => DUMMY_HASH.slice(0, i) + c + DUMMY_HASH.slice(i + 1)),
        ),
        fc.string(),
        async (phc, plain) => {
          await expect(verifyPassword(phc, plain)).resolves.toBeTypeOf('boolean');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('returns false for non-string input from untyped callers', async () => {
    expect(await verifyPassword(undefined as unknown as string, 'x')).toBe(false);
    expect(await verifyPassword(DUMMY_HASH, null as unknown as string)).toBe(false);
    await expect(hashPassword(undefined as unknown as string)).rejects.toThrow(TypeError);
  });
});

describe('unknown usernames', () => {
  it('DUMMY_HASH uses exactly ARGON2_PARAMS, so it costs what a real verification costs', () => {
    expect(parseArgon2Hash(DUMMY_HASH)).toMatchObject({ ...ARGON2_PARAMS, saltBytes: 16 });
    expect(needsRehash(DUMMY_HASH)).toBe(false);
  });

  it('verifyAgainstDummy always says no, after doing the work', async () => {
    const phc = await hashPassword('the real password');
    let known = Infinity;
    let unknown = Infinity;
    // Minimums of alternating runs: noise on a shared machine only ever adds time.
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await verifyPassword(phc, 'a wrong password');
      known = Math.min(known, performance.now() - t0);
      const t1 = performance.now();
      expect(await verifyAgainstDummy('a wrong password')).toBe(false);
      unknown = Math.min(unknown, performance.now() - t1);
    }
    expect(await verifyAgainstDummy('')).toBe(false);
    // Loose on purpose; the bench measures the ratio properly. What this catches is a dummy that
    // returns at once because it failed to parse or was made with far cheaper parameters.
    expect(unknown).toBeGreaterThan(known / 3);
  });
});
