import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { READING_RANGES } from '../../platform/mqtt/device-contract';

/**
 * Gas alarm limits (DESIGN §6): the defaults in data/confined/gas-limits.json, per-space overrides,
 * and the pre-entry gas test. Pure apart from loadGasLimits(), which reads the two data files.
 *
 * The defaults are not verified regulation: each one cites its entry in
 * data/laws/gas-thresholds-notes.json and carries that entry's status, so that the UI and the alarm
 * evidence can say how far a figure is checked. Loading fails when a citation no longer resolves or
 * its status has drifted, because a silently stale "verified" label is worse than none.
 */

export const GAS_RULE_IDS = ['o2_low', 'o2_high', 'lel_high', 'h2s_high', 'co_stel', 'co_twa'] as const;
export type GasRuleId = (typeof GAS_RULE_IDS)[number];

export const GASES = ['o2', 'h2s', 'co', 'lel'] as const;
export type Gas = (typeof GASES)[number];

export type GasUnit = '%vol' | 'ppm' | '%LEL';
export type Comparator = '<' | '<=' | '>' | '>=';
export type Severity = 'critical' | 'major';

export interface GasRuleSource {
  file: string;
  entry: string;
  status: string;
}

export interface GasRule {
  id: GasRuleId;
  gas: Gas;
  comparator: Comparator;
  value: number;
  unit: GasUnit;
  /** Hysteresis (platform choice): an open alarm clears only once the value is back at or inside this. */
  clearAt: number;
  severity: Severity;
  /** Where the default comes from; still the default's citation when a space overrides the value. */
  source: GasRuleSource;
  /** 'space' when a per-space override changed value or clearAt: the evidence must show which applied. */
  origin: 'default' | 'space';
  note?: string;
}

export type GasLimits = Readonly<Record<GasRuleId, GasRule>>;

/**
 * What each rule id means, fixed in code so that neither the data file nor an override can turn
 * "o2_low" into a ceiling or judge CO in %vol. The windows are the definitions of PC-STEL (15 min)
 * and PC-TWA (8 h) quoted in the notes file; null = every reading is judged on its own.
 */
export const GAS_RULE_SHAPES: Readonly<
  Record<GasRuleId, { gas: Gas; unit: GasUnit; direction: 'low' | 'high'; windowMinutes: number | null }>
> = {
  o2_low: { gas: 'o2', unit: '%vol', direction: 'low', windowMinutes: null },
  o2_high: { gas: 'o2', unit: '%vol', direction: 'high', windowMinutes: null },
  lel_high: { gas: 'lel', unit: '%LEL', direction: 'high', windowMinutes: null },
  h2s_high: { gas: 'h2s', unit: 'ppm', direction: 'high', windowMinutes: null },
  co_stel: { gas: 'co', unit: 'ppm', direction: 'high', windowMinutes: 15 },
  co_twa: { gas: 'co', unit: 'ppm', direction: 'high', windowMinutes: 8 * 60 },
};

export const GAS_NOTES_FILE = 'data/laws/gas-thresholds-notes.json';
const DATA_ROOT = new URL('../../../../../', import.meta.url);
export const GAS_LIMITS_PATH = fileURLToPath(new URL('data/confined/gas-limits.json', DATA_ROOT));
export const GAS_NOTES_PATH = fileURLToPath(new URL(GAS_NOTES_FILE, DATA_ROOT));

export interface LimitProblem {
  /** Where in the input, e.g. `rules[3].clearAt` or `h2s_high.unit`. */
  path: string;
  code: LimitProblemCode;
  message: string;
}

export const LIMIT_PROBLEM_CODES = [
  'not_object',
  'not_array',
  'unknown_rule',
  'missing_rule',
  'duplicate_rule',
  'unknown_field',
  'invalid_value',
  'out_of_range',
  'shape_mismatch',
  'unit_mismatch',
  'clear_at_wrong_side',
  'looser_than_default',
  'source_invalid',
  'source_not_found',
  'status_mismatch',
] as const;
export type LimitProblemCode = (typeof LIMIT_PROBLEM_CODES)[number];

