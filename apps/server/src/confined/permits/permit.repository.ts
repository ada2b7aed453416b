import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  DB,
  GasTestTable,
  PermitStatus,
  WorkPermitTable,
  WorkPermitTransitionTable,
} from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export type PermitRow = Selectable<WorkPermitTable> & {
  space_name: string;
  enterprise_name: string;
  district_id: string;
  street_id: string;
  community_id: string;
  grid_id: string;
  lon: number | null;
  lat: number | null;
  open_alarms: number;
};
export type GasTestRow = Selectable<GasTestTable>;
export type TransitionRow = Selectable<WorkPermitTransitionTable> & { actor_name: string | null };

/** Permits that hold the space: a second one overlapping in time is refused. */
export const HOLDING_STATUSES: readonly PermitStatus[] = ['submitted', 'approved', 'active', 'suspended'];
export const LIVE_STATUSES: readonly PermitStatus[] = ['approved', 'active', 'suspended'];

export function createPermitRepository(db: Kysely<DB>) {
  const base = (executor: Kysely<DB>, scope: JurisdictionScope) =>
    executor
      .selectFrom('work_permit as p')
      .innerJoin('confined_space as s', 's.id', 'p.confined_space_id')
      .innerJoin('enterprise', 'enterprise.id', 'p.enterprise_id')
      .where((eb) => enterpriseInScope(eb as never, scope))
      .selectAll('p')
      .select([
        's.name as space_name',
        'enterprise.name as enterprise_name',
        'enterprise.district_id as district_id',
        'enterprise.street_id as street_id',
        'enterprise.community_id as community_id',
        'enterprise.grid_id as grid_id',
        sql<number | null>`coalesce(s.lon, enterprise.lon)`.as('lon'),
        sql<number | null>`coalesce(s.lat, enterprise.lat)`.as('lat'),
        (eb) =>
          eb
            .selectFrom('alarm')
            .select(sql<number>`count(*)::int`.as('n'))
            .whereRef('alarm.permit_id', '=', 'p.id')
            .where('alarm.status', '<>', 'resolved')
            .as('open_alarms'),
      ]);

  return {
    /** Permits whose status changed since `since` (their transitions say so), with their place. */
    async changedSince(since: Date, limit: number) {
      return db
        .selectFrom('work_permit as p')
        .innerJoin('enterprise', 'enterprise.id', 'p.enterprise_id')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('work_permit_transition as t')
              .select(sql`1`.as('one'))
              .whereRef('t.permit_id', '=', 'p.id')
              .where('t.at', '>=', since),
          ),
        )
        .select([
          'p.id',
          'p.status',
          'p.enterprise_id',
          'enterprise.district_id as district_id',
          'enterprise.street_id as street_id',
          'enterprise.community_id as community_id',
          'enterprise.grid_id as grid_id',
        ])
        .orderBy('p.id', 'desc')
        .limit(limit)
        .execute();
    },

    async list(
      scope: JurisdictionScope,
      filter: {
        statuses?: readonly PermitStatus[];
        enterpriseId?: string;
        spaceId?: string;
        districtId?: string;
        beforeId?: string;
        limit: number;
      },
    ): Promise<PermitRow[]> {
      let query = base(db, scope).orderBy('p.id', 'desc').limit(filter.limit);
      if (filter.statuses?.length) query = query.where('p.status', 'in', filter.statuses);
      if (filter.enterpriseId) query = query.where('p.enterprise_id', '=', filter.enterpriseId);
      if (filter.spaceId) query = query.where('p.confined_space_id', '=', filter.spaceId);
      if (filter.districtId) query = query.where('enterprise.district_id', '=', filter.districtId);
      if (filter.beforeId) query = query.where('p.id', '<', filter.beforeId);
      return (await query.execute()) as PermitRow[];
    },

    /** `forUpdate` inside a transaction: the row stays ours until commit (no lost updates). */
    async findInScope(
      executor: Kysely<DB>,
      id: string,
      scope: JurisdictionScope,
      forUpdate = false,
    ): Promise<PermitRow | undefined> {
      let query = base(executor, scope).where('p.id', '=', id);
      if (forUpdate) query = query.forUpdate('p');
      return (await query.executeTakeFirst()) as PermitRow | undefined;
    },

    async gasTests(permitId: string): Promise<GasTestRow[]> {
      return db
        .selectFrom('gas_test')
        .selectAll()
        .where('permit_id', '=', permitId)
        .orderBy('id', 'desc')
        .execute();
    },

    async latestGasTest(executor: Kysely<DB>, permitId: string): Promise<GasTestRow | undefined> {
      return executor
        .selectFrom('gas_test')
        .selectAll()
        .where('permit_id', '=', permitId)
        .orderBy('recorded_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async transitions(permitId: string): Promise<TransitionRow[]> {
      return db
        .selectFrom('work_permit_transition as t')
        .leftJoin('app_user', 'app_user.id', 't.actor_id')
        .selectAll('t')
        .select('app_user.display_name as actor_name')
        .where('t.permit_id', '=', permitId)
        .orderBy('t.id')
        .execute();
    },

    /** Serialises permit decisions on one space: conflict checks then see every committed permit. */
    async lockSpace(trx: Kysely<DB>, spaceId: string): Promise<void> {
      await trx.selectFrom('confined_space').select('id').where('id', '=', spaceId).forUpdate().execute();
    },

    async overlapping(
      trx: Kysely<DB>,
      spaceId: string,
      window: { start: Date; end: Date },
      exceptId?: string,
    ): Promise<string | undefined> {
      let query = trx
        .selectFrom('work_permit')
        .select('id')
        .where('confined_space_id', '=', spaceId)
        .where('status', 'in', HOLDING_STATUSES)
        .where('window_start', '<', window.end)
        .where('window_end', '>', window.start);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.limit(1).executeTakeFirst())?.id;
    },

    async insert(trx: Kysely<DB>, row: Insertable<WorkPermitTable>): Promise<string> {
      const { id } = await trx
        .insertInto('work_permit')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** Optimistic: changes nothing (returns false) unless the row is still at `version`. */
    async update(
      trx: Kysely<DB>,
      id: string,
      version: number,
      changes: Updateable<WorkPermitTable>,
    ): Promise<boolean> {
      const result = await trx
        .updateTable('work_permit')
        .set({ ...changes, version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async recordTransition(trx: Kysely<DB>, row: Insertable<WorkPermitTransitionTable>): Promise<void> {
      await trx.insertInto('work_permit_transition').values(row).execute();
    },

    async insertGasTest(trx: Kysely<DB>, row: Insertable<GasTestTable>): Promise<void> {
      await trx.insertInto('gas_test').values(row).execute();
    },

    /** Whether the space's locks show 'locked' after their last 'unlocked' (true when no lock). */
    async locksClosed(executor: Kysely<DB>, spaceId: string): Promise<boolean> {
      const open = await executor
        .selectFrom('device')
        .select('device.id')
        .where('device.confined_space_id', '=', spaceId)
        .where('device.kind', '=', 'smart_lock')
        .where(({ eb, selectFrom }) =>
          eb(
            selectFrom('lock_event as e')
              .select('e.type')
              .whereRef('e.device_id', '=', 'device.id')
              .where('e.type', 'in', ['unlocked', 'locked', 'opened_without_token'])
              .orderBy('e.occurred_at', 'desc')
              .orderBy('e.seq', 'desc')
              .limit(1),
            'in',
            ['unlocked', 'opened_without_token'],
          ),
        )
        .limit(1)
        .executeTakeFirst();
      return open === undefined;
    },

    async spaceDevice(executor: Kysely<DB>, spaceId: string, deviceId: string) {
      return executor
        .selectFrom('device')
        .select(['id', 'kind'])
        .where('id', '=', deviceId)
        .where('confined_space_id', '=', spaceId)
        .executeTakeFirst();
    },

    async spaceInScope(executor: Kysely<DB>, id: string, scope: JurisdictionScope) {
      return executor
        .selectFrom('confined_space as s')
        .innerJoin('enterprise', 'enterprise.id', 's.enterprise_id')
        .where((eb) => enterpriseInScope(eb as never, scope))
        .select(['s.id', 's.enterprise_id', 's.hazards', 's.limits'])
        .where('s.id', '=', id)
        .executeTakeFirst();
    },

    async latestReading(executor: Kysely<DB>, deviceId: string) {
      return executor
        .selectFrom('telemetry')
        .select(['seq', 'measured_at', 'o2', 'h2s', 'co', 'lel'])
        .where('device_id', '=', deviceId)
        .orderBy('measured_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** An open gas alarm at the space: the air is bad now, whatever the last test said. */
    async openGasAlarm(executor: Kysely<DB>, spaceId: string): Promise<string | undefined> {
      const row = await executor
        .selectFrom('alarm')
        .select('id')
        .where('confined_space_id', '=', spaceId)
        .where('kind', '=', 'gas_over_limit')
        .where('status', '<>', 'resolved')
        .limit(1)
        .executeTakeFirst();
      return row?.id;
    },

    async insertUnlockToken(
      trx: Kysely<DB>,
      row: {
        id: string;
        permit_id: string;
        lock_id: string;
        not_before: Date;
        not_after: Date;
        issued_by: string;
      },
    ): Promise<void> {
      await trx.insertInto('unlock_token').values(row).execute();
    },
  };
}

export type PermitRepository = ReturnType<typeof createPermitRepository>;
