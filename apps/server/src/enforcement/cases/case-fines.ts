import type { FieldProblem } from '../../errors';

/**
 * The fines of a notice or decision against the violations' legal ranges. Pure: a fine outside
 * [min, max] never passes, nor one for a violation whose range the platform does not know.
 */

export interface ViolationForFine {
  seq: number;
  minYuan: number | null;
  maxYuan: number | null;
  /** The re-inspection's verdict: an item not rectified must be fined. */
  rectified: boolean | null;
}

export interface ProposedFine {
  seq: number;
  fineYuan: number;
}

const hasCents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

export function fineProblems(
  violations: readonly ViolationForFine[],
  fines: readonly ProposedFine[],
  pointer: string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bySeq = new Map(violations.map((v) => [v.seq, v]));
  const seen = new Set<number>();
  fines.forEach((f, i) => {
    const at = `${pointer}/${i}`;
    const v = bySeq.get(f.seq);
    if (!v || seen.has(f.seq)) {
      problems.push({ pointer: `${at}/seq`, code: 'case.violation_unknown', params: { seq: f.seq } });
      return;
    }
    seen.add(f.seq);
    if (!Number.isFinite(f.fineYuan) || !hasCents(f.fineYuan)) {
      problems.push({ pointer: `${at}/fineYuan`, code: 'case.amount_precision' });
    } else if (v.minYuan === null || v.maxYuan === null) {
      problems.push({ pointer: `${at}/fineYuan`, code: 'case.fine_range_unknown', params: { seq: f.seq } });
    } else if (f.fineYuan < v.minYuan || f.fineYuan > v.maxYuan) {
      problems.push({
        pointer: `${at}/fineYuan`,
        code: 'case.fine_out_of_range',
        params: { seq: f.seq, fine: f.fineYuan, min: v.minYuan, max: v.maxYuan },
      });
    }
  });
  for (const v of violations) {
    if (v.rectified === false && !seen.has(v.seq)) {
      problems.push({ pointer, code: 'case.fine_missing', params: { seq: v.seq } });
    }
  }
  return problems;
}

/** Sum in cents, so that 0.1 + 0.2 is 0.30. */
export function totalYuan(fines: readonly ProposedFine[]): number {
  return fines.reduce((sum, f) => sum + Math.round(f.fineYuan * 100), 0) / 100;
}

/**
 * 加处罚款: 3 % of the fine per day overdue (行政处罚法 第七十二条第一款第（一）项), never more than
 * the fine (同项; 行政强制法 第四十五条第二款). In cents.
 */
export function surchargeYuan(fineYuan: number, overdueDays: number): number {
  if (overdueDays <= 0) return 0;
  const cents = Math.round(fineYuan * 100);
  return Math.min(cents, Math.round(cents * 0.03 * overdueDays)) / 100;
}
