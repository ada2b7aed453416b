import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed unlock tokens (DESIGN §5). The server signs; the phone carries the token to the lock over
 * Bluetooth; the lock checks it offline against the platform's public key. The lock's firmware
 * is the second implementation of this format, so the format is kept small and strict:
 *
 *   base64url(payload) "." base64url(signature)
 *
 * payload: JSON with exactly the keys exp, iat, lock, nbf, permit, tid, v, in that (sorted)
 * order, no whitespace, times as integer epoch seconds. signature: 64-byte Ed25519 over the
 * ASCII bytes of the first segment, so the verifier never has to re-serialise anything before
 * checking it. Exactly one byte string is accepted per token: base64url without padding and with
 * zero trailing bits, canonical JSON only. Without that, a token could be re-encoded into a
 * different string with the same meaning, and "one token, one use" would depend on which string
 * a log happened to record.
 */

export interface UnlockClaims {
  tokenId: string;
  lockId: string;
  permitId: string;
  notBefore: Date;
  notAfter: Date;
  issuedAt: Date;
}

export type UnlockRefusal =
  'malformed' | 'bad_signature' | 'wrong_lock' | 'not_yet_valid' | 'expired' | 'replayed';
export type UnlockVerdict = { ok: true; claims: UnlockClaims } | { ok: false; reason: UnlockRefusal };

export const UNLOCK_TOKEN_VERSION = 1;
/** From issue to expiry: long enough to walk from the phone to the hatch, short enough that a
 * leaked token is worthless by the time anyone could misuse it. */
export const UNLOCK_TOKEN_MAX_TTL_MS = 10 * 60_000;
/** The longest real token is about 720 characters (three 128-character ids); anything longer is
 * refused before any decoding work. */
export const UNLOCK_TOKEN_MAX_LENGTH = 1024;
export const DEFAULT_CLOCK_SKEW_MS = 60_000;

/** ASCII only: the lock compares ids byte for byte and has no Unicode normalisation. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_BYTES = 64;
/** 9999-12-31T23:59:59Z: keeps every accepted time a valid Date. */
const MAX_EPOCH_SECONDS = 253_402_300_799;
const MAX_TTL_SECONDS = UNLOCK_TOKEN_MAX_TTL_MS / 1000;
const PAYLOAD_KEYS = ['exp', 'iat', 'lock', 'nbf', 'permit', 'tid', 'v'] as const;

interface Payload {
  exp: number;
  iat: number;
  lock: string;
  nbf: number;
  permit: string;
  tid: string;
  v: number;
}

// Built key by key in PAYLOAD_KEYS order; for ASCII ids and integers JSON.stringify then yields
// the same bytes as RFC 8785 (JCS) canonical JSON.
function canonicalJson(p: Payload): string {
  const ordered: Record<string, string | number> = {};
  for (const key of PAYLOAD_KEYS) ordered[key] = p[key];
  return JSON.stringify(ordered);
}

/** Lifetime rules shared by signer and verifier, so the signer cannot mint what the lock refuses. */
function timesConsistent(iat: number, nbf: number, exp: number): boolean {
  return iat <= nbf && nbf <= exp && exp - iat <= MAX_TTL_SECONDS;
}

/**
 * Signs a token. Times are narrowed to whole seconds inwards (notBefore up, issuedAt and notAfter
 * down), so a token is never valid for longer than the claims asked. Throws on claims the
 * verifier would refuse: that is a bug in the caller, and a token that no lock accepts must not
 * leave the server looking valid.
 */
export function signUnlockToken(claims: UnlockClaims, privateKey: KeyObject): string {
  for (const [name, id] of [
    ['tokenId', claims.tokenId],
    ['lockId', claims.lockId],
    ['permitId', claims.permitId],
  ] as const) {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw new TypeError(`unlock token: ${name} must match ${ID_PATTERN}`);
    }
  }
  const iat = Math.floor(claims.issuedAt.getTime() / 1000);
  const nbf = Math.ceil(claims.notBefore.getTime() / 1000);
  const exp = Math.floor(claims.notAfter.getTime() / 1000);
  for (const t of [iat, nbf, exp]) {
    if (!Number.isSafeInteger(t) || t < 0 || t > MAX_EPOCH_SECONDS) {
      throw new RangeError('unlock token: times must be valid dates from 1970 to 9999');
    }
  }
  if (!timesConsistent(iat, nbf, exp)) {
    throw new RangeError(
      `unlock token: need issuedAt ≤ notBefore ≤ notAfter and at most ${UNLOCK_TOKEN_MAX_TTL_MS} ms from issue to expiry`,
    );
  }
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new TypeError('unlock token: an Ed25519 private key is required');
  }
  const payload = canonicalJson({
    exp,
    iat,
    lock: claims.lockId,
    nbf,
    permit: claims.permitId,
    tid: claims.tokenId,
    v: UNLOCK_TOKEN_VERSION,
  });
  const head = Buffer.from(payload, 'utf8').toString('base64url');
  const signature = sign(null, Buffer.from(head, 'ascii'), privateKey);
  return `${head}.${signature.toString('base64url')}`;
}

