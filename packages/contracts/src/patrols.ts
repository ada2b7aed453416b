import { Type, type Static } from 'typebox';
import { ClientId } from './hazards';
import { ProvisionRef } from './regulations';
import { CHECKLIST_OUTCOMES, GONGMAO_CATEGORIES, PATROL_TASK_KINDS, PATROL_TASK_STATUSES } from './values';

/**
 * Patrol tasks (巡查任务): generated each month from every enterprise's patrol frequency and
 * shared out among its grid's inspectors; walked with a GPS check-in and a check-list. Writes a
 * phone may queue offline carry a `clientId` and are idempotent, like the hazard writes.
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const PatrolTaskStatus = Type.Enum(PATROL_TASK_STATUSES);
export const PatrolTaskKind = Type.Enum(PATROL_TASK_KINDS);
export const ChecklistOutcome = Type.Enum(CHECKLIST_OUTCOMES);

export const GeneratePatrolTasks = Type.Object(
  {
    month: Month,
    /** Limit to one jurisdiction node in the caller's scope; the whole scope when absent. */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type GeneratePatrolTasks = Static<typeof GeneratePatrolTasks>;

export const PatrolGenerationResult = Type.Object({
  month: Month,
  created: Type.Integer(),
  /** Tasks that already existed for the month (generation is idempotent). */
  existing: Type.Integer(),
  /** Enterprises due whose grid has no inspector in charge: listed so a supervisor can act. */
  unassigned: Type.Integer(),
});
export type PatrolGenerationResult = Static<typeof PatrolGenerationResult>;

export const CreateAdHocTask = Type.Object(
  {
    enterpriseId: Id,
    inspectorId: Id,
    dueDate: DateOnly,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type CreateAdHocTask = Static<typeof CreateAdHocTask>;

export const ReassignTask = Type.Object(
  { inspectorId: Id, version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type ReassignTask = Static<typeof ReassignTask>;

export const CheckIn = Type.Object(
  {
    clientId: ClientId,
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    /** The device's stated accuracy (metres). */
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
    at: DateTime,
  },
  { additionalProperties: false },
);
export type CheckIn = Static<typeof CheckIn>;

export const ChecklistResult = Type.Object(
  {
    itemId: Type.String({ minLength: 1, maxLength: 80 }),
    outcome: ChecklistOutcome,
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const SubmitChecklist = Type.Object(
  {
    clientId: ClientId,
    results: Type.Array(ChecklistResult, { minItems: 1, maxItems: 200 }),
    at: DateTime,
  },
  { additionalProperties: false },
);
export type SubmitChecklist = Static<typeof SubmitChecklist>;

export const ChecklistItem = Type.Object({
  id: Type.String(),
  /** Question shown to the inspector, in both languages. */
  text: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  /** An item of 令第10号: a failure is a major hazard with this ref. */
  majorHazardRef: Nullable(ProvisionRef),
  /** Provisions the item checks, for the inspector's reference. */
  provisionRefs: Type.Array(ProvisionRef),
});
export type ChecklistItem = Static<typeof ChecklistItem>;

export const Checklist = Type.Object({
  templateId: Type.String(),
  version: Type.String(),
  category: Type.Enum(GONGMAO_CATEGORIES),
  items: Type.Array(ChecklistItem),
});
export type Checklist = Static<typeof Checklist>;

export const PatrolTask = Type.Object({
  id: Type.String(),
  kind: PatrolTaskKind,
  status: PatrolTaskStatus,
  enterprise: Type.Object({
    id: Type.String(),
    name: Type.String(),
    address: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    gongmaoCategory: Type.Enum(GONGMAO_CATEGORIES),
  }),
  gridId: Type.String(),
  inspector: Type.Object({ id: Type.String(), name: Type.String() }),
  month: Month,
  dueDate: DateOnly,
  note: Nullable(Type.String()),
  checkIn: Nullable(
    Type.Object({
      at: DateTime,
      lat: Type.Number(),
      lon: Type.Number(),
      distanceMetres: Type.Number(),
      /** Beyond the geofence radius from the enterprise's registered location. */
      outsideGeofence: Type.Boolean(),
    }),
  ),
  completedAt: Nullable(DateTime),
  /** Failed items of the submitted check-list (each may have become a hazard). */
  failedItems: Type.Array(Type.String()),
  version: Type.Integer(),
});
export type PatrolTask = Static<typeof PatrolTask>;

export const PatrolTaskWriteResult = Type.Object({ task: PatrolTask, replayed: Type.Boolean() });
export type PatrolTaskWriteResult = Static<typeof PatrolTaskWriteResult>;

export const MyTasksQuery = Type.Object(
  {
    range: Type.Optional(Type.Enum(['today', 'week', 'month'] as const, { default: 'today' })),
    /** Where the inspector stands: the visiting order starts here (else at the first task). */
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
);
export type MyTasksQuery = Static<typeof MyTasksQuery>;

/** The caller's open tasks due in the range, in visiting order, with the route's length. */
export const MyTasks = Type.Object({
  items: Type.Array(PatrolTask),
  routeMetres: Type.Number(),
  /** How the order was found (nearest-neighbour, improved by 2-opt). */
  ordering: Type.String(),
});
export type MyTasks = Static<typeof MyTasks>;

export const PatrolTaskListQuery = Type.Object(
  {
    month: Type.Optional(Month),
    gridId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    inspectorId: Type.Optional(Id),
    status: Type.Optional(PatrolTaskStatus),
    after: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type PatrolTaskListQuery = Static<typeof PatrolTaskListQuery>;

export const PatrolTaskList = Type.Object({ items: Type.Array(PatrolTask), next: Nullable(Type.String()) });
export type PatrolTaskList = Static<typeof PatrolTaskList>;
