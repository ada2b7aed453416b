import { Type, type Static } from 'typebox';
import {
  DISPATCH_EVENTS,
  DISPATCH_LIMITS,
  DISPATCH_SOURCES,
  DISPATCH_STATUSES,
  DISPATCH_URGENCIES,
  TIP_CODE_LENGTH,
  TIP_LIMITS,
} from './values';

/**
 * Dispatch events (分拨) and public tips (群众举报). An event lands at the street, is triaged
 * (立案 or 不予立案), dispatched to a department or team or handled by its finder (巡办结合), fed
 * back, verified and closed, then evaluated; every step is kept in its timeline. A tip from the
 * public becomes an event of the grid whose boundary holds its point; the reporter follows it by
 * a tracking code that shows the status and nothing else.
 */

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DispatchStatus = Type.Enum(DISPATCH_STATUSES);
export type DispatchStatus = Static<typeof DispatchStatus>;
export const DispatchSource = Type.Enum(DISPATCH_SOURCES);
export type DispatchSource = Static<typeof DispatchSource>;
export const DispatchUrgency = Type.Enum(DISPATCH_URGENCIES);
export type DispatchUrgency = Static<typeof DispatchUrgency>;
export const DispatchEventName = Type.Enum(DISPATCH_EVENTS);
export type DispatchEventName = Static<typeof DispatchEventName>;

/** An event reported by a signed-in user: a patrol's finding or a superior's instruction (上级交办). */
export const ReportDispatchEvent = Type.Object(
  {
    source: Type.Union([Type.Literal('patrol'), Type.Literal('superior')]),
    gridId: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: 1, maxLength: DISPATCH_LIMITS.description }),
    urgency: Type.Optional(DispatchUrgency),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);
export type ReportDispatchEvent = Static<typeof ReportDispatchEvent>;

export const TakeDispatchStep = Type.Object(
  {
    event: DispatchEventName,
    /** The event's version the caller saw (optimistic concurrency). */
    version: Type.Integer({ minimum: 1 }),
    /** Reason (不予立案, return), result (feedback) or comment (evaluation). */
    note: Type.Optional(Type.String({ minLength: 1, maxLength: DISPATCH_LIMITS.note })),
    /** A department or team id of data/grid/dispatch-departments.json (dispatch only). */
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  },
  { additionalProperties: false },
);
export type TakeDispatchStep = Static<typeof TakeDispatchStep>;

export const DispatchDepartment = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
});
export type DispatchDepartment = Static<typeof DispatchDepartment>;

export const DispatchStep = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  event: Type.String(),
  fromStatus: Nullable(DispatchStatus),
  toStatus: DispatchStatus,
  note: Nullable(Type.String()),
  department: Nullable(DispatchDepartment),
  rating: Nullable(Type.Integer()),
  actor: Nullable(Type.String()),
  at: DateTime,
  /** The deadline this step set for the next one (null when the event rests). */
  dueAt: Nullable(DateTime),
});
export type DispatchStep = Static<typeof DispatchStep>;

export const DispatchSupervision = Type.Object({
  id: Type.String(),
  stepSeq: Type.Integer(),
  status: DispatchStatus,
  dueAt: DateTime,
  raisedAt: DateTime,
  resolvedAt: Nullable(DateTime),
});
export type DispatchSupervision = Static<typeof DispatchSupervision>;

const DispatchPlace = Type.Object({
  gridId: Type.String(),
  gridName: Type.String(),
  communityId: Type.String(),
  streetId: Type.String(),
  streetName: Type.String(),
  districtId: Type.String(),
});

export const DispatchEventSummary = Type.Object({
  id: Type.String(),
  source: DispatchSource,
  status: DispatchStatus,
  urgency: DispatchUrgency,
  description: Type.String(),
  place: DispatchPlace,
  department: Nullable(DispatchDepartment),
  stepDueAt: Nullable(DateTime),
  slaDueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  createdAt: DateTime,
});
export type DispatchEventSummary = Static<typeof DispatchEventSummary>;

export const DispatchEventDetail = Type.Intersect([
  DispatchEventSummary,
  Type.Object({
    location: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
    finder: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
    filedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
    rating: Nullable(Type.Integer()),
    /** Photos the public sent with a tip: GET …/events/:id/tip-photos/1…photoCount. */
    photoCount: Type.Integer(),
    timeline: Type.Array(DispatchStep),
    supervision: Type.Array(DispatchSupervision),
    /** The steps the caller may take now. */
    allowedEvents: Type.Array(DispatchEventName),
    version: Type.Integer(),
  }),
]);
export type DispatchEventDetail = Static<typeof DispatchEventDetail>;

export const DispatchListQuery = Type.Object(
  {
    status: Type.Optional(DispatchStatus),
    source: Type.Optional(DispatchSource),
    /** Only events whose current step is past its deadline. */
    overdue: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type DispatchListQuery = Static<typeof DispatchListQuery>;

export const DispatchEventList = Type.Object({
  items: Type.Array(DispatchEventSummary),
  nextCursor: Nullable(Type.String()),
});
export type DispatchEventList = Static<typeof DispatchEventList>;

/**
 * A public tip sent as JSON (no photos) or as multipart/form-data with the same fields and up to
 * TIP_LIMITS.photos parts named `photo`.
 */
export const SubmitTip = Type.Object(
  {
    /** A UUID the client makes once per tip: a retried submission returns the same tracking code. */
    clientId: Type.String({ format: 'uuid' }),
    description: Type.String({ minLength: 1, maxLength: TIP_LIMITS.description }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    contactPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  },
  { additionalProperties: false },
);
export type SubmitTip = Static<typeof SubmitTip>;

export const TipReceipt = Type.Object({ trackingCode: Type.String() });
export type TipReceipt = Static<typeof TipReceipt>;

export const TrackingCodeParams = Type.Object({
  trackingCode: Type.String({ pattern: `^[A-Za-z0-9]{${TIP_CODE_LENGTH}}$` }),
});
export type TrackingCodeParams = Static<typeof TrackingCodeParams>;

/** What the public sees of its tip: the status and when each step happened, nothing more. */
export const TipStatus = Type.Object({
  trackingCode: Type.String(),
  status: DispatchStatus,
  submittedAt: DateTime,
  timeline: Type.Array(Type.Object({ status: DispatchStatus, at: DateTime })),
});
export type TipStatus = Static<typeof TipStatus>;

export const TipPhotoParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
  seq: Type.Integer({ minimum: 1, maximum: TIP_LIMITS.photos }),
});
