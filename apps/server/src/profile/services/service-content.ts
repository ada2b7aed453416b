import { readFileSync } from 'node:fs';
import {
  GONGMAO_CATEGORIES,
  GRADES,
  MAJOR_HAZARD_FIELDS,
  RISK_TAGS,
  SERVICE_INDICATOR_OPS,
  SERVICE_ITEM_KINDS,
} from '@safegrid/contracts/values';
import { GRADING_INPUT_IDS, type GradingInputId } from '../grades/grading-inputs';
import { MAJOR_HAZARD_LAW } from '../../enforcement/regulations/major-hazard';
import {
  majorHazardFieldOf,
  type RegulationCatalogue,
} from '../../enforcement/regulations/regulation-catalogue';

/**
 * The safety service content library (data/profile/service-content.json), validated in full at
 * start-up: every problem at once, each with its JSON path. Regulation items carry refs into the
 * regulation library only (each must resolve there), never legal text; the texts are read from
 * the library whenever a package is shown.
 */

export const SERVICE_CONTENT_FILE = new URL(
  '../../../../../data/profile/service-content.json',
  import.meta.url,
);

export type ServiceItemKind = (typeof SERVICE_ITEM_KINDS)[number];
export type RiskTag = (typeof RISK_TAGS)[number];
export type GongmaoCategory = (typeof GONGMAO_CATEGORIES)[number];
export type Grade = (typeof GRADES)[number];
export type MajorHazardField = (typeof MAJOR_HAZARD_FIELDS)[number];
/** A field of 令第10号, or 'category': the field of the enterprise's own 工贸 category. */
export type MajorHazardFieldChoice = MajorHazardField | 'category';
export type IndicatorOp = (typeof SERVICE_INDICATOR_OPS)[number];

export interface IndicatorRule {
  indicator: GradingInputId;
  op: IndicatorOp;
  threshold: number;
}

/** Every rule an item names must hold; within a rule, any one listed value is enough. */
export interface MatchRules {
  riskTags: readonly RiskTag[] | null;
  /** true: the enterprise has at least one confined space in its ledger. */
  confinedSpaces: true | null;
  categories: readonly GongmaoCategory[] | null;
  grades: readonly Grade[] | null;
  indicators: readonly IndicatorRule[] | null;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ServiceItem {
  id: string;
  kind: ServiceItemKind;
  title: Bilingual;
  summary: Bilingual;
  /** Training items only. */
  durationMinutes: number | null;
  /** Regulation items only: fixed refs (article, paragraph or item). */
  refs: readonly string[];
  /** Regulation items only: 令第10号 articles picked by field. */
  majorHazardFields: readonly MajorHazardFieldChoice[];
  match: MatchRules;
}

export interface ServiceContent {
  version: string;
  items: readonly ServiceItem[];
  byId: ReadonlyMap<string, ServiceItem>;
  /** 令第10号's article refs per field, from the library's own field mapping. */
  majorHazardArticles: Readonly<Partial<Record<MajorHazardField, readonly string[]>>>;
}

export class ServiceContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`service content invalid:\n${problems.join('\n')}`);
    this.name = 'ServiceContentError';
  }
}

