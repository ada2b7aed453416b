import { randomBytes } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, PublicTipTable, TipPhotoTable } from '../../platform/db/schema';

/** All SQL of public tips. Nothing here is scoped: the public sees its own tip by its code only. */
export function createTipRepository(db: Kysely<DB>) {
  let salt: Promise<Buffer> | undefined;
  return {
    /**
     * The address-hashing salt, made by whichever process asks first and the same for all after
     * (the per-address count must agree across processes).
     */
    salt(): Promise<Buffer> {
      salt ??= (async () => {
        await db
          .insertInto('public_tip_salt')
          .values({ salt: randomBytes(32) })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        const row = await db.selectFrom('public_tip_salt').select('salt').executeTakeFirstOrThrow();
        return Buffer.from(row.salt);
      })().catch((error: unknown) => {
        salt = undefined;
        throw error;
      });
      return salt;
    },

    /**
     * Serialises submissions of the same tip (client id) and of the same address until the
     * transaction ends, so that a replay and a count are never raced by a concurrent twin.
     * Always in this order, so two requests never wait on each other crosswise.
     */
    async lock(trx: Kysely<DB>, clientId: string, ipHash: string): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`tip-client:${clientId}`}))`.execute(trx);
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`tip-ip:${ipHash}`}))`.execute(trx);
    },

    async byClientId(trx: Kysely<DB>, clientId: string) {
      return trx
        .selectFrom('public_tip as t')
        .innerJoin('dispatch_event as e', 'e.id', 't.event_id')
        .select(['t.tracking_code', 'e.description', 'e.lat', 'e.lon'])
        .where('t.client_id', '=', clientId)
        .executeTakeFirst();
    },

    /** Tips from this address since `since`, and the oldest of them (when the window frees up). */
    async recentFrom(trx: Kysely<DB>, ipHash: string, since: Date) {
      return trx
        .selectFrom('public_tip')
        .select([sql<number>`count(*)::int`.as('n'), sql<Date | null>`min(created_at)`.as('oldest')])
        .where('ip_hash', '=', ipHash)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow();
    },

    async insertTip(trx: Kysely<DB>, row: Insertable<PublicTipTable>): Promise<string> {
      const { id } = await trx.insertInto('public_tip').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },

    async insertPhoto(trx: Kysely<DB>, row: Insertable<TipPhotoTable>): Promise<void> {
      await trx.insertInto('tip_photo').values(row).execute();
    },

    /** The public view: status and the times of its steps; no names, notes or departments. */
    async status(trackingCode: string) {
      const tip = await db
        .selectFrom('public_tip as t')
        .innerJoin('dispatch_event as e', 'e.id', 't.event_id')
        .select(['t.tracking_code', 't.created_at', 'e.id as event_id', 'e.status'])
        .where('t.tracking_code', '=', trackingCode)
        .executeTakeFirst();
      if (!tip) return undefined;
      const steps = await db
        .selectFrom('dispatch_step')
        .select(['to_status', 'at'])
        .where('event_id', '=', tip.event_id)
        .orderBy('seq')
        .execute();
      return { tip, steps };
    },
  };
}

export type TipRepository = ReturnType<typeof createTipRepository>;
