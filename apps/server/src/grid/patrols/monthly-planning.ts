import { startPeriodic, type PeriodicJob } from '../../platform/jobs/periodic';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { EMPTY_SCOPE } from '../../platform/auth/actor';
import { shenzhenToday } from '../jurisdiction/jurisdiction.service';
import { generatePatrolMonth } from './generate-patrol-month';
import type { PatrolFrequency } from './patrol-frequency';
import type { PatrolRepository } from './patrol.repository';

export const MONTHLY_PLANNING_INTERVAL_MS = 3_600_000;

/**
 * Plans the current month when nothing is planned for it yet: a new month starts with its tasks
 * without anyone pressing "generate". The check is one indexed probe; the generation itself is
 * idempotent, so two workers racing on the 1st make the tasks once (each may leave an entry).
 * Returns the result, or null when the month already had planned tasks.
 */
export async function planCurrentMonthIfUnplanned(
  db: Kysely<DB>,
  deps: { patrols: PatrolRepository; frequency: PatrolFrequency },
  now: Date,
) {
  const month = shenzhenToday(now).slice(0, 7);
  const planned = await sql<{ one: number }>`
    SELECT 1 AS one FROM patrol_task WHERE month = ${`${month}-01`}::date AND kind = 'planned' LIMIT 1`.execute(
    db,
  );
  if (planned.rows.length > 0) return null;
  return generatePatrolMonth(db, deps, {
    month,
    scope: { ...EMPTY_SCOPE, city: true },
    // No role: the audit trail's roles are users' roles, and the system is none of them.
    who: { actorId: null, actorName: 'system', role: null, ip: null },
    createdBy: null,
    now,
  });
}

/** Looks at start and then hourly; one run at a time; stopped with the worker. */
export function startMonthlyPlanning(
  db: Kysely<DB>,
  deps: { patrols: PatrolRepository; frequency: PatrolFrequency },
  options: { intervalMs?: number; clock?: () => Date; onError?: (error: unknown) => void } = {},
): PeriodicJob {
  const clock = options.clock ?? (() => new Date());
  return startPeriodic(() => planCurrentMonthIfUnplanned(db, deps, clock()), {
    firstDelayMs: 5_000,
    intervalMs: options.intervalMs ?? MONTHLY_PLANNING_INTERVAL_MS,
    onError: options.onError,
  });
}
