import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { toString as qrToString } from 'qrcode';

/**
 * Time-based one-time passwords: RFC 6238 (TOTP) over RFC 4226 (HOTP), with the secret in
 * RFC 4648 base32 as authenticator apps expect it. Pure apart from the clock value passed in and
 * the random secret; the caller stores the last accepted counter (replay defence, see verifyTotp).
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE32_VALUES = new Map([...BASE32_ALPHABET].map((c, i) => [c, i]));

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export const TOTP_ALGORITHMS: readonly TotpAlgorithm[] = ['sha1', 'sha256', 'sha512'];
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 §4 R6: the shared secret MUST be at least 128 bits (160 recommended, and generated here). */
export const TOTP_MIN_SECRET_BYTES = 16;
const SECRET_BYTES = 20;
/** ±10 steps is five minutes each way; anything wider is a bug, not clock drift. */
const MAX_WINDOW = 10;

export function base32Encode(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1; // keep only the bits not yet written, so `value` never overflows
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * RFC 4648 base32, case-insensitive, trailing `=` padding optional. Throws on any other character
 * and on lengths no encoding produces (1, 3 or 6 characters left over), so a mistyped secret fails
 * loudly at enrolment instead of yielding codes that never match.
 */
export function base32Decode(str: string): Buffer {
  const trimmed = str.replace(/=+$/, '');
  // Checked before upper-casing: 'ß'.toUpperCase() is 'SS' and 'ı' becomes 'I', both valid base32.
  const bad = /[^A-Za-z2-7]/.exec(trimmed);
  if (bad) {
    throw new Error(
      `invalid base32: character ${JSON.stringify(bad[0])} at position ${bad.index} (allowed: A–Z, 2–7)`,
    );
  }
  const body = trimmed.toUpperCase();
  const rest = body.length % 8;
  if (rest === 1 || rest === 3 || rest === 6) {
    throw new Error(`invalid base32: a length of ${body.length} characters cannot be decoded`);
  }
  const out = Buffer.alloc(Math.floor((body.length * 5) / 8));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = BASE32_VALUES.get(body[i]!)!;
    value = ((value << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** 160 random bits (RFC 4226's recommended length, and what Google Authenticator expects), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

export interface TotpOptions {
  digits?: number;
  algorithm?: TotpAlgorithm;
}

function checkOptions(digits: number, algorithm: string): void {
  // RFC 4226 §5.3: at least 6 digits; more than 8 adds nothing, the truncated value has 31 bits.
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) throw new RangeError('digits must be 6, 7 or 8');
  if (!(TOTP_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new RangeError(`unsupported algorithm ${algorithm}`);
  }
}

/** RFC 4226 HOTP on a raw key: HMAC of the 8-byte big-endian counter, dynamic truncation, mod 10^digits. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: TotpAlgorithm = 'sha1',
): string {
  checkOptions(digits, algorithm);
  if (!Number.isSafeInteger(counter) || counter < 0)
    throw new RangeError('counter must be a non-negative integer');
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function decodeSecret(secretBase32: string): Buffer {
  const key = base32Decode(secretBase32);
  if (key.length < TOTP_MIN_SECRET_BYTES) {
    throw new RangeError(`TOTP secret must be at least ${TOTP_MIN_SECRET_BYTES * 8} bits`);
  }
  return key;
}

/** The code for one time step (`counter` from totpCounter). */
export function totpAt(secretBase32: string, counter: number, options: TotpOptions = {}): string {
  const { digits = TOTP_DIGITS, algorithm = 'sha1' } = options;
  return hotp(decodeSecret(secretBase32), counter, digits, algorithm);
}

/** RFC 6238 T = floor((unix time − T0) / X) with T0 = 0. */
export function totpCounter(timeMs: number, step = TOTP_STEP_SECONDS): number {
  return Math.floor(timeMs / (step * 1000));
}

export interface VerifyTotpOptions extends TotpOptions {
  /** Steps accepted either side of now for clock drift; 1 = the previous, current and next code. */
  window?: number;
  step?: number;
  /** Counters at or before this one are not considered (the last counter this user has used). */
  lastUsedCounter?: number;
}

/**
 * The counter of the step whose code matches, or null. The caller must store it and refuse any later
 * code whose counter is ≤ the stored one: a code seen over a shoulder or phished must not work twice.
 * Never throws on the code, the secret or the clock (a malformed secret or non-digit input is
 * null); only invalid options, which are a programming error, throw.
 *
 * Every counter in the window is computed and compared in constant time, so the response time says
 * nothing about which step (if any) matched. On a chance collision the earliest counter is returned,
 * leaving the later steps usable.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  nowMs: number,
  options: VerifyTotpOptions = {},
): number | null {
  const { window = 1, step = TOTP_STEP_SECONDS, digits = TOTP_DIGITS, algorithm = 'sha1' } = options;
  checkOptions(digits, algorithm);
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) {
    throw new RangeError(`window must be an integer from 0 to ${MAX_WINDOW}`);
  }
  if (!Number.isInteger(step) || step < 1) throw new RangeError('step must be a positive integer');
  if (typeof code !== 'string' || code.length !== digits || !/^[0-9]+$/.test(code)) return null;
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) return null;
  let key: Buffer;
  try {
    key = decodeSecret(secretBase32);
  } catch {
    return null;
  }
  const given = Buffer.from(code, 'ascii');
  const now = totpCounter(nowMs, step);
  // Beyond 2^53, counter++ no longer changes the counter and the loop below would never end.
  if (!Number.isSafeInteger(now - window) || !Number.isSafeInteger(now + window)) return null;
  const floor = options.lastUsedCounter ?? -1;
  let matched: number | null = null;
  for (let counter = now - window; counter <= now + window; counter++) {
    if (counter < 0) continue;
    const expected = Buffer.from(hotp(key, counter, digits, algorithm), 'ascii');
    const same = timingSafeEqual(expected, given);
    if (same && counter > floor && matched === null) matched = counter;
  }
  return matched;
}

export interface OtpauthParams {
  issuer: string;
  account: string;
  secret: string;
}

/**
 * Google Authenticator key-uri format: `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…`, both
 * parts percent-encoded (UTF-8), spaces as %20 not `+` (some apps show a literal `+`). The issuer
 * appears in the label and as a parameter because older apps read only one of them. Algorithm,
 * digits and period are spelled out though they are the defaults, so the URI states exactly what
 * verifyTotp checks instead of relying on each app's idea of the defaults.
 */
export function otpauthUri({ issuer, account, secret }: OtpauthParams): string {
  // The label's only separator is the colon; one inside either part would be split wrongly.
  if (issuer.length === 0 || issuer.includes(':'))
    throw new RangeError('issuer must be non-empty without ":"');
  if (account.length === 0 || account.includes(':'))
    throw new RangeError('account must be non-empty without ":"');
  const canonicalSecret = base32Encode(decodeSecret(secret));
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = [
    `secret=${canonicalSecret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_STEP_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

/** The URI as an SVG QR code for the enrolment page; level M survives a smudged phone screen. */
export function qrSvg(text: string): Promise<string> {
  return qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
