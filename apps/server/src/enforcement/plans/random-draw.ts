import { createHash } from 'node:crypto';

/**
 * The 双随机 draw as a pure function of its recorded inputs: (seed, candidate ids, n) for the
 * enterprises and (seed, officer ids, number of targets) for the officer pairs. No clock, no
 * database, no Math.random: whoever holds the inputs re-runs it and gets the same result.
 *
 * Version 1 (`sha256-ctr-v1`):
 * - ids are bigint strings, sorted by numeric value; the digest of a list is
 *   SHA-256 of the sorted ids joined by "\n" (hex);
 * - the random stream of a purpose P ("enterprises" or "officers") is the concatenation of
 *   SHA-256(seed-bytes ‖ P ‖ ":" ‖ counter as 8-byte big-endian) for counter = 0, 1, …, read as
 *   32-bit big-endian words;
 * - a uniform integer below k comes from one word by rejection (words ≥ 2^32 − 2^32 mod k are
 *   skipped), so no index is favoured;
 * - enterprises: a partial Fisher–Yates shuffle of the sorted candidates, the first n positions;
 * - officers: 2·T slots filled with consecutive Fisher–Yates permutations of the sorted officers,
 *   paired (2i, 2i+1); where a permutation would begin with the officer that ends the previous
 *   one inside a pair, its first element is swapped with a random later one. Each officer thus
 *   serves ⌊2T/m⌋ or ⌈2T/m⌉ times and a pair never names one officer twice.
 */
export const DRAW_ALGORITHM = 'sha256-ctr-v1';
export const SEED_HEX_LENGTH = 32;

const ID_PATTERN = /^[0-9]{1,19}$/;

export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorted, de-duplicated ids (numeric order); refuses anything that is not a bigint id. */
export function sortIds(ids: readonly string[]): string[] {
  for (const id of ids) {
    if (!ID_PATTERN.test(id) || (id.length > 1 && id.startsWith('0'))) throw new Error(`not an id: ${id}`);
  }
  return [...new Set(ids)].sort(compareIds);
}

export function listDigest(ids: readonly string[]): string {
  return createHash('sha256').update(sortIds(ids).join('\n'), 'utf8').digest('hex');
}

export function isSeed(seed: string): boolean {
  return seed.length === SEED_HEX_LENGTH && /^[0-9a-f]+$/.test(seed);
}

/** A deterministic stream of uniform integers for one purpose of one seed. */
export function randomStream(seed: string, purpose: string) {
  if (!isSeed(seed)) throw new Error('seed must be 32 lowercase hex digits');
  const key = Buffer.from(seed, 'hex');
  let counter = 0n;
  let block = Buffer.alloc(0);
  let offset = 0;
  const nextWord = (): number => {
    if (offset + 4 > block.length) {
      const ctr = Buffer.alloc(8);
      ctr.writeBigUInt64BE(counter);
      counter += 1n;
      block = createHash('sha256').update(key).update(`${purpose}:`, 'utf8').update(ctr).digest();
      offset = 0;
    }
    const word = block.readUInt32BE(offset);
    offset += 4;
    return word;
  };
  return {
    /** Uniform in [0, k). */
    below(k: number): number {
      if (!Number.isInteger(k) || k < 1 || k > 2 ** 32) throw new Error(`bad bound ${k}`);
      const limit = 2 ** 32 - (2 ** 32 % k);
      for (;;) {
        const w = nextWord();
        if (w < limit) return w % k;
      }
    },
  };
}

/** n distinct candidates (all of them, in drawn order, when there are no more than n). */
export function drawEnterprises(seed: string, candidateIds: readonly string[], n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new Error('n must be a whole number ≥ 0');
  const pool = sortIds(candidateIds);
  const take = Math.min(n, pool.length);
  const rng = randomStream(seed, 'enterprises');
  for (let i = 0; i < take; i++) {
    const j = i + rng.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, take);
}

export type OfficerPair = readonly [string, string];

/** One pair of distinct officers per target, load balanced within one. Needs two officers or more. */
export function drawOfficerPairs(
  seed: string,
  officerIds: readonly string[],
  targets: number,
): OfficerPair[] {
  if (!Number.isInteger(targets) || targets < 0) throw new Error('targets must be a whole number ≥ 0');
  if (targets === 0) return [];
  const officers = sortIds(officerIds);
  const m = officers.length;
  if (m < 2) throw new Error('at least two officers are needed');
  const rng = randomStream(seed, 'officers');
  const slots: string[] = [];
  while (slots.length < 2 * targets) {
    const perm = [...officers];
    for (let i = m - 1; i > 0; i--) {
      const j = rng.below(i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    // The permutation's first officer would complete a pair begun by the same officer.
    if (slots.length % 2 === 1 && perm[0] === slots[slots.length - 1]) {
      const j = 1 + rng.below(m - 1);
      [perm[0], perm[j]] = [perm[j]!, perm[0]!];
    }
    slots.push(...perm);
  }
  const pairs: OfficerPair[] = [];
  for (let t = 0; t < targets; t++) pairs.push([slots[2 * t]!, slots[2 * t + 1]!]);
  return pairs;
}

export interface DrawInputs {
  seed: string;
  candidateIds: readonly string[];
  randomCount: number;
  /** Targets chosen before the random part (grade, referral), in their recorded order. */
  fixedTargetIds: readonly string[];
  officerIds: readonly string[];
}

export interface DrawResult {
  algorithm: typeof DRAW_ALGORITHM;
  candidateDigest: string;
  officerDigest: string;
  randomIds: string[];
  /** Fixed targets first, then the random ones; each with its pair. */
  assignments: { enterpriseId: string; officers: OfficerPair }[];
}

/** The whole draw: random enterprises, then a pair for every target (fixed ones included). */
export function runDraw(inputs: DrawInputs): DrawResult {
  const randomIds = drawEnterprises(inputs.seed, inputs.candidateIds, inputs.randomCount);
  const targets = [...inputs.fixedTargetIds, ...randomIds];
  const pairs = drawOfficerPairs(inputs.seed, inputs.officerIds, targets.length);
  return {
    algorithm: DRAW_ALGORITHM,
    candidateDigest: listDigest(inputs.candidateIds),
    officerDigest: listDigest(inputs.officerIds),
    randomIds,
    assignments: targets.map((enterpriseId, i) => ({ enterpriseId, officers: pairs[i]! })),
  };
}
