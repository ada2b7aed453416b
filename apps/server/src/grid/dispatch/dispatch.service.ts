import type { Kysely } from 'kysely';
import type {
  DispatchEventDetail,
  DispatchEventList,
  DispatchListQuery,
  ReportDispatchEvent,
  TakeDispatchStep,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError, notFound, rejectFields } from '../../errors';
import { auditWho, type Actor } from '../../platform/auth/actor';
import { authorize } from '../../platform/auth/policy';
import { nodeInScope } from '../../platform/auth/scope';
import { appendAudit } from '../../platform/audit/audit-trail';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import type { DispatchData } from './dispatch-data';
import { allowedEvents, decide, stepDeadline, type DispatchRefusal } from './dispatch-machine';
import type { DispatchRepository } from './dispatch.repository';
import { presentEvent, presentSummary } from './dispatch.presenter';

export interface DispatchDeps {
  db: Kysely<DB>;
  events: DispatchRepository;
  data: DispatchData;
  clock: () => Date;
}

/**
 * 巡办结合 is for what an inspector found on patrol: a superior's instruction has an officer who
 * entered it, not a finder on the spot, and a tip or alarm has nobody.
 */
const findsAndHandles = (row: { source: string; finder_id: string | null }) =>
  row.source === 'patrol' && row.finder_id !== null;

/** Where in the request a refusal of the machine points, for the form to mark the field. */
const REFUSAL_POINTER: Partial<Record<DispatchRefusal, string>> = {
  'dispatch.note_required': '/body/note',
  'dispatch.department_required': '/body/department',
  'dispatch.department_unknown': '/body/department',
  'dispatch.rating_required': '/body/rating',
};

/**
 * Dispatch events: report, list, read with the timeline, and take a step. Every step locks the
 * event row, asks the machine, appends the timeline step, resolves open 督办 items and writes the
 * audit entry in one transaction.
 */