export type LimitsResult = { ok: true; limits: GasLimits } | { ok: false; errors: LimitProblem[] };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (obj: JsonObject, key: string): unknown => (Object.hasOwn(obj, key) ? obj[key] : undefined);
const isRuleId = (value: unknown): value is GasRuleId =>
  typeof value === 'string' && (GAS_RULE_IDS as readonly string[]).includes(value);
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const problem = (path: string, code: LimitProblemCode, message: string): LimitProblem => ({
  path,
  code,
  message,
});

/** Strictness of a comparator matters only at equality; direction is what must match the rule id. */
const COMPARATORS: Readonly<Record<'low' | 'high', readonly Comparator[]>> = {
  low: ['<', '<='],
  high: ['>', '>='],
};

export function exceeds(rule: Pick<GasRule, 'comparator' | 'value'>, value: number): boolean {
  switch (rule.comparator) {
    case '<':
      return value < rule.value;
    case '<=':
      return value <= rule.value;
    case '>':
      return value > rule.value;
    case '>=':
      return value >= rule.value;
  }
}

/** Back inside the hysteresis band's safe edge. The band itself (between clearAt and value) clears nothing. */
export function withinClearAt(rule: Pick<GasRule, 'id' | 'clearAt'>, value: number): boolean {
  return GAS_RULE_SHAPES[rule.id].direction === 'high' ? value <= rule.clearAt : value >= rule.clearAt;
}

/**
 * clearAt must lie strictly on the safe side of the limit; at equality with an inclusive comparator
 * one reading would both raise and clear.
 */
function clearAtProblem(id: GasRuleId, value: number, clearAt: number, path: string): LimitProblem | null {
  const high = GAS_RULE_SHAPES[id].direction === 'high';
  if (high ? clearAt < value : clearAt > value) return null;
  return problem(
    path,
    'clear_at_wrong_side',
    `clearAt ${clearAt} must be ${high ? 'below' : 'above'} the limit ${value} for ${id}`,
  );
}

function rangeProblem(id: GasRuleId, value: number, path: string): LimitProblem | null {
  const { min, max } = READING_RANGES[GAS_RULE_SHAPES[id].gas];
  if (value > min && value < max) return null;
  return problem(path, 'out_of_range', `${value} is outside the measurable range (${min}, ${max})`);
}

const ENTRY_PATTERN = /^([A-Za-z0-9_]+)\[([A-Za-z0-9_]+)=([^\]]+)\](?:\.([A-Za-z0-9_]+))?$/;

/**
 * Finds a cited entry in the notes file. Entries have no ids there, so a citation names the array
 * and a field value that picks exactly one element (`thresholds[limit=19.5%～21%]`), optionally
 * followed by the figure it uses (`occupationalExposureLimits_GBZ2_1[gas=CO].PC_STEL`).
 */
export function resolveNotesEntry(notes: unknown, entry: string): { status: string } | null {
  const m = ENTRY_PATTERN.exec(entry);
  if (!m || !isObject(notes)) return null;
  const [, arrayName, key, wanted, figure] = m as unknown as [string, string, string, string, string?];
  const list = own(notes, arrayName);
  if (!Array.isArray(list)) return null;
  const matches = list.filter((el) => isObject(el) && own(el, key) === wanted) as JsonObject[];
  if (matches.length !== 1) return null;
  const element = matches[0] as JsonObject;
  if (figure !== undefined && !isFiniteNumber(own(element, figure))) return null;
  const status = own(element, 'status');
  return typeof status === 'string' ? { status } : null;
}

const RULE_FIELDS = new Set([
  'id',
  'gas',
  'comparator',
  'value',
  'unit',
  'clearAt',
  'severity',
  'source',
  'note',
]);

