import type {
  EnterpriseProfile,
  Grade,
  GradeCounts,
  GradeDistribution,
  GradeExplanation,
  GradingDryRun,
  RecordAccidentBody,
} from '@safegrid/contracts';
import type { ACCIDENT_SEVERITIES } from '@safegrid/contracts/values';
import { GRADE_DISTRIBUTION_GROUPS, GRADES } from '@safegrid/contracts/values';
import { apiUrl } from '../shell/api';
import type { LocalisedField, ProblemLike } from '../shell/problem';

/**
 * The enterprise profile and risk-grade pages' pure logic: paths and API URLs, grade colours,
 * the supervision-frequency label, the radar and bar chart options, shares, the check that an
 * explanation's points add up, the accident form and the grading-model upload. No React, no DOM.
 */

// ---- paths and URLs ----

export const GRADES_PATH = '/profile/grades';
export const MODELS_PATH = '/profile/models';
export const profilePath = (enterpriseId: string) =>
  `/profile/enterprises/${encodeURIComponent(enterpriseId)}`;

export const profileUrl = (enterpriseId: string) =>
  `/api/profile/enterprises/${encodeURIComponent(enterpriseId)}`;
export const accidentsUrl = (enterpriseId: string) => `${profileUrl(enterpriseId)}/accidents`;
export type DistributionGroup = (typeof GRADE_DISTRIBUTION_GROUPS)[number];
export const distributionUrl = (groupBy: DistributionGroup, jurisdictionId: string | null) =>
  apiUrl('/api/profile/grades/distribution', { groupBy, jurisdictionId });
export const CHANGES_PAGE_LIMIT = 50;
export const changesUrl = (jurisdictionId: string | null, cursor: string | null) =>
  apiUrl('/api/profile/grades/changes', { jurisdictionId, cursor, limit: CHANGES_PAGE_LIMIT });
/** The twelve months ending with the one `now` falls in (Shenzhen time), as YYYY-MM. */
export function lastTwelveMonths(now: Date): { from: string; to: string } {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const to = local.toISOString().slice(0, 7);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 11, 1));
  return { from: start.toISOString().slice(0, 7), to };
}
export const hitRatesUrl = (period: { from: string; to: string }, jurisdictionId: string | null) =>
  apiUrl('/api/profile/grades/hit-rates', { ...period, jurisdictionId });
/** A hit rate as a percentage with one decimal, or an em dash when nothing was inspected. */
export const hitRateText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
export const MODELS_URL = '/api/profile/grading-models';
export const modelUrl = (version: string) => `${MODELS_URL}/${encodeURIComponent(version)}`;
export const dryRunUrl = (version: string) => `${modelUrl(version)}/dry-run`;
export const activateUrl = (version: string) => `${modelUrl(version)}/activate`;

// ---- grades page filters (in the URL) ----

export interface GradesFilters {
  groupBy: DistributionGroup;
  jurisdictionId: string | null;
}

export function parseGradesFilters(search: URLSearchParams): GradesFilters {
  const groupBy = search.get('groupBy');
  const jurisdictionId = (search.get('jurisdictionId') ?? '').trim().slice(0, 40);
  return {
    groupBy: (GRADE_DISTRIBUTION_GROUPS as readonly string[]).includes(groupBy ?? '')
      ? (groupBy as DistributionGroup)
      : 'district',
    jurisdictionId: jurisdictionId || null,
  };
}

/** Only what differs from the defaults, in a fixed order. */
export function gradesFiltersToSearch(filters: GradesFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.groupBy !== 'district') search.set('groupBy', filters.groupBy);
  if (filters.jurisdictionId) search.set('jurisdictionId', filters.jurisdictionId);
  return search;
}

// ---- grades ----

export interface GradeStyle {
  background: string;
  color: string;
}

