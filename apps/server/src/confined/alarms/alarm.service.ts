import type { Kysely } from 'kysely';
import type { Alarm, AlarmListQuery, AlarmPage, ResolveAlarm } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { LiveFeed } from '../live/live-feed';
import type { AlarmRepository } from './alarm.repository';
import { placeOfAlarm, presentAlarm } from './alarm.presenter';
import type { AlarmRow } from './alarm.repository';
import { reportAlarmEvent } from '../../grid/dispatch/report-alarm-event';
import type { DispatchRepository } from '../../grid/dispatch/dispatch.repository';
import type { DispatchData } from '../../grid/dispatch/dispatch-data';

export function createAlarmService(deps: {
  db: Kysely<DB>;
  alarms: AlarmRepository;
  feed: LiveFeed;
  clock: () => Date;
  /** Where an alarm resolved as "dispatched" goes: the street's dispatch events. */
  dispatch: { events: DispatchRepository; data: DispatchData };
}) {
  const { db, alarms, feed, clock } = deps;

  /** Acknowledge and resolve share the shape: lock the row in scope, change, audit, publish. */
  const handle = async (
    actor: Actor,
    id: string,
    action: 'alarm.acknowledged' | 'alarm.resolved',
    change: (trx: Kysely<DB>, now: Date, current: AlarmRow) => Promise<unknown>,
    after?: (changed: unknown) => unknown,
  ): Promise<Alarm> => {
    authorize(actor, 'alarm.handle');
    const row = await db.transaction().execute(async (trx) => {
      const current = await alarms.findInScope(trx, id, actor.scope, true);
      if (!current) throw notFound('alarm', id);
      if (current.status === 'resolved') throw new AppError('alarm.already_resolved');
      const changed = await change(trx, clock(), current);
      await appendAudit(trx, auditWho(actor), {
        action,
        resourceType: 'alarm',
        resourceId: id,
        before: { status: current.status },
        after: after?.(changed),
      });
      await feed.announce(trx, { type: 'alarm', id });
      return (await alarms.byId(trx, id))!;
    });
    const alarm = presentAlarm(row);
    feed.publish({ type: 'alarm', place: placeOfAlarm(row), alarm });
    return alarm;
  };

  return {
    async list(actor: Actor, query: AlarmListQuery): Promise<AlarmPage> {
      authorize(actor, 'alarm.read');
      const limit = query.limit ?? 100;
      const rows = await alarms.list(actor.scope, {
        open: query.open,
        permitId: query.permitId,
        beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentAlarm),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    acknowledge(actor: Actor, id: string): Promise<Alarm> {
      return handle(actor, id, 'alarm.acknowledged', (trx, now) =>
        alarms.acknowledge(trx, id, actor.userId, now),
      );
    },

    resolve(actor: Actor, id: string, input: ResolveAlarm): Promise<Alarm> {
      return handle(
        actor,
        id,
        'alarm.resolved',
        async (trx, now, current) => {
          await alarms.resolve(trx, id, {
            userId: actor.userId,
            at: now,
            resolution: input.resolution,
            note: input.note,
          });
          if (input.resolution !== 'dispatched') return null;
          const place = dispatchPlace(current);
          // A device bound to no enterprise has no street to hand the alarm to.
          if (!place) throw new AppError('alarm.dispatch_without_place');
          return reportAlarmEvent(trx, deps.dispatch, {
            alarmId: id,
            enterprise: place,
            description: input.note,
            who: { ...auditWho(actor), actorName: actor.displayName },
            now,
          });
        },
        (eventId) => ({ ...input, dispatchEventId: eventId ?? null }),
      );
    },
  };
}

function dispatchPlace(row: AlarmRow) {
  const { grid_id, community_id, street_id, district_id, enterprise_lat, enterprise_lon } = row;
  if (!grid_id || !community_id || !street_id || !district_id) return null;
  if (enterprise_lat === null || enterprise_lon === null) return null;
  return { grid_id, community_id, street_id, district_id, lat: enterprise_lat, lon: enterprise_lon };
}