function parseRule(raw: unknown, path: string, notes: unknown, errors: LimitProblem[]): GasRule | null {
  if (!isObject(raw)) {
    errors.push(problem(path, 'not_object', 'a rule must be an object'));
    return null;
  }
  const before = errors.length;
  for (const key of Object.keys(raw)) {
    if (!RULE_FIELDS.has(key))
      errors.push(problem(`${path}.${key}`, 'unknown_field', `unknown field ${key}`));
  }
  const id = own(raw, 'id');
  if (!isRuleId(id)) {
    errors.push(problem(`${path}.id`, 'unknown_rule', `unknown rule id ${JSON.stringify(id)}`));
    return null;
  }
  const shape = GAS_RULE_SHAPES[id];
  const { gas, comparator, value, unit, clearAt, severity, source, note } = {
    gas: own(raw, 'gas'),
    comparator: own(raw, 'comparator'),
    value: own(raw, 'value'),
    unit: own(raw, 'unit'),
    clearAt: own(raw, 'clearAt'),
    severity: own(raw, 'severity'),
    source: own(raw, 'source'),
    note: own(raw, 'note'),
  };
  if (gas !== shape.gas) {
    errors.push(problem(`${path}.gas`, 'shape_mismatch', `${id} is about ${shape.gas}, not ${String(gas)}`));
  }
  if (unit !== shape.unit) {
    errors.push(problem(`${path}.unit`, 'unit_mismatch', `${id} is in ${shape.unit}, not ${String(unit)}`));
  }
  if (!COMPARATORS[shape.direction].includes(comparator as Comparator)) {
    errors.push(
      problem(
        `${path}.comparator`,
        'shape_mismatch',
        `${id} needs one of ${COMPARATORS[shape.direction].join(' ')}, not ${String(comparator)}`,
      ),
    );
  }
  if (severity !== 'critical' && severity !== 'major') {
    errors.push(problem(`${path}.severity`, 'invalid_value', 'severity must be critical or major'));
  }
  if (note !== undefined && typeof note !== 'string') {
    errors.push(problem(`${path}.note`, 'invalid_value', 'note must be a string'));
  }
  const numbersOk = checkNumbers(id, value, clearAt, path, errors);
  checkSource(source, `${path}.source`, notes, errors);
  if (errors.length > before || !numbersOk) return null;
  return {
    id,
    gas: shape.gas,
    comparator: comparator as Comparator,
    value: value as number,
    unit: shape.unit,
    clearAt: clearAt as number,
    severity: severity as Severity,
    source: { ...(source as GasRuleSource) },
    origin: 'default',
    ...(note === undefined ? {} : { note: note as string }),
  };
}

function checkNumbers(
  id: GasRuleId,
  value: unknown,
  clearAt: unknown,
  path: string,
  errors: LimitProblem[],
): boolean {
  const before = errors.length;
  if (!isFiniteNumber(value))
    errors.push(problem(`${path}.value`, 'invalid_value', 'value must be a number'));
  if (!isFiniteNumber(clearAt)) {
    errors.push(problem(`${path}.clearAt`, 'invalid_value', 'clearAt must be a number'));
  }
  if (errors.length > before) return false;
  const found = [
    rangeProblem(id, value as number, `${path}.value`),
    rangeProblem(id, clearAt as number, `${path}.clearAt`),
    clearAtProblem(id, value as number, clearAt as number, `${path}.clearAt`),
  ].filter((p): p is LimitProblem => p !== null);
  errors.push(...found);
  return found.length === 0;
}

function checkSource(source: unknown, path: string, notes: unknown, errors: LimitProblem[]): void {
  if (!isObject(source)) {
    errors.push(problem(path, 'source_invalid', 'every default must cite its source'));
    return;
  }
  const { file, entry, status } = {
    file: own(source, 'file'),
    entry: own(source, 'entry'),
    status: own(source, 'status'),
  };
  if (file !== GAS_NOTES_FILE) {
    errors.push(problem(`${path}.file`, 'source_invalid', `defaults are cited from ${GAS_NOTES_FILE}`));
  }
  if (typeof entry !== 'string' || typeof status !== 'string' || status.length === 0) {
    errors.push(problem(path, 'source_invalid', 'source needs an entry and a status'));
    return;
  }
  if (notes === undefined) return;
  const cited = resolveNotesEntry(notes, entry);
  if (cited === null) {
    errors.push(
      problem(`${path}.entry`, 'source_not_found', `${entry} does not pick one entry of the notes`),
    );
  } else if (cited.status !== status) {
    errors.push(
      problem(`${path}.status`, 'status_mismatch', `the notes now say: ${JSON.stringify(cited.status)}`),
    );
  }
}

