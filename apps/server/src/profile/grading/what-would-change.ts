import { fixedValue, gradeRank } from './grading-model';
import type { GradeId, GradingModel } from './grading-model';
import { indicatorPoints, scoreEnterprise } from './score-enterprise';
import type { GradeResult, GradingInputs } from './score-enterprise';

export interface GradeFix {
  indicatorId: string;
  from: number;
  to: number;
  pointsSaved: number;
}

export interface WhatWouldChange {
  currentGrade: GradeId;
  reachable: boolean;
  targetGrade: GradeId | null;
  fixes: GradeFix[];
  scoreAfter: number | null;
  blockedBy: { overrideId: string; holdMonthsLeft: number }[];
}

/**
 * The fixes an enterprise can carry out now, each once: those that lower the indicator's points or
 * clear an override's condition. Model order, which is also the tie-break order of the search.
 */
export function fixCandidates(model: GradingModel, inputs: GradingInputs): GradeFix[] {
  const candidates: GradeFix[] = [];
  for (const indicator of model.dimensions.flatMap((d) => d.indicators)) {
    if (indicator.fix === null) continue;
    const from = inputs[indicator.id] as number;
    const to = Math.min(fixedValue(indicator.fix, from), indicator.max ?? Number.MAX_SAFE_INTEGER);
    const pointsSaved = indicatorPoints(indicator, from) - indicatorPoints(indicator, to);
    const clearsOverride = model.overrides.some(
      (o) => o.when.indicator === indicator.id && from >= o.when.atLeast && to < o.when.atLeast,
    );
    if (pointsSaved > 0 || (clearsOverride && pointsSaved === 0)) {
      candidates.push({ indicatorId: indicator.id, from, to, pointsSaved });
    }
  }
  return candidates;
}

export function applyFixes(inputs: GradingInputs, fixes: readonly GradeFix[]): GradingInputs {
  const after: Record<string, number | null> = { ...inputs };
  for (const f of fixes) after[f.indicatorId] = f.to;
  return after;
}

/** Holds still active in `result` that keep its grade where it is. */
function holdsPinning(result: GradeResult): WhatWouldChange['blockedBy'] {
  return result.overrides
    .filter((o) => o.because === 'hold' && o.minimumGrade === result.grade)
    .map((o) => ({ overrideId: o.id, holdMonthsLeft: o.holdMonthsLeft ?? 0 }));
}

/**
 * The smallest set of fixes that gives a less risky grade. Sets are tried by increasing size and
 * the first size that works ends the search; within it the least risky grade, then the lowest
 * score, then the earliest set in model order wins. Exhaustive: the default model has nine fixes,
 * so at most 511 sets, each a pure scoring pass.
 *
 * Each fix goes all the way (to its setTo, or one `add`): the model's fix is the action the
 * enterprise is told to take ("rectify and close the overdue hazards"), and advising the least
 * partial change would tell it which hazards it may leave open.
 */
export function whatWouldChange(model: GradingModel, inputs: GradingInputs): WhatWouldChange {
  const current = scoreEnterprise(model, inputs);
  const currentRank = gradeRank(current.grade);
  const none = { currentGrade: current.grade, targetGrade: null, fixes: [], scoreAfter: null };
  if (current.grade === 'general') return { ...none, reachable: false, blockedBy: [] };

  const candidates = fixCandidates(model, inputs);
  let best: { fixes: GradeFix[]; result: GradeResult } | null = null;
  for (let size = 1; size <= candidates.length && best === null; size++) {
    for (const fixes of combinations(candidates, size)) {
      const result = scoreEnterprise(model, applyFixes(inputs, fixes));
      const rank = gradeRank(result.grade);
      if (rank <= currentRank) continue;
      const bestRank = best === null ? -1 : gradeRank(best.result.grade);
      if (best === null || rank > bestRank || (rank === bestRank && result.score < best.result.score)) {
        best = { fixes, result };
      }
    }
  }

  if (best === null) {
    const allFixed = scoreEnterprise(model, applyFixes(inputs, candidates));
    return { ...none, reachable: false, blockedBy: holdsPinning(allFixed) };
  }
  return {
    currentGrade: current.grade,
    reachable: true,
    targetGrade: best.result.grade,
    fixes: best.fixes,
    scoreAfter: best.result.score,
    blockedBy: holdsPinning(best.result),
  };
}

/** k-element subsets in lexicographic order of position. */
export function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const index = Array.from({ length: k }, (_, i) => i);
  if (k > items.length) return;
  for (;;) {
    yield index.map((i) => items[i]!);
    let i = k - 1;
    while (i >= 0 && index[i] === items.length - k + i) i--;
    if (i < 0) return;
    index[i]!++;
    for (let j = i + 1; j < k; j++) index[j] = index[j - 1]! + 1;
  }
}
