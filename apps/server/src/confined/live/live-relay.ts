import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../platform/db/schema';
import { startNotifyListener } from '../../platform/db/notify-listener';
import { createAlarmRepository } from '../alarms/alarm.repository';
import { placeOfAlarm, presentAlarm } from '../alarms/alarm.presenter';
import { createPermitRepository } from '../permits/permit.repository';
import type { FeedPlace, LiveFeed } from './live-feed';

/** Events announced before the connection was lost may still be in flight: look back a little. */
const RESYNC_MARGIN_MS = 60_000;
/** A resync republishes at most this many alarms and permits (open alarms are normally a handful). */
const RESYNC_LIMIT = 1000;

const isId = (v: unknown): v is string => typeof v === 'string' && /^\d{1,19}$/.test(v);
const isPlace = (v: unknown): v is FeedPlace =>
  typeof v === 'object' &&
  v !== null &&
  (['enterpriseId', 'districtId', 'streetId', 'communityId', 'gridId'] as const).every((k) => {
    const x = (v as Record<string, unknown>)[k];
    return x === null || typeof x === 'string';
  });

/**
 * Brings other processes' alarm and permit changes into this process's live feed (PostgreSQL
 * only): one LISTEN connection on the feed's channel. An alarm notice carries only its id: the
 * row is read here (its current state) and presented as the local path would. The feed's own
 * announcements are skipped — its subscribers got them from `publish`. After a lost connection,
 * open alarms, alarms resolved since and permits changed since are published again: a browser
 * only refetches when its own stream reconnects, which a lost LISTEN does not cause.
 */
export function startLiveRelay(opts: {
  db: Kysely<DB>;
  feed: LiveFeed;
  connect: () => pg.Client;
  onError?: (error: unknown, what: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}) {
  const { db, feed } = opts;
  if (!feed.channel) throw new Error('the live relay needs a feed with a channel (PostgreSQL)');
  const alarms = createAlarmRepository(db);
  const permits = createPermitRepository(db);
  const stats = { relayed: 0, ownSkipped: 0, malformed: 0, resyncs: 0 };

  const onNotification = async (payload: string) => {
    let notice: Record<string, unknown>;
    try {
      notice = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      stats.malformed += 1;
      return;
    }
    if (notice['o'] === feed.origin) {
      stats.ownSkipped += 1;
      return;
    }
    if (notice['t'] === 'alarm' && isId(notice['id'])) {
      const row = await alarms.byId(db, notice['id']);
      if (!row) return;
      stats.relayed += 1;
      feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm: presentAlarm(row) });
    } else if (
      notice['t'] === 'permit' &&
      isId(notice['id']) &&
      typeof notice['s'] === 'string' &&
      isPlace(notice['p'])
    ) {
      stats.relayed += 1;
      feed.publish({ type: 'permit', place: notice['p'], permit: { id: notice['id'], status: notice['s'] } });
    } else {
      stats.malformed += 1;
    }
  };

  const onReconnect = async (downSince: Date) => {
    stats.resyncs += 1;
    const since = new Date(downSince.getTime() - RESYNC_MARGIN_MS);
    for (const row of (await permits.changedSince(since, RESYNC_LIMIT)).reverse()) {
      feed.publish({
        type: 'permit',
        place: {
          enterpriseId: row.enterprise_id,
          districtId: row.district_id,
          streetId: row.street_id,
          communityId: row.community_id,
          gridId: row.grid_id,
        },
        permit: { id: row.id, status: row.status },
      });
    }
    for (const row of (await alarms.openOrResolvedSince(since, RESYNC_LIMIT)).reverse()) {
      feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm: presentAlarm(row) });
    }
  };

  const listener = startNotifyListener({
    connect: opts.connect,
    channel: feed.channel,
    onNotification,
    onReconnect,
    onError: opts.onError,
    minBackoffMs: opts.minBackoffMs,
    maxBackoffMs: opts.maxBackoffMs,
    name: 'confinedLiveRelay',
  });

  return {
    ready: listener.ready,
    health: {
      name: listener.health.name,
      check: async () => {
        const result = await listener.health.check();
        return { ...result, detail: { ...result.detail, ...stats } };
      },
    },
    stats: () => ({ ...listener.stats(), ...stats }),
    idle: listener.idle,
    interrupt: listener.interrupt,
    stop: listener.stop,
  };
}

export type LiveRelay = ReturnType<typeof startLiveRelay>;
