import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { HazardLevel, HazardStatus } from '@safegrid/contracts';
import type {
  DB,
  HazardEvidenceFileTable,
  HazardPhotoTable,
  HazardTable,
  HazardTransitionTable,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope, placeInScope, type PlaceColumns } from '../../platform/auth/scope';

export interface HazardListFilter {
  status?: HazardStatus;
  level?: HazardLevel;
  gridId?: string;
  enterpriseId?: string;
  overdue?: boolean;
  /** Keyset: only ids below this one. */
  after?: string;
  limit: number;
  /** Asia/Shanghai calendar date: what "overdue" is measured against. */
  today: string;
}

const PHOTO_META = [
  'p.id',
  'p.stage',
  'p.round',
  'p.media_type',
  'p.size_bytes',
  'p.sha256',
  'p.captured_at',
  'p.received_at',
  'p.client_id',
  'p.hazard_id',
  'u.display_name as uploaded_by_name',
] as const;

/**
 * "This hazard lies in the scope", on the jurisdiction columns the hazard carries (copied from its
 * enterprise at the report): the same rule as `enterpriseInScope`, but each part is one indexed
 * equality on the hazard itself, so a grid's or a street's newest page is a short backward index
 * scan instead of a walk of every hazard joined to its enterprise (measured on 120,000
 * enterprises and 360,000 hazards: a street's overdue list went from seconds to milliseconds).
 * A hazard stays with the grid that found it if the enterprise is later re-gridded.
 */
const HAZARD_PLACE: PlaceColumns = {
  district: 'h.district_id',
  street: 'h.street_id',
  community: 'h.community_id',
  grid: 'h.grid_id',
  enterprise: 'h.enterprise_id',
};

/**
 * All SQL of hazards. Every lookup is scoped (`HAZARD_PLACE`), so a hazard outside the caller's
 * jurisdiction is never read: its id answers 404.
 */
