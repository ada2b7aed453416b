import type {
  DutyAspectDefinition,
  DutyAspectId,
  DutyAspectScore,
  DutyDirection,
  DutyRow,
} from '@safegrid/contracts';

/**
 * The points arithmetic of the duty scoring. Pure: counts in, points out, so the rule the data
 * file states in words is the rule applied, and it is property-tested on its own.
 */

/** numerator / denominator, or null when there was nothing to count (not 0 %, not 100 %). */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * Points of one aspect, to one decimal: weight × rate when higher is better, weight × (1 − rate)
 * when lower is better; null for a null rate (the aspect is then left out of the total).
 */
export function aspectPoints(weight: number, direction: DutyDirection, rate: number | null): number | null {
  if (rate === null) return null;
  const clamped = Math.min(1, Math.max(0, rate));
  const share = direction === 'higher_better' ? clamped : 1 - clamped;
  return Math.round(weight * 10 * share) / 10;
}

/**
 * The total of a row from its aspects' points: in tenths, so that with every aspect measured the
 * total is exactly the sum shown; otherwise the measured aspects' points scaled to 100 by their
 * weights. Null when no aspect was measured.
 */
export function totalOf(scores: readonly { points: number | null; weight: number }[]): {
  total: number | null;
  measuredWeight: number;
} {
  let tenths = 0;
  let measuredWeight = 0;
  for (const s of scores) {
    if (s.points === null) continue;
    tenths += Math.round(s.points * 10);
    measuredWeight += s.weight;
  }
  if (measuredWeight === 0) return { total: null, measuredWeight };
  const total = measuredWeight === 100 ? tenths / 10 : Math.round((tenths * 100) / measuredWeight) / 10;
  return { total, measuredWeight };
}

export type Counts = Partial<Record<DutyAspectId, { numerator: number; denominator: number }>>;

export type UnrankedDutyRow = Omit<DutyRow, 'rank'>;

/** A row's nine aspects (in the definitions' order) and its total, from its counts. */
export function scoreRow(
  row: { key: string; name: string; streetId: string },
  counts: Counts,
  definitions: readonly DutyAspectDefinition[],
): UnrankedDutyRow {
  const aspects: DutyAspectScore[] = definitions.map((d) => {
    const { numerator, denominator } = counts[d.id] ?? { numerator: 0, denominator: 0 };
    const rate = rateOf(numerator, denominator);
    return { aspect: d.id, numerator, denominator, rate, points: aspectPoints(d.weight, d.direction, rate) };
  });
  const { total, measuredWeight } = totalOf(
    aspects.map((a, i) => ({ points: a.points, weight: definitions[i]!.weight })),
  );
  return { key: row.key, name: row.name, streetId: row.streetId, total, measuredWeight, aspects };
}

/**
 * Highest total first; rows without a total last; equal totals share a rank (competition
 * ranking: 1, 2, 2, 4). Name (then key) orders ties for display only.
 */
export function rankDutyRows(rows: readonly UnrankedDutyRow[]): DutyRow[] {
  const sorted = [...rows].sort((a, b) => {
    if (a.total !== b.total) {
      if (a.total === null) return 1;
      if (b.total === null) return -1;
      return b.total - a.total;
    }
    return a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key);
  });
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || row.total !== sorted[index - 1]!.total) rank = index + 1;
    return { rank, ...row };
  });
}
