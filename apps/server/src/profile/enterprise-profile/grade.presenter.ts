import type { GradeExplanation } from '@safegrid/contracts';
import type { GradingModel } from '../grading/grading-model';
import { scoreEnterprise, supervisionFrequency, type GradingInputs } from '../grading/score-enterprise';
import { whatWouldChange } from '../grading/what-would-change';

/**
 * The explanation of a stored grade, recomputed from its recorded inputs under its recorded model
 * version: what the page shows is the reproduction, so a grade that could not be reproduced
 * would show (and fail its test) instead of hiding.
 */
export function presentGrade(
  model: GradingModel,
  row: { enterprise_id: string; inputs: GradingInputs; computed_at: Date },
): GradeExplanation {
  const result = scoreEnterprise(model, row.inputs);
  const indicators = new Map(model.dimensions.flatMap((d) => d.indicators).map((i) => [i.id, i]));
  const change = whatWouldChange(model, row.inputs);
  const frequency = supervisionFrequency(model, result.grade);
  return {
    enterpriseId: String(row.enterprise_id),
    modelVersion: model.version,
    score: result.score,
    baseGrade: result.baseGrade,
    grade: result.grade,
    computedAt: row.computed_at.toISOString(),
    frequency:
      'intervalMonths' in frequency
        ? { intervalMonths: frequency.intervalMonths, randomSampling: false }
        : { intervalMonths: null, randomSampling: true },
    dimensions: result.dimensions.map((d) => {
      const dimension = model.dimensions.find((x) => x.id === d.id)!;
      return {
        id: d.id,
        zh: dimension.zh,
        en: dimension.en,
        points: d.points,
        weight: d.weight,
        indicators: d.indicators.map((i) => {
          const indicator = indicators.get(i.id)!;
          return {
            id: i.id,
            zh: indicator.zh,
            en: indicator.en,
            measures: indicator.measures,
            value: i.value,
            points: i.points,
            weight: i.weight,
            direction: indicator.direction,
          };
        }),
      };
    }),
    overrides: result.overrides.map((o) => {
      const override = model.overrides.find((x) => x.id === o.id)!;
      return {
        id: o.id,
        zh: override.zh,
        en: override.en,
        minimumGrade: o.minimumGrade,
        active: o.active,
        because: o.because,
        holdMonthsLeft: o.holdMonthsLeft,
        exit: override.exit.explanation,
      };
    }),
    whatWouldChange: {
      reachable: change.reachable,
      targetGrade: change.targetGrade,
      scoreAfter: change.scoreAfter,
      fixes: change.fixes.map((f) => {
        const indicator = indicators.get(f.indicatorId)!;
        return {
          indicatorId: f.indicatorId,
          zh: indicator.zh,
          en: indicator.en,
          fixZh: indicator.fix?.zh ?? '',
          fixEn: indicator.fix?.en ?? '',
          from: f.from,
          to: f.to,
          pointsSaved: f.pointsSaved,
        };
      }),
      blockedBy: change.blockedBy,
    },
  };
}
