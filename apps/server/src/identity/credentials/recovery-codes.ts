import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time recovery codes for a user who lost their authenticator: shown once at enrolment,
 * stored only as hashes, each consumed on use (by the caller, who deletes the matched hash).
 *
 * The alphabet is Crockford's base32 in lower case: no i, l, o or u, so nothing on a printed sheet
 * reads two ways, and on input o is read as 0 and i/l as 1, as Crockford specifies. 32 symbols
 * make each character exactly 5 random bits, so `xxxxx-xxxxx` is 50 bits.
 */

export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const RECOVERY_CODE_COUNT = 10;
const GROUP = 5;
const GROUPS = 2;
export const RECOVERY_CODE_BITS = GROUP * GROUPS * 5;
export const RECOVERY_CODE_PATTERN = /^[0-9abcdefghjkmnpqrstvwxyz]{5}-[0-9abcdefghjkmnpqrstvwxyz]{5}$/;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new RangeError('count must be 1 to 100');
  const codes = new Set<string>();
  // A repeat is a 2^-50 event; the set only makes "count distinct codes" true by construction.
  while (codes.size < count) codes.add(randomCode());
  return [...codes];
}

function randomCode(): string {
  const bytes = randomBytes(GROUP * GROUPS);
  let code = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0 && i % GROUP === 0) code += '-';
    // 32 divides 256, so the low five bits of a random byte are uniform: no modulo bias.
    code += RECOVERY_CODE_ALPHABET[bytes[i]! & 31];
  }
  return code;
}

/**
 * The form that is hashed: lower case, without the spaces and hyphens people type or paste, with
 * Crockford's look-alikes mapped (o → 0, i and l → 1). Anything else is left as it is: it then
 * hashes to a value no stored code has.
 */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}

/**
 * SHA-256 hex of the normalised code. A fast, unsalted hash is acceptable because the input is
 * 50 random bits, not a human choice, and a recovery code only replaces the second factor: it is
 * useless without the user's password, which argon2id protects.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code), 'utf8').digest('hex');
}
