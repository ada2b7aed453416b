/**
 * Judges a lock's openings against the unlock tokens the server issued (DESIGN §5: the lock's log
 * is the truth, and any opening without a valid token is an alarm). Logs arrive late, in pieces,
 * twice, and out of order, so the verdicts depend only on the set of openings, never on the order
 * they are passed in: re-running the judgement over everything received so far gives the same
 * answer for every opening already judged, unless an earlier use of the same token turns up.
 *
 * `IssuedToken.lockId` is the lock's device id (the id the lock publishes under).
 */

export interface IssuedToken {
  tokenId: string;
  lockId: string;
  permitId: string;
  notBefore: Date;
  notAfter: Date;
}

export interface LockOpening {
  deviceId: string;
  seq: number;
  occurredAt: Date;
  type: 'unlocked' | 'opened_without_token';
  tokenId: string | null;
}

export type OpeningRefusal =
  'no_token' | 'unknown_token' | 'token_for_other_lock' | 'outside_window' | 'token_reused';

export type OpeningVerdict =
  | { authorised: true; permitId: string }
  | { authorised: false; reason: OpeningRefusal; permitId: string | null };

/**
 * The lock's clock and the server's may disagree by this much. It matches the verifier's default
 * skew (unlock-token.ts); anything wider would let an opening well outside the permit's window
 * pass as authorised.
 */
export const OPENING_CLOCK_SKEW_MS = 60_000;

export const openingKey = (opening: Pick<LockOpening, 'deviceId' | 'seq'>): string =>
  `${opening.deviceId}:${opening.seq}`;

// An unreadable time sorts last and never falls inside a window.
const timeOf = (date: Date): number => {
  const t = date.getTime();
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A total order on openings, so that ties between locks, and two records of one log entry that
 * disagree (they should not), resolve the same way whatever order they arrive in. At equal times a
 * forced opening sorts first, so a disagreeing duplicate keeps the more alarming reading.
 */
function compareOpenings(a: LockOpening, b: LockOpening): number {
  return (
    timeOf(a.occurredAt) - timeOf(b.occurredAt) ||
    a.seq - b.seq ||
    compareStrings(a.deviceId, b.deviceId) ||
    (a.type === b.type ? 0 : a.type === 'opened_without_token' ? -1 : 1) ||
    compareStrings(a.tokenId ?? '', b.tokenId ?? '')
  );
}

function judgeFirstUse(
  opening: LockOpening,
  tokenId: string,
  tokens: ReadonlyMap<string, IssuedToken>,
): OpeningVerdict {
  const token = tokens.get(tokenId);
  // A map entry filed under the wrong id is not evidence that this token was issued.
  if (token === undefined || token.tokenId !== tokenId) {
    return { authorised: false, reason: 'unknown_token', permitId: null };
  }
  if (token.lockId !== opening.deviceId) {
    return { authorised: false, reason: 'token_for_other_lock', permitId: token.permitId };
  }
  const at = opening.occurredAt.getTime();
  const from = token.notBefore.getTime() - OPENING_CLOCK_SKEW_MS;
  const to = token.notAfter.getTime() + OPENING_CLOCK_SKEW_MS;
  if (!(at >= from && at <= to)) {
    return { authorised: false, reason: 'outside_window', permitId: token.permitId };
  }
  return { authorised: true, permitId: token.permitId };
}

/**
 * One verdict per distinct `${deviceId}:${seq}`. The same log entry received twice (QoS 1, a
 * re-uploaded log) is one opening, not a reuse. A token is used once: the earliest opening that
 * presents it is judged on its merits, every later one is `token_reused`, even if the earliest
 * was itself refused, because a lock that logs a second opening with a spent token has been
 * fooled or tampered with either way.
 */
export function judgeOpenings(
  openings: readonly LockOpening[],
  tokens: ReadonlyMap<string, IssuedToken>,
): Map<string, OpeningVerdict> {
  const byKey = new Map<string, LockOpening>();
  for (const opening of openings) {
    const key = openingKey(opening);
    const seen = byKey.get(key);
    if (seen === undefined || compareOpenings(opening, seen) < 0) byKey.set(key, opening);
  }

  const ordered = [...byKey.values()].sort(compareOpenings);
  const usedTokens = new Set<string>();
  const verdicts = new Map<string, OpeningVerdict>();
  for (const opening of ordered) {
    verdicts.set(openingKey(opening), judge(opening, tokens, usedTokens));
  }
  return verdicts;
}

function judge(
  opening: LockOpening,
  tokens: ReadonlyMap<string, IssuedToken>,
  usedTokens: Set<string>,
): OpeningVerdict {
  // A mechanical key or a forced hatch: whatever token id the log carries, none was checked.
  if (opening.type !== 'unlocked' || opening.tokenId === null) {
    return { authorised: false, reason: 'no_token', permitId: null };
  }
  const tokenId = opening.tokenId;
  if (usedTokens.has(tokenId)) {
    const token = tokens.get(tokenId);
    return {
      authorised: false,
      reason: 'token_reused',
      permitId: token !== undefined && token.tokenId === tokenId ? token.permitId : null,
    };
  }
  usedTokens.add(tokenId);
  return judgeFirstUse(opening, tokenId, tokens);
}
