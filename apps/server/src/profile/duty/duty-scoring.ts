import { readFileSync } from 'node:fs';
import { DUTY_ASPECTS, DUTY_DIRECTIONS } from '@safegrid/contracts/values';
import type { DutyAspectDefinition, DutyAspectId, DutyDirection } from '@safegrid/contracts';

export const DUTY_SCORING_FILE = new URL('../../../../../data/profile/duty-scoring.json', import.meta.url);

/**
 * What each aspect's SQL counts in its numerator decides its direction: a failure (an overdue
 * hazard, an enterprise left out) for the two lower-better ones, a success for the rest. The file
 * must say the same, so that a flipped direction cannot silently turn a penalty into a reward.
 */
export const COUNTED_DIRECTION: Readonly<Record<DutyAspectId, DutyDirection>> = {
  patrolCoverage: 'higher_better',
  patrolOnTime: 'higher_better',
  overdueHazards: 'lower_better',
  unsupervisedEnterprises: 'lower_better',
  patrolQuality: 'higher_better',
  verificationTimeliness: 'higher_better',
  enforcementFollowThrough: 'higher_better',
  majorHazardReporting: 'higher_better',
  highRiskCoverage: 'higher_better',
};

/** The aspects whose SQL needs a number of days from the file. */
const NEEDS_TARGET_DAYS: ReadonlySet<DutyAspectId> = new Set(['majorHazardReporting']);

const POINTS_RULE: Record<DutyDirection, string> = {
  higher_better: 'weight × rate',
  lower_better: 'weight × (1 − rate)',
};

export interface DutyScoring {
  version: string;
  status: string;
  scoring: { zh: string; en: string };
  /** In the file's order (the display order); exactly the nine of DUTY_ASPECTS. */
  aspects: readonly DutyAspectDefinition[];
}

const ASPECT_KEYS = new Set([
  'id',
  'zh',
  'en',
  'measures',
  'numerator',
  'denominator',
  'direction',
  'points',
  'weight',
  'targetDays',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Parses and checks the scoring file: the nine known aspects once each, texts in both languages,
 * the direction and points rule the SQL implies, whole positive weights adding up to 100. Every
 * problem is reported at once, each with its JSON path.
 */
export function parseDutyScoring(raw: unknown): DutyScoring {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (!isRecord(raw)) throw new Error('duty scoring: the file must hold a JSON object');
  for (const key of ['version', 'status'] as const) {
    if (!isText(raw[key])) fail(`/${key}`, 'must be a non-empty text');
  }
  const bilingual = (v: unknown, path: string) => {
    if (!isRecord(v) || !isText(v.zh) || !isText(v.en)) {
      fail(path, 'must be {"zh": text, "en": text}');
      return { zh: '', en: '' };
    }
    return { zh: v.zh, en: v.en };
  };
  const scoring = bilingual(raw.scoring, '/scoring');
  const aspects: DutyAspectDefinition[] = [];
  if (!Array.isArray(raw.aspects)) {
    fail('/aspects', 'must be an array');
  } else {
    const seen = new Set<string>();
    raw.aspects.forEach((a: unknown, i) => {
      const path = `/aspects/${i}`;
      if (!isRecord(a)) return fail(path, 'must be an object');
      for (const key of Object.keys(a)) if (!ASPECT_KEYS.has(key)) fail(`${path}/${key}`, 'unknown key');
      const id = a.id as DutyAspectId;
      if (!(DUTY_ASPECTS as readonly unknown[]).includes(id)) {
        return fail(`${path}/id`, `must be one of ${DUTY_ASPECTS.join(', ')}`);
      }
      if (seen.has(id)) fail(`${path}/id`, `${id} appears twice`);
      seen.add(id);
      if (!isText(a.zh)) fail(`${path}/zh`, 'must be a non-empty text');
      if (!isText(a.en)) fail(`${path}/en`, 'must be a non-empty text');
      const direction = a.direction as DutyDirection;
      if (!(DUTY_DIRECTIONS as readonly unknown[]).includes(direction)) {
        fail(`${path}/direction`, `must be one of ${DUTY_DIRECTIONS.join(', ')}`);
      } else if (direction !== COUNTED_DIRECTION[id]) {
        fail(`${path}/direction`, `${id} counts what is ${COUNTED_DIRECTION[id]}, not ${direction}`);
      } else if (a.points !== POINTS_RULE[direction]) {
        fail(`${path}/points`, `must be "${POINTS_RULE[direction]}" for ${direction}`);
      }
      const weight = a.weight;
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
        fail(`${path}/weight`, 'must be a whole number from 1 to 100');
      }
      let targetDays: number | null = null;
      if (NEEDS_TARGET_DAYS.has(id)) {
        const days = a.targetDays;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 30) {
          fail(`${path}/targetDays`, 'must be a whole number of days from 1 to 30');
        } else targetDays = days;
      } else if (a.targetDays !== undefined) {
        fail(`${path}/targetDays`, `${id} has no target days`);
      }
      aspects.push({
        id,
        label: { zh: String(a.zh), en: String(a.en) },
        measures: bilingual(a.measures, `${path}/measures`),
        numerator: bilingual(a.numerator, `${path}/numerator`),
        denominator: bilingual(a.denominator, `${path}/denominator`),
        direction,
        weight: Number(weight),
        points: POINTS_RULE[direction] ?? '',
        targetDays,
      });
    });
    const missing = DUTY_ASPECTS.filter((id) => !seen.has(id));
    if (missing.length > 0) fail('/aspects', `missing ${missing.join(', ')}`);
    const sum = aspects.reduce((s, a) => s + (Number.isInteger(a.weight) ? a.weight : 0), 0);
    if (problems.length === 0 && sum !== 100) fail('/aspects', `weights add up to ${sum}, not 100`);
  }
  if (problems.length > 0) throw new Error(`duty scoring is not valid:\n${problems.join('\n')}`);
  return Object.freeze({
    version: String(raw.version),
    status: String(raw.status),
    scoring,
    aspects: Object.freeze(aspects.map((a) => Object.freeze(a))),
  });
}

/** Reads data/profile/duty-scoring.json (or another file), refusing an invalid one. */
export function loadDutyScoring(path: URL | string = DUTY_SCORING_FILE): DutyScoring {
  return parseDutyScoring(JSON.parse(readFileSync(path, 'utf8')));
}

/** The target days of an aspect that has them (checked by the parser). */
export function targetDaysOf(scoring: DutyScoring, id: DutyAspectId): number {
  const days = scoring.aspects.find((a) => a.id === id)?.targetDays;
  if (days == null) throw new Error(`duty scoring: ${id} has no target days`);
  return days;
}
