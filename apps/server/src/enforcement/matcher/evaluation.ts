import { readFileSync } from 'node:fs';

/**
 * The labelled findings of data/enforcement (written from the obligations and inspection
 * language, independently of the matcher) and the figures they give: recall@k and MRR of any
 * ranking function, and how often the major-hazard flag is right.
 */

export interface LabelledFinding {
  id: string;
  finding: string;
  /** Provisions an officer would accept, most specific first. */
  expected: string[];
  /** The item of 令第10号 the finding meets, or null. */
  majorHazard: string | null;
}

export const DEV_SET = new URL('../../../../../data/enforcement/matcher-dev-set.json', import.meta.url);
export const HOLDOUT_SET = new URL(
  '../../../../../data/enforcement/matcher-holdout-set.json',
  import.meta.url,
);

export function loadLabelledFindings(file: URL): LabelledFinding[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { findings?: LabelledFinding[] };
  if (!Array.isArray(data.findings)) throw new Error(`${file.pathname}: no findings`);
  return data.findings;
}

export interface RankingFigures {
  findings: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrrAt5: number;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A finding counts as found at k when any of its expected provisions is among the first k. */
export function rankingFigures(
  set: readonly LabelledFinding[],
  rank: (finding: string) => string[],
): RankingFigures {
  let r1 = 0;
  let r3 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const f of set) {
    const ranked = rank(f.finding).slice(0, 5);
    const at = ranked.findIndex((ref) => f.expected.includes(ref));
    if (at === 0) r1 += 1;
    if (at >= 0 && at < 3) r3 += 1;
    if (at >= 0) {
      r5 += 1;
      mrr += 1 / (at + 1);
    }
  }
  const n = Math.max(1, set.length);
  return {
    findings: set.length,
    recallAt1: round3(r1 / n),
    recallAt3: round3(r3 / n),
    recallAt5: round3(r5 / n),
    mrrAt5: round3(mrr / n),
  };
}

export interface MajorHazardFigures {
  /** Findings labelled major whose flag names exactly that item. */
  truePositives: number;
  /** Flagged, but labelled not major or another item. */
  falsePositives: number;
  /** Labelled major, not flagged (or flagged as another item). */
  falseNegatives: number;
  precision: number;
  recall: number;
}

export function majorHazardFigures(
  set: readonly LabelledFinding[],
  flag: (finding: string) => string | null,
): MajorHazardFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of set) {
    const flagged = flag(f.finding);
    if (flagged && flagged === f.majorHazard) tp += 1;
    else {
      if (flagged) fp += 1;
      if (f.majorHazard) fn += 1;
    }
  }
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: round3(tp + fp === 0 ? 0 : tp / (tp + fp)),
    recall: round3(tp + fn === 0 ? 0 : tp / (tp + fn)),
  };
}
