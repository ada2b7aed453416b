import type { Kysely } from 'kysely';
import type { DB, PermitStatus } from '../../platform/db/schema';
import type { HealthCheck } from '../../platform/http/health';
import type { LockEventMessage, StatusMessage, TelemetryMessage } from '../../platform/mqtt/device-contract';
import { appendAudit, type AuditWho } from '../../platform/audit/audit-trail';
import { createGasEvaluator, type GasReading } from '../alarms/gas-evaluator';
import { effectiveLimits, GAS_RULE_IDS, type GasLimits, type GasRuleId } from '../alarms/gas-limits';
import {
  batteryLow,
  escalationDue,
  overtimePermits,
  silentDetectors,
  type ActivePermitView,
} from '../alarms/watch-rules';
import { createAlarmRepository, type NewAlarm } from '../alarms/alarm.repository';
import { placeOfAlarm, presentAlarm } from '../alarms/alarm.presenter';
import { judgeOpenings, openingKey, type IssuedToken, type LockOpening } from '../locks/reconcile-lock-event';
import type { FeedPlace, LiveFeed } from '../live/live-feed';
import { createMonitorRepository, type WatchedDeviceRow } from './monitor.repository';
import { createGapTracker } from './gap-tracker';

/** The monitor acts on its own (suspending a permit, expiring one); the trail says so. */
const SYSTEM: AuditWho = { actorId: null, actorName: 'system:confined-monitor', role: null, ip: null };

/** A reading stamped further ahead than this is refused: its time cannot be trusted for any window. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
const RETRY_MS = 1000;
const RAISING_MARK_MS = 10_000;
/** A skipped seq still missing this long after its successor is a gap (reordering settles sooner). */
const GAP_GRACE_MS = 10_000;
const MAX_ATTEMPTS = 60;

interface Watched extends WatchedDeviceRow {
  gasLimits: GasLimits;
}

interface RaiseRequest {
  kind: NewAlarm['kind'];
  severity: NewAlarm['severity'];
  dedupKey: string;
  deviceId: string | null;
  permitId: string | null;
  spaceId: string | null;
  enterpriseId: string | null;
  occurredAt: Date;
  detail: Record<string, unknown>;
  /** Over-limit gas and unapproved openings stop the work (DESIGN §6). */
  suspendPermit: boolean;
}

export interface MonitorStats {
  readingsEvaluated: number;
  readingsFromFuture: number;
  lockEventsStored: number;
  lockEventDuplicates: number;
  alarmsRaised: number;
  alarmsDeduplicated: number;
  permitsSuspended: number;
  permitsActivated: number;
  permitsExpired: number;
  escalations: number;
  gapsRecorded: number;
  retries: number;
  /** Work given up after MAX_ATTEMPTS failures: should stay 0; health turns 'down' if not. */
  failedTasks: number;
  watchedDevices: number;
}

/**
 * The live safety engine of confined-space work: evaluates readings and lock logs in memory as
 * they arrive, raises alarms (deduplicated in the database, so restarts and parallel processes
 * never raise one twice), suspends and activates permits, and sweeps the clocks (silence,
 * overtime, escalation, expiry). Database work runs one task at a time and is retried, never
 * dropped silently.
 */
