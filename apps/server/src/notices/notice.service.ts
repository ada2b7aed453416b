import type { Notice, NoticeList, NoticeListQuery, NoticesMarkedRead } from '@safegrid/contracts';
import { notFound } from '../errors';
import { authorize } from '../platform/auth/policy';
import type { Actor } from '../platform/auth/actor';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import type { NoticeRepository } from './notice.repository';

type Row = Awaited<ReturnType<NoticeRepository['list']>>[number];

function present(row: Row): Notice {
  const p = row.payload as {
    previousGrade: Notice['grade'];
    grade: Notice['grade'];
    score: number;
    reason: string;
  };
  return {
    id: String(row.id),
    kind: row.kind,
    at: row.created_at.toISOString(),
    read: row.read_at !== null,
    enterpriseId: String(row.enterprise_id),
    enterpriseName: row.enterprise_name,
    previousGrade: p.previousGrade,
    grade: p.grade,
    score: p.score,
    reason: p.reason,
  };
}

/** The caller's notices: those of the places in their scope, read or not by them. */
export function createNoticeService(deps: { notices: NoticeRepository; clock: () => Date }) {
  const { notices, clock } = deps;
  return {
    async list(actor: Actor, query: NoticeListQuery): Promise<NoticeList> {
      authorize(actor, 'notice.read');
      const limit = query.limit ?? 20;
      const [rows, unread] = await Promise.all([
        notices.list(actor.userId, actor.scope, {
          unread: query.unread,
          after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
          limit,
        }),
        notices.unreadCount(actor.userId, actor.scope, clock()),
      ]);
      const page = rows.slice(0, limit);
      return {
        items: page.map(present),
        unread,
        nextCursor: rows.length > limit ? encodeCursor(String(page[page.length - 1]!.id)) : null,
      };
    },

    async markRead(actor: Actor, id: string): Promise<NoticesMarkedRead> {
      authorize(actor, 'notice.read');
      if (!(await notices.inScope(actor.scope, id))) throw notFound('notice', id);
      return { marked: await notices.markRead(actor.userId, actor.scope, clock(), id) };
    },

    async markAllRead(actor: Actor): Promise<NoticesMarkedRead> {
      authorize(actor, 'notice.read');
      return { marked: await notices.markRead(actor.userId, actor.scope, clock()) };
    },
  };
}
