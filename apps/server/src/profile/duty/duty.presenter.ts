import type {
  Duty,
  DutyAspectDefinition,
  DutyGroup,
  DutyRecord,
  DutyRecords,
  DutyAspectId,
} from '@safegrid/contracts';
import { DUTY_RECORD_KINDS, GRADES } from '@safegrid/contracts/values';
import type { DutyCounts } from './duty.repository';
import type { DutyScoring } from './duty-scoring';
import { rankDutyRows, scoreRow } from './duty-points';

const iso = (v: unknown) =>
  v instanceof Date ? v.toISOString() : v == null ? null : new Date(String(v)).toISOString();
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null =>
  (values as readonly unknown[]).includes(v) ? (v as T) : null;

function presentDefinition(a: DutyAspectDefinition, verificationTargetDays: number): DutyAspectDefinition {
  return {
    id: a.id,
    label: { zh: a.label.zh, en: a.label.en },
    measures: { zh: a.measures.zh, en: a.measures.en },
    numerator: { zh: a.numerator.zh, en: a.numerator.en },
    denominator: { zh: a.denominator.zh, en: a.denominator.en },
    direction: a.direction,
    weight: a.weight,
    points: a.points,
    // Verification is judged against the assessment's target (data/grid/assessment.json).
    targetDays: a.id === 'verificationTimeliness' ? verificationTargetDays : a.targetDays,
  };
}

/** The month's ranked rows with the scoring file's definitions (what leaves, and nothing else). */
export function presentDuty(
  input: { month: string; groupBy: DutyGroup; cutOff: Date; verificationTargetDays: number },
  counts: readonly DutyCounts[],
  scoring: DutyScoring,
): Duty {
  const rows = rankDutyRows(counts.map((c) => scoreRow(c, c.counts, scoring.aspects)));
  return {
    month: input.month,
    groupBy: input.groupBy,
    version: scoring.version,
    status: scoring.status,
    scoring: { zh: scoring.scoring.zh, en: scoring.scoring.en },
    cutOff: input.cutOff.toISOString(),
    aspects: scoring.aspects.map((a) => presentDefinition(a, input.verificationTargetDays)),
    rows: rows.map((r) => ({
      rank: r.rank,
      key: r.key,
      name: r.name,
      streetId: r.streetId,
      total: r.total,
      measuredWeight: r.measuredWeight,
      aspects: r.aspects.map((a) => ({
        aspect: a.aspect,
        numerator: a.numerator,
        denominator: a.denominator,
        rate: a.rate,
        points: a.points,
      })),
    })),
  };
}

/** One drill-down record; `shortfall` marks those that cost the row points. */
export function presentDutyRecord(r: Record<string, unknown>, shortfallWhenCounted: boolean): DutyRecord {
  const counted = r.counted === true;
  return {
    kind: oneOf(DUTY_RECORD_KINDS, r.kind) ?? 'hazard',
    id: String(r.record_id),
    enterpriseId: String(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    counted,
    shortfall: counted === shortfallWhenCounted,
    day: r.day == null ? null : String(r.day),
    at: iso(r.at),
    hours: r.hours == null ? null : Math.round(Number(r.hours) * 10) / 10,
    grade: oneOf(GRADES, r.grade),
    status: r.status == null ? null : String(r.status),
    referralStatus: r.referral_status == null ? null : String(r.referral_status),
  };
}

export function presentDutyRecords(
  aspect: DutyAspectId,
  rows: Record<string, unknown>[],
  limit: number,
  shortfallWhenCounted: boolean,
): DutyRecords {
  return {
    aspect,
    items: rows.slice(0, limit).map((r) => presentDutyRecord(r, shortfallWhenCounted)),
    truncated: rows.length > limit,
  };
}
