import { startPeriodic, type PeriodicJob } from '../../platform/jobs/periodic';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { chinaDate } from '../../enforcement/documents/document-dates';
import { AUDIT_ACTION, REFERRAL_REASON } from './hazard.service';

/** How often the sweep looks for overdue hazards. Deadlines are days, so hourly is prompt enough. */
export const HAZARD_SWEEP_INTERVAL_MS = 3_600_000;

/**
 * Escalates every hazard past its deadline (Asia/Shanghai calendar date) that is still with the
 * enterprise and not yet escalated: the flag, a transition row, an enforcement referral and an
 * audit entry each, written set-based in one transaction. Returns the ids escalated.
 *
 * The candidates are locked first, in a statement of their own: a user's transition holding a
 * row makes us wait, and the writes that follow (a new statement, so a fresh snapshot) see what
 * that user committed — a hazard closed meanwhile drops out, and the next transition seq is right.
 */
export async function escalateOverdueHazards(db: Kysely<DB>, now: Date): Promise<string[]> {
  const today = chinaDate(now);
  return db.transaction().execute(async (trx) => {
    const overdue = sql`status IN ('assigned', 'rectifying') AND NOT escalated AND deadline < ${today}::date`;
    const locked = await sql<{ id: string }>`
      SELECT id FROM hazard WHERE ${overdue} ORDER BY id FOR UPDATE`.execute(trx);
    if (locked.rows.length === 0) return [];
    const ids = locked.rows.map((r) => r.id);
    const { rows } = await sql<{ id: string }>`
      WITH due AS (
        UPDATE hazard SET escalated = true, version = version + 1
         WHERE id = ANY(${ids}::bigint[]) AND ${overdue}
        RETURNING id, status, deadline, version
      ),
      transitions AS (
        INSERT INTO hazard_transition (hazard_id, seq, event, from_status, to_status, actor_id, role,
                                       note, deadline, at, recorded_at, client_id)
        SELECT due.id,
               (SELECT coalesce(max(t.seq), 0) + 1 FROM hazard_transition t WHERE t.hazard_id = due.id),
               'escalate', due.status, due.status, NULL, 'system', NULL, NULL,
               ${now}::timestamptz, ${now}::timestamptz, NULL
          FROM due
        RETURNING hazard_id
      ),
      referrals AS (
        INSERT INTO enforcement_referral (hazard_id, reason, created_at)
        SELECT due.id, ${REFERRAL_REASON}, ${now}::timestamptz FROM due
        ON CONFLICT (hazard_id) DO NOTHING
        RETURNING hazard_id
      ),
      audit AS (
        INSERT INTO audit_event (at, actor_id, actor_name, role, ip, action, resource_type,
                                 resource_id, outcome, before, after)
        SELECT ${now}::timestamptz, NULL, 'system:hazard-overdue', NULL, NULL, ${AUDIT_ACTION.escalate}, 'hazard',
               due.id::text, 'success',
               jsonb_build_object('status', due.status, 'deadline', due.deadline::text,
                                  'escalated', false, 'version', due.version - 1),
               jsonb_build_object('status', due.status, 'deadline', due.deadline::text,
                                  'escalated', true, 'referredToEnforcement', true,
                                  'today', ${today}::text)
          FROM due
        RETURNING id
      )
      -- Data-modifying CTEs run to completion whether or not the final SELECT reads them.
      SELECT id::text AS id FROM due ORDER BY id`.execute(trx);
    return rows.map((r) => r.id);
  });
}

/** Sweeps a minute after start, then every `intervalMs`; one run at a time. */
export function startHazardSweep(
  db: Kysely<DB>,
  options: { intervalMs?: number; clock?: () => Date; onError?: (error: unknown) => void } = {},
): PeriodicJob {
  const clock = options.clock ?? (() => new Date());
  return startPeriodic(() => escalateOverdueHazards(db, clock()), {
    firstDelayMs: 60_000,
    intervalMs: options.intervalMs ?? HAZARD_SWEEP_INTERVAL_MS,
    onError: options.onError,
  });
}
