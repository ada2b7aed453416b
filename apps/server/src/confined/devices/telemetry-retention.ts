import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';

/**
 * How long gas readings stay at full resolution. Both figures are platform choices (no regulation
 * we hold sets them; say so to the operator): readings outside any permit are kept raw for
 * `rawDays`, readings of a permit's life (from an hour before its window, for the pre-entry test,
 * to its end) for `permitRetentionDays` after the permit ended. Pruned readings survive as
 * one-minute rollups (`telemetry_minute`) holding the worst value of each gas.
 */
export interface RetentionPolicy {
  rawDays: number;
  permitRetentionDays: number;
}

const DAY_MS = 86_400_000;

/**
 * Rolls up and deletes every prunable reading, one day of measurement time per transaction, so a
 * backlog is worked off in bounded statements and protected days are simply passed over.
 */
export async function pruneTelemetry(
  db: Kysely<DB>,
  policy: RetentionPolicy,
  now: Date,
): Promise<{ rolledUp: number; deleted: number }> {
  const cutoff = new Date(now.getTime() - policy.rawDays * DAY_MS);
  const oldest = await db
    .selectFrom('telemetry')
    .select(sql<Date | null>`min(measured_at)`.as('at'))
    .executeTakeFirst();
  const totals = { rolledUp: 0, deleted: 0 };
  if (!oldest?.at) return totals;
  for (let from = new Date(oldest.at); from < cutoff; from = new Date(from.getTime() + DAY_MS)) {
    const to = new Date(Math.min(from.getTime() + DAY_MS, cutoff.getTime()));
    const slice = await pruneSlice(db, policy, now, from, to);
    totals.rolledUp += slice.rolledUp;
    totals.deleted += slice.deleted;
  }
  return totals;
}

async function pruneSlice(db: Kysely<DB>, policy: RetentionPolicy, now: Date, from: Date, to: Date) {
  // Repeatable read: the rollup and the delete see the same rows, so a late reading arriving in
  // between is neither deleted unrolled nor counted twice.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const prunable = sql`t.measured_at >= ${from}::timestamptz AND t.measured_at < ${to}::timestamptz
        AND NOT EXISTS (
          SELECT 1 FROM device d JOIN work_permit p ON p.confined_space_id = d.confined_space_id
           WHERE d.id = t.device_id
             AND p.status NOT IN ('draft', 'cancelled')
             AND t.measured_at >= p.window_start - interval '1 hour'
             AND t.measured_at <= greatest(p.window_end, coalesce(p.ended_at, p.window_end))
             AND greatest(p.window_end, coalesce(p.ended_at, p.window_end))
                 + make_interval(days => ${policy.permitRetentionDays}) > ${now}::timestamptz)`;
      const rolled = await sql`
        INSERT INTO telemetry_minute AS m (device_id, minute, readings, o2_min, h2s_max, co_max, lel_max, last_seq)
        SELECT t.device_id, date_trunc('minute', t.measured_at), count(*), min(t.o2), max(t.h2s),
               max(t.co), max(t.lel), max(t.seq)
          FROM telemetry t WHERE ${prunable}
         GROUP BY t.device_id, date_trunc('minute', t.measured_at)
        ON CONFLICT (device_id, minute) DO UPDATE SET
          readings = m.readings + excluded.readings,
          o2_min = least(m.o2_min, excluded.o2_min),
          h2s_max = greatest(m.h2s_max, excluded.h2s_max),
          co_max = greatest(m.co_max, excluded.co_max),
          lel_max = greatest(m.lel_max, excluded.lel_max),
          last_seq = greatest(m.last_seq, excluded.last_seq)`.execute(trx);
      const deleted = await sql`DELETE FROM telemetry t WHERE ${prunable}`.execute(trx);
      return { rolledUp: Number(rolled.numAffectedRows ?? 0), deleted: Number(deleted.numAffectedRows ?? 0) };
    });
}

/** Prunes a minute after start, then every hour. */
export function startTelemetryRetention(
  db: Kysely<DB>,
  policy: RetentionPolicy,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
) {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= (async () => {
      try {
        await pruneTelemetry(db, policy, new Date());
      } catch (error) {
        options.onError?.(error);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const first = setTimeout(run, 60_000);
  const timer = setInterval(run, options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    runNow: run,
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
