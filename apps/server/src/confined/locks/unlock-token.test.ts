import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  UNLOCK_TOKEN_MAX_LENGTH,
  UNLOCK_TOKEN_MAX_TTL_MS,
  publicKeyPem,
  signUnlockToken,
  unlockTokenExpiry,
  verifyUnlockToken,
  type UnlockClaims,
} from './unlock-token';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

const T = Date.parse('2026-11-30T02:00:00.000Z');
const claims: UnlockClaims = {
  tokenId: 'tok-0001',
  lockId: 'LK-000001',
  permitId: 'permit_42',
  issuedAt: new Date(T),
  notBefore: new Date(T),
  notAfter: new Date(T + 5 * 60_000),
};
const token = signUnlockToken(claims, privateKey);
const opts = { publicKey, lockId: 'LK-000001', now: new Date(T + 60_000) };

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** Signs any payload text, to reach the checks that run after the signature. */
function signRaw(payload: string, key = privateKey): string {
  const head = b64(payload);
  return `${head}.${sign(null, Buffer.from(head, 'ascii'), key).toString('base64url')}`;
}
const goodPayload = {
  exp: T / 1000 + 300,
  iat: T / 1000,
  lock: 'LK-000001',
  nbf: T / 1000,
  permit: 'p1',
  tid: 't1',
  v: 1,
};

describe('signUnlockToken / verifyUnlockToken', () => {
  it('round-trips the claims', () => {
    expect(verifyUnlockToken(token, opts)).toEqual({ ok: true, claims });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
  });

  it('writes the documented payload: sorted keys, integer epoch seconds', () => {
    const head = token.split('.')[0]!;
    expect(Buffer.from(head, 'base64url').toString('utf8')).toBe(
      `{"exp":${T / 1000 + 300},"iat":${T / 1000},"lock":"LK-000001","nbf":${T / 1000},"permit":"permit_42","tid":"tok-0001","v":1}`,
    );
    expect(verifyUnlockToken(signRaw(JSON.stringify(goodPayload)), opts)).toMatchObject({ ok: true });
  });

  it('narrows sub-second times inwards', () => {
    const t = signUnlockToken(
      {
        ...claims,
        issuedAt: new Date(T + 400),
        notBefore: new Date(T + 400),
        notAfter: new Date(T + 300_900),
      },
      privateKey,
    );
    const verdict = verifyUnlockToken(t, opts);
    expect(verdict).toMatchObject({
      ok: true,
      claims: { issuedAt: new Date(T), notBefore: new Date(T + 1000), notAfter: new Date(T + 300_000) },
    });
  });

  it('refuses to sign what no lock would accept', () => {
    expect(() => signUnlockToken({ ...claims, lockId: 'LK 1' }, privateKey)).toThrow(TypeError);
    expect(() => signUnlockToken({ ...claims, tokenId: '' }, privateKey)).toThrow(TypeError);
    expect(() =>
      signUnlockToken({ ...claims, notAfter: new Date(T + UNLOCK_TOKEN_MAX_TTL_MS + 1000) }, privateKey),
    ).toThrow(RangeError);
    expect(() => signUnlockToken({ ...claims, notAfter: new Date(T - 1000) }, privateKey)).toThrow(
      RangeError,
    );
    expect(() => signUnlockToken({ ...claims, issuedAt: new Date(NaN) }, privateKey)).toThrow(RangeError);
    expect(() => signUnlockToken(claims, publicKey)).toThrow(TypeError);
  });

  it('verifies with the key exported as PEM, as the lock will', () => {
    const pem = publicKeyPem(privateKey);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(verifyUnlockToken(token, { ...opts, publicKey: createPublicKey(pem) })).toMatchObject({
      ok: true,
    });
    const reloaded = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(verifyUnlockToken(signUnlockToken(claims, reloaded), opts)).toMatchObject({ ok: true });
  });
});

