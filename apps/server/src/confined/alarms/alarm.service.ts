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

export function createAlarmService(deps: {
  db: Kysely<DB>;
  alarms: AlarmRepository;
  feed: LiveFeed;
  clock: () => Date;
}) {
  const { db, alarms, feed, clock } = deps;

  /** Acknowledge and resolve share the shape: lock the row in scope, change, audit, publish. */
  const handle = async (
    actor: Actor,
    id: string,
    action: 'alarm.acknowledged' | 'alarm.resolved',
    change: (trx: Kysely<DB>, now: Date) => Promise<void>,
    after?: unknown,
  ): Promise<Alarm> => {
    authorize(actor, 'alarm.handle');
    const row = await db.transaction().execute(async (trx) => {
      const current = await alarms.findInScope(trx, id, actor.scope, true);
      if (!current) throw notFound('alarm', id);
      if (current.status === 'resolved') throw new AppError('alarm.already_resolved');
      await change(trx, clock());
      await appendAudit(trx, auditWho(actor), {
        action,
        resourceType: 'alarm',
        resourceId: id,
        before: { status: current.status },
        after,
      });
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
        (trx, now) =>
          alarms.resolve(trx, id, {
            userId: actor.userId,
            at: now,
            resolution: input.resolution,
            note: input.note,
          }),
        input,
      );
    },
  };
}