export function createHazardRepository(db: Kysely<DB>) {
  const photoMeta = (executor: Kysely<DB>) =>
    executor
      .selectFrom('hazard_photo as p')
      .innerJoin('app_user as u', 'u.id', 'p.uploaded_by')
      .select(PHOTO_META);

  return {
    /** The enterprise (with its place in the jurisdiction tree) if it lies in the scope. */
    async enterpriseInScope(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('enterprise')
        .select(['id', 'name', 'grid_id', 'community_id', 'street_id', 'district_id'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    async patrolTaskEnterprise(id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('patrol_task')
        .select('enterprise_id')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.enterprise_id;
    },

    /** A hazard by the clientId of its report, with the deadline it was reported with (for replays). */
    async byClientId(executor: Kysely<DB>, clientId: string) {
      return executor
        .selectFrom('hazard as h')
        .innerJoin('hazard_transition as t', (join) =>
          join.onRef('t.hazard_id', '=', 'h.id').on('t.seq', '=', 1),
        )
        .select([
          'h.id',
          'h.enterprise_id',
          'h.description',
          'h.source',
          'h.major_hazard_ref',
          'h.patrol_task_id',
          'h.checklist_item_id',
          'h.found_at',
          'h.lat',
          'h.lon',
          'h.reported_by',
          't.deadline as reported_deadline',
        ])
        .where('h.client_id', '=', clientId)
        .executeTakeFirst();
    },

    /** Inserts unless the clientId exists already (a concurrent replay): then undefined. */
    async insert(trx: Kysely<DB>, row: Insertable<HazardTable>): Promise<string | undefined> {
      const inserted = await trx
        .insertInto('hazard')
        .values(row)
        .onConflict((oc) => oc.column('client_id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted?.id;
    },

    /** The hazard (if in scope), its row locked until the transaction ends. */
    async forUpdate(trx: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return trx
        .selectFrom('hazard as h')
        .selectAll('h')
        .where('h.id', '=', id)
        .where(placeInScope(scope, HAZARD_PLACE))
        .forUpdate('h')
        .executeTakeFirst();
    },

    /** Photos of the round per stage (the row lock keeps them from moving while we decide). */
    async photoCounts(trx: Kysely<DB>, hazardId: string, round: number) {
      const rows = await trx
        .selectFrom('hazard_photo')
        .select(['stage', sql<number>`count(*)::int`.as('n')])
        .where('hazard_id', '=', hazardId)
        .where('round', '=', round)
        .groupBy('stage')
        .execute();
      const count = (stage: string) => rows.find((r) => r.stage === stage)?.n ?? 0;
      return {
        report: count('report'),
        rectification: count('rectification'),
        verification: count('verification'),
      };
    },

    async transitionByClientId(trx: Kysely<DB>, clientId: string) {
      return trx
        .selectFrom('hazard_transition')
        .select(['hazard_id', 'event', 'seq'])
        .where('client_id', '=', clientId)
        .executeTakeFirst();
    },

    async nextSeq(trx: Kysely<DB>, hazardId: string): Promise<number> {
      const row = await trx
        .selectFrom('hazard_transition')
        .select(sql<number>`coalesce(max(seq), 0)::int + 1`.as('next'))
        .where('hazard_id', '=', hazardId)
        .executeTakeFirstOrThrow();
      return row.next;
    },

    async insertTransition(trx: Kysely<DB>, row: Insertable<HazardTransitionTable>): Promise<void> {
      await trx.insertInto('hazard_transition').values(row).execute();
    },

    /** Writes the decided state and moves the version on (the row is locked by the caller). */
    async update(trx: Kysely<DB>, id: string, set: Updateable<HazardTable>): Promise<void> {
      await trx
        .updateTable('hazard')
        .set({ ...set, version: sql<number>`version + 1` })
        .where('id', '=', id)
        .execute();
    },

    async insertReferral(trx: Kysely<DB>, hazardId: string, reason: string, at: Date): Promise<void> {
      await trx
        .insertInto('enforcement_referral')
        .values({ hazard_id: hazardId, reason, created_at: at })
        .onConflict((oc) => oc.column('hazard_id').doNothing())
        .execute();
    },

    async photoByClientId(executor: Kysely<DB>, clientId: string) {
      return photoMeta(executor).where('p.client_id', '=', clientId).executeTakeFirst();
    },

    async insertPhoto(trx: Kysely<DB>, row: Insertable<HazardPhotoTable>): Promise<string> {
      const { id } = await trx
        .insertInto('hazard_photo')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** The hazard with its enterprise, photos (without bytes) and transitions, if in scope. */
    async detail(id: string, scope: JurisdictionScope) {
      const head = await db
        .selectFrom('hazard as h')
        .innerJoin('enterprise', 'enterprise.id', 'h.enterprise_id')
        .innerJoin('app_user as reporter', 'reporter.id', 'h.reported_by')
        .selectAll('h')
        .select([
          'enterprise.name as enterprise_name',
          'enterprise.address as enterprise_address',
          'reporter.display_name as reporter_name',
        ])
        .where('h.id', '=', id)
        .where(placeInScope(scope, HAZARD_PLACE))
        .executeTakeFirst();
      if (!head) return undefined;
      const photos = await photoMeta(db).where('p.hazard_id', '=', id).orderBy('p.id').execute();
      const transitions = await db
        .selectFrom('hazard_transition as t')
        .leftJoin('app_user as u', 'u.id', 't.actor_id')
        .selectAll('t')
        .select('u.display_name as actor_name')
        .where('t.hazard_id', '=', id)
        .orderBy('t.seq')
        .execute();
      const evidence = await db
        .selectFrom('hazard_evidence_file')
        .select(['id', 'hazard_id', 'kind', 'file_name', 'media_type', 'size_bytes', 'sha256', 'created_at'])
        .where('hazard_id', '=', id)
        .orderBy('id')
        .execute();
      return { head, photos, transitions, evidence };
    },

    /** The hazard made from this alarm, if any (one per alarm: `hazard.alarm_id` is unique). */
    async byAlarmId(executor: Kysely<DB>, alarmId: string) {
      return executor.selectFrom('hazard').select('id').where('alarm_id', '=', alarmId).executeTakeFirst();
    },

    async insertEvidenceFile(trx: Kysely<DB>, row: Insertable<HazardEvidenceFileTable>): Promise<string> {
      const { id } = await trx
        .insertInto('hazard_evidence_file')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** One evidence file's bytes, if its hazard lies in the scope. */
    async evidenceFile(hazardId: string, fileId: string, scope: JurisdictionScope) {
      return db
        .selectFrom('hazard_evidence_file as f')
        .innerJoin('hazard as h', 'h.id', 'f.hazard_id')
        .select(['f.content', 'f.media_type', 'f.sha256', 'f.file_name'])
        .where('f.id', '=', fileId)
        .where('f.hazard_id', '=', hazardId)
        .where(placeInScope(scope, HAZARD_PLACE))
        .executeTakeFirst();
    },

    /**
     * Newest first by id, one page past the keyset cursor. One statement: enterprise name and the
     * overdue flag come from the join and the row, never from a query per item.
     */
    list(filter: HazardListFilter, scope: JurisdictionScope) {
      let query = db
        .selectFrom('hazard as h')
        .innerJoin('enterprise', 'enterprise.id', 'h.enterprise_id')
        .select([
          'h.id',
          'h.enterprise_id',
          'enterprise.name as enterprise_name',
          'h.grid_id',
          'h.description',
          'h.level',
          'h.status',
          'h.deadline',
          'h.escalated',
          'h.found_at',
        ])
        .where(placeInScope(scope, HAZARD_PLACE));
      if (filter.status) query = query.where('h.status', '=', filter.status);
      if (filter.level) query = query.where('h.level', '=', filter.level);
      if (filter.gridId) query = query.where('h.grid_id', '=', filter.gridId);
      if (filter.enterpriseId) query = query.where('h.enterprise_id', '=', filter.enterpriseId);
      if (filter.overdue !== undefined) {
        const overdue = sql<boolean>`(h.status IN ('assigned', 'rectifying') AND h.deadline < ${filter.today}::date)`;
        query = query.where(filter.overdue ? overdue : sql<boolean>`NOT ${overdue}`);
      }
      if (filter.after) query = query.where('h.id', '<', filter.after);
      return query
        .orderBy('h.id', 'desc')
        .limit(filter.limit + 1)
        .execute();
    },

    /** One photo's bytes, if its hazard lies in the scope. */
    async photoFile(hazardId: string, photoId: string, scope: JurisdictionScope) {
      return db
        .selectFrom('hazard_photo as p')
        .innerJoin('hazard as h', 'h.id', 'p.hazard_id')
        .select(['p.content', 'p.media_type', 'p.sha256', 'p.file_name'])
        .where('p.id', '=', photoId)
        .where('p.hazard_id', '=', hazardId)
        .where(placeInScope(scope, HAZARD_PLACE))
        .executeTakeFirst();
    },
  };
}

export type HazardRepository = ReturnType<typeof createHazardRepository>;
export type HazardRow = NonNullable<Awaited<ReturnType<HazardRepository['forUpdate']>>>;
export type HazardDetailRows = NonNullable<Awaited<ReturnType<HazardRepository['detail']>>>;
export type HazardListRow = Awaited<ReturnType<HazardRepository['list']>>[number];
export type HazardPhotoMeta = NonNullable<Awaited<ReturnType<HazardRepository['photoByClientId']>>>;
