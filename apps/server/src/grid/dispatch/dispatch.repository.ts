import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type {
  DispatchEventTable,
  DispatchStatusColumn,
  DispatchStepTable,
  DB,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { placeInScope } from '../../platform/auth/scope';

const EVENT_PLACE = {
  district: 'e.district_id',
  street: 'e.street_id',
  community: 'e.community_id',
  grid: 'e.grid_id',
};

/** Statuses in which an event waits on someone: the only ones that can be overdue. */
export const OPEN_STATUSES: readonly DispatchStatusColumn[] = [
  'received',
  'filed',
  'dispatched',
  'handling',
  'handled',
];

export interface DispatchListFilter {
  status?: DispatchStatusColumn;
  source?: DispatchEventTable['source'];
  overdue?: boolean;
  /** Keyset: only events with a smaller id (newest first). */
  beforeId?: string;
  limit: number;
  now: Date;
}

/** All SQL of dispatch events. Every read and every locked write is scoped by the event's place. */
export function createDispatchRepository(db: Kysely<DB>) {
  return {
    /** A grid with its community, street and district, or undefined when the id is no grid. */
    async gridChain(executor: Kysely<DB>, gridId: string) {
      return executor
        .selectFrom('jurisdiction as g')
        .innerJoin('jurisdiction as c', 'c.id', 'g.parent_id')
        .innerJoin('jurisdiction as s', 's.id', 'c.parent_id')
        .innerJoin('jurisdiction as d', 'd.id', 's.parent_id')
        .select(['g.id as grid_id', 'c.id as community_id', 's.id as street_id', 'd.id as district_id'])
        .where('g.id', '=', gridId)
        .where('g.level', '=', 'grid')
        .executeTakeFirst();
    },

    /** Inserts the event and its first timeline step (seq 1, `report`) together. */
    async insertEvent(
      trx: Kysely<DB>,
      row: Insertable<DispatchEventTable>,
      first: { actorId: string | null; actorName: string },
    ): Promise<string> {
      const { id } = await trx
        .insertInto('dispatch_event')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('dispatch_step')
        .values({
          event_id: id,
          seq: 1,
          event: 'report',
          from_status: null,
          to_status: 'received',
          note: null,
          department: null,
          rating: null,
          actor_id: first.actorId,
          actor_name: first.actorName,
          at: row.created_at,
          due_at: row.step_due_at ?? null,
        })
        .execute();
      return id;
    },

    /** The event (if in scope), its row locked until the transaction ends. */
    async forUpdate(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('dispatch_event as e')
        .selectAll('e')
        .where('e.id', '=', id)
        .where(placeInScope(scope, EVENT_PLACE))
        .forUpdate()
        .executeTakeFirst();
    },

    async lastStepSeq(trx: Kysely<DB>, id: string): Promise<number> {
      const row = await trx
        .selectFrom('dispatch_step')
        .select(sql<number>`coalesce(max(seq), 0)::int`.as('seq'))
        .where('event_id', '=', id)
        .executeTakeFirstOrThrow();
      return row.seq;
    },

    async insertStep(trx: Kysely<DB>, row: Insertable<DispatchStepTable>): Promise<void> {
      await trx.insertInto('dispatch_step').values(row).execute();
    },

    /** Applies a step's changes and moves the version on (the row is locked by the caller). */
    async update(trx: Kysely<DB>, id: string, set: Updateable<DispatchEventTable>): Promise<void> {
      await trx
        .updateTable('dispatch_event')
        .set({ ...set, version: sql<number>`version + 1` })
        .where('id', '=', id)
        .execute();
    },

    /** Moving on answers the 督办: every open item of the event is resolved. */
    async resolveSupervision(trx: Kysely<DB>, eventId: string, at: Date): Promise<void> {
      await trx
        .updateTable('dispatch_supervision')
        .set({ resolved_at: at })
        .where('event_id', '=', eventId)
        .where('resolved_at', 'is', null)
        .execute();
    },

    /** A photo the public sent with the event's tip, if the event lies in the scope. */
    tipPhoto(eventId: string, seq: number, scope: JurisdictionScope) {
      return db
        .selectFrom('dispatch_event as e')
        .innerJoin('public_tip as t', 't.event_id', 'e.id')
        .innerJoin('tip_photo as p', 'p.tip_id', 't.id')
        .select(['p.media_type', 'p.sha256', 'p.content'])
        .where('e.id', '=', eventId)
        .where('p.seq', '=', seq)
        .where(placeInScope(scope, EVENT_PLACE))
        .executeTakeFirst();
    },

    /** The event with its timeline and 督办 items, if it lies in the scope. */
    async detail(id: string, scope: JurisdictionScope) {
      const head = await db
        .selectFrom('dispatch_event as e')
        .innerJoin('jurisdiction as g', 'g.id', 'e.grid_id')
        .innerJoin('jurisdiction as s', 's.id', 'e.street_id')
        .leftJoin('app_user as f', 'f.id', 'e.finder_id')
        .selectAll('e')
        .select([
          'g.name as grid_name',
          's.name as street_name',
          'f.display_name as finder_name',
          (eb) =>
            eb
              .selectFrom('public_tip as t')
              .innerJoin('tip_photo as p', 'p.tip_id', 't.id')
              .select(sql<number>`count(*)::int`.as('n'))
              .whereRef('t.event_id', '=', 'e.id')
              .as('photo_count'),
        ])
        .where('e.id', '=', id)
        .where(placeInScope(scope, EVENT_PLACE))
        .executeTakeFirst();
      if (!head) return undefined;
      const steps = await db
        .selectFrom('dispatch_step')
        .selectAll()
        .where('event_id', '=', id)
        .orderBy('seq')
        .execute();
      const supervision = await db
        .selectFrom('dispatch_supervision')
        .selectAll()
        .where('event_id', '=', id)
        .orderBy('id')
        .execute();
      return { head, steps, supervision };
    },

    list(filter: DispatchListFilter, scope: JurisdictionScope) {
      let query = db
        .selectFrom('dispatch_event as e')
        .innerJoin('jurisdiction as g', 'g.id', 'e.grid_id')
        .innerJoin('jurisdiction as s', 's.id', 'e.street_id')
        .select([
          'e.id',
          'e.source',
          'e.status',
          'e.urgency',
          'e.description',
          'e.grid_id',
          'e.community_id',
          'e.street_id',
          'e.district_id',
          'e.department',
          'e.step_due_at',
          'e.sla_due_at',
          'e.created_at',
          'g.name as grid_name',
          's.name as street_name',
        ])
        .where(placeInScope(scope, EVENT_PLACE));
      if (filter.status) query = query.where('e.status', '=', filter.status);
      if (filter.source) query = query.where('e.source', '=', filter.source);
      if (filter.overdue !== undefined) {
        const overdue = sql<boolean>`(e.step_due_at IS NOT NULL AND e.step_due_at < ${filter.now}::timestamptz AND e.status IN (${sql.join(OPEN_STATUSES)}))`;
        query = query.where(filter.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
      }
      if (filter.beforeId) query = query.where('e.id', '<', filter.beforeId);
      return query.orderBy('e.id', 'desc').limit(filter.limit).execute();
    },

    /**
     * Raises one 督办 item for every open event whose current step is past its deadline, in one
     * statement: the (event, step) key makes a second run, or a second process, raise nothing new.
     */
    async raiseOverdue(trx: Kysely<DB>, now: Date) {
      const result = await sql<{
        id: string;
        event_id: string;
        step_seq: number;
        status: string;
        due_at: Date;
      }>`
        INSERT INTO dispatch_supervision (event_id, step_seq, status, due_at, raised_at)
        SELECT e.id, e.step_seq, e.status, e.step_due_at, ${now}::timestamptz
          FROM dispatch_event e
         WHERE e.step_due_at IS NOT NULL
           AND e.step_due_at < ${now}::timestamptz
           AND e.status IN (${sql.join(OPEN_STATUSES)})
           -- An event being stepped right now is left for the next sweep: read unlocked, its old
           -- step could get an item just after the step resolved the open ones.
           FOR UPDATE OF e SKIP LOCKED
        ON CONFLICT (event_id, step_seq) DO NOTHING
        RETURNING id, event_id, step_seq, status, due_at`.execute(trx);
      return result.rows;
    },
  };
}

export type DispatchRepository = ReturnType<typeof createDispatchRepository>;
export type DispatchDetailRows = NonNullable<Awaited<ReturnType<DispatchRepository['detail']>>>;
export type DispatchListRow = Awaited<ReturnType<DispatchRepository['list']>>[number];
