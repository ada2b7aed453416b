import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';
import type { GradingModel } from '../grading/grading-model';
import { scoreEnterprise } from '../grading/score-enterprise';
import { selectGradingInputs, type EnterpriseInputs } from './grading-inputs';
import {
  WRITE_CHUNK,
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
  options: {
    now: Date;
    reason: GradeChangeReason;
    enterpriseIds?: readonly string[];
    idRange?: readonly [number, number];
  },
): Promise<RecomputeResult> {
  const t0 = performance.now();
  const rows = await selectGradingInputs(trx, {
    asOf: shenzhenToday(options.now),
    enterpriseIds: options.enterpriseIds,
    idRange: options.idRange,
  });
  const t1 = performance.now();
  // Scoring a chunk overlaps the database writing the one before: the process and the database
  // each have a core, and the whole city in one go left the database idle while the process scored
  // and then the process idle while the database wrote.
  const changes: GradeChangeRow[] = [];
  let writing: Promise<GradeChangeRow[]> | undefined;
  let scoreMs = 0;
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const scoreStart = performance.now();
    const grades = rows.slice(start, start + WRITE_CHUNK).map((row) => gradeFromInputs(model, row));
    scoreMs += performance.now() - scoreStart;
    if (writing) changes.push(...(await writing));
    writing = writeGrades(trx, grades, {
      modelVersion: model.version,
      reason: options.reason,
      at: options.now,
    });
    // Awaited on the next round or below; this only keeps a throw while scoring from leaving a
    // failed write unhandled.
    writing.catch(() => undefined);
  }
  if (writing) changes.push(...(await writing));
  const t2 = performance.now();
  return {
    recomputed: rows.length,
    changes,
    // Scoring overlaps writing: `write` is the rest of the time after the inputs and the scoring.
    timingsMs: {
      inputs: Math.round(t1 - t0),
      score: Math.round(scoreMs),
      write: Math.max(0, Math.round(t2 - t1 - scoreMs)),
    },
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

/** Enterprise ids per slice of the daily batch: about a second of work each on PGlite. */
const BATCH_SLICE = 10_000;

/**
 * The daily batch: the same statement and scoring as `recomputeAllGrades`, over slices of
 * enterprise ids, one transaction each. On PGlite (a single connection) the requests waiting
 * behind the batch run between slices instead of stalling for the whole city; every enterprise's
 * grade stands on its own, so nothing needs the slices to commit together.
 */
export async function recomputeAllGradesInSlices(
  db: Kysely<DB>,
  model: GradingModel,
  options: { now: Date; slice?: number },
): Promise<{ recomputed: number; changed: number; slices: number }> {
  const slice = options.slice ?? BATCH_SLICE;
  const bounds = await db
    .selectFrom('enterprise')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  if (bounds.lo === null || bounds.hi === null) return { recomputed: 0, changed: 0, slices: 0 };
  let recomputed = 0;
  let changed = 0;
  let slices = 0;
  for (let from = Number(bounds.lo); from <= Number(bounds.hi); from += slice) {
    const range = [from, from + slice] as const;
    const result = await db
      .transaction()
      .execute((trx) => recompute(trx, model, { now: options.now, reason: 'batch', idRange: range }));
    recomputed += result.recomputed;
    changed += result.changes.length;
    slices += 1;
  }
  return { recomputed, changed, slices };
}

/** Whether some supervised enterprise's grade is more than a day old (the batch is due). */
export async function gradesAreStale(db: Kysely<DB>, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('enterprise_grade')
    .innerJoin('enterprise', 'enterprise.id', 'enterprise_grade.enterprise_id')
    .select('enterprise_grade.enterprise_id')
    .where('enterprise.status', '<>', 'closed')
    .where('enterprise_grade.computed_at', '<', new Date(now.getTime() - 24 * 3_600_000))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
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

/** Named enterprises, inside the caller's transaction (an accepted objection regrades at once). */
export function recomputeEnterpriseGrades(
  trx: Kysely<DB>,
  model: GradingModel,
  options: { now: Date; enterpriseIds: readonly string[] },
): Promise<RecomputeResult> {
  return recompute(trx, model, { ...options, reason: 'input_changed' });
}
