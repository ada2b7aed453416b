import { sql, type Kysely } from 'kysely';
import type { DB, PermitStatus } from '../../platform/db/schema';

/** What the monitor keeps in memory about one device installed at a confined space. */
export interface WatchedDeviceRow {
  device_id: string;
  kind: 'gas_detector' | 'smart_lock';
  online: boolean;
  space_id: string;
  limits: unknown;
  enterprise_id: string;
  permit_id: string | null;
  permit_status: PermitStatus | null;
  window_end: Date | null;
  activated_at: Date | null;
}

export function createMonitorRepository(db: Kysely<DB>) {
  return {
    /** Every device installed at a space, with the space's live permit if there is one. */
    async watchedDevices(): Promise<WatchedDeviceRow[]> {
      const rows = await db
        .selectFrom('device as d')
        .innerJoin('confined_space as s', 's.id', 'd.confined_space_id')
        .leftJoin('work_permit as p', (join) =>
          join
            .onRef('p.confined_space_id', '=', 's.id')
            .on('p.status', 'in', ['approved', 'active', 'suspended']),
        )
        .select([
          'd.id as device_id',
          'd.kind',
          'd.online',
          's.id as space_id',
          's.limits',
          's.enterprise_id',
          'p.id as permit_id',
          'p.status as permit_status',
          'p.window_end',
          'p.activated_at',
        ])
        .execute();
      return rows as WatchedDeviceRow[];
    },

    /** Permits whose window ended without the work starting: the clock expires them. */
    async expirablePermits(now: Date) {
      return db
        .selectFrom('work_permit')
        .select(['id', 'status', 'version'])
        .where('status', 'in', ['draft', 'submitted', 'approved'])
        .where('window_end', '<=', now)
        .limit(500)
        .execute();
    },

    async tokensById(executor: Kysely<DB>, ids: readonly string[]) {
      if (ids.length === 0) return [];
      return executor
        .selectFrom('unlock_token')
        .select(['id', 'lock_id', 'permit_id', 'not_before', 'not_after'])
        .where(sql<boolean>`id::text = any(${[...ids]})`)
        .execute();
    },

    /** Every opening that used one of these tokens, or that is this very event. */
    async openingsWithToken(executor: Kysely<DB>, tokenId: string) {
      return executor
        .selectFrom('lock_event')
        .select(['device_id', 'seq', 'occurred_at', 'type', 'token_id', 'verdict'])
        .where('token_id', '=', tokenId)
        .where('type', '=', 'unlocked')
        .execute();
    },

    async insertLockEvent(
      executor: Kysely<DB>,
      row: {
        device_id: string;
        seq: number;
        occurred_at: Date;
        received_at: Date;
        type: string;
        token_id: string | null;
      },
    ): Promise<boolean> {
      const inserted = await executor
        .insertInto('lock_event')
        .values(row as never)
        .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
        .returning('seq')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async setVerdict(executor: Kysely<DB>, deviceId: string, seq: string | number, verdict: string) {
      await executor
        .updateTable('lock_event')
        .set({ verdict })
        .where('device_id', '=', deviceId)
        .where('seq', '=', String(seq))
        .execute();
    },

    async permitState(executor: Kysely<DB>, id: string) {
      return executor
        .selectFrom('work_permit')
        .select(['id', 'status', 'version', 'window_start', 'window_end'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
    },

    async setPermitStatus(
      executor: Kysely<DB>,
      id: string,
      from: PermitStatus,
      to: PermitStatus,
      at: Date,
      reason: string,
    ): Promise<boolean> {
      const result = await executor
        .updateTable('work_permit')
        .set({
          status: to,
          version: sql`version + 1`,
          ...(to === 'active' && from === 'approved' && { activated_at: at }),
          ...(to === 'suspended' && { suspended_at: at }),
          ...(to === 'expired' && { ended_at: at }),
        })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await executor
        .insertInto('work_permit_transition')
        .values({ permit_id: id, from_status: from, to_status: to, at, actor_kind: 'system', reason })
        .execute();
      return true;
    },

    /** One statement for every gap that matured in a sweep. */
    async recordGaps(gaps: readonly { deviceId: string; fromSeq: number; toSeq: number }[]): Promise<void> {
      if (gaps.length === 0) return;
      await db
        .insertInto('telemetry_gap')
        .values(gaps.map((g) => ({ device_id: g.deviceId, from_seq: g.fromSeq, to_seq: g.toSeq })))
        .onConflict((oc) => oc.columns(['device_id', 'from_seq']).doNothing())
        .execute();
    },

    /** The highest stored seq of each device: where gap detection resumes after a restart. */
    async lastSeqs(deviceIds: readonly string[]): Promise<{ device_id: string; seq: string }[]> {
      if (deviceIds.length === 0) return [];
      return db
        .selectFrom('telemetry')
        .select(['device_id', sql<string>`max(seq)`.as('seq')])
        .where('device_id', 'in', [...deviceIds])
        .groupBy('device_id')
        .execute();
    },

    async placeOf(executor: Kysely<DB>, enterpriseId: string) {
      return executor
        .selectFrom('enterprise')
        .select(['id', 'district_id', 'street_id', 'community_id', 'grid_id'])
        .where('id', '=', enterpriseId)
        .executeTakeFirst();
    },
  };
}

export type MonitorRepository = ReturnType<typeof createMonitorRepository>;