/**
 * Validates the defaults file. With `notes` (the parsed notes file) every citation is also resolved
 * and its status compared; without it only the shape of the citation is checked.
 */
export function parseGasLimits(raw: unknown, notes?: unknown): LimitsResult {
  if (!isObject(raw)) return { ok: false, errors: [problem('', 'not_object', 'expected a JSON object')] };
  const rules = own(raw, 'rules');
  if (!Array.isArray(rules)) {
    return { ok: false, errors: [problem('rules', 'not_array', 'expected an array of rules')] };
  }
  const errors: LimitProblem[] = [];
  const byId = new Map<GasRuleId, GasRule>();
  const seen = new Set<string>();
  rules.forEach((entry, i) => {
    const id = isObject(entry) ? own(entry, 'id') : undefined;
    if (typeof id === 'string' && seen.has(id)) {
      errors.push(problem(`rules[${i}].id`, 'duplicate_rule', `${id} is defined twice`));
      return;
    }
    if (typeof id === 'string') seen.add(id);
    const rule = parseRule(entry, `rules[${i}]`, notes, errors);
    if (rule) byId.set(rule.id, rule);
  });
  for (const id of GAS_RULE_IDS) {
    if (!seen.has(id)) errors.push(problem('rules', 'missing_rule', `no rule ${id}`));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, limits: Object.fromEntries(byId) as Record<GasRuleId, GasRule> };
}

export function formatProblems(errors: readonly LimitProblem[]): string {
  return errors.map((e) => `  - ${e.path || '(root)'}: ${e.code}: ${e.message}`).join('\n');
}