export function createDispatchService(deps: DispatchDeps) {
  const { db, events, data, clock } = deps;

  async function read(actor: Actor, id: string): Promise<DispatchEventDetail> {
    const rows = await events.detail(id, actor.scope);
    if (!rows) throw notFound('dispatch_event', id);
    const { head } = rows;
    const allowed = allowedEvents(
      {
        status: head.status,
        urgency: head.urgency,
        slaDueAt: head.sla_due_at,
        hasFinder: findsAndHandles(head),
      },
      actor.role,
    );
    return presentEvent(rows, data, clock(), allowed);
  }

  return {
    get(actor: Actor, id: string): Promise<DispatchEventDetail> {
      authorize(actor, 'dispatch.read');
      return read(actor, id);
    },

    /** A public tip's photo (numbered 1…photoCount), for the staff who triage the event. */
    async tipPhoto(actor: Actor, id: string, seq: number) {
      authorize(actor, 'dispatch.read');
      const photo = await events.tipPhoto(id, seq, actor.scope);
      if (!photo) throw notFound('tip_photo', `${id}/${seq}`);
      return photo;
    },

    async list(actor: Actor, query: DispatchListQuery): Promise<DispatchEventList> {
      authorize(actor, 'dispatch.read');
      const limit = query.limit ?? 50;
      const now = clock();
      const rows = await events.list(
        {
          status: query.status,
          source: query.source,
          overdue: query.overdue,
          beforeId: query.cursor ? decodeCursor(query.cursor) : undefined,
          limit: limit + 1,
          now,
        },
        actor.scope,
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => presentSummary(row, data, now)),
        nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
      };
    },

    async report(actor: Actor, body: ReportDispatchEvent): Promise<DispatchEventDetail> {
      authorize(actor, 'dispatch.report');
      // A superior's instruction comes from above the street; whoever is on patrol reports a patrol's.
      if (
        body.source === 'superior' &&
        !['city_admin', 'district_officer', 'street_officer'].includes(actor.role)
      ) {
        throw new AppError('dispatch.step_forbidden');
      }
      if ((body.lat === undefined) !== (body.lon === undefined)) {
        rejectFields([
          { pointer: body.lat === undefined ? '/body/lat' : '/body/lon', code: 'dispatch.location_partial' },
        ]);
      }
      const description = body.description.trim();
      if (description === '')
        rejectFields([{ pointer: '/body/description', code: 'dispatch.description_blank' }]);
      const chain = await events.gridChain(db, body.gridId);
      if (!chain) {
        rejectFields([
          { pointer: '/body/gridId', code: 'dispatch.grid_unknown', params: { gridId: body.gridId } },
        ]);
      }
      const place = [chain.grid_id, chain.community_id, chain.street_id, chain.district_id];
      if (!nodeInScope(actor.scope, place)) throw notFound('grid', body.gridId);
      const now = clock();
      const urgency = body.urgency ?? 'normal';
      const id = await db.transaction().execute(async (trx) => {
        const stepDueAt = stepDeadline('received', urgency, data.sla, now);
        const id = await events.insertEvent(
          trx,
          {
            source: body.source,
            urgency,
            description,
            lat: body.lat ?? null,
            lon: body.lon ?? null,
            ...chain,
            finder_id: actor.userId,
            step_due_at: stepDueAt,
            created_at: now,
          },
          { actorId: actor.userId, actorName: actor.displayName },
        );
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: 'dispatch.reported',
            resourceType: 'dispatch_event',
            resourceId: id,
            after: { source: body.source, urgency, gridId: chain.grid_id, description },
          },
          now,
        );
        return id;
      });
      return read(actor, id);
    },

    async step(actor: Actor, id: string, body: TakeDispatchStep): Promise<DispatchEventDetail> {
      authorize(actor, 'dispatch.handle');
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const row = await events.forUpdate(trx, id, actor.scope);
        if (!row) throw notFound('dispatch_event', id);
        const note = body.note?.trim() || undefined;
        const decision = decide(
          {
            status: row.status,
            urgency: row.urgency,
            slaDueAt: row.sla_due_at,
            hasFinder: findsAndHandles(row),
          },
          { event: body.event, note, department: body.department, rating: body.rating },
          { now, role: actor.role, sla: data.sla, departments: data.departmentIds },
        );
        // The role and the status are checked before the version: a stale form for a step the
        // caller may never take should say so, not ask for a reload.
        if (
          !decision.ok &&
          ['dispatch.step_forbidden', 'dispatch.invalid_transition'].includes(decision.refusal)
        ) {
          throw new AppError(decision.refusal, { event: body.event, status: row.status });
        }
        if (row.version !== body.version)
          throw new AppError('dispatch.version_stale', { version: row.version });
        if (!decision.ok) {
          rejectFields([
            {
              pointer: REFUSAL_POINTER[decision.refusal] ?? '/body',
              code: decision.refusal,
              params: { event: body.event },
            },
          ]);
        }
        const seq = (await events.lastStepSeq(trx, id)) + 1;
        const department = body.event === 'dispatch' ? body.department! : null;
        const rating = body.event === 'evaluate' ? body.rating! : null;
        await events.insertStep(trx, {
          event_id: id,
          seq,
          event: body.event,
          from_status: row.status,
          to_status: decision.to,
          note: note ?? null,
          department,
          rating,
          actor_id: actor.userId,
          actor_name: actor.displayName,
          at: now,
          due_at: decision.stepDueAt,
        });
        await events.update(trx, id, {
          status: decision.to,
          step_seq: seq,
          step_due_at: decision.stepDueAt,
          sla_due_at: decision.slaDueAt,
          ...(decision.filedAt && { filed_at: decision.filedAt }),
          ...(department && { department }),
          ...(decision.to === 'closed' && { closed_at: now }),
          ...(rating !== null && { rating }),
        });
        await events.resolveSupervision(trx, id, now);
        await appendAudit(
          trx,
          auditWho(actor),
          {
            action: `dispatch.${body.event}`,
            resourceType: 'dispatch_event',
            resourceId: id,
            before: { status: row.status, version: row.version },
            after: {
              status: decision.to,
              seq,
              note: note ?? null,
              department,
              rating,
              stepDueAt: decision.stepDueAt?.toISOString() ?? null,
            },
          },
          now,
        );
      });
      return read(actor, id);
    },
  };
}

export type DispatchService = ReturnType<typeof createDispatchService>;
