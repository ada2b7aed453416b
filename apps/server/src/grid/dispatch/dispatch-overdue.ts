import { startPeriodic, type PeriodicJob } from '../../platform/jobs/periodic';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { appendAudit, type AuditWho } from '../../platform/audit/audit-trail';
import { createDispatchRepository } from './dispatch.repository';

const SWEEP: AuditWho = { actorId: null, actorName: 'system:dispatch-overdue', role: null, ip: null };

/**
 * Raises a 督办 item for each event whose current step is past its deadline, at most once per
 * step (set-based, so a backlog is one statement; safe to run in several processes at once).
 */
export async function raiseOverdueSupervision(db: Kysely<DB>, now: Date): Promise<number> {
  const events = createDispatchRepository(db);
  return db.transaction().execute(async (trx) => {
    const raised = await events.raiseOverdue(trx, now);
    for (const item of raised) {
      await appendAudit(
        trx,
        SWEEP,
        {
          action: 'dispatch.supervision_raised',
          resourceType: 'dispatch_event',
          resourceId: item.event_id,
          after: {
            supervisionId: item.id,
            stepSeq: item.step_seq,
            status: item.status,
            dueAt: new Date(item.due_at).toISOString(),
          },
        },
        now,
      );
    }
    return raised.length;
  });
}

/** Sweeps a minute after start, then every five minutes (deadlines are hours long). */
export function startDispatchOverdueSweep(
  db: Kysely<DB>,
  options: { intervalMs?: number; clock?: () => Date; onError?: (error: unknown) => void } = {},
): PeriodicJob {
  const clock = options.clock ?? (() => new Date());
  return startPeriodic(() => raiseOverdueSupervision(db, clock()), {
    firstDelayMs: 60_000,
    intervalMs: options.intervalMs ?? 300_000,
    onError: options.onError,
  });
}
