import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  OPENING_CLOCK_SKEW_MS,
  judgeOpenings,
  openingKey,
  type IssuedToken,
  type LockOpening,
  type OpeningVerdict,
} from './reconcile-lock-event';

const MIN = 60_000;
const T = Date.parse('2026-11-30T02:00:00.000Z');
const at = (minutes: number) => new Date(T + minutes * MIN);

function issued(tokenId: string, lockId: string, permitId: string, from = 0, to = 10): IssuedToken {
  return { tokenId, lockId, permitId, notBefore: at(from), notAfter: at(to) };
}
const tokens = new Map<string, IssuedToken>(
  [issued('t1', 'LK-1', 'P1'), issued('t2', 'LK-2', 'P2'), issued('t3', 'LK-1', 'P3', 30, 40)].map((t) => [
    t.tokenId,
    t,
  ]),
);
const unlocked = (deviceId: string, seq: number, minutes: number, tokenId: string | null): LockOpening => ({
  deviceId,
  seq,
  occurredAt: at(minutes),
  type: 'unlocked',
  tokenId,
});
const verdictOf = (openings: LockOpening[], key: string) => judgeOpenings(openings, tokens).get(key);

describe('judgeOpenings', () => {
  it('authorises an opening with a valid token for this lock inside its window', () => {
    expect(verdictOf([unlocked('LK-1', 7, 5, 't1')], 'LK-1:7')).toEqual({ authorised: true, permitId: 'P1' });
  });

  // prettier-ignore
  it.each<[string, LockOpening, OpeningVerdict]>([
    ['forced opening', { deviceId: 'LK-1', seq: 1, occurredAt: at(5), type: 'opened_without_token', tokenId: null }, { authorised: false, reason: 'no_token', permitId: null }],
    ['mechanical key, even with a token id in the log', { deviceId: 'LK-1', seq: 1, occurredAt: at(5), type: 'opened_without_token', tokenId: 't1' }, { authorised: false, reason: 'no_token', permitId: null }],
    ['unlocked without token id', unlocked('LK-1', 1, 5, null), { authorised: false, reason: 'no_token', permitId: null }],
    ['unknown token', unlocked('LK-1', 1, 5, 'forged'), { authorised: false, reason: 'unknown_token', permitId: null }],
    ['token for another lock', unlocked('LK-1', 1, 5, 't2'), { authorised: false, reason: 'token_for_other_lock', permitId: 'P2' }],
    ['before the window', unlocked('LK-1', 1, 28.9, 't3'), { authorised: false, reason: 'outside_window', permitId: 'P3' }],
    ['after the window', unlocked('LK-1', 1, 41.1, 't3'), { authorised: false, reason: 'outside_window', permitId: 'P3' }],
    ['unreadable time', { ...unlocked('LK-1', 1, 5, 't1'), occurredAt: new Date(NaN) }, { authorised: false, reason: 'outside_window', permitId: 'P1' }],
  ])('%s', (_name, opening, verdict) => {
    expect(judgeOpenings([opening], tokens).get(openingKey(opening))).toEqual(verdict);
  });

  it('allows exactly 60 s of clock difference at both ends', () => {
    const ms = (offset: number) => ({ ...unlocked('LK-1', 1, 0, 't3'), occurredAt: new Date(offset) });
    const judge = (o: LockOpening) => judgeOpenings([o], tokens).get('LK-1:1')!.authorised;
    expect(judge(ms(at(30).getTime() - OPENING_CLOCK_SKEW_MS))).toBe(true);
    expect(judge(ms(at(30).getTime() - OPENING_CLOCK_SKEW_MS - 1))).toBe(false);
    expect(judge(ms(at(40).getTime() + OPENING_CLOCK_SKEW_MS))).toBe(true);
    expect(judge(ms(at(40).getTime() + OPENING_CLOCK_SKEW_MS + 1))).toBe(false);
  });

  it('judges the earliest use of a token normally and every later one as reused', () => {
    const result = judgeOpenings(
      [unlocked('LK-1', 9, 8, 't1'), unlocked('LK-1', 3, 2, 't1'), unlocked('LK-2', 4, 6, 't1')],
      tokens,
    );
    expect(result.get('LK-1:3')).toEqual({ authorised: true, permitId: 'P1' });
    expect(result.get('LK-2:4')).toEqual({ authorised: false, reason: 'token_reused', permitId: 'P1' });
    expect(result.get('LK-1:9')).toEqual({ authorised: false, reason: 'token_reused', permitId: 'P1' });
  });

  it('breaks a tie in time by seq', () => {
    const result = judgeOpenings([unlocked('LK-1', 12, 5, 't1'), unlocked('LK-1', 11, 5, 't1')], tokens);
    expect(result.get('LK-1:11')).toMatchObject({ authorised: true });
    expect(result.get('LK-1:12')).toMatchObject({ reason: 'token_reused' });
  });

  it('spends a token even on a refused first use', () => {
    const result = judgeOpenings([unlocked('LK-1', 1, 20, 't1'), unlocked('LK-1', 2, 25, 't1')], tokens);
    expect(result.get('LK-1:1')).toMatchObject({ reason: 'outside_window' });
    expect(result.get('LK-1:2')).toMatchObject({ reason: 'token_reused' });
  });

  it('treats the same log entry received twice as one opening, not a reuse', () => {
    const entry = unlocked('LK-1', 7, 5, 't1');
    const result = judgeOpenings([entry, { ...entry, occurredAt: new Date(entry.occurredAt) }], tokens);
    expect(result.size).toBe(1);
    expect(result.get('LK-1:7')).toEqual({ authorised: true, permitId: 'P1' });
  });

  it('does not trust a map entry filed under another id', () => {
    const misfiled = new Map([['t9', issued('t1', 'LK-1', 'P1')]]);
    expect(judgeOpenings([unlocked('LK-1', 1, 5, 't9')], misfiled).get('LK-1:1')).toMatchObject({
      reason: 'unknown_token',
    });
  });
});