/** Badge colours of the grades; yellow carries dark text to stay readable. */
export const GRADE_STYLES: Readonly<Record<Grade, GradeStyle>> = {
  red: { background: '#cf1322', color: '#ffffff' },
  orange: { background: '#fa8c16', color: '#ffffff' },
  yellow: { background: '#fadb14', color: 'rgba(0, 0, 0, 0.88)' },
  blue: { background: '#1677ff', color: '#ffffff' },
  general: { background: '#8c8c8c', color: '#ffffff' },
};

export function gradeStyle(grade: Grade): GradeStyle {
  return GRADE_STYLES[grade];
}

/** Most to least risky (red first). */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

export function totalOf(counts: GradeCounts): number {
  return GRADES.reduce((sum, g) => sum + counts[g], 0);
}

// ---- supervision frequency ----

export type FrequencyKey =
  | 'profile.frequency.monthly'
  | 'profile.frequency.quarterly'
  | 'profile.frequency.halfYearly'
  | 'profile.frequency.yearly'
  | 'profile.frequency.random'
  | 'profile.frequency.everyMonths';

/** 每月 / 每季度 / 每半年 / 每年 / 双随机抽查, or "every n months" for other intervals. */
export function frequencyLabel(frequency: GradeExplanation['frequency']): {
  key: FrequencyKey;
  params?: { months: number };
} {
  if (frequency.randomSampling || frequency.intervalMonths === null)
    return { key: 'profile.frequency.random' };
  switch (frequency.intervalMonths) {
    case 1:
      return { key: 'profile.frequency.monthly' };
    case 3:
      return { key: 'profile.frequency.quarterly' };
    case 6:
      return { key: 'profile.frequency.halfYearly' };
    case 12:
      return { key: 'profile.frequency.yearly' };
    default:
      return { key: 'profile.frequency.everyMonths', params: { months: frequency.intervalMonths } };
  }
}

// ---- labels from the model ----

export interface Labelled {
  zh: string;
  en: string;
}

/** The model's own label in the UI's language (English for 'en', Chinese otherwise). */
export function pickLabel(locale: string, labelled: Labelled): string {
  return locale === 'en' ? labelled.en || labelled.zh : labelled.zh || labelled.en;
}

// ---- shares ----

/** A share in percent: two decimals below 1 % (the red few), one above; "—" of nothing. */
export function shareText(count: number, total: number): string {
  if (total <= 0) return '—';
  if (count <= 0) return '0%';
  const percent = (count / total) * 100;
  if (percent >= 100) return '100%';
  return `${percent < 1 ? percent.toFixed(2) : percent.toFixed(1)}%`;
}

/** Points as the share of their weight, 0–100 (0 when the weight is 0). */
export function pointsShare(points: number, weight: number): number {
  if (weight <= 0) return 0;
  return Math.round((Math.max(0, Math.min(points, weight)) / weight) * 1000) / 10;
}

// ---- the explanation ----

type Dimension = GradeExplanation['dimensions'][number];

export interface RadarData {
  indicators: { name: string; max: number }[];
  /** Each dimension's points as a percentage of its weight. */
  values: number[];
}

/** The nine dimensions as points/weight (percent), labelled in the UI's language. */
export function radarData(explanation: Pick<GradeExplanation, 'dimensions'>, locale: string): RadarData {
  return {
    indicators: explanation.dimensions.map((d) => ({ name: pickLabel(locale, d), max: 100 })),
    values: explanation.dimensions.map((d) => pointsShare(d.points, d.weight)),
  };
}

export function radarOption(data: RadarData, seriesName: string, color: string): Record<string, unknown> {
  return {
    tooltip: { trigger: 'item' },
    radar: {
      indicator: data.indicators,
      radius: '58%',
      center: ['50%', '54%'],
      axisName: { color: '#434343', fontSize: 12 },
      splitNumber: 4,
    },
    series: [
      {
        name: seriesName,
        type: 'radar',
        data: [{ value: data.values, name: seriesName }],
        symbolSize: 5,
        lineStyle: { color },
        itemStyle: { color },
        areaStyle: { color, opacity: 0.25 },
      },
    ],
  };
}

