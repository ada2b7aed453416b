import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AlarmTable, DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export type AlarmRow = Selectable<AlarmTable> & {
  space_name: string | null;
  enterprise_name: string | null;
  district_id: string | null;
  street_id: string | null;
  community_id: string | null;
  grid_id: string | null;
  enterprise_lat: number | null;
  enterprise_lon: number | null;
  /** The hazard this alarm was turned into, if any. */
  hazard_id: string | null;
};
export type NewAlarm = Insertable<AlarmTable>;

export function createAlarmRepository(db: Kysely<DB>) {
  const base = (executor: Kysely<DB>) =>
    executor
      .selectFrom('alarm')
      .leftJoin('enterprise', 'enterprise.id', 'alarm.enterprise_id')
      .leftJoin('confined_space', 'confined_space.id', 'alarm.confined_space_id')
      .leftJoin('hazard as linked_hazard', 'linked_hazard.alarm_id', 'alarm.id')
      .selectAll('alarm')
      .select([
        'confined_space.name as space_name',
        'enterprise.name as enterprise_name',
        'enterprise.district_id as district_id',
        'enterprise.street_id as street_id',
        'enterprise.community_id as community_id',
        'enterprise.grid_id as grid_id',
        'enterprise.lat as enterprise_lat',
        'enterprise.lon as enterprise_lon',
        'linked_hazard.id as hazard_id',
      ]);

  // An alarm with no enterprise (a device bound to none) is city-wide business only.
  const scoped = (executor: Kysely<DB>, scope: JurisdictionScope) =>
    base(executor).where((eb) =>
      scope.city
        ? sql<boolean>`true`
        : eb.and([eb('alarm.enterprise_id', 'is not', null), enterpriseInScope(eb as never, scope)]),
    );

  return {
    async list(
      scope: JurisdictionScope,
      filter: { open?: boolean; permitId?: string; beforeId?: string; limit: number },
    ): Promise<AlarmRow[]> {
      let query = scoped(db, scope).orderBy('alarm.id', 'desc').limit(filter.limit);
      if (filter.open) query = query.where('alarm.status', '<>', 'resolved');
      if (filter.permitId) query = query.where('alarm.permit_id', '=', filter.permitId);
      if (filter.beforeId) query = query.where('alarm.id', '<', filter.beforeId);
      return (await query.execute()) as AlarmRow[];
    },

    async findInScope(executor: Kysely<DB>, id: string, scope: JurisdictionScope, forUpdate = false) {
      let query = scoped(executor, scope).where('alarm.id', '=', id);
      if (forUpdate) query = query.forUpdate('alarm');
      return (await query.executeTakeFirst()) as AlarmRow | undefined;
    },

    async byId(executor: Kysely<DB>, id: string): Promise<AlarmRow | undefined> {
      return (await base(executor).where('alarm.id', '=', id).executeTakeFirst()) as AlarmRow | undefined;
    },

    /**
     * Raises unless an alarm with the same key is still open: one statement, so two processes or a
     * restarted one never raise the same alarm twice. Returns the new id, or undefined if deduplicated.
     */
    async raise(executor: Kysely<DB>, alarm: NewAlarm): Promise<string | undefined> {
      const row = await executor
        .insertInto('alarm')
        .values(alarm)
        .onConflict((oc) => oc.column('dedup_key').where('status', '<>', 'resolved').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    },

    async acknowledge(executor: Kysely<DB>, id: string, userId: string, at: Date): Promise<void> {
      await executor
        .updateTable('alarm')
        .set({ status: 'acknowledged', acknowledged_at: at, acknowledged_by: userId })
        .where('id', '=', id)
        .where('status', '=', 'raised')
        .execute();
    },

    async resolve(
      executor: Kysely<DB>,
      id: string,
      change: {
        userId: string;
        at: Date;
        resolution: NonNullable<AlarmTable['resolution']['__select__']>;
        note: string;
      },
    ): Promise<void> {
      await executor
        .updateTable('alarm')
        .set({
          status: 'resolved',
          resolved_at: change.at,
          resolved_by: change.userId,
          resolution: change.resolution,
          resolution_note: change.note,
          acknowledged_at: sql`coalesce(acknowledged_at, ${change.at})`,
          acknowledged_by: sql`coalesce(acknowledged_by, ${change.userId}::bigint)`,
        })
        .where('id', '=', id)
        .where('status', '<>', 'resolved')
        .execute();
    },

    /** The gas detectors installed at a space (their readings are the space's air). */
    async detectorsAt(executor: Kysely<DB>, spaceId: string): Promise<string[]> {
      const rows = await executor
        .selectFrom('device')
        .select('id')
        .where('confined_space_id', '=', spaceId)
        .where('kind', '=', 'gas_detector')
        .execute();
      return rows.map((r) => r.id);
    },

    /** Raw readings of these devices in [from, to], oldest first, at most `limit`. */
    async readings(executor: Kysely<DB>, deviceIds: readonly string[], from: Date, to: Date, limit: number) {
      if (deviceIds.length === 0) return [];
      return executor
        .selectFrom('telemetry')
        .select(['device_id', 'seq', 'measured_at', 'o2', 'h2s', 'co', 'lel'])
        .where('device_id', 'in', [...deviceIds])
        .where('measured_at', '>=', from)
        .where('measured_at', '<=', to)
        .orderBy('measured_at')
        .orderBy('device_id')
        .orderBy('seq')
        .limit(limit)
        .execute();
    },

    async openGasAlarms(): Promise<{ device_id: string; rule: string }[]> {
      return db
        .selectFrom('alarm')
        .select(['device_id', sql<string>`detail->>'rule'`.as('rule')])
        .where('kind', '=', 'gas_over_limit')
        .where('status', '<>', 'resolved')
        .where('device_id', 'is not', null)
        .execute() as Promise<{ device_id: string; rule: string }[]>;
    },

    /**
     * What a browser may have missed while this process heard no announcements: every open alarm
     * and those resolved since, newest first, at most `limit`.
     */
    async openOrResolvedSince(since: Date, limit: number): Promise<AlarmRow[]> {
      return (await base(db)
        .where((eb) => eb.or([eb('alarm.status', '<>', 'resolved'), eb('alarm.resolved_at', '>=', since)]))
        .orderBy('alarm.id', 'desc')
        .limit(limit)
        .execute()) as AlarmRow[];
    },

    /** Unacknowledged alarms whose escalation clock may have run out. */
    async escalationCandidates() {
      return db
        .selectFrom('alarm')
        .select(['id', 'status', 'raised_at', 'escalation_level', 'escalated_at'])
        .where('status', '=', 'raised')
        .execute();
    },

    async escalate(id: string, level: number, at: Date, executor: Kysely<DB> = db): Promise<boolean> {
      const result = await executor
        .updateTable('alarm')
        .set({ escalation_level: level, escalated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'raised')
        .where('escalation_level', '=', level - 1)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type AlarmRepository = ReturnType<typeof createAlarmRepository>;
