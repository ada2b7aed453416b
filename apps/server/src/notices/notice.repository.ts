import { sql, type Kysely } from 'kysely';
import type { DB } from '../platform/db/schema';
import type { JurisdictionScope } from '../platform/auth/actor';
import { placeInScope } from '../platform/auth/scope';

const PLACE = {
  grid: 'n.grid_id',
  community: 'n.community_id',
  street: 'n.street_id',
  district: 'n.district_id',
  enterprise: 'n.enterprise_id',
} as const;

/** How far back notices count as news (the unread badge, "mark all read"). */
const RECENT_DAYS = 30;

/** All SQL of notices: every read scoped on the notice's own place columns. */
export function createNoticeRepository(db: Kysely<DB>) {
  const recent = (now: Date) => new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  return {
    list(
      userId: string,
      scope: JurisdictionScope,
      filter: { unread?: boolean; after?: string; limit: number },
    ) {
      let query = db
        .selectFrom('notice as n')
        .innerJoin('enterprise as e', 'e.id', 'n.enterprise_id')
        .leftJoin('notice_read as r', (join) =>
          join.onRef('r.notice_id', '=', 'n.id').on('r.user_id', '=', userId),
        )
        .select([
          'n.id',
          'n.kind',
          'n.enterprise_id',
          'e.name as enterprise_name',
          'n.payload',
          'n.created_at',
          'r.read_at',
        ])
        .where(placeInScope(scope, PLACE))
        .orderBy('n.id', 'desc')
        .limit(filter.limit + 1);
      if (filter.unread) query = query.where('r.read_at', 'is', null);
      if (filter.after) query = query.where('n.id', '<', filter.after);
      return query.execute();
    },

    async unreadCount(userId: string, scope: JurisdictionScope, now: Date): Promise<number> {
      const row = await db
        .selectFrom('notice as n')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where(placeInScope(scope, PLACE))
        .where('n.created_at', '>=', recent(now))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('notice_read as r')
                .select(sql`1`.as('one'))
                .whereRef('r.notice_id', '=', 'n.id')
                .where('r.user_id', '=', userId),
            ),
          ),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Marks one notice (if it is in scope) or every recent one in scope; returns how many changed. */
    async markRead(userId: string, scope: JurisdictionScope, now: Date, noticeId?: string): Promise<number> {
      let source = db
        .selectFrom('notice as n')
        .select([
          sql<string>`${userId}::bigint`.as('user_id'),
          'n.id as notice_id',
          sql<Date>`${now}::timestamptz`.as('read_at'),
        ])
        .where(placeInScope(scope, PLACE));
      source =
        noticeId === undefined
          ? source.where('n.created_at', '>=', recent(now))
          : source.where('n.id', '=', noticeId);
      const result = await db
        .insertInto('notice_read')
        .columns(['user_id', 'notice_id', 'read_at'])
        .expression(source)
        .onConflict((oc) => oc.columns(['user_id', 'notice_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    },

    async inScope(scope: JurisdictionScope, noticeId: string): Promise<boolean> {
      const row = await db
        .selectFrom('notice as n')
        .select('n.id')
        .where('n.id', '=', noticeId)
        .where(placeInScope(scope, PLACE))
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type NoticeRepository = ReturnType<typeof createNoticeRepository>;