describe('each refusal', () => {
  const [head, sig] = token.split('.') as [string, string];
  // prettier-ignore
  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(UNLOCK_TOKEN_MAX_LENGTH + 1)],
    ['no dot', head],
    ['two dots', `${head}.${sig}.`],
    ['padding', `${head}.${sig}==`],
    ['standard base64 alphabet', `${head}.${sig.replace(/-/g, '+').replace(/_/g, '/')}x+`],
    ['short signature', `${head}.${sig.slice(0, 80)}`],
    ['empty payload', `.${sig}`],
    ['version 2', signRaw(JSON.stringify({ ...goodPayload, v: 2 }))],
    ['non-integer time', signRaw(JSON.stringify({ ...goodPayload, exp: goodPayload.exp + 0.5 }))],
    ['time as string', signRaw(JSON.stringify({ ...goodPayload, nbf: String(goodPayload.nbf) }))],
    ['extra field', signRaw(JSON.stringify({ ...goodPayload, x: 1 }))],
    ['missing field', signRaw(JSON.stringify({ ...goodPayload, iat: undefined }))],
    ['keys out of order', signRaw(JSON.stringify({ v: 1, tid: 't1', permit: 'p1', nbf: goodPayload.nbf, lock: 'LK-000001', iat: goodPayload.iat, exp: goodPayload.exp }))],
    ['whitespace', signRaw(JSON.stringify(goodPayload, null, 1))],
    ['exponent spelling', signRaw(JSON.stringify(goodPayload).replace(`"iat":${goodPayload.iat}`, `"iat":${goodPayload.iat / 100}e2`))],
    ['duplicate key', signRaw(JSON.stringify(goodPayload).replace('"v":1', '"v":2,"v":1'))],
    ['expiry before start', signRaw(JSON.stringify({ ...goodPayload, exp: goodPayload.nbf - 1 }))],
    ['lifetime over the maximum', signRaw(JSON.stringify({ ...goodPayload, exp: goodPayload.iat + 601 }))],
    ['non-ASCII id', signRaw(JSON.stringify({ ...goodPayload, permit: '许可1' }))],
    ['not JSON', signRaw('not json')],
    ['JSON array', signRaw('[1]')],
  ])('malformed: %s', (_name, input) => {
    expect(verifyUnlockToken(input, opts)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('bad_signature: another key, a tampered payload, a non-Ed25519 key', () => {
    expect(verifyUnlockToken(signUnlockToken(claims, other.privateKey), opts)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const forged = b64(JSON.stringify({ ...goodPayload, lock: 'LK-000001', exp: goodPayload.exp + 60 }));
    expect(verifyUnlockToken(`${forged}.${sig}`, opts)).toEqual({ ok: false, reason: 'bad_signature' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(verifyUnlockToken(token, { ...opts, publicKey: rsa })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('wrong_lock', () => {
    expect(verifyUnlockToken(token, { ...opts, lockId: 'LK-000002' })).toEqual({
      ok: false,
      reason: 'wrong_lock',
    });
  });

  it('not_yet_valid and expired, with the default 60 s of clock skew', () => {
    const at = (ms: number) => verifyUnlockToken(token, { ...opts, now: new Date(ms) });
    expect(at(T - 60_000)).toMatchObject({ ok: true });
    expect(at(T - 60_001)).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(at(T + 300_000 + 60_000)).toMatchObject({ ok: true });
    expect(at(T + 300_000 + 60_001)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyUnlockToken(token, { ...opts, now: new Date(T - 1), clockSkewMs: 0 })).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
    expect(verifyUnlockToken(token, { ...opts, now: new Date(NaN) })).toEqual({
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  it('replayed', () => {
    expect(verifyUnlockToken(token, { ...opts, usedTokenIds: new Set(['tok-0001']) })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyUnlockToken(token, { ...opts, usedTokenIds: new Set(['tok-0002']) })).toMatchObject({
      ok: true,
    });
  });
});

describe('unlockTokenExpiry', () => {
  it('is the earlier of the maximum lifetime and the window end', () => {
    const now = new Date(T);
    expect(unlockTokenExpiry(now, new Date(T + 3_600_000))).toEqual(new Date(T + UNLOCK_TOKEN_MAX_TTL_MS));
    expect(unlockTokenExpiry(now, new Date(T + 120_000))).toEqual(new Date(T + 120_000));
  });
});

describe('properties', () => {
  const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/);
  const claimsArb = fc
    .record({
      tokenId: idArb,
      lockId: idArb,
      permitId: idArb,
      iat: fc.integer({ min: 0, max: 4_000_000_000 }),
      delay: fc.integer({ min: 0, max: 300 }),
      life: fc.integer({ min: 0, max: 300 }),
    })
    .map(({ iat, delay, life, ...ids }): UnlockClaims => ({
      ...ids,
      issuedAt: new Date(iat * 1000),
      notBefore: new Date((iat + delay) * 1000),
      notAfter: new Date((iat + delay + life) * 1000),
    }));
  const check = (t: string, c: UnlockClaims, key = publicKey) =>
    verifyUnlockToken(t, { publicKey: key, lockId: c.lockId, now: c.notBefore });

  it('round-trips any valid claims', () => {
    fc.assert(
      fc.property(claimsArb, (c) => {
        expect(check(signUnlockToken(c, privateKey), c)).toEqual({ ok: true, claims: c });
      }),
      { numRuns: 200 },
    );
  });

  const mutationArb = fc.record({
    position: fc.nat(),
    char: fc.oneof(
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ '),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    kind: fc.constantFrom('replace', 'insert', 'delete'),
  });

  it('refuses every single-character mutation of a valid token', () => {
    fc.assert(
      fc.property(claimsArb, mutationArb, (c, { position, char, kind }) => {
        const t = signUnlockToken(c, privateKey);
        const i = position % (t.length + (kind === 'insert' ? 1 : 0));
        if (kind === 'replace' && t[i] === char) return;
        const mutated =
          kind === 'replace'
            ? t.slice(0, i) + char + t.slice(i + 1)
            : kind === 'insert'
              ? t.slice(0, i) + char + t.slice(i)
              : t.slice(0, i) + t.slice(i + 1);
        expect(check(mutated, c).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every single-bit flip of the signed bytes', () => {
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.integer({ min: 0, max: 7 }), (c, position, bit) => {
        const [head, sig] = signUnlockToken(c, privateKey).split('.') as [string, string];
        const bytes = Buffer.concat([Buffer.from(head, 'base64url'), Buffer.from(sig, 'base64url')]);
        const i = position % bytes.length;
        bytes[i] = bytes[i]! ^ (1 << bit);
        const headLength = Buffer.from(head, 'base64url').length;
        const mutated = `${bytes.subarray(0, headLength).toString('base64url')}.${bytes.subarray(headLength).toString('base64url')}`;
        expect(check(mutated, c).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses any token signed by another key', () => {
    fc.assert(
      fc.property(claimsArb, (c) => {
        expect(check(signUnlockToken(c, other.privateKey), c)).toEqual({
          ok: false,
          reason: 'bad_signature',
        });
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary input', () => {
    const tokenish = fc
      .tuple(fc.base64String(), fc.base64String(), fc.constantFrom('', '.', '..'))
      .map(([a, b, sep]) => `${a}${sep}${b}`.replace(/\+/g, '-').replace(/\//g, '_'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), tokenish), (input) => {
        const verdict = verifyUnlockToken(input, opts);
        expect(verdict.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
