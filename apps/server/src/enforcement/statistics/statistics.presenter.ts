import type { EnforcementStatistics, EnforcementStatisticsRow } from '@safegrid/contracts';
import type { CountRow } from './statistics.repository';

interface Tally {
  inspections: number;
  findings: number;
  penalties: number;
  /** Fines in fen (1/100 yuan): exact sums of the database's numeric(14,2) values. */
  fen: bigint;
  simulated: number;
}

const empty = (): Tally => ({ inspections: 0, findings: 0, penalties: 0, fen: 0n, simulated: 0 });

const fenOf = (yuan: string): bigint => {
  const [whole, fraction = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};
const yuanOf = (fen: bigint): string => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

function figures(t: Tally) {
  const counted = t.inspections + t.penalties;
  return {
    inspections: t.inspections,
    findings: t.findings,
    penalties: t.penalties,
    fines: yuanOf(t.fen),
    simulatedShare: counted === 0 ? 0 : Math.round((t.simulated / counted) * 10_000) / 10_000,
  };
}

/**
 * Merges the two grouped counts into rows in the given order (every listed key, zeros where
 * nothing happened; a key with figures that the order lacks comes last) and the totals.
 */
export function presentStatistics(
  request: Pick<EnforcementStatistics, 'from' | 'to' | 'by' | 'districtId'>,
  order: readonly { key: string; label: string }[],
  inspections: readonly CountRow[],
  penalties: readonly CountRow[],
): EnforcementStatistics {
  const tallies = new Map<string, Tally>(order.map((o) => [o.key, empty()]));
  const labels = new Map(order.map((o) => [o.key, o.label]));
  const tally = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = empty()));
    return t;
  };
  for (const r of inspections) {
    const t = tally(r.key);
    t.inspections += Number(r.n);
    t.findings += Number(r.findings);
    t.simulated += Number(r.simulated);
  }
  for (const r of penalties) {
    const t = tally(r.key);
    t.penalties += Number(r.n);
    t.fen += fenOf(r.fines);
    t.simulated += Number(r.simulated);
  }
  const total = empty();
  const rows: EnforcementStatisticsRow[] = [];
  for (const [key, t] of tallies) {
    total.inspections += t.inspections;
    total.findings += t.findings;
    total.penalties += t.penalties;
    total.fen += t.fen;
    total.simulated += t.simulated;
    rows.push({ key, label: labels.get(key) ?? key, ...figures(t) });
  }
  return { ...request, rows, totals: figures(total) };
}