export interface SumCheck {
  /** Sum of the dimensions' points; equals the score when the explanation is consistent. */
  points: number;
  /** Sum of the dimensions' weights (100 in a valid model). */
  weight: number;
  score: number;
  /** Dimensions whose indicators do not add up to the dimension's points. */
  mismatched: string[];
  ok: boolean;
}

/** Checks that the indicators add up to their dimensions and the dimensions to the score. */
export function sumCheck(explanation: Pick<GradeExplanation, 'dimensions' | 'score'>): SumCheck {
  let points = 0;
  let weight = 0;
  const mismatched: string[] = [];
  for (const d of explanation.dimensions) {
    points += d.points;
    weight += d.weight;
    const inner = d.indicators.reduce((sum, i) => sum + i.points, 0);
    if (d.indicators.length > 0 && inner !== d.points) mismatched.push(d.id);
  }
  return {
    points,
    weight,
    score: explanation.score,
    mismatched,
    ok: points === explanation.score && mismatched.length === 0,
  };
}

/** Dimensions with points first (most first), the model's order otherwise. */
export function dimensionsByPoints(dimensions: readonly Dimension[]): Dimension[] {
  return dimensions
    .map((d, index) => ({ d, index }))
    .sort((a, b) => b.d.points - a.d.points || a.index - b.index)
    .map(({ d }) => d);
}

export type ChangeState =
  /** Fixes exist that lower the grade. */
  | 'reachable'
  /** Already general: nothing lower. */
  | 'lowest'
  /** An override's exit period keeps the grade whatever is fixed. */
  | 'blocked'
  /** No fix within the model lowers it. */
  | 'unreachable';

export function changeState(explanation: Pick<GradeExplanation, 'grade' | 'whatWouldChange'>): ChangeState {
  const w = explanation.whatWouldChange;
  if (w.reachable && w.fixes.length > 0) return 'reachable';
  if (explanation.grade === 'general') return 'lowest';
  if (w.blockedBy.length > 0) return 'blocked';
  return 'unreachable';
}

export function totalPointsSaved(explanation: Pick<GradeExplanation, 'whatWouldChange'>): number {
  return explanation.whatWouldChange.fixes.reduce((sum, f) => sum + f.pointsSaved, 0);
}

/** The override a "blocked by" entry names, for its label (undefined when the model lacks it). */
export function overrideById(
  explanation: Pick<GradeExplanation, 'overrides'>,
  id: string,
): GradeExplanation['overrides'][number] | undefined {
  return explanation.overrides.find((o) => o.id === id);
}

/** Active overrides first (they set the grade), then the rest in the model's order. */
export function sortOverrides(
  overrides: readonly GradeExplanation['overrides'][number][],
): GradeExplanation['overrides'][number][] {
  return [...overrides.filter((o) => o.active), ...overrides.filter((o) => !o.active)];
}

// ---- distribution chart and table ----

export interface DistributionRow {
  key: string;
  name: string;
  counts: GradeCounts;
  total: number;
}

/** Rows as the API sends them plus a totals row (key '__total'). */
export function distributionTotals(distribution: GradeDistribution): DistributionRow {
  return {
    key: '__total',
    name: '',
    counts: distribution.total,
    total: totalOf(distribution.total),
  };
}

/** Stacked bars of each row's enterprises by grade, in the grades' colours. */
export function distributionBarOption(
  rows: readonly DistributionRow[],
  gradeLabels: Readonly<Record<Grade, string>>,
): Record<string, unknown> {
  const names = rows.map((r) => r.name);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: GRADES.map((g) => gradeLabels[g]) },
    grid: { left: 56, right: 16, top: 36, bottom: names.length > 6 ? 80 : 40 },
    xAxis: {
      type: 'category',
      data: names,
      axisLabel: { rotate: names.length > 6 ? 30 : 0, interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: GRADES.map((g) => ({
      name: gradeLabels[g],
      type: 'bar',
      stack: 'grade',
      barMaxWidth: 64,
      data: rows.map((r) => r.counts[g]),
      itemStyle: { color: GRADE_STYLES[g].background },
    })),
  };
}

