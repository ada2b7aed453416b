import type { Kysely } from 'kysely';
import type {
  CheckIn,
  Checklist,
  CreateAdHocTask,
  GeneratePatrolTasks,
  MyTasks,
  MyTasksQuery,
  PatrolGenerationResult,
  PatrolTask,
  PatrolTaskList,
  PatrolTaskListQuery,
  PatrolTaskWriteResult,
  ReassignTask,
  SubmitChecklist,
} from '@safegrid/contracts';
import { GEOFENCE_RADIUS_METRES } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields, type FieldProblem } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { appendAudit } from '../../platform/audit/audit-trail';
import { nodeWithinScope, type ReferenceNamesCache } from '../reference/reference-names';
import { shenzhenToday } from '../jurisdiction/jurisdiction.service';
import type { ChecklistLibrary } from '../../platform/checklists/checklist-library';
import { daysInMonth, type PatrolFrequency } from './patrol-frequency';
import { generatePatrolMonth } from './generate-patrol-month';
import type { LockedPatrolTask, PatrolRepository } from './patrol.repository';
import { presentTask } from './patrol.presenter';
import { haversineMetres, orderRoute } from './route-order';

export interface PatrolDeps {
  db: Kysely<DB>;
  patrols: PatrolRepository;
  reference: ReferenceNamesCache;
  checklists: ChecklistLibrary;
  frequency: PatrolFrequency;
  clock: () => Date;
}

/** A phone's clock may run a little ahead of the server's; more than this is not a real time. */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * Farther than this from the enterprise is a wrong fix (a stale or spoofed position, a phone
 * without GPS), not a visit: refused, where a fix merely outside the geofence is only flagged.
 */
export const IMPLAUSIBLE_DISTANCE_METRES = 100_000;
/** "Null island": what a phone reports when it has no fix at all. */
const NULL_ISLAND_DEGREES = 0.001;
/** A day's, a week's or a month's list; more than this is a planning error, not a route. */
const MY_TASKS_LIMIT = 300;

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The last day (Shenzhen calendar) of the range the inspector asked for. */
export function rangeEnd(range: 'today' | 'week' | 'month', today: string): string {
  if (range === 'today') return today;
  if (range === 'week') {
    // To Sunday: inspectors plan Monday to Sunday.
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    return addDays(today, weekday === 0 ? 0 : 7 - weekday);
  }
  return `${today.slice(0, 7)}-${String(daysInMonth(today.slice(0, 7))).padStart(2, '0')}`;
}

/**
 * Patrol tasks: monthly generation, ad-hoc tasks and reassignment (planners); the inspector's own
 * list in visiting order, GPS check-in and the check-list (inspectors). Writes lock the task row
 * and append their audit entry in the same transaction; offline writes replay by clientId.
 */
