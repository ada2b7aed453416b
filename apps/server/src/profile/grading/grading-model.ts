import { readFileSync } from 'node:fs';

/** Most to least risky; the order is the comparison. */
export const GRADES = ['red', 'orange', 'yellow', 'blue', 'general'] as const;
export type GradeId = (typeof GRADES)[number];

/** The four grades with a score threshold; below blue's threshold the grade is general. */
const THRESHOLD_GRADES = ['red', 'orange', 'yellow', 'blue'] as const;

export const GRADING_MODEL_FILE = new URL('../../../../../data/profile/grading-model.json', import.meta.url);

export interface Label {
  readonly zh: string;
  readonly en: string;
}

export interface GradeLabel extends Label {
  readonly id: GradeId;
}

export type Normalisation =
  | { readonly kind: 'cap'; readonly cap: number }
  | { readonly kind: 'steps'; readonly steps: readonly { readonly from: number; readonly points: number }[] };

/**
 * How the enterprise lowers the indicator's risk: set it to a value (close the hazards) or add to
 * it (hold one more drill). Exactly one of the two is present.
 */
export type IndicatorFix = Label &
  (
    | { readonly setTo: number; readonly add?: undefined }
    | { readonly add: number; readonly setTo?: undefined }
  );

export type IndicatorWindow = { readonly months: number } | { readonly days: number };

export interface Indicator extends Label {
  readonly id: string;
  readonly measures: string;
  readonly source: string;
  readonly unit: string;
  /** Largest meaningful value (1 for a boolean); null when unbounded. */
  readonly max: number | null;
  readonly window: IndicatorWindow | null;
  readonly direction: 'risk' | 'protective';
  readonly weight: number;
  readonly normalisation: Normalisation;
  readonly fix: IndicatorFix | null;
}

export interface Dimension extends Label {
  readonly id: string;
  readonly weight: number;
  readonly measures: string;
  readonly indicators: readonly Indicator[];
}

export interface GradeOverride extends Label {
  readonly id: string;
  readonly when: { readonly indicator: string; readonly atLeast: number };
  readonly minimumGrade: GradeId;
  readonly exit: {
    readonly holdMonths: number;
    /** The state input counting whole months since the condition last held; null when holdMonths is 0. */
    readonly sinceInput: string | null;
    readonly explanation: string;
  };
}

export type SupervisionFrequency = { readonly intervalMonths: number } | { readonly randomSampling: true };

export interface CalibrationTarget {
  readonly source: string;
  readonly enterprises: number;
  readonly counts: Readonly<Record<GradeId, number>>;
  readonly sharesPercent: Readonly<Record<GradeId, number>>;
  readonly calibrated: boolean;
}

export interface GradingModel {
  /** The file's modelVersion: every recorded grade carries it. */
  readonly version: string;
  readonly description: string;
  readonly status: string;
  readonly calibrationTarget: CalibrationTarget | null;
  readonly scoring: { readonly explanation: string };
  readonly grades: readonly GradeLabel[];
  readonly gradeThresholds: Readonly<Record<(typeof THRESHOLD_GRADES)[number], number>> & {
    readonly explanation: string;
  };
  readonly dimensions: readonly Dimension[];
  readonly overrides: readonly GradeOverride[];
  readonly frequency: Readonly<Record<GradeId, SupervisionFrequency>> & { readonly explanation: string };
  /** Every indicator id, in model order (dimension by dimension). */
  readonly indicatorIds: readonly string[];
  /** The overrides' sinceInput ids, in override order, each once. */
  readonly stateInputIds: readonly string[];
}

export class GradingModelError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid grading model:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'GradingModelError';
  }
}

/** The indicator of that id, wherever its dimension; undefined when the model has none. */
export function findIndicator(model: GradingModel, id: string): Indicator | undefined {
  for (const dimension of model.dimensions) {
    const found = dimension.indicators.find((i) => i.id === id);
    if (found) return found;
  }
  return undefined;
}

export function gradeRank(g: GradeId): number {
  return GRADES.indexOf(g);
}

