import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Password hashing with argon2id, stored as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
 * so every hash carries the parameters it was made with and old hashes keep verifying after the
 * parameters below change (`needsRehash` tells the sign-in flow when to re-hash).
 */

export interface Argon2Params {
  algorithm: 'argon2id';
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over that memory. */
  timeCost: number;
  /** Lanes (threads) per hash. */
  parallelism: number;
  /** Bytes of output. */
  outputLen: number;
}

/**
 * OWASP Password Storage Cheat Sheet, argon2id: m=19456 KiB (19 MiB), t=2, p=1 is the lowest of
 * its equally strong configurations (the others trade memory for passes, e.g. 46 MiB with t=1).
 * Kept as the floor the benchmark compares against.
 */
export const OWASP_MINIMUM_PARAMS: Readonly<Argon2Params> = Object.freeze({
  algorithm: 'argon2id',
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
});

/**
 * What new hashes use: 46 MiB (OWASP's 47104 KiB figure) with two passes, about 2.4× the OWASP
 * minimum's memory × passes. Memory is what makes GPU/ASIC cracking expensive, so the extra budget
 * goes there first. `npm run bench:auth` on the 2-core, 24 GiB target machine (idle), four runs:
 *
 *   setting            verify median / p95   2 verifications at once
 *   19 MiB, t=2 (min)  16–22 / 21–26 ms      ~100 sign-ins/s
 *   46 MiB, t=2 (this) 45–55 / 58–68 ms       32–36 sign-ins/s
 *   64 MiB, t=3        100–133 / 150–170 ms   ~16 sign-ins/s (over the ~100 ms budget)
 *
 * 35 sign-ins/s is far above what a city's few thousand inspectors produce even at a shift change.
 * Each verification holds 46 MiB while it runs; libuv's four threads cap that at ~184 MiB.
 *
 * p=1: on two cores a second lane halves one verification's wall time but not the CPU it costs,
 * and under concurrent sign-ins the cores are busy anyway, so throughput would not improve.
 */
export const ARGON2_PARAMS: Readonly<Argon2Params> = Object.freeze({
  algorithm: 'argon2id',
  memoryCost: 47_104,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
});

/** Argon2 version 1.3 (0x13), the only one this module writes or accepts. */
const ARGON2_VERSION = 19;
// The binding's Algorithm is an ambient const enum, which isolatedModules cannot read: 2 = Argon2id.
const ARGON2ID = 2 as Algorithm;

/**
 * Hashes outside these bounds were not written by this module; verifying one could pin a libuv
 * thread for seconds or allocate gigabytes, so it is refused instead (a tampered row must not
 * become a denial of service).
 */
const LIMITS = { memoryCost: 1_048_576, timeCost: 16, parallelism: 16 } as const;

/**
 * NIST SP 800-63B §5.1.1.2: passwords are NFKC-normalised before hashing, so the same password
 * typed on a keyboard that sends decomposed accents, or in a Chinese IME's full-width mode
 * (ｐａｓｓ), still verifies. Policy checks run on the same form (password-policy.ts).
 */
export function normalisePassword(plain: string): string {
  return plain.normalize('NFKC');
}

function toOptions(params: Readonly<Argon2Params>): Options {
  return {
    algorithm: ARGON2ID,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    outputLen: params.outputLen,
  };
}

/** A PHC string with a fresh 16-byte salt. `params` exists for the benchmark; callers use the default. */
export async function hashPassword(
  plain: string,
  params: Readonly<Argon2Params> = ARGON2_PARAMS,
): Promise<string> {
  if (typeof plain !== 'string') throw new TypeError('password must be a string');
  return hash(normalisePassword(plain), toOptions(params));
}

export interface ParsedArgon2Hash extends Argon2Params {
  version: number;
  saltBytes: number;
}

const PHC_PATTERN =
  /^\$argon2id\$v=(\d{1,3})\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Bytes held by unpadded standard base64 of `length` characters, or undefined if no length fits. */
function base64Bytes(length: number): number | undefined {
  if (length % 4 === 1) return undefined;
  return Math.floor((length * 3) / 4);
}

/** The parameters of an argon2id PHC string this module could have written, or null. Never throws. */
export function parseArgon2Hash(phc: unknown): ParsedArgon2Hash | null {
  if (typeof phc !== 'string' || phc.length > 512) return null;
  const m = PHC_PATTERN.exec(phc);
  if (!m) return null;
  const [version, memoryCost, timeCost, parallelism] = m.slice(1, 5).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const saltBytes = base64Bytes(m[5]!.length);
  const outputLen = base64Bytes(m[6]!.length);
  if (version !== ARGON2_VERSION || saltBytes === undefined || outputLen === undefined) return null;
  // Argon2's own minimums (RFC 9106 §3.1): salt ≥ 8 bytes, tag ≥ 4 bytes, m ≥ 8·p KiB.
  if (saltBytes < 8 || saltBytes > 64 || outputLen < 4 || outputLen > 64) return null;
  if (parallelism < 1 || parallelism > LIMITS.parallelism) return null;
  if (timeCost < 1 || timeCost > LIMITS.timeCost) return null;
  if (memoryCost < 8 * parallelism || memoryCost > LIMITS.memoryCost) return null;
  return { algorithm: 'argon2id', version, memoryCost, timeCost, parallelism, outputLen, saltBytes };
}

/**
 * True when `plain` matches. False, never an exception, for a wrong password and for anything that
 * is not a well-formed argon2id hash (empty column, bcrypt left-over, truncated value): sign-in
 * treats all of them as "wrong credentials".
 */
export async function verifyPassword(phc: string, plain: string): Promise<boolean> {
  if (typeof plain !== 'string' || parseArgon2Hash(phc) === null) return false;
  try {
    return await verify(phc, normalisePassword(plain));
  } catch {
    return false;
  }
}

/**
 * A hash of 32 random bytes that were thrown away, made with ARGON2_PARAMS (a test keeps the two
 * in step). Sign-in for an unknown username verifies against it so that the response takes as
 * long as for a known one: otherwise the time alone would tell which usernames exist.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=47104,t=2,p=1$s8fqyuXOTX+HnTIKvkGAnQ$OzzWMSQznzKXgnFBHO+nIRrNm+ZwF6VYbMuXbed9wvM';

/** Spends one verification's time and returns false, whatever `plain` is. */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, typeof plain === 'string' ? plain : '');
  return false;
}

/**
 * True when a stored hash should be replaced by `hashPassword(plain)` after a successful sign-in:
 * its parameters differ from ARGON2_PARAMS (raised or lowered alike), or it cannot be parsed.
 */
export function needsRehash(phc: string): boolean {
  const parsed = parseArgon2Hash(phc);
  if (parsed === null) return true;
  return (
    parsed.memoryCost !== ARGON2_PARAMS.memoryCost ||
    parsed.timeCost !== ARGON2_PARAMS.timeCost ||
    parsed.parallelism !== ARGON2_PARAMS.parallelism ||
    parsed.outputLen !== ARGON2_PARAMS.outputLen
  );
}
