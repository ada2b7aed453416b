import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import type { GradingModel } from '../grading/grading-model';
import { scoreEnterprise } from '../grading/score-enterprise';
import { selectGradingInputs, type EnterpriseInputs } from './grading-inputs';
import {
  takeQueuedEnterprises,
  writeGrades,
  type ComputedGrade,
  type GradeChangeReason,
  type GradeChangeRow,
} from './grade.repository';

export interface RecomputeResult {
  recomputed: number;
  changes: GradeChangeRow[];
  /** Where the time went: the input statement, scoring in memory, writing. */
  timingsMs: { inputs: number; score: number; write: number };
}

/** Only the inputs this model reads: what is recorded is exactly what reproduces the grade. */
export function gradeFromInputs(model: GradingModel, row: EnterpriseInputs): ComputedGrade {
  const inputs: Record<string, number | null> = {};
  for (const id of [...model.indicatorIds, ...model.stateInputIds]) {
    inputs[id] = (row.inputs as Record<string, number | null>)[id] ?? null;
  }
  const result = scoreEnterprise(model, inputs);
  return {
    enterpriseId: row.enterpriseId,
    score: result.score,
    baseGrade: result.baseGrade,
    grade: result.grade,
    inputs,
  };
}

async function recompute(
  trx: Kysely<DB>,
  model: GradingModel,
  options: { now: Date; reason: GradeChangeReason; enterpriseIds?: readonly string[] },
): Promise<RecomputeResult> {
  const t0 = performance.now();
  const rows = await selectGradingInputs(trx, {
    asOf: shenzhenToday(options.now),
    enterpriseIds: options.enterpriseIds,
  });
  const t1 = performance.now();
  const grades = rows.map((row) => gradeFromInputs(model, row));
  const t2 = performance.now();
  const changes = await writeGrades(trx, grades, {
    modelVersion: model.version,
    reason: options.reason,
    at: options.now,
  });
  const t3 = performance.now();
  return {
    recomputed: grades.length,
    changes,
    timingsMs: { inputs: Math.round(t1 - t0), score: Math.round(t2 - t1), write: Math.round(t3 - t2) },
  };
}

/**
 * Every enterprise, in one transaction: one input statement, scoring in memory by the same pure
 * function the explanations use (so a batch grade and its explanation can never disagree), and
 * set-based writes. Runs daily (windows and deadlines move with time alone) and on activation of
 * a model version.
 */
export function recomputeAllGrades(
  db: Kysely<DB>,
  model: GradingModel,
  options: { now: Date; reason: 'batch' | 'model_activated' },
): Promise<RecomputeResult> {
  // Inside a caller's transaction (activating a model) the grades commit with it.
  if (db.isTransaction) return recompute(db, model, options);
  return db.transaction().execute((trx) => recompute(trx, model, options));
}

/** The enterprises whose inputs changed (queued by the database's triggers), in one transaction. */
export function recomputeQueuedGrades(
  db: Kysely<DB>,
  model: GradingModel,
  options: { now: Date; limit: number },
): Promise<RecomputeResult> {
  return db.transaction().execute(async (trx) => {
    const ids = await takeQueuedEnterprises(trx, options.limit);
    if (ids.length === 0) {
      return { recomputed: 0, changes: [], timingsMs: { inputs: 0, score: 0, write: 0 } };
    }
    return recompute(trx, model, { now: options.now, reason: 'input_changed', enterpriseIds: ids });
  });
}

/** What a model version would make of today's records, without writing anything (the dry run). */
export async function gradeWithoutWriting(
  db: Kysely<DB>,
  model: GradingModel,
  now: Date,
): Promise<ComputedGrade[]> {
  const rows = await selectGradingInputs(db, { asOf: shenzhenToday(now) });
  return rows.map((row) => gradeFromInputs(model, row));
}
