import { Type, type Static } from 'typebox';
import { GRADES } from './values';

/**
 * Notices (通知): what a user should hear about without looking for it — for now, an enterprise's
 * risk grade changing. Each user sees the notices of the places in their scope and reads them
 * for themselves.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const Grade = Type.Enum(GRADES);

export const Notice = Type.Object({
  id: Id,
  kind: Type.Literal('grade_changed'),
  at: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
  enterpriseId: Id,
  enterpriseName: Type.String(),
  previousGrade: Grade,
  grade: Grade,
  score: Type.Integer(),
  /** What moved the grade: an input change, the daily batch, a model activation. */
  reason: Type.String(),
});
export type Notice = Static<typeof Notice>;

export const NoticeListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type NoticeListQuery = Static<typeof NoticeListQuery>;

export const NoticeList = Type.Object({
  items: Type.Array(Notice),
  /** Unread notices of the last 30 days in the caller's scope. */
  unread: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type NoticeList = Static<typeof NoticeList>;

export const NoticesMarkedRead = Type.Object({ marked: Type.Integer() });
export type NoticesMarkedRead = Static<typeof NoticesMarkedRead>;
