import { readFileSync } from 'node:fs';
import { normalisePassword } from './password-hash';

/**
 * The rules a new password must pass (NIST SP 800-63B §5.1.1.2): a minimum length, no username
 * inside it, not on a list of passwords known from breaches. No composition rules ("one digit,
 * one symbol"): they push people to `Password1!`, which the list already catches.
 *
 * The problem codes are i18n keys and part of the API contract, like the device contract's reasons.
 */

export const PASSWORD_MIN_LENGTH = 12;
/** Shorter usernames (`li`, `wu`) occur by chance in long passwords, so they are not looked for. */
const USERNAME_MIN_LENGTH = 3;

export type PasswordProblemCode = 'password.too_short' | 'password.contains_username' | 'password.common';

export interface PasswordProblem {
  code: PasswordProblemCode;
  params?: Record<string, string | number>;
}

const COMMON_PASSWORDS_FILE = new URL('./common-passwords.txt', import.meta.url);
let commonPasswords: ReadonlySet<string> | undefined;

/**
 * Read on first use, not at import: processes that never set a password (workers, CLIs) do not
 * pay for parsing ~100 k entries (tens of milliseconds, event loop blocked), and each process
 * reads it once.
 */
function commonPasswordSet(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0),
  );
  return commonPasswords;
}

/** Loads the list now (e.g. at server start) instead of in the first password change; returns its size. */
export function preloadCommonPasswords(): number {
  return commonPasswordSet().size;
}

/**
 * The list is stored lower-cased, so `PASSWORD1` and `Password1` are as common as `password1`.
 * Both the NFKC form (what is hashed) and the text as typed are looked up: a few entries, such as
 * `aª»`, are not in NFKC form themselves.
 */
export function isCommonPassword(password: string): boolean {
  const set = commonPasswordSet();
  return set.has(normalisePassword(password).toLowerCase()) || set.has(password.toLowerCase());
}

/** Length in code points, so that a Chinese character or an emoji counts as one, not as 2 UTF-16 units. */
function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Every rule the password breaks, in a fixed order (empty = acceptable). Rules run on the NFKC
 * form that is hashed, so a full-width `ｐａｓｓｗｏｒｄ１２３` is as common as `password123`.
 */
export function checkPasswordRules(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const normalised = normalisePassword(password);
  const lower = normalised.toLowerCase();
  if (codePointLength(normalised) < PASSWORD_MIN_LENGTH) {
    problems.push({ code: 'password.too_short', params: { min: PASSWORD_MIN_LENGTH } });
  }
  const name = normalisePassword(username).trim().toLowerCase();
  if (codePointLength(name) >= USERNAME_MIN_LENGTH && lower.includes(name)) {
    problems.push({ code: 'password.contains_username' });
  }
  if (isCommonPassword(password)) problems.push({ code: 'password.common' });
  return problems;
}