export function createPatrolService(deps: PatrolDeps) {
  const { db, patrols, reference, checklists, frequency, clock } = deps;

  async function readScoped(actor: Actor, id: string): Promise<PatrolTask> {
    const row = await patrols.detail(id, { scope: actor.scope });
    if (!row) throw notFound('patrol_task', id);
    return presentTask(row);
  }

  async function readById(id: string, inspectorId: string): Promise<PatrolTask> {
    const row = await patrols.detail(id, { inspectorId });
    if (!row) throw notFound('patrol_task', id);
    return presentTask(row);
  }

  /** The inspector the caller's account stands for; an account without one owns no task. */
  async function ownInspector(actor: Actor, id: string): Promise<string> {
    const inspectorId = await patrols.inspectorOf(actor.userId);
    if (!inspectorId) throw notFound('patrol_task', id);
    return inspectorId;
  }

  /** Locks the caller's own task: another inspector's is as unknown as a missing one. */
  async function ownTask(trx: Kysely<DB>, inspectorId: string, id: string): Promise<LockedPatrolTask> {
    const row = await patrols.forUpdate(trx, id, { inspectorId });
    if (!row) throw notFound('patrol_task', id);
    return row;
  }

  function notInFuture(at: Date, now: Date): void {
    if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      rejectFields([
        { pointer: '/body/at', code: 'patrol.time_in_future', params: { at: at.toISOString() } },
      ]);
    }
  }

  /** A jurisdiction node inside the caller's scope, with its level; unknown or outside: 404. */
  async function nodeFor(actor: Actor, id: string) {
    const node = await nodeWithinScope(reference, actor.scope, id);
    if (!node) throw notFound('jurisdiction', id);
    return { id: node.id, level: node.level };
  }

  return {
    async generate(actor: Actor, body: GeneratePatrolTasks): Promise<PatrolGenerationResult> {
      authorize(actor, 'patrol.plan');
      const node = body.jurisdictionId ? await nodeFor(actor, body.jurisdictionId) : undefined;
      return generatePatrolMonth(
        db,
        { patrols, frequency },
        {
          month: body.month,
          scope: actor.scope,
          node,
          who: auditWho(actor),
          createdBy: actor.userId,
          jurisdictionId: body.jurisdictionId,
          now: clock(),
        },
      );
    },

    async list(actor: Actor, query: PatrolTaskListQuery): Promise<PatrolTaskList> {
      authorize(actor, 'patrol.read');
      const limit = query.limit ?? 50;
      const rows = await patrols.list({ ...query, limit }, actor.scope);
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentTask),
        next: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },

    get(actor: Actor, id: string): Promise<PatrolTask> {
      authorize(actor, 'patrol.read');
      return readScoped(actor, id);
    },

    async createAdHoc(actor: Actor, body: CreateAdHocTask): Promise<PatrolTask> {
      authorize(actor, 'patrol.plan');
      const enterprise = await patrols.enterpriseInScope(body.enterpriseId, actor.scope);
      if (!enterprise) throw notFound('enterprise', body.enterpriseId);
      const now = clock();
      const today = shenzhenToday(now);
      if (body.dueDate < today) {
        rejectFields([{ pointer: '/body/dueDate', code: 'patrol.due_date_past', params: { today } }]);
      }
      const note = body.note?.trim() || null;
      const id = await db.transaction().execute(async (trx) => {
        if (!(await patrols.inCharge(trx, body.inspectorId, enterprise.grid_id, today))) {
          rejectFields([
            {
              pointer: '/body/inspectorId',
              code: 'patrol.inspector_not_in_charge',
              params: { inspectorId: body.inspectorId, gridId: enterprise.grid_id },
            },
          ]);
        }
        const id = await patrols.insert(trx, {
          kind: 'ad_hoc',
          enterprise_id: enterprise.id,
          grid_id: enterprise.grid_id,
          street_id: enterprise.street_id,
          inspector_id: body.inspectorId,
          month: `${body.dueDate.slice(0, 7)}-01`,
          due_date: body.dueDate,
          note,
          created_by: actor.userId,
        });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'patrol.created',
            resourceType: 'patrol_task',
            resourceId: id,
            after: {
              enterpriseId: enterprise.id,
              inspectorId: body.inspectorId,
              dueDate: body.dueDate,
              note,
            },
          },
          now,
        );
        return id;
      });
      return readScoped(actor, id);
    },

    async reassign(actor: Actor, id: string, body: ReassignTask): Promise<PatrolTask> {
      authorize(actor, 'patrol.plan');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await patrols.forUpdate(trx, id, { scope: actor.scope });
        if (!row) throw notFound('patrol_task', id);
        if (row.status !== 'open') throw new AppError('patrol.task_not_open', { status: row.status });
        if (row.version !== body.version)
          throw new AppError('patrol.version_stale', { version: row.version });
        if (!(await patrols.inCharge(trx, body.inspectorId, row.grid_id, shenzhenToday(now)))) {
          rejectFields([
            {
              pointer: '/body/inspectorId',
              code: 'patrol.inspector_not_in_charge',
              params: { inspectorId: body.inspectorId, gridId: row.grid_id },
            },
          ]);
        }
        await patrols.update(trx, id, { inspector_id: body.inspectorId });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'patrol.reassigned',
            resourceType: 'patrol_task',
            resourceId: id,
            before: { inspectorId: row.inspector_id },
            after: { inspectorId: body.inspectorId },
          },
          now,
        );
      });
      return readScoped(actor, id);
    },

    async myTasks(actor: Actor, query: MyTasksQuery): Promise<MyTasks> {
      authorize(actor, 'patrol.conduct');
      const ordering = 'nearest-neighbour + 2-opt (haversine)';
      const lastDay = rangeEnd(query.range ?? 'today', shenzhenToday(clock()));
      const rows = await patrols.openTasksDueBy(actor.userId, lastDay, MY_TASKS_LIMIT);
      const start =
        query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : null;
      const route = orderRoute(
        rows.map((r) => ({ lat: r.enterprise_lat, lon: r.enterprise_lon })),
        start,
      );
      return {
        items: route.order.map((i) => presentTask(rows[i]!)),
        routeMetres: Math.round(route.metres),
        ordering,
      };
    },

    async checkIn(actor: Actor, id: string, body: CheckIn): Promise<PatrolTaskWriteResult> {
      authorize(actor, 'patrol.conduct');
      const inspectorId = await ownInspector(actor, id);
      const now = clock();
      const at = new Date(body.at);
      const replayed = await db.transaction().execute(async (trx) => {
        const row = await ownTask(trx, inspectorId, id);
        if (row.check_in_client_id === body.clientId) return true;
        const holder = await patrols.taskOfCheckIn(trx, body.clientId);
        if (holder !== undefined) throw new AppError('conflict.duplicate', { clientId: body.clientId });
        if (row.check_in_client_id !== null) {
          throw new AppError('patrol.already_checked_in', { at: row.check_in_at?.toISOString() ?? '' });
        }
        if (row.status !== 'open') throw new AppError('patrol.task_not_open', { status: row.status });
        notInFuture(at, now);
        const distance = haversineMetres(
          { lat: body.lat, lon: body.lon },
          { lat: row.enterprise_lat, lon: row.enterprise_lon },
        );
        const nullIsland =
          Math.abs(body.lat) < NULL_ISLAND_DEGREES && Math.abs(body.lon) < NULL_ISLAND_DEGREES;
        if (nullIsland || distance > IMPLAUSIBLE_DISTANCE_METRES) {
          rejectFields([
            {
              pointer: '/body',
              code: 'patrol.location_implausible',
              params: { distanceMetres: Math.round(distance) },
            },
          ]);
        }
        const outsideGeofence = distance > GEOFENCE_RADIUS_METRES;
        const checkIn = {
          check_in_client_id: body.clientId,
          check_in_at: at,
          check_in_lat: body.lat,
          check_in_lon: body.lon,
          check_in_accuracy: body.accuracy ?? null,
          check_in_distance_m: distance,
          outside_geofence: outsideGeofence,
        };
        await patrols.update(trx, id, { status: 'checked_in', ...checkIn });
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'patrol.checked_in',
            resourceType: 'patrol_task',
            resourceId: id,
            before: { status: row.status },
            after: {
              status: 'checked_in',
              clientId: body.clientId,
              at: at.toISOString(),
              lat: body.lat,
              lon: body.lon,
              accuracy: body.accuracy ?? null,
              distanceMetres: Math.round(distance),
              outsideGeofence,
            },
          },
          now,
        );
        return false;
      });
      return { task: await readById(id, inspectorId), replayed };
    },

    async checklist(actor: Actor, id: string): Promise<Checklist> {
      authorize(actor, 'patrol.read');
      const task = await readScoped(actor, id);
      const fields = await patrols.enterpriseFields(db, task.enterprise.id);
      return checklists.forEnterprise(task.enterprise.gongmaoCategory, fields);
    },

    async submitChecklist(actor: Actor, id: string, body: SubmitChecklist): Promise<PatrolTaskWriteResult> {
      authorize(actor, 'patrol.conduct');
      const inspectorId = await ownInspector(actor, id);
      const now = clock();
      const at = new Date(body.at);
      const replayed = await db.transaction().execute(async (trx) => {
        const row = await ownTask(trx, inspectorId, id);
        const existing = await patrols.checklistOf(trx, id);
        if (existing?.client_id === body.clientId) return true;
        if (existing) throw new AppError('patrol.checklist_submitted');
        if ((await patrols.taskOfChecklist(trx, body.clientId)) !== undefined) {
          throw new AppError('conflict.duplicate', { clientId: body.clientId });
        }
        if (row.status === 'open') throw new AppError('patrol.not_checked_in');
        if (row.status !== 'checked_in') throw new AppError('patrol.task_not_open', { status: row.status });
        notInFuture(at, now);
        // The same items the phone was given: the category's and the fields the enterprise works in.
        const fields = await patrols.enterpriseFields(trx, String(row.enterprise_id));
        const template = checklists.forEnterprise(row.enterprise_category, fields);
        rejectIfIncomplete(template, body);
        const failed = body.results.filter((r) => r.outcome === 'fail').map((r) => r.itemId);
        await patrols.insertChecklist(trx, {
          task_id: id,
          client_id: body.clientId,
          template_id: template.templateId,
          template_version: template.version,
          results: JSON.stringify(body.results),
          failed_items: failed,
          submitted_at: at,
          submitted_by: actor.userId,
          received_at: now,
        });
        await patrols.update(trx, id, { status: 'done', completed_at: at });
        const majorHazards = template.items
          .filter((i) => i.majorHazardRef && failed.includes(i.id))
          .map((i) => i.majorHazardRef);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'patrol.checklist_submitted',
            resourceType: 'patrol_task',
            resourceId: id,
            before: { status: row.status },
            after: {
              status: 'done',
              clientId: body.clientId,
              templateId: template.templateId,
              templateVersion: template.version,
              failedItems: failed,
              majorHazardRefs: majorHazards,
              at: at.toISOString(),
            },
          },
          now,
        );
        return false;
      });
      return { task: await readById(id, inspectorId), replayed };
    },
  };
}

/** Every item of the template answered exactly once, nothing else: each problem with its pointer. */
export function rejectIfIncomplete(template: Checklist, body: SubmitChecklist): void {
  const known = new Set(template.items.map((i) => i.id));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  body.results.forEach((r, i) => {
    if (!known.has(r.itemId)) {
      problems.push({
        pointer: `/body/results/${i}/itemId`,
        code: 'patrol.checklist_item_unknown',
        params: { itemId: r.itemId },
      });
    } else if (seen.has(r.itemId)) {
      problems.push({
        pointer: `/body/results/${i}/itemId`,
        code: 'patrol.checklist_item_duplicate',
        params: { itemId: r.itemId },
      });
    }
    seen.add(r.itemId);
  });
  for (const item of template.items) {
    if (!seen.has(item.id)) {
      problems.push({
        pointer: '/body/results',
        code: 'patrol.checklist_incomplete',
        params: { itemId: item.id },
      });
    }
  }
  if (problems.length > 0) rejectFields(problems);
}

export type PatrolService = ReturnType<typeof createPatrolService>;