/** Reads and validates the defaults; throws with every problem listed, since the platform must not run on bad limits. */
export function loadGasLimits(paths: { limits?: string; notes?: string } = {}): GasLimits {
  const limitsPath = paths.limits ?? GAS_LIMITS_PATH;
  const notesPath = paths.notes ?? GAS_NOTES_PATH;
  let raw: unknown;
  let notes: unknown;
  try {
    raw = JSON.parse(readFileSync(limitsPath, 'utf8'));
    notes = JSON.parse(readFileSync(notesPath, 'utf8'));
  } catch (err) {
    throw new Error(`gas limits: cannot read ${limitsPath} or ${notesPath}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const parsed = parseGasLimits(raw, notes);
  if (!parsed.ok) {
    throw new Error(`gas limits in ${limitsPath} are invalid:\n${formatProblems(parsed.errors)}`);
  }
  return parsed.limits;
}

const OVERRIDE_FIELDS = new Set(['value', 'clearAt', 'unit']);

/**
 * Applies a per-space override (JSON from the database) to the defaults:
 * `{ "h2s_high": { "value": 5, "clearAt": 4, "unit": "ppm" } }`.
 *
 * `unit` is required in every entry: a bare number is exactly how 10 mg/m3 of H2S ends up entered
 * where 7.05 ppm was meant. An override may only tighten a limit: the defaults are the regulatory
 * floor the platform knows of, and loosening one per space would need a source it does not have.
 * Changing `value` alone is refused when the default clearAt would then sit on the wrong side;
 * guessing a new margin silently is what this function exists to avoid.
 */
export function effectiveLimits(defaults: GasLimits, override?: unknown): LimitsResult {
  if (override === undefined || override === null) return { ok: true, limits: defaults };
  if (!isObject(override)) {
    return { ok: false, errors: [problem('', 'not_object', 'an override must be a JSON object')] };
  }
  const errors: LimitProblem[] = [];
  const result: Record<GasRuleId, GasRule> = { ...defaults };
  for (const [id, entry] of Object.entries(override)) {
    if (!isRuleId(id)) {
      errors.push(problem(id, 'unknown_rule', `unknown rule id ${JSON.stringify(id)}`));
      continue;
    }
    const rule = applyOverride(defaults[id], entry, errors);
    if (rule) result[id] = rule;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, limits: result };
}

function applyOverride(base: GasRule, entry: unknown, errors: LimitProblem[]): GasRule | null {
  const id = base.id;
  if (!isObject(entry)) {
    errors.push(problem(id, 'not_object', 'an override entry must be an object'));
    return null;
  }
  const before = errors.length;
  for (const key of Object.keys(entry)) {
    if (!OVERRIDE_FIELDS.has(key)) {
      errors.push(problem(`${id}.${key}`, 'unknown_field', `only value, clearAt and unit may be overridden`));
    }
  }
  const unit = own(entry, 'unit');
  if (unit !== base.unit) {
    errors.push(
      problem(
        `${id}.unit`,
        'unit_mismatch',
        `must state unit ${JSON.stringify(base.unit)}, got ${String(unit)}`,
      ),
    );
  }
  const rawValue = own(entry, 'value');
  const rawClearAt = own(entry, 'clearAt');
  const value = rawValue === undefined ? base.value : rawValue;
  const clearAt = rawClearAt === undefined ? base.clearAt : rawClearAt;
  if (!checkNumbers(id, value, clearAt, id, errors)) return null;
  const v = value as number;
  const tighter = GAS_RULE_SHAPES[id].direction === 'high' ? v <= base.value : v >= base.value;
  if (!tighter) {
    errors.push(
      problem(`${id}.value`, 'looser_than_default', `${v} is looser than the default ${base.value}`),
    );
  }
  if (errors.length > before) return null;
  const changed = v !== base.value || clearAt !== base.clearAt;
  return { ...base, value: v, clearAt: clearAt as number, origin: changed ? 'space' : base.origin };
}

export interface GasTestReading {
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
}

export interface GasTestFailure {
  rule: GasRuleId;
  /** null when the gas was missing or not a finite number. */
  value: number | null;
  limit: number;
  reason: 'over_limit' | 'missing' | 'invalid';
}

/**
 * The rules a single pre-entry measurement is judged by. CO has no ceiling of its own in GBZ 2.1
 * (lowland values are STEL and TWA only), and a spot test cannot be a 15-minute or 8-hour average, so
 * the STEL figure is applied to the one reading as a ceiling: a space is not entered while the air
 * already holds more CO than a worker may average over 15 minutes. The TWA rule does not apply.
 */
const PRE_ENTRY_RULES: readonly GasRuleId[] = ['o2_low', 'o2_high', 'lel_high', 'h2s_high', 'co_stel'];

/**
 * Pre-entry gas test. Every present value is judged; a gas in `requiredGases` that is missing fails
 * each of its rules. A non-finite value fails whether required or not: it proves nothing safe.
 */
export function judgeGasTest(
  limits: GasLimits,
  reading: GasTestReading,
  requiredGases: readonly Gas[],
): { passed: boolean; failures: GasTestFailure[] } {
  const failures: GasTestFailure[] = [];
  for (const id of PRE_ENTRY_RULES) {
    const rule = limits[id];
    const value = reading[rule.gas];
    if (value === null || value === undefined) {
      if (requiredGases.includes(rule.gas)) {
        failures.push({ rule: id, value: null, limit: rule.value, reason: 'missing' });
      }
    } else if (!Number.isFinite(value)) {
      failures.push({ rule: id, value: null, limit: rule.value, reason: 'invalid' });
    } else if (exceeds(rule, value)) {
      failures.push({ rule: id, value, limit: rule.value, reason: 'over_limit' });
    }
  }
  return { passed: failures.length === 0, failures };
}
