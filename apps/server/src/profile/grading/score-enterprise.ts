import { GRADES, gradeRank } from './grading-model';
import type { GradeId, GradeOverride, GradingModel, Indicator } from './grading-model';

/** Indicator id → non-negative whole number; state input (an override's sinceInput) → whole months or null. */
export type GradingInputs = Readonly<Record<string, number | null>>;

export interface IndicatorScore {
  id: string;
  value: number;
  points: number;
  weight: number;
}

export interface DimensionScore {
  id: string;
  points: number;
  weight: number;
  indicators: IndicatorScore[];
}

export interface OverrideOutcome {
  id: string;
  minimumGrade: GradeId;
  active: boolean;
  because: 'condition' | 'hold' | null;
  holdMonthsLeft: number | null;
}

export interface GradeResult {
  modelVersion: string;
  score: number;
  baseGrade: GradeId;
  grade: GradeId;
  dimensions: DimensionScore[];
  overrides: OverrideOutcome[];
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * A model's indicators and input ids, worked out once per model: the daily batch checks the
 * inputs of every enterprise in the city against the same model, and rebuilding these per call
 * was most of the scoring time.
 */
const shapes = new WeakMap<GradingModel, { indicators: readonly Indicator[]; known: ReadonlySet<string> }>();
function shapeOf(model: GradingModel) {
  let shape = shapes.get(model);
  if (!shape) {
    shape = {
      indicators: model.dimensions.flatMap((d) => d.indicators),
      known: new Set([...model.indicatorIds, ...model.stateInputIds]),
    };
    shapes.set(model, shape);
  }
  return shape;
}

/**
 * Every problem with a set of inputs, [] when they can be graded. The whole set is required, state
 * inputs included (null spelt out), so that the recorded inputs alone reproduce the grade.
 */
export function checkGradingInputs(model: GradingModel, inputs: unknown): string[] {
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))
    return ['inputs: must be an object'];
  const record = inputs as Record<string, unknown>;
  const problems: string[] = [];
  const { indicators, known } = shapeOf(model);
  for (const indicator of indicators) {
    const value = record[indicator.id];
    if (!Object.hasOwn(record, indicator.id)) problems.push(`${indicator.id}: missing`);
    else if (!isCount(value))
      problems.push(`${indicator.id}: must be a whole number ≥ 0, got ${String(value)}`);
    else if (indicator.max !== null && value > indicator.max) {
      problems.push(`${indicator.id}: must be at most ${indicator.max}, got ${value}`);
    }
  }
  for (const id of model.stateInputIds) {
    const value = record[id];
    if (!Object.hasOwn(record, id)) problems.push(`${id}: missing (null when it never applied)`);
    else if (value !== null && !isCount(value))
      problems.push(`${id}: must be null or whole months ≥ 0, got ${String(value)}`);
  }
  // "Months since the condition last held" is 0 while it holds; anything else is a bug upstream.
  for (const o of model.overrides) {
    const since = o.exit.sinceInput;
    const value = record[o.when.indicator];
    if (since === null || !isCount(value) || value < o.when.atLeast) continue;
    if (isCount(record[since]) && record[since] !== 0) {
      problems.push(`${since}: must be 0 while ${o.when.indicator} ≥ ${o.when.atLeast} (override ${o.id})`);
    }
  }
  for (const key of Object.keys(record)) {
    if (!known.has(key)) problems.push(`${key}: unknown input`);
  }
  return problems;
}

/** Whole points from 0 to the indicator's weight. */
export function indicatorPoints(indicator: Indicator, value: number): number {
  const n = indicator.normalisation;
  if (n.kind === 'steps') {
    let points = 0;
    for (const step of n.steps) if (step.from <= value) points = step.points;
    return points;
  }
  const points = Math.floor((Math.min(value, n.cap) * indicator.weight) / n.cap);
  return indicator.direction === 'risk' ? points : indicator.weight - points;
}

export function overrideOutcome(override: GradeOverride, inputs: GradingInputs): OverrideOutcome {
  const base = { id: override.id, minimumGrade: override.minimumGrade };
  if ((inputs[override.when.indicator] ?? 0) >= override.when.atLeast) {
    return { ...base, active: true, because: 'condition', holdMonthsLeft: null };
  }
  const { holdMonths, sinceInput } = override.exit;
  const since = sinceInput === null ? null : (inputs[sinceInput] ?? null);
  if (holdMonths > 0 && since !== null && since < holdMonths) {
    return { ...base, active: true, because: 'hold', holdMonthsLeft: holdMonths - since };
  }
  return { ...base, active: false, because: null, holdMonthsLeft: null };
}

export function riskier(a: GradeId, b: GradeId): GradeId {
  return gradeRank(a) <= gradeRank(b) ? a : b;
}

export function scoreEnterprise(model: GradingModel, inputs: GradingInputs): GradeResult {
  const problems = checkGradingInputs(model, inputs);
  if (problems.length > 0) throw new Error(`Invalid grading inputs: ${problems.join('; ')}`);

  const dimensions = model.dimensions.map((d): DimensionScore => {
    const indicators = d.indicators.map((indicator): IndicatorScore => {
      const value = inputs[indicator.id] as number;
      return { id: indicator.id, value, points: indicatorPoints(indicator, value), weight: indicator.weight };
    });
    return {
      id: d.id,
      points: indicators.reduce((sum, i) => sum + i.points, 0),
      weight: d.weight,
      indicators,
    };
  });
  const score = dimensions.reduce((sum, d) => sum + d.points, 0);
  const thresholds = model.gradeThresholds;
  const baseGrade: GradeId = GRADES.find((g) => g !== 'general' && score >= thresholds[g]) ?? 'general';
  const overrides = model.overrides.map((o) => overrideOutcome(o, inputs));
  const grade = overrides.reduce((g, o) => (o.active ? riskier(g, o.minimumGrade) : g), baseGrade);
  return { modelVersion: model.version, score, baseGrade, grade, dimensions, overrides };
}

export function supervisionFrequency(
  model: GradingModel,
  grade: GradeId,
): { intervalMonths: number } | { randomSampling: true } {
  const f = model.frequency[grade];
  return 'intervalMonths' in f ? { intervalMonths: f.intervalMonths } : { randomSampling: true };
}