export function startConfinedMonitor(opts: {
  db: Kysely<DB>;
  feed: LiveFeed;
  limits: GasLimits;
  clock?: () => Date;
  sweepIntervalMs?: number;
  refreshIntervalMs?: number;
  onError?: (error: unknown, what: string) => void;
}) {
  const { db, feed, limits } = opts;
  const clock = opts.clock ?? (() => new Date());
  const repo = createMonitorRepository(db);
  const alarms = createAlarmRepository(db);
  const startedAt = clock();

  const stats: MonitorStats = {
    readingsEvaluated: 0,
    readingsFromFuture: 0,
    lockEventsStored: 0,
    lockEventDuplicates: 0,
    alarmsRaised: 0,
    alarmsDeduplicated: 0,
    permitsSuspended: 0,
    permitsActivated: 0,
    permitsExpired: 0,
    escalations: 0,
    gapsRecorded: 0,
    retries: 0,
    failedTasks: 0,
    watchedDevices: 0,
  };

  let watched = new Map<string, Watched>();
  const lastHeard = new Map<string, Date>();
  const gaps = createGapTracker(GAP_GRACE_MS);
  let publishingOwn = false;
  /** Dedup keys of alarms open in the database, as far as this process knows. */
  let openKeys = new Set<string>();
  const evaluator = createGasEvaluator({ limitsFor: (id) => watched.get(id)?.gasLimits ?? limits });

  // ---- one task at a time, retried ----
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const enqueue = (what: string, task: () => Promise<void>, attempt = 1): Promise<void> => {
    pending += 1;
    const run = chain.then(task).then(
      () => {
        pending -= 1;
      },
      (error: unknown) => {
        pending -= 1;
        opts.onError?.(error, what);
        if (attempt >= MAX_ATTEMPTS || stopped) {
          stats.failedTasks += 1;
          return;
        }
        stats.retries += 1;
        setTimeout(() => void enqueue(what, task, attempt + 1), RETRY_MS).unref();
      },
    );
    chain = run;
    return run;
  };

  const placeOfEnterprise = async (executor: Kysely<DB>, enterpriseId: string): Promise<FeedPlace> => {
    const place = await repo.placeOf(executor, enterpriseId);
    return {
      enterpriseId,
      districtId: place?.district_id ?? null,
      streetId: place?.street_id ?? null,
      communityId: place?.community_id ?? null,
      gridId: place?.grid_id ?? null,
    };
  };

  const publishPermit = async (
    executor: Kysely<DB>,
    permitId: string,
    enterpriseId: string,
    status: PermitStatus,
  ) => {
    const place = await placeOfEnterprise(executor, enterpriseId);
    // The monitor made this change and has its state already: its own event must not trigger a
    // full refresh (one per alarm under load, each reloading every watched device).
    publishingOwn = true;
    try {
      feed.publish({ type: 'permit', place, permit: { id: permitId, status } });
    } finally {
      publishingOwn = false;
    }
  };

  /** Inside the transaction of the change: other processes hear of it only if it commits. */
  const announcePermit = async (
    trx: Kysely<DB>,
    permitId: string,
    enterpriseId: string | null | undefined,
    status: PermitStatus,
  ) => {
    if (!feed.channel || !enterpriseId) return;
    await feed.announce(trx, {
      type: 'permit',
      id: permitId,
      status,
      place: await placeOfEnterprise(trx, enterpriseId),
    });
  };

  const systemTransition = async (
    trx: Kysely<DB>,
    permitId: string,
    from: PermitStatus,
    to: PermitStatus,
    at: Date,
    reason: string,
  ): Promise<boolean> => {
    const changed = await repo.setPermitStatus(trx, permitId, from, to, at, reason);
    if (changed) {
      await appendAudit(trx, SYSTEM, {
        action: `permit.${to === 'active' ? 'activated' : to}`,
        resourceType: 'work_permit',
        resourceId: permitId,
        before: { status: from },
        after: { status: to, reason },
      });
    }
    return changed;
  };

  /** Inside a transaction: raise, and suspend the permit when asked. Publishes after commit. */
  const raiseIn = async (trx: Kysely<DB>, request: RaiseRequest, after: (() => Promise<void>)[]) => {
    const id = await alarms.raise(trx, {
      dedup_key: request.dedupKey,
      kind: request.kind,
      severity: request.severity,
      status: 'raised',
      device_id: request.deviceId,
      permit_id: request.permitId,
      confined_space_id: request.spaceId,
      enterprise_id: request.enterpriseId,
      occurred_at: request.occurredAt,
      detail: JSON.stringify(request.detail),
    });
    openKeys.add(request.dedupKey);
    if (id === undefined) {
      stats.alarmsDeduplicated += 1;
      return;
    }
    stats.alarmsRaised += 1;
    await appendAudit(trx, SYSTEM, {
      action: 'alarm.raised',
      resourceType: 'alarm',
      resourceId: id,
      after: {
        kind: request.kind,
        dedupKey: request.dedupKey,
        occurredAt: request.occurredAt.toISOString(),
        ...request.detail,
      },
    });
    let suspended = false;
    if (request.suspendPermit && request.permitId) {
      const permit = await repo.permitState(trx, request.permitId);
      if (permit?.status === 'active') {
        suspended = await systemTransition(
          trx,
          request.permitId,
          'active',
          'suspended',
          clock(),
          `alarm:${id}:${request.kind}`,
        );
        if (suspended) stats.permitsSuspended += 1;
      }
    }
    await feed.announce(trx, { type: 'alarm', id });
    if (suspended && request.permitId)
      await announcePermit(trx, request.permitId, request.enterpriseId, 'suspended');
    after.push(async () => {
      const row = await alarms.byId(db, id);
      if (row) feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm: presentAlarm(row) });
      if (suspended && request.permitId && request.enterpriseId) {
        for (const w of watched.values()) if (w.permit_id === request.permitId) w.permit_status = 'suspended';
        await publishPermit(db, request.permitId, request.enterpriseId, 'suspended');
      }
    });
  };

  /**
   * Keys with a raise queued: a burst of bad readings queues one write, not one per reading. The
   * mark lapses after RAISING_MARK_MS, so a raise that keeps failing is attempted again by the
   * next reading rather than forgotten.
   */
  const raising = new Map<string, number>();
  const raisePending = (key: string) => (raising.get(key) ?? 0) > Date.now() - RAISING_MARK_MS;
  const raise = (request: RaiseRequest) => {
    raising.set(request.dedupKey, Date.now());
    return enqueue(`raise ${request.dedupKey}`, async () => {
      const after: (() => Promise<void>)[] = [];
      await db.transaction().execute((trx) => raiseIn(trx, request, after));
      raising.delete(request.dedupKey);
      for (const step of after) await step();
    });
  };

  // ---- state ----
  const refresh = async () => {
    const rows = await repo.watchedDevices();
    const next = new Map<string, Watched>();
    for (const row of rows) {
      const merged = effectiveLimits(limits, row.limits ?? undefined);
      next.set(row.device_id, { ...row, gasLimits: merged.ok ? merged.limits : limits });
    }
    // A detector whose space has no live permit keeps no open rules: a permit starting later must
    // see its first over-limit reading as new.
    for (const [id, w] of next) if (w.permit_id === null) evaluator.restore(id, []);
    watched = next;
    stats.watchedDevices = next.size;
    const open = await db.selectFrom('alarm').select('dedup_key').where('status', '<>', 'resolved').execute();
    openKeys = new Set(open.map((r) => r.dedup_key));
  };

  const restoreOpenGasRules = async () => {
    const byDevice = new Map<string, GasRuleId[]>();
    for (const { device_id, rule } of await alarms.openGasAlarms()) {
      if (!(GAS_RULE_IDS as readonly string[]).includes(rule)) continue;
      byDevice.set(device_id, [...(byDevice.get(device_id) ?? []), rule as GasRuleId]);
    }
    for (const [id, rules] of byDevice) evaluator.restore(id, rules);
  };

  // ---- handlers ----
  const gasKey = (deviceId: string, rule: GasRuleId) => `gas:${deviceId}:${rule}`;

  const onTelemetry = (m: TelemetryMessage, receivedAt: Date) => {
    const w = watched.get(m.deviceId);
    if (!w || w.kind !== 'gas_detector') return;
    if (m.measuredAt.getTime() > receivedAt.getTime() + FUTURE_TOLERANCE_MS) {
      stats.readingsFromFuture += 1;
      return;
    }
    lastHeard.set(m.deviceId, receivedAt);
    gaps.observe(m.deviceId, m.seq, receivedAt.getTime());

    stats.readingsEvaluated += 1;
    const reading: GasReading = {
      deviceId: m.deviceId,
      seq: m.seq,
      measuredAt: m.measuredAt,
      o2: m.o2,
      h2s: m.h2s,
      co: m.co,
      lel: m.lel,
    };
    const signals = evaluator.evaluate(reading);
    const live = w.permit_id !== null;
    if (!live) {
      evaluator.restore(m.deviceId, []);
      return;
    }
    const place = { permitId: w.permit_id, spaceId: w.space_id, enterpriseId: w.enterprise_id };
    // Every rule the evaluator holds open must have an open alarm: one raised now, or one that an
    // operator resolved while the gas stayed bad (then it is raised again).
    const raised = new Map(signals.filter((s) => s.type === 'raise').map((s) => [s.rule, s]));
    for (const rule of evaluator.openRules(m.deviceId)) {
      const key = gasKey(m.deviceId, rule);
      if (!raised.has(rule) && (openKeys.has(key) || raisePending(key))) continue;
      const limit = w.gasLimits[rule];
      const signal = raised.get(rule);
      void raise({
        kind: 'gas_over_limit',
        severity: limit.severity,
        dedupKey: key,
        deviceId: m.deviceId,
        ...place,
        occurredAt: signal?.occurredAt ?? m.measuredAt,
        detail: {
          rule,
          gas: limit.gas,
          value: signal?.value ?? m[limit.gas],
          limit: limit.value,
          unit: limit.unit,
          comparator: limit.comparator,
          source: limit.source,
          seq: signal?.seq ?? m.seq,
          reading: { o2: m.o2, h2s: m.h2s, co: m.co, lel: m.lel },
        },
        suspendPermit: true,
      });
    }
    if (batteryLow(m.battery) && !openKeys.has(`battery:${m.deviceId}`)) {
      void raise({
        kind: 'low_battery',
        severity: 'minor',
        dedupKey: `battery:${m.deviceId}`,
        deviceId: m.deviceId,
        ...place,
        occurredAt: m.measuredAt,
        detail: { battery: m.battery },
        suspendPermit: false,
      });
    }
  };

  const onLockEvent = (m: LockEventMessage, receivedAt: Date) =>
    enqueue(`lock ${m.deviceId}:${m.seq}`, async () => {
      const w = watched.get(m.deviceId);
      const after: (() => Promise<void>)[] = [];
      await db.transaction().execute(async (trx) => {
        const inserted = await repo.insertLockEvent(trx, {
          device_id: m.deviceId,
          seq: m.seq,
          occurred_at: m.occurredAt,
          received_at: receivedAt,
          type: m.type,
          token_id: m.tokenId,
        });
        if (!inserted) {
          stats.lockEventDuplicates += 1;
          return;
        }
        stats.lockEventsStored += 1;
        const place = { spaceId: w?.space_id ?? null, enterpriseId: w?.enterprise_id ?? null };
        if (m.type === 'unlocked' || m.type === 'opened_without_token') {
          const openings: LockOpening[] =
            m.type === 'unlocked' && m.tokenId
              ? (await repo.openingsWithToken(trx, m.tokenId)).map((e) => ({
                  deviceId: e.device_id,
                  seq: Number(e.seq),
                  occurredAt: e.occurred_at,
                  type: 'unlocked' as const,
                  tokenId: e.token_id,
                }))
              : [
                  {
                    deviceId: m.deviceId,
                    seq: m.seq,
                    occurredAt: m.occurredAt,
                    type: m.type,
                    tokenId: m.tokenId,
                  },
                ];
          const tokens = new Map<string, IssuedToken>(
            (await repo.tokensById(trx, m.tokenId ? [m.tokenId] : [])).map((t) => [
              t.id,
              {
                tokenId: t.id,
                lockId: t.lock_id,
                permitId: t.permit_id,
                notBefore: t.not_before,
                notAfter: t.not_after,
              },
            ]),
          );
          const verdicts = judgeOpenings(openings, tokens);
          for (const opening of openings) {
            const verdict = verdicts.get(openingKey(opening));
            if (!verdict) continue;
            await repo.setVerdict(
              trx,
              opening.deviceId,
              opening.seq,
              verdict.authorised ? 'authorised' : verdict.reason,
            );
            if (!verdict.authorised) {
              const permitId = verdict.permitId ?? w?.permit_id ?? null;
              await raiseIn(
                trx,
                {
                  kind: 'unapproved_unlocking',
                  severity: 'critical',
                  dedupKey: `unlock:${opening.deviceId}:${opening.seq}`,
                  deviceId: opening.deviceId,
                  permitId,
                  ...place,
                  occurredAt: opening.occurredAt,
                  detail: {
                    reason: verdict.reason,
                    tokenId: opening.tokenId,
                    seq: opening.seq,
                    receivedAt: receivedAt.toISOString(),
                  },
                  suspendPermit: true,
                },
                after,
              );
            } else if (opening.seq === m.seq && opening.deviceId === m.deviceId) {
              const permit = await repo.permitState(trx, verdict.permitId);
              if (
                permit?.status === 'approved' &&
                (await systemTransition(
                  trx,
                  verdict.permitId,
                  'approved',
                  'active',
                  m.occurredAt,
                  `lock:${m.deviceId}:${m.seq}`,
                ))
              ) {
                stats.permitsActivated += 1;
                const enterpriseId = w?.enterprise_id;
                await announcePermit(trx, verdict.permitId, enterpriseId, 'active');
                if (enterpriseId)
                  after.push(() => publishPermit(db, verdict.permitId, enterpriseId, 'active'));
                after.push(refresh);
              }
            }
          }
        } else if (m.type === 'tamper' || m.type === 'low_battery') {
          await raiseIn(
            trx,
            {
              kind: m.type === 'tamper' ? 'unapproved_unlocking' : 'low_battery',
              severity: m.type === 'tamper' ? 'critical' : 'minor',
              dedupKey: m.type === 'tamper' ? `unlock:${m.deviceId}:${m.seq}` : `battery:${m.deviceId}`,
              deviceId: m.deviceId,
              permitId: w?.permit_id ?? null,
              ...place,
              occurredAt: m.occurredAt,
              detail: { reason: m.type, seq: m.seq },
              suspendPermit: m.type === 'tamper',
            },
            after,
          );
        }
      });
      for (const step of after) await step();
    });

  const onStatus = (m: StatusMessage) => {
    const w = watched.get(m.deviceId);
    if (!w) return;
    w.online = m.online;
    if (!m.online && w.permit_id && (w.permit_status === 'active' || w.permit_status === 'suspended')) {
      void raise({
        kind: 'device_offline',
        severity: 'major',
        dedupKey: `offline:${m.deviceId}`,
        deviceId: m.deviceId,
        permitId: w.permit_id,
        spaceId: w.space_id,
        enterpriseId: w.enterprise_id,
        occurredAt: clock(),
        detail: { kind: w.kind },
        suspendPermit: false,
      });
    }
  };

  // ---- clocks ----
  const activePermits = (): (ActivePermitView & { spaceId: string; enterpriseId: string })[] => {
    const byPermit = new Map<string, ActivePermitView & { spaceId: string; enterpriseId: string }>();
    for (const w of watched.values()) {
      if (!w.permit_id || (w.permit_status !== 'active' && w.permit_status !== 'suspended')) continue;
      const view = byPermit.get(w.permit_id) ?? {
        permitId: w.permit_id,
        // A detector unheard since this process started gets the full silence allowance from the start.
        activatedAt: new Date(Math.max((w.activated_at ?? startedAt).getTime(), startedAt.getTime())),
        windowEnd: w.window_end!,
        detectorIds: [],
        status: w.permit_status,
        spaceId: w.space_id,
        enterpriseId: w.enterprise_id,
      };
      if (w.kind === 'gas_detector') view.detectorIds = [...view.detectorIds, w.device_id];
      byPermit.set(w.permit_id, view);
    }
    return [...byPermit.values()];
  };

  const sweep = async () => {
    const now = clock();
    // Gaps are written a sweep at a time, in one statement: never a write per lost reading ahead
    // of the alarms in the queue.
    const matured = gaps.matured(Date.now());
    if (matured.length > 0) {
      try {
        await repo.recordGaps(matured);
        stats.gapsRecorded += matured.length;
      } catch (error) {
        gaps.requeue(matured);
        throw error;
      }
    }
    const permits = activePermits();
    const byId = new Map(permits.map((p) => [p.permitId, p]));
    for (const silent of silentDetectors(permits, lastHeard, now)) {
      const p = byId.get(silent.permitId)!;
      const key = `silent:${silent.permitId}:${silent.deviceId}`;
      if (openKeys.has(key)) continue;
      void raise({
        kind: 'detector_silent',
        severity: 'major',
        dedupKey: key,
        deviceId: silent.deviceId,
        permitId: silent.permitId,
        spaceId: p.spaceId,
        enterpriseId: p.enterpriseId,
        occurredAt: now,
        detail: { silentSince: silent.silentSince?.toISOString() ?? null },
        suspendPermit: false,
      });
    }
    for (const over of overtimePermits(permits, now)) {
      const p = byId.get(over.permitId)!;
      const key = `overtime:${over.permitId}`;
      if (openKeys.has(key)) continue;
      void raise({
        kind: 'overtime',
        severity: 'major',
        dedupKey: key,
        deviceId: null,
        permitId: over.permitId,
        spaceId: p.spaceId,
        enterpriseId: p.enterpriseId,
        occurredAt: p.windowEnd,
        detail: { overBySeconds: Math.round(over.overBy / 1000) },
        suspendPermit: false,
      });
    }
  };

  const slowSweep = async () => {
    const now = clock();
    for (const alarm of await alarms.escalationCandidates()) {
      const due = escalationDue(
        {
          status: alarm.status,
          raisedAt: alarm.raised_at,
          escalationLevel: alarm.escalation_level,
          escalatedAt: alarm.escalated_at,
        },
        now,
      );
      const escalated =
        due &&
        (await db.transaction().execute(async (trx) => {
          if (!(await alarms.escalate(alarm.id, alarm.escalation_level + 1, now, trx))) return false;
          await feed.announce(trx, { type: 'alarm', id: alarm.id });
          return true;
        }));
      if (escalated) {
        stats.escalations += 1;
        const row = await alarms.byId(db, alarm.id);
        if (row) feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm: presentAlarm(row) });
      }
    }
    for (const permit of await repo.expirablePermits(now)) {
      let enterpriseId: string | undefined;
      const changed = await db.transaction().execute(async (trx) => {
        const ok = await systemTransition(trx, permit.id, permit.status, 'expired', now, 'window_over');
        if (ok) {
          enterpriseId = (
            await trx
              .selectFrom('work_permit')
              .select('enterprise_id')
              .where('id', '=', permit.id)
              .executeTakeFirst()
          )?.enterprise_id;
          await announcePermit(trx, permit.id, enterpriseId, 'expired');
        }
        return ok;
      });
      if (changed) {
        stats.permitsExpired += 1;
        if (enterpriseId) await publishPermit(db, permit.id, enterpriseId, 'expired');
        await refresh();
      }
    }
  };

  // ---- lifecycle ----
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  let refreshSoon: NodeJS.Timeout | undefined;
  const unsubscribe = feed.subscribe((event) => {
    if (event.type === 'permit') {
      if (publishingOwn) return;
      // A permit changed in this process: pick up its new state without waiting for the timer.
      refreshSoon ??= setTimeout(() => {
        refreshSoon = undefined;
        void enqueue('refresh', refresh);
      }, 50);
    } else if (event.alarm.status === 'resolved') {
      openKeys.delete(
        event.alarm.kind === 'gas_over_limit' && event.alarm.deviceId
          ? gasKey(event.alarm.deviceId, event.alarm.detail.rule as GasRuleId)
          : '',
      );
      // Other kinds are re-synced by the periodic refresh; a gas alarm must re-raise at once.
      void enqueue('refresh', refresh);
    }
  });

  const ready = enqueue('start', async () => {
    await refresh();
    await restoreOpenGasRules();
    const detectors = [...watched.values()].filter((w) => w.kind === 'gas_detector').map((w) => w.device_id);
    for (const { device_id, seq } of await repo.lastSeqs(detectors)) gaps.seed(device_id, Number(seq));
  });
  timers.push(setInterval(() => void enqueue('sweep', sweep), opts.sweepIntervalMs ?? 1000));
  timers.push(setInterval(() => void enqueue('slow sweep', slowSweep), (opts.sweepIntervalMs ?? 1000) * 5));
  timers.push(setInterval(() => void enqueue('refresh', refresh), opts.refreshIntervalMs ?? 5000));
  for (const t of timers) t.unref();

  const health: HealthCheck = {
    name: 'confinedMonitor',
    check: () => ({ status: stats.failedTasks === 0 ? 'up' : 'down', detail: { ...stats, pending } }),
  };

  return {
    ready,
    health,
    stats: () => ({ ...stats, pending }),
    onTelemetry,
    onLockEvent,
    onStatus,
    /** Tests: run the clocks now instead of waiting for the timers. */
    sweepNow: () =>
      enqueue('sweep', async () => {
        await sweep();
        await slowSweep();
      }),
    refreshNow: () => enqueue('refresh', refresh),
    /** Resolves when every queued task (including raises triggered so far) has run. */
    async idle(): Promise<void> {
      while (pending > 0) await chain.catch(() => undefined);
      await chain.catch(() => undefined);
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) clearInterval(t);
      if (refreshSoon) clearTimeout(refreshSoon);
      unsubscribe();
      await chain.catch(() => undefined);
    },
  };
}

export type ConfinedMonitor = ReturnType<typeof startConfinedMonitor>;