describe('properties', () => {
  const LOCKS = ['LK-1', 'LK-2', 'LK-3'];
  const TOKEN_IDS = ['t1', 't2', 't3', 't4', 'x'];
  const tokensArb = fc
    .uniqueArray(
      fc.record({
        tokenId: fc.constantFrom(...TOKEN_IDS),
        lockId: fc.constantFrom(...LOCKS),
        permitId: fc.constantFrom('P1', 'P2'),
        from: fc.integer({ min: 0, max: 60 }),
        length: fc.integer({ min: 0, max: 20 }),
      }),
      { selector: (t) => t.tokenId, maxLength: 4 },
    )
    .map(
      (list) =>
        new Map(
          list.map((t) => [t.tokenId, issued(t.tokenId, t.lockId, t.permitId, t.from, t.from + t.length)]),
        ),
    );
  const openingArb = fc.record({
    deviceId: fc.constantFrom(...LOCKS),
    seq: fc.integer({ min: 0, max: 30 }),
    occurredAt: fc.integer({ min: -5, max: 90 }).map(at),
    type: fc.constantFrom<LockOpening['type']>('unlocked', 'unlocked', 'opened_without_token'),
    tokenId: fc.option(fc.constantFrom(...TOKEN_IDS), { freq: 6 }),
  });
  // Distinct log entries, some received twice (identically), as QoS 1 and re-uploads do.
  const logArb = fc
    .uniqueArray(openingArb, { selector: openingKey, maxLength: 25 })
    .chain((openings) =>
      fc.subarray(openings).map((again) => [...openings, ...again.map((o) => ({ ...o }))]),
    );
  // Also records that share a key but disagree, which a buggy or forged lock could send.
  const anyLogArb = fc.oneof(logArb, fc.array(openingArb, { maxLength: 25 }));

  it('gives the same verdicts whatever order the openings come in', () => {
    fc.assert(
      fc.property(
        tokensArb,
        anyLogArb.chain((log) =>
          fc.tuple(fc.constant(log), fc.shuffledSubarray(log, { minLength: log.length })),
        ),
        (issuedTokens, [log, shuffled]) => {
          expect(judgeOpenings(shuffled, issuedTokens)).toEqual(judgeOpenings(log, issuedTokens));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('answers for every opening, and never authorises one without a valid token, or a token twice', () => {
    fc.assert(
      fc.property(tokensArb, logArb, (issuedTokens, log) => {
        const verdicts = judgeOpenings(log, issuedTokens);
        expect(new Set(verdicts.keys())).toEqual(new Set(log.map(openingKey)));
        const authorisedPerToken = new Map<string, number>();
        for (const [key, opening] of new Map(log.map((o) => [openingKey(o), o]))) {
          const verdict = verdicts.get(key)!;
          const token = opening.tokenId === null ? undefined : issuedTokens.get(opening.tokenId);
          const valid =
            opening.type === 'unlocked' &&
            token !== undefined &&
            token.lockId === opening.deviceId &&
            opening.occurredAt.getTime() >= token.notBefore.getTime() - OPENING_CLOCK_SKEW_MS &&
            opening.occurredAt.getTime() <= token.notAfter.getTime() + OPENING_CLOCK_SKEW_MS;
          if (!valid) expect(verdict.authorised).toBe(false);
          if (verdict.authorised) {
            expect(verdict.permitId).toBe(token!.permitId);
            authorisedPerToken.set(opening.tokenId!, (authorisedPerToken.get(opening.tokenId!) ?? 0) + 1);
          }
        }
        for (const n of authorisedPerToken.values()) expect(n).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });
});
