import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session and CSRF tokens. A session token is a 256-bit random bearer secret given to the browser;
 * the database keeps only its SHA-256, so a leaked table or backup yields no live session. A fast
 * hash suffices because the token is random, not guessable, and it keeps the per-request lookup
 * an indexed equality on the hash.
 */

const TOKEN_BYTES = 32;
/** 32 bytes as unpadded base64url. */
export const SESSION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Lets the caller drop a malformed cookie before it costs a hash and a query. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && SESSION_TOKEN_PATTERN.test(token);
}

export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Same shape as a session token, kept apart so the two can never be swapped by mistake. */
export function newCsrfToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Everything a new (or newly promoted) session needs: the cookie's token, its stored hash, a CSRF token. */
export function mintSessionTokens(): { token: string; tokenHash: string; csrfToken: string } {
  const token = newSessionToken();
  return { token, tokenHash: sessionTokenHash(token), csrfToken: newCsrfToken() };
}

/**
 * String equality whose time does not depend on where the strings differ or how long the common
 * prefix is. Both sides are hashed first, which gives equal-length inputs for timingSafeEqual
 * whatever the lengths; hashing UTF-16 code units (not UTF-8) keeps lone surrogates distinct,
 * where UTF-8 encoding would turn every one of them into U+FFFD and make them compare equal.
 */
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const da = createHash('sha256').update(a, 'utf16le').digest();
  const db = createHash('sha256').update(b, 'utf16le').digest();
  return timingSafeEqual(da, db);
}