const ITEM_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
const ITEM_KEYS = new Set([
  'id',
  'kind',
  'title',
  'summary',
  'durationMinutes',
  'refs',
  'majorHazardFields',
  'match',
]);
const MATCH_KEYS = new Set(['riskTags', 'confinedSpaces', 'categories', 'grades', 'indicators']);
const TOP_KEYS = new Set(['description', 'status', 'libraryVersion', 'items']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** 令第10号's articles by the field their lead sentence names (articles 3 and 14 are 'general'). */
export function majorHazardArticlesOf(
  catalogue: RegulationCatalogue,
): Partial<Record<MajorHazardField, string[]>> {
  const out: Partial<Record<MajorHazardField, string[]>> = {};
  for (const article of catalogue.regulation(MAJOR_HAZARD_LAW)?.articles ?? []) {
    const field = majorHazardFieldOf(article);
    if (field) (out[field] ??= []).push(article.ref);
  }
  return out;
}

export function parseServiceContent(raw: unknown, catalogue: RegulationCatalogue): ServiceContent {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);

  const text = (v: unknown, path: string): Bilingual => {
    if (!isObject(v)) {
      problem(path, 'must be { zh, en }');
      return { zh: '', en: '' };
    }
    for (const key of Object.keys(v))
      if (key !== 'zh' && key !== 'en') problem(`${path}.${key}`, 'unknown key');
    for (const key of ['zh', 'en'] as const) {
      if (typeof v[key] !== 'string' || v[key].trim() === '')
        problem(`${path}.${key}`, 'must be a non-empty text');
    }
    return { zh: String(v.zh ?? ''), en: String(v.en ?? '') };
  };

  /** A non-empty list of distinct values of a closed vocabulary. */
  const oneOf = <T extends string>(v: unknown, path: string, allowed: readonly T[]): T[] | null => {
    if (!Array.isArray(v) || v.length === 0) {
      problem(path, 'must be a non-empty list');
      return null;
    }
    v.forEach((x, i) => {
      if (!(allowed as readonly unknown[]).includes(x))
        problem(`${path}[${i}]`, `unknown value ${JSON.stringify(x)}`);
    });
    if (new Set(v).size !== v.length) problem(path, 'lists a value twice');
    return v as T[];
  };

  const indicators = (v: unknown, path: string): IndicatorRule[] | null => {
    if (!Array.isArray(v) || v.length === 0) {
      problem(path, 'must be a non-empty list');
      return null;
    }
    return v.map((rule, i): IndicatorRule => {
      const at = `${path}[${i}]`;
      if (!isObject(rule)) {
        problem(at, 'must be { indicator, below | atLeast | equals }');
        return { indicator: 'employees', op: 'equals', threshold: 0 };
      }
      if (!(GRADING_INPUT_IDS as readonly unknown[]).includes(rule.indicator)) {
        problem(`${at}.indicator`, `not a grading input: ${JSON.stringify(rule.indicator)}`);
      }
      for (const key of Object.keys(rule)) {
        if (key !== 'indicator' && !(SERVICE_INDICATOR_OPS as readonly string[]).includes(key)) {
          problem(`${at}.${key}`, 'unknown key');
        }
      }
      const ops = SERVICE_INDICATOR_OPS.filter((op) => op in rule);
      if (ops.length !== 1) problem(at, 'needs exactly one of below, atLeast, equals');
      const op = ops[0] ?? 'equals';
      const threshold = rule[op];
      if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0) {
        problem(`${at}.${op}`, 'must be a number ≥ 0');
      }
      return { indicator: rule.indicator as GradingInputId, op, threshold: Number(threshold) };
    });
  };

  const match = (v: unknown, path: string): MatchRules => {
    const rules: MatchRules = {
      riskTags: null,
      confinedSpaces: null,
      categories: null,
      grades: null,
      indicators: null,
    };
    if (!isObject(v)) {
      problem(path, 'must be an object of rules');
      return rules;
    }
    for (const key of Object.keys(v)) if (!MATCH_KEYS.has(key)) problem(`${path}.${key}`, 'unknown rule');
    if (Object.keys(v).filter((k) => MATCH_KEYS.has(k)).length === 0) {
      // An item without a rule would go to every enterprise every month.
      problem(path, 'names no rule');
    }
    if ('riskTags' in v) rules.riskTags = oneOf(v.riskTags, `${path}.riskTags`, RISK_TAGS);
    if ('confinedSpaces' in v) {
      if (v.confinedSpaces !== true) problem(`${path}.confinedSpaces`, 'must be true');
      rules.confinedSpaces = true;
    }
    if ('categories' in v) rules.categories = oneOf(v.categories, `${path}.categories`, GONGMAO_CATEGORIES);
    if ('grades' in v) rules.grades = oneOf(v.grades, `${path}.grades`, GRADES);
    if ('indicators' in v) rules.indicators = indicators(v.indicators, `${path}.indicators`);
    return rules;
  };

  const item = (v: unknown, path: string): ServiceItem | null => {
    if (!isObject(v)) {
      problem(path, 'must be an object');
      return null;
    }
    for (const key of Object.keys(v)) if (!ITEM_KEYS.has(key)) problem(`${path}.${key}`, 'unknown key');
    const id = typeof v.id === 'string' ? v.id : '';
    if (!ITEM_ID.test(id) || id.length > 80) problem(`${path}.id`, 'must be a dotted lower-case id');
    const kind = v.kind as ServiceItemKind;
    if (!SERVICE_ITEM_KINDS.includes(kind)) problem(`${path}.kind`, `unknown kind ${JSON.stringify(v.kind)}`);

    let durationMinutes: number | null = null;
    if (kind === 'training') {
      const d = v.durationMinutes;
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 5 || d > 480) {
        problem(`${path}.durationMinutes`, 'a training item needs a whole number of minutes, 5–480');
      } else durationMinutes = d;
    } else if ('durationMinutes' in v)
      problem(`${path}.durationMinutes`, 'only training items have a duration');

    let refs: string[] = [];
    let fields: MajorHazardFieldChoice[] = [];
    if (kind === 'regulation') {
      if ('refs' in v) {
        if (!Array.isArray(v.refs)) problem(`${path}.refs`, 'must be a list of refs');
        else {
          refs = v.refs.map(String);
          refs.forEach((ref, i) => {
            if (!catalogue.resolve(ref))
              problem(`${path}.refs[${i}]`, `not in the regulation library: ${ref}`);
          });
          if (new Set(refs).size !== refs.length) problem(`${path}.refs`, 'lists a ref twice');
        }
      }
      if ('majorHazardFields' in v) {
        fields =
          oneOf(v.majorHazardFields, `${path}.majorHazardFields`, [
            ...MAJOR_HAZARD_FIELDS,
            'category',
          ] as const) ?? [];
      }
      if (refs.length === 0 && fields.length === 0) {
        problem(path, 'a regulation item needs refs or majorHazardFields');
      }
    } else {
      if ('refs' in v) problem(`${path}.refs`, 'only regulation items cite the law');
      if ('majorHazardFields' in v)
        problem(`${path}.majorHazardFields`, 'only regulation items cite the law');
    }

    return {
      id,
      kind,
      title: text(v.title, `${path}.title`),
      summary: text(v.summary, `${path}.summary`),
      durationMinutes,
      refs,
      majorHazardFields: fields,
      match: match(v.match, `${path}.match`),
    };
  };

  if (!isObject(raw)) throw new ServiceContentError(['$: must be an object']);
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) problem(`$.${key}`, 'unknown key');
  const version = typeof raw.libraryVersion === 'string' ? raw.libraryVersion : '';
  if (!/^[0-9A-Za-z._-]{1,40}$/.test(version))
    problem('$.libraryVersion', 'must be a version of 1–40 characters');
  const items: ServiceItem[] = [];
  if (!Array.isArray(raw.items) || raw.items.length === 0) problem('$.items', 'must be a non-empty list');
  else {
    raw.items.forEach((v, i) => {
      const parsed = item(v, `$.items[${i}]`);
      if (parsed) items.push(parsed);
    });
  }
  const seen = new Set<string>();
  for (const [i, it] of items.entries()) {
    if (seen.has(it.id)) problem(`$.items[${i}].id`, `duplicate id ${it.id}`);
    seen.add(it.id);
  }
  const majorHazardArticles = majorHazardArticlesOf(catalogue);
  for (const [i, it] of items.entries()) {
    for (const field of it.majorHazardFields) {
      if (field !== 'category' && !majorHazardArticles[field]?.length) {
        problem(`$.items[${i}].majorHazardFields`, `no article of 令第10号 for ${field}`);
      }
    }
  }
  if (problems.length > 0) throw new ServiceContentError(problems);
  return {
    version,
    items,
    byId: new Map(items.map((it) => [it.id, it])),
    majorHazardArticles,
  };
}

let shared: { catalogue: RegulationCatalogue; content: ServiceContent } | undefined;

/** The default library, read once per regulation catalogue: it is immutable reference data. */
export function loadServiceContent(catalogue: RegulationCatalogue): ServiceContent {
  if (shared?.catalogue !== catalogue) {
    const raw = JSON.parse(readFileSync(SERVICE_CONTENT_FILE, 'utf8')) as unknown;
    shared = { catalogue, content: parseServiceContent(raw, catalogue) };
  }
  return shared.content;
}