// ---- dry run ----

export interface DryRunRow {
  grade: Grade;
  before: number;
  after: number;
  delta: number;
}

export function dryRunRows(dryRun: Pick<GradingDryRun, 'before' | 'after'>): DryRunRow[] {
  return GRADES.map((grade) => ({
    grade,
    before: dryRun.before[grade],
    after: dryRun.after[grade],
    delta: dryRun.after[grade] - dryRun.before[grade],
  }));
}

/** "+3", "−2" or "0". */
export function deltaText(delta: number): string {
  if (delta > 0) return `+${delta}`;
  if (delta < 0) return `−${-delta}`;
  return '0';
}

// ---- profile records ----

export type ProfileSourceValue = EnterpriseProfile['accidents'][number]['source'];

export const SOURCE_COLORS: Readonly<Record<ProfileSourceValue, string>> = {
  platform: 'blue',
  declared: 'green',
  import: 'purple',
  demo: 'default',
};

/** Newest first by an ISO date field (dates and date-times compare as text). */
export function newestFirst<T>(items: readonly T[], date: (item: T) => string): T[] {
  return [...items].sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0));
}

// ---- the accident form ----

export type AccidentSeverity = (typeof ACCIDENT_SEVERITIES)[number];

export interface AccidentFormValues {
  /** YYYY-MM-DD. */
  occurredOn: string;
  severity: AccidentSeverity | '';
  deaths: number | null;
  injuries: number | null;
  description: string;
  sourceRef: string;
}

export const DESCRIPTION_MAX = 1000;
export const SOURCE_REF_MAX = 100;
export const DEATHS_MAX = 1000;
export const INJURIES_MAX = 10000;

export function emptyAccidentForm(): AccidentFormValues {
  return { occurredOn: '', severity: '', deaths: 0, injuries: 0, description: '', sourceRef: '' };
}