export function isGradeId(value: unknown): value is GradeId {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/** The value an indicator has after its fix is carried out from `value`. */
export function fixedValue(fix: IndicatorFix, value: number): number {
  return fix.setTo ?? value + fix.add;
}

let defaultModel: GradingModel | undefined;

/** The platform default model, read and validated once; an invalid file stops start-up. */
export function loadDefaultGradingModel(): GradingModel {
  defaultModel ??= parseGradingModel(JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')));
  return defaultModel;
}

type Json = Record<string, unknown>;

/**
 * Validates the whole file and reports every problem at once, each with its path, so that a bureau
 * editing its own version fixes it in one round. Unknown keys are problems too: a misspelt
 * "sinceinput" would otherwise silently drop a hold.
 */
export function parseGradingModel(json: unknown): GradingModel {
  const problems: string[] = [];
  const problem = (path: string, text: string): void => {
    problems.push(`${path}: ${text}`);
  };

  const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
  const object = (
    v: unknown,
    path: string,
    keys: readonly string[],
    optional: readonly string[] = [],
  ): Json => {
    if (!isObject(v)) {
      // A missing key is already reported by its parent.
      if (v !== undefined || path === '$') problem(path, 'must be an object');
      return {};
    }
    for (const key of Object.keys(v)) {
      if (!keys.includes(key) && !optional.includes(key)) problem(`${path}.${key}`, 'unknown key');
    }
    for (const key of keys) {
      if (!Object.hasOwn(v, key)) problem(`${path}.${key}`, 'missing');
    }
    return v;
  };
  const text = (v: unknown, path: string): string => {
    if (typeof v !== 'string' || v.trim() === '') {
      if (v !== undefined) problem(path, 'must be a non-empty string');
      return '';
    }
    return v;
  };
  const int = (v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      if (v !== undefined) {
        problem(
          path,
          `must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}`,
        );
      }
      return min;
    }
    return v;
  };
  const array = (v: unknown, path: string): unknown[] => {
    if (!Array.isArray(v) || v.length === 0) {
      if (v !== undefined) problem(path, 'must be a non-empty array');
      return [];
    }
    return v;
  };
  const grade = (v: unknown, path: string): GradeId => {
    if (!isGradeId(v)) {
      if (v !== undefined) problem(path, `must be one of ${GRADES.join(', ')}`);
      return 'red';
    }
    return v;
  };

  const root = object(
    json,
    '$',
    [
      'description',
      'status',
      'modelVersion',
      'scoring',
      'grades',
      'gradeThresholds',
      'dimensions',
      'overrides',
      'frequency',
    ],
    ['calibrationTarget'],
  );
  const version = text(root.modelVersion, '$.modelVersion');
  const description = text(root.description, '$.description');
  const status = text(root.status, '$.status');

  let calibrationTarget: CalibrationTarget | null = null;
  if (root.calibrationTarget !== undefined) {
    const path = '$.calibrationTarget';
    const c = object(root.calibrationTarget, path, [
      'source',
      'enterprises',
      'counts',
      'sharesPercent',
      'calibrated',
    ]);
    const enterprises = int(c.enterprises, `${path}.enterprises`, 0);
    const countsRaw = object(c.counts, `${path}.counts`, GRADES);
    const sharesRaw = object(c.sharesPercent, `${path}.sharesPercent`, GRADES);
    const counts = {} as Record<GradeId, number>;
    const sharesPercent = {} as Record<GradeId, number>;
    for (const g of GRADES) {
      counts[g] = int(countsRaw[g], `${path}.counts.${g}`, 0);
      const share = sharesRaw[g];
      if (share !== undefined && (typeof share !== 'number' || !(share >= 0 && share <= 100))) {
        problem(`${path}.sharesPercent.${g}`, 'must be a number from 0 to 100');
      }
      sharesPercent[g] = typeof share === 'number' ? share : 0;
    }
    const total = GRADES.reduce((sum, g) => sum + counts[g], 0);
    if (isObject(c.counts) && total !== enterprises) {
      problem(`${path}.counts`, `add up to ${total}, not enterprises = ${enterprises}`);
    }
    if (c.calibrated !== undefined && typeof c.calibrated !== 'boolean') {
      problem(`${path}.calibrated`, 'must be true or false');
    }
    calibrationTarget = {
      source: text(c.source, `${path}.source`),
      enterprises,
      counts,
      sharesPercent,
      calibrated: c.calibrated === true,
    };
  }

  const scoring = {
    explanation: text(
      object(root.scoring, '$.scoring', ['explanation']).explanation,
      '$.scoring.explanation',
    ),
  };

  const gradesRaw = Array.isArray(root.grades) ? root.grades : [];
  if (root.grades !== undefined && !Array.isArray(root.grades)) problem('$.grades', 'must be an array');
  const grades: GradeLabel[] = gradesRaw.map((g, i) => {
    const path = `$.grades[${i}]`;
    const o = object(g, path, ['id', 'zh', 'en']);
    return { id: grade(o.id, `${path}.id`), zh: text(o.zh, `${path}.zh`), en: text(o.en, `${path}.en`) };
  });
  if (Array.isArray(root.grades) && grades.map((g) => g.id).join() !== GRADES.join()) {
    problem('$.grades', `must list ${GRADES.join(', ')} in that order`);
  }

  const thresholdsRaw = object(root.gradeThresholds, '$.gradeThresholds', [
    'explanation',
    ...THRESHOLD_GRADES,
  ]);
  const gradeThresholds = {
    explanation: text(thresholdsRaw.explanation, '$.gradeThresholds.explanation'),
  } as Record<(typeof THRESHOLD_GRADES)[number], number> & { explanation: string };
  THRESHOLD_GRADES.forEach((g, i) => {
    gradeThresholds[g] = int(thresholdsRaw[g], `$.gradeThresholds.${g}`, 0, 100);
    const riskier = THRESHOLD_GRADES[i - 1];
    if (
      riskier !== undefined &&
      typeof thresholdsRaw[g] === 'number' &&
      typeof thresholdsRaw[riskier] === 'number'
    ) {
      if (!(gradeThresholds[g] < gradeThresholds[riskier])) {
        problem(`$.gradeThresholds.${g}`, `must be below ${riskier} (${gradeThresholds[riskier]})`);
      }
    }
  });

  const dimensionIds = new Set<string>();
  const indicatorsById = new Map<string, Indicator>();
  let weightTotal = 0;
  const dimensions: Dimension[] = array(root.dimensions, '$.dimensions').map((d, di) => {
    const path = `$.dimensions[${di}]`;
    const o = object(d, path, ['id', 'weight', 'zh', 'en', 'measures', 'indicators']);
    const id = text(o.id, `${path}.id`);
    if (id !== '' && dimensionIds.has(id)) problem(`${path}.id`, `duplicate dimension id ${id}`);
    dimensionIds.add(id);
    const weight = int(o.weight, `${path}.weight`, 1, 100);
    weightTotal += weight;
    const indicators = array(o.indicators, `${path}.indicators`).map((raw, ii) =>
      parseIndicator(raw, `${path}.indicators[${ii}]`),
    );
    for (const [ii, indicator] of indicators.entries()) {
      if (indicator.id === '') continue;
      if (indicatorsById.has(indicator.id)) {
        problem(`${path}.indicators[${ii}].id`, `duplicate indicator id ${indicator.id}`);
      }
      indicatorsById.set(indicator.id, indicator);
    }
    const sum = indicators.reduce((s, indicator) => s + indicator.weight, 0);
    // Only when every weight is valid: a broken one is reported on its own, not again as a sum.
    const weightsValid =
      Number.isInteger(o.weight) &&
      Array.isArray(o.indicators) &&
      o.indicators.every((i) => isObject(i) && Number.isInteger(i.weight));
    if (weightsValid && sum !== weight) {
      problem(`${path}.weight`, `is ${weight} but its indicators' weights add up to ${sum}`);
    }
    return {
      id,
      weight,
      zh: text(o.zh, `${path}.zh`),
      en: text(o.en, `${path}.en`),
      measures: text(o.measures, `${path}.measures`),
      indicators,
    };
  });
  const dimensionWeightsValid =
    Array.isArray(root.dimensions) && root.dimensions.every((d) => isObject(d) && Number.isInteger(d.weight));
  if (dimensionWeightsValid && weightTotal !== 100) {
    problem('$.dimensions', `weights add up to ${weightTotal}, not 100`);
  }

  function parseIndicator(raw: unknown, path: string): Indicator {
    const o = object(
      raw,
      path,
      ['id', 'zh', 'en', 'measures', 'source', 'unit', 'direction', 'weight', 'normalisation'],
      ['max', 'window', 'fix'],
    );
    const weight = int(o.weight, `${path}.weight`, 1, 100);
    let direction: Indicator['direction'] = 'risk';
    if (o.direction === 'risk' || o.direction === 'protective') direction = o.direction;
    else if (o.direction !== undefined) problem(`${path}.direction`, 'must be risk or protective');
    const max = o.max === undefined ? null : int(o.max, `${path}.max`, 1);

    let window: IndicatorWindow | null = null;
    if (o.window !== undefined) {
      const w = object(o.window, `${path}.window`, [], ['months', 'days']);
      const keys = Object.keys(w);
      if (keys.length !== 1) problem(`${path}.window`, 'must have exactly one of months, days');
      else if (w.months !== undefined) window = { months: int(w.months, `${path}.window.months`, 1) };
      else if (w.days !== undefined) window = { days: int(w.days, `${path}.window.days`, 1) };
    }

    const normalisation = parseNormalisation(o.normalisation, `${path}.normalisation`, weight, direction);

    let fix: IndicatorFix | null = null;
    if (o.fix !== undefined) {
      const f = object(o.fix, `${path}.fix`, ['zh', 'en'], ['setTo', 'add']);
      const label = { zh: text(f.zh, `${path}.fix.zh`), en: text(f.en, `${path}.fix.en`) };
      if ((f.setTo === undefined) === (f.add === undefined)) {
        problem(`${path}.fix`, 'must have exactly one of setTo, add');
      } else if (f.setTo !== undefined) {
        fix = { ...label, setTo: int(f.setTo, `${path}.fix.setTo`, 0, max ?? Number.MAX_SAFE_INTEGER) };
      } else {
        // Adding to a risk count never lowers risk.
        if (direction !== 'protective')
          problem(`${path}.fix.add`, 'only a protective indicator can be added to');
        fix = { ...label, add: int(f.add, `${path}.fix.add`, 1) };
      }
    }

    return {
      id: text(o.id, `${path}.id`),
      zh: text(o.zh, `${path}.zh`),
      en: text(o.en, `${path}.en`),
      measures: text(o.measures, `${path}.measures`),
      source: text(o.source, `${path}.source`),
      unit: text(o.unit, `${path}.unit`),
      max,
      window,
      direction,
      weight,
      normalisation,
      fix,
    };
  }

  function parseNormalisation(
    raw: unknown,
    path: string,
    weight: number,
    direction: Indicator['direction'],
  ): Normalisation {
    const kind = isObject(raw) ? raw.kind : undefined;
    if (kind === 'cap') {
      const o = object(raw, path, ['kind', 'cap']);
      return { kind: 'cap', cap: int(o.cap, `${path}.cap`, 1) };
    }
    if (kind === 'steps') {
      const o = object(raw, path, ['kind', 'steps']);
      const steps = array(o.steps, `${path}.steps`).map((s, i) => {
        const step = object(s, `${path}.steps[${i}]`, ['from', 'points']);
        return {
          from: int(step.from, `${path}.steps[${i}].from`, 0),
          points: int(step.points, `${path}.steps[${i}].points`, 0, weight),
        };
      });
      if (steps.length > 0 && steps[0]!.from !== 0) problem(`${path}.steps[0].from`, 'must be 0');
      for (let i = 1; i < steps.length; i++) {
        const [prev, step] = [steps[i - 1]!, steps[i]!];
        if (!(step.from > prev.from)) problem(`${path}.steps[${i}].from`, 'must be above the previous step');
        if (direction === 'risk' && step.points < prev.points) {
          problem(
            `${path}.steps[${i}].points`,
            'a risk indicator must not give fewer points for a higher value',
          );
        }
        if (direction === 'protective' && step.points > prev.points) {
          problem(
            `${path}.steps[${i}].points`,
            'a protective indicator must not give more points for a higher value',
          );
        }
      }
      return { kind: 'steps', steps };
    }
    if (raw !== undefined) problem(`${path}.kind`, 'must be cap or steps');
    return { kind: 'cap', cap: 1 };
  }

  const overrideIds = new Set<string>();
  const stateInputIds: string[] = [];
  const overrides: GradeOverride[] = (Array.isArray(root.overrides) ? root.overrides : []).map((raw, i) => {
    const path = `$.overrides[${i}]`;
    const o = object(raw, path, ['id', 'zh', 'en', 'when', 'minimumGrade', 'exit']);
    const id = text(o.id, `${path}.id`);
    if (id !== '' && overrideIds.has(id)) problem(`${path}.id`, `duplicate override id ${id}`);
    overrideIds.add(id);
    const when = object(o.when, `${path}.when`, ['indicator', 'atLeast']);
    const indicator = text(when.indicator, `${path}.when.indicator`);
    if (indicator !== '' && !indicatorsById.has(indicator)) {
      problem(`${path}.when.indicator`, `no indicator ${indicator}`);
    }
    const exit = object(o.exit, `${path}.exit`, ['holdMonths', 'explanation'], ['sinceInput']);
    const holdMonths = int(exit.holdMonths, `${path}.exit.holdMonths`, 0);
    let sinceInput: string | null = null;
    if (exit.sinceInput !== undefined) {
      sinceInput = text(exit.sinceInput, `${path}.exit.sinceInput`) || null;
      if (sinceInput !== null && indicatorsById.has(sinceInput)) {
        problem(`${path}.exit.sinceInput`, `${sinceInput} is an indicator, not a state input`);
      }
      // An input nothing reads would still be demanded from every caller.
      if (holdMonths === 0 && typeof exit.holdMonths === 'number') {
        problem(`${path}.exit.sinceInput`, 'is only read when holdMonths > 0');
      }
    } else if (holdMonths > 0) {
      problem(`${path}.exit.sinceInput`, 'is required when holdMonths > 0 (it counts the hold)');
    }
    if (sinceInput !== null && !stateInputIds.includes(sinceInput)) stateInputIds.push(sinceInput);
    return {
      id,
      zh: text(o.zh, `${path}.zh`),
      en: text(o.en, `${path}.en`),
      when: { indicator, atLeast: int(when.atLeast, `${path}.when.atLeast`, 1) },
      minimumGrade: grade(o.minimumGrade, `${path}.minimumGrade`),
      exit: { holdMonths, sinceInput, explanation: text(exit.explanation, `${path}.exit.explanation`) },
    };
  });
  if (root.overrides !== undefined && !Array.isArray(root.overrides))
    problem('$.overrides', 'must be an array');

  const frequencyRaw = object(root.frequency, '$.frequency', ['explanation', ...GRADES]);
  const frequency = {
    explanation: text(frequencyRaw.explanation, '$.frequency.explanation'),
  } as Record<GradeId, SupervisionFrequency> & { explanation: string };
  let lastInterval = 0;
  for (const g of GRADES) {
    const path = `$.frequency.${g}`;
    if (frequencyRaw[g] === undefined) continue;
    const f = object(frequencyRaw[g], path, [], ['intervalMonths', 'randomSampling']);
    if (f.randomSampling !== undefined && f.intervalMonths === undefined) {
      if (f.randomSampling !== true) problem(`${path}.randomSampling`, 'must be true');
      frequency[g] = { randomSampling: true };
    } else if (f.intervalMonths !== undefined && f.randomSampling === undefined) {
      const months = int(f.intervalMonths, `${path}.intervalMonths`, 1, 120);
      // A less risky grade is never inspected more often.
      if (months < lastInterval)
        problem(`${path}.intervalMonths`, `must not be shorter than a riskier grade's`);
      lastInterval = Math.max(lastInterval, months);
      frequency[g] = { intervalMonths: months };
    } else {
      problem(path, 'must have exactly one of intervalMonths, randomSampling');
    }
  }

  if (problems.length > 0) throw new GradingModelError(problems);

  const indicatorIds = dimensions.flatMap((d) => d.indicators.map((i) => i.id));
  return deepFreeze({
    version,
    description,
    status,
    calibrationTarget,
    scoring,
    grades,
    gradeThresholds,
    dimensions,
    overrides,
    frequency,
    indicatorIds,
    stateInputIds,
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
