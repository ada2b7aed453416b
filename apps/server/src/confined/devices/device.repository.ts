import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, DeviceTable, TelemetryTable } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export type DeviceRow = Selectable<DeviceTable>;
export type DeviceKind = DeviceTable['kind'];
export type TelemetryRow = Selectable<TelemetryTable>;
export type NewTelemetry = Insertable<TelemetryTable>;

/** Bind parameters per statement are capped at 65535 by the protocol; keep every IN list well below. */
const ID_CHUNK = 1000;

export function createDeviceRepository(db: Kysely<DB>) {
  return {
    async findById(id: string): Promise<DeviceRow | undefined> {
      return db.selectFrom('device').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The broker's CONNECT check reads this (see platform/mqtt/device-credentials.ts). */
    async secretHashOf(id: string): Promise<string | null> {
      const row = await db.selectFrom('device').select('secret_hash').where('id', '=', id).executeTakeFirst();
      return row?.secret_hash ?? null;
    },

    /** Every device that has broker credentials, for the production broker's password file. */
    async listSecretHashes(): Promise<{ id: string; secretHash: string }[]> {
      const rows = await db
        .selectFrom('device')
        .select(['id', 'secret_hash'])
        .where('secret_hash', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, secretHash: r.secret_hash! }));
    },

    async setSecretHash(executor: Kysely<DB>, id: string, hash: string): Promise<void> {
      await executor.updateTable('device').set({ secret_hash: hash }).where('id', '=', id).execute();
    },

    /**
     * Readings of the last `minutes`. Long spans come in one-minute buckets keeping the worst value
     * of each gas (lowest O2, highest of the rest): a chart must never average a peak away.
     */
    async series(id: string, since: Date, bucketed: boolean) {
      if (!bucketed) {
        return db
          .selectFrom('telemetry')
          .select(['seq', 'measured_at', 'o2', 'h2s', 'co', 'lel'])
          .where('device_id', '=', id)
          .where('measured_at', '>=', since)
          .orderBy('measured_at')
          .limit(10_000)
          .execute();
      }
      // Raw minutes and the rollups of pruned ones, merged per minute (a late reading may add to
      // a minute that was already rolled up).
      const rows = await sql<{
        seq: string;
        measured_at: Date;
        o2: number | null;
        h2s: number | null;
        co: number | null;
        lel: number | null;
      }>`
        SELECT max(seq) AS seq, minute AS measured_at, min(o2) AS o2, max(h2s) AS h2s, max(co) AS co, max(lel) AS lel
          FROM (
            SELECT seq, date_trunc('minute', measured_at) AS minute, o2, h2s, co, lel
              FROM telemetry WHERE device_id = ${id} AND measured_at >= ${since}
            UNION ALL
            SELECT last_seq, minute, o2_min, h2s_max, co_max, lel_max
              FROM telemetry_minute WHERE device_id = ${id} AND minute >= date_trunc('minute', ${since}::timestamptz)
          ) AS both_sources
         GROUP BY minute ORDER BY minute`.execute(db);
      return rows.rows;
    },

    /** A device is in scope when its enterprise is; one bound to no enterprise only city-wide. */
    async findInScope(id: string, scope: JurisdictionScope): Promise<DeviceRow | undefined> {
      return db
        .selectFrom('device')
        .selectAll()
        .where('id', '=', id)
        .where((eb) =>
          scope.city
            ? sql<boolean>`true`
            : eb(
                'enterprise_id',
                'in',
                eb
                  .selectFrom('enterprise')
                  .select('enterprise.id')
                  .where((e) => enterpriseInScope(e, scope)),
              ),
        )
        .executeTakeFirst();
    },

    async findKinds(ids: readonly string[]): Promise<{ id: string; kind: DeviceKind }[]> {
      const found: { id: string; kind: DeviceKind }[] = [];
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        found.push(
          ...(await db.selectFrom('device').select(['id', 'kind']).where('id', 'in', chunk).execute()),
        );
      }
      return found;
    },

    /** Latest by the device's own clock; seq breaks ties between readings stamped in the same instant. */
    async latestTelemetry(deviceId: string): Promise<TelemetryRow | undefined> {
      return db
        .selectFrom('telemetry')
        .selectAll()
        .where('device_id', '=', deviceId)
        .orderBy('measured_at', 'desc')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** Returns how many rows were new; a repeated (device_id, seq) is a QoS 1 redelivery and is skipped. */
    async insertTelemetry(rows: readonly NewTelemetry[]): Promise<number> {
      if (rows.length === 0) return 0;
      const inserted = await db
        .insertInto('telemetry')
        .values([...rows])
        .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
        .returning('device_id')
        .execute();
      return inserted.length;
    },

    /** GREATEST keeps last_seen_at monotonic when several ingest processes write out of order. */
    async markSeen(ids: readonly string[], at: Date): Promise<void> {
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        await db
          .updateTable('device')
          .set({ last_seen_at: sql<Date>`GREATEST(last_seen_at, ${at}::timestamptz)` })
          .where('id', 'in', ids.slice(i, i + ID_CHUNK))
          .execute();
      }
    },

    async setOnline(ids: readonly string[], online: boolean): Promise<void> {
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        await db
          .updateTable('device')
          .set({ online })
          .where('id', 'in', ids.slice(i, i + ID_CHUNK))
          .execute();
      }
    },
  };
}

export type DeviceRepository = ReturnType<typeof createDeviceRepository>;