export type AccidentFormError =
  | 'form.required'
  | 'profile.accident.dateInvalid'
  | 'profile.accident.dateFuture'
  | 'profile.accident.countInvalid'
  | 'profile.accident.fatalNeedsDeaths'
  | 'profile.accident.deathsNeedFatal'
  | 'profile.accident.tooLong';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isWholeIn(value: number | null, max: number): value is number {
  return value !== null && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * The obvious rules, checked before the server judges: a real date not after today (`today`
 * YYYY-MM-DD), a severity, whole counts in range, deaths if and only if fatal, and a description.
 */
export function validateAccidentForm(
  values: AccidentFormValues,
  today: string,
): Partial<Record<keyof AccidentFormValues, AccidentFormError>> {
  const errors: Partial<Record<keyof AccidentFormValues, AccidentFormError>> = {};
  if (!values.occurredOn) errors.occurredOn = 'form.required';
  else if (!DATE_RE.test(values.occurredOn) || Number.isNaN(Date.parse(`${values.occurredOn}T00:00:00Z`)))
    errors.occurredOn = 'profile.accident.dateInvalid';
  else if (values.occurredOn > today) errors.occurredOn = 'profile.accident.dateFuture';
  if (!values.severity) errors.severity = 'form.required';
  if (!isWholeIn(values.deaths, DEATHS_MAX)) errors.deaths = 'profile.accident.countInvalid';
  if (!isWholeIn(values.injuries, INJURIES_MAX)) errors.injuries = 'profile.accident.countInvalid';
  if (!errors.deaths && values.severity) {
    if (values.severity === 'fatal' && values.deaths === 0)
      errors.deaths = 'profile.accident.fatalNeedsDeaths';
    if (values.severity !== 'fatal' && (values.deaths ?? 0) > 0)
      errors.deaths = 'profile.accident.deathsNeedFatal';
  }
  const description = values.description.trim();
  if (!description) errors.description = 'form.required';
  else if (description.length > DESCRIPTION_MAX) errors.description = 'profile.accident.tooLong';
  if (values.sourceRef.trim().length > SOURCE_REF_MAX) errors.sourceRef = 'profile.accident.tooLong';
  return errors;
}

/** The request body of a validated form (trimmed; an empty reference left out). */
export function toAccidentBody(values: AccidentFormValues): RecordAccidentBody {
  const sourceRef = values.sourceRef.trim();
  return {
    occurredOn: values.occurredOn,
    severity: values.severity as AccidentSeverity,
    deaths: values.deaths ?? 0,
    injuries: values.injuries ?? 0,
    description: values.description.trim(),
    ...(sourceRef ? { sourceRef } : {}),
  };
}

const ACCIDENT_FIELDS = new Set<keyof AccidentFormValues>([
  'occurredOn',
  'severity',
  'deaths',
  'injuries',
  'description',
  'sourceRef',
]);

/** The form field a server error's path points at (["deaths"] → deaths), if any. */
export function accidentFieldFor(path: readonly string[]): keyof AccidentFormValues | undefined {
  const name = path[0] as keyof AccidentFormValues | undefined;
  return name && ACCIDENT_FIELDS.has(name) ? name : undefined;
}

// ---- a new grading-model version ----

export type ModelParse =
  | { ok: true; model: Record<string, unknown>; version: string | null }
  | {
      ok: false;
      error: 'profile.models.jsonEmpty' | 'profile.models.jsonInvalid' | 'profile.models.jsonNotObject';
      detail?: string;
    };

/** The pasted or uploaded document, parsed: it must be one JSON object (the model). */
export function parseModelJson(text: string): ModelParse {
  if (text.trim() === '') return { ok: false, error: 'profile.models.jsonEmpty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: 'profile.models.jsonInvalid', detail: (error as Error).message };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'profile.models.jsonNotObject' };
  const model = value as Record<string, unknown>;
  const version = typeof model['modelVersion'] === 'string' ? model['modelVersion'] : null;
  return { ok: true, model, version };
}

/** A stored model document, pretty-printed for reading. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? '';
}

/**
 * Every problem the server lists for a refused model, one line each: a field error's own text
 * (`params.problems`, as the model validator words it) or else its localised message with where
 * it points inside the model; and, when the detail holds a list (a heading, then one problem a
 * line), those lines too.
 */
export function modelProblems(
  problem: Pick<ProblemLike, 'errors' | 'detail'>,
  localised: readonly Pick<LocalisedField, 'path' | 'message'>[],
): string[] {
  const out: string[] = [];
  const add = (text: string) => {
    if (text !== '' && !out.includes(text)) out.push(text);
  };
  const errors = problem.errors ?? [];
  for (let i = 0; i < Math.max(errors.length, localised.length); i++) {
    const own = errors[i]?.params?.['problems'];
    if (typeof own === 'string' && own.trim() !== '') {
      add(own.trim());
      continue;
    }
    const field = localised[i];
    if (!field) continue;
    const path = field.path[0] === 'model' ? field.path.slice(1) : field.path;
    const where = path.join('.');
    add(where && !field.message.startsWith(where) ? `${where}: ${field.message}` : field.message);
  }
  const lines = (problem.detail ?? '')
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*•]\s+)?/, '').trim())
    .filter((line) => line !== '');
  if (lines.length > 1) for (const line of lines.slice(1)) add(line);
  return out;
}

/** A refusal's headline: its first line when the message is the server's multi-line detail. */
export function problemHeadline(message: string, detail?: string): string {
  if (detail && message === detail && detail.includes('\n')) {
    return (
      detail
        .split('\n')
        .find((line) => line.trim() !== '')
        ?.trim() ?? message
    );
  }
  return message;
}