/** Strict base64url: Node's decoder skips stray characters and ignores trailing bits, so the
 * text must also be exactly what re-encoding the bytes gives. */
function decodeBase64url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_EPOCH_SECONDS;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

function parsePayload(bytes: Buffer): Payload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length !== PAYLOAD_KEYS.length || !PAYLOAD_KEYS.every((key) => Object.hasOwn(obj, key))) {
    return undefined;
  }
  const { exp, iat, lock, nbf, permit, tid, v } = obj;
  if (v !== UNLOCK_TOKEN_VERSION) return undefined;
  if (!isId(tid) || !isId(lock) || !isId(permit)) return undefined;
  if (!isEpochSeconds(iat) || !isEpochSeconds(nbf) || !isEpochSeconds(exp)) return undefined;
  if (!timesConsistent(iat, nbf, exp)) return undefined;
  const payload: Payload = { exp, iat, lock, nbf, permit, tid, v };
  // Catches key order, whitespace, duplicate keys, escapes and number spellings such as 1.0 or 1e3.
  return Buffer.from(canonicalJson(payload), 'utf8').equals(bytes) ? payload : undefined;
}

function signatureValid(head: string, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(head, 'ascii'), publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * Total: any string (or anything else) in, a verdict out. The signature is checked before the
 * payload is parsed, so nothing an attacker wrote reaches JSON.parse. A second use is reported as
 * `replayed` even after expiry, because someone holding on to used tokens is the finding that
 * matters.
 */
export function verifyUnlockToken(
  token: string,
  opts: {
    publicKey: KeyObject;
    lockId: string;
    now: Date;
    usedTokenIds?: ReadonlySet<string>;
    clockSkewMs?: number;
  },
): UnlockVerdict {
  const refuse = (reason: UnlockRefusal): UnlockVerdict => ({ ok: false, reason });
  if (typeof token !== 'string' || token.length === 0 || token.length > UNLOCK_TOKEN_MAX_LENGTH) {
    return refuse('malformed');
  }
  const parts = token.split('.');
  if (parts.length !== 2) return refuse('malformed');
  const [head, tail] = parts as [string, string];
  const payloadBytes = decodeBase64url(head);
  const signature = decodeBase64url(tail);
  if (payloadBytes === undefined || signature === undefined || signature.length !== SIGNATURE_BYTES) {
    return refuse('malformed');
  }
  if (!signatureValid(head, signature, opts.publicKey)) return refuse('bad_signature');

  const payload = parsePayload(payloadBytes);
  if (payload === undefined) return refuse('malformed');
  if (payload.lock !== opts.lockId) return refuse('wrong_lock');
  if (opts.usedTokenIds?.has(payload.tid) === true) return refuse('replayed');

  const skew =
    typeof opts.clockSkewMs === 'number' && Number.isFinite(opts.clockSkewMs) && opts.clockSkewMs >= 0
      ? opts.clockSkewMs
      : DEFAULT_CLOCK_SKEW_MS;
  const now = opts.now instanceof Date ? opts.now.getTime() : Number.NaN;
  // Written so that an unreadable clock (NaN) fails: a lock that cannot tell the time opens nothing.
  if (!(now >= payload.nbf * 1000 - skew)) return refuse('not_yet_valid');
  if (!(now <= payload.exp * 1000 + skew)) return refuse('expired');

  return {
    ok: true,
    claims: {
      tokenId: payload.tid,
      lockId: payload.lock,
      permitId: payload.permit,
      notBefore: new Date(payload.nbf * 1000),
      notAfter: new Date(payload.exp * 1000),
      issuedAt: new Date(payload.iat * 1000),
    },
  };
}

/** A token never outlives its permit's window, nor the maximum lifetime. */
export function unlockTokenExpiry(now: Date, windowEnd: Date): Date {
  return new Date(Math.min(now.getTime() + UNLOCK_TOKEN_MAX_TTL_MS, windowEnd.getTime()));
}

/** SPKI PEM: what the lock provisioning tool installs as the platform's verification key. */
export function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}
