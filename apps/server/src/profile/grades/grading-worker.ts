import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { startPeriodic, type PeriodicJob } from '../../platform/jobs/periodic';
import type { GradingModels } from '../models/grading-models';
import { gradesAreStale, recomputeAllGradesInSlices, recomputeQueuedGrades } from './recompute-grades';

/** Enterprises regraded per transaction when draining the queue: a bulk change drains in steps. */
const QUEUE_BATCH = 500;

/**
 * The worker's grading: the queue of changed enterprises drained every second (a closed hazard or
 * a recorded accident shows in the grade within seconds), and every enterprise regraded daily, in
 * slices of ids, for what changes with time alone (a deadline passing, an accident leaving its
 * 12-month window).
 */
export function startGradingWorker(
  db: Kysely<DB>,
  deps: { models: GradingModels; clock?: () => Date },
  options: { onError: (error: unknown) => void; queueIntervalMs?: number },
): PeriodicJob {
  const clock = deps.clock ?? (() => new Date());
  const queue = startPeriodic(
    async () => {
      const model = await deps.models.active();
      // Drain what is there now; a steady trickle waits for the next tick.
      for (let i = 0; i < 20; i += 1) {
        const result = await recomputeQueuedGrades(db, model, { now: clock(), limit: QUEUE_BATCH });
        if (result.recomputed < QUEUE_BATCH) break;
      }
    },
    { firstDelayMs: 2_000, intervalMs: options.queueIntervalMs ?? 1_000, onError: options.onError },
  );
  // Looked at hourly, run when a grade is a day old: a restart does not rerun a fresh batch.
  const daily = startPeriodic(
    async () => {
      if (!(await gradesAreStale(db, clock()))) return;
      await recomputeAllGradesInSlices(db, await deps.models.active(), { now: clock() });
    },
    { firstDelayMs: 60_000, intervalMs: 3_600_000, onError: options.onError },
  );
  return {
    async runNow() {
      await Promise.all([queue.runNow(), daily.runNow()]);
    },
    async stop() {
      await Promise.all([queue.stop(), daily.stop()]);
    },
  };
}
