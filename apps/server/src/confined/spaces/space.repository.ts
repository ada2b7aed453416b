import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ConfinedSpacePhotoTable, ConfinedSpaceTable, DB, DeviceTable } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export type SpaceRow = Selectable<ConfinedSpaceTable> & {
  enterprise_name: string;
  live_permit_id: string | null;
  live_permit_status: string | null;
};
export type SpaceDeviceRow = Pick<
  Selectable<DeviceTable>,
  'id' | 'kind' | 'label' | 'online' | 'last_seen_at'
>;

const LIVE = ['approved', 'active', 'suspended'] as const;

/** All SQL of the ledger. Every read joins the enterprise and applies the caller's scope. */
export function createSpaceRepository(db: Kysely<DB>) {
  const base = (scope: JurisdictionScope) =>
    db
      .selectFrom('confined_space as s')
      .innerJoin('enterprise', 'enterprise.id', 's.enterprise_id')
      .where((eb) => enterpriseInScope(eb as never, scope))
      .selectAll('s')
      .select('enterprise.name as enterprise_name')
      .select((eb) => [
        eb
          .selectFrom('work_permit as p')
          .select('p.id')
          .whereRef('p.confined_space_id', '=', 's.id')
          .where('p.status', 'in', LIVE)
          .orderBy('p.id', 'desc')
          .limit(1)
          .as('live_permit_id'),
        eb
          .selectFrom('work_permit as p')
          .select('p.status')
          .whereRef('p.confined_space_id', '=', 's.id')
          .where('p.status', 'in', LIVE)
          .orderBy('p.id', 'desc')
          .limit(1)
          .as('live_permit_status'),
      ]);

  return {
    async list(
      scope: JurisdictionScope,
      filter: { enterpriseId?: string; q?: string; afterId?: string; limit: number },
    ): Promise<SpaceRow[]> {
      let query = base(scope).orderBy('s.id').limit(filter.limit);
      if (filter.enterpriseId) query = query.where('s.enterprise_id', '=', filter.enterpriseId);
      if (filter.afterId) query = query.where('s.id', '>', filter.afterId);
      if (filter.q) {
        // Literal substring: the user's % and _ are characters, not wildcards.
        const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([
            eb('s.name', 'like', pattern),
            eb('s.code', 'like', pattern),
            eb('enterprise.name', 'like', pattern),
          ]),
        );
      }
      return (await query.execute()) as SpaceRow[];
    },

    async findInScope(id: string, scope: JurisdictionScope): Promise<SpaceRow | undefined> {
      return (await base(scope).where('s.id', '=', id).executeTakeFirst()) as SpaceRow | undefined;
    },

    async devicesOf(spaceId: string): Promise<SpaceDeviceRow[]> {
      return db
        .selectFrom('device')
        .select(['id', 'kind', 'label', 'online', 'last_seen_at'])
        .where('confined_space_id', '=', spaceId)
        .orderBy('kind')
        .orderBy('id')
        .execute();
    },

    insertQuery(executor: Kysely<DB>, row: Insertable<ConfinedSpaceTable>) {
      return executor.insertInto('confined_space').values(row).returning('id');
    },

    updateQuery(executor: Kysely<DB>, id: string, changes: Updateable<ConfinedSpaceTable>) {
      return executor
        .updateTable('confined_space')
        .set({ ...changes, updated_at: sql`now()` })
        .where('id', '=', id)
        .returning('id');
    },

    /** The space's row locked for the transaction, if the caller may manage it (enterprise bound). */
    async lockOwned(trx: Kysely<DB>, id: string, enterpriseIds: readonly string[]) {
      if (enterpriseIds.length === 0) return undefined;
      return trx
        .selectFrom('confined_space')
        .select(['id', 'enterprise_id', 'limits'])
        .where('id', '=', id)
        .where('enterprise_id', 'in', [...enterpriseIds])
        .forUpdate()
        .executeTakeFirst();
    },

    async photosOf(executor: Kysely<DB>, spaceId: string) {
      return executor
        .selectFrom('confined_space_photo')
        .select([
          'id',
          'confined_space_id',
          'file_name',
          'media_type',
          'size_bytes',
          'sha256',
          'caption',
          'uploaded_at',
        ])
        .where('confined_space_id', '=', spaceId)
        .where('removed_at', 'is', null)
        .orderBy('id')
        .execute();
    },

    async insertPhoto(trx: Kysely<DB>, row: Insertable<ConfinedSpacePhotoTable>): Promise<string> {
      const { id } = await trx
        .insertInto('confined_space_photo')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    },

    /** Takes a photo out of the ledger (kept on file); false when it is not there or already out. */
    async removePhoto(trx: Kysely<DB>, spaceId: string, photoId: string, userId: string, at: Date) {
      const result = await trx
        .updateTable('confined_space_photo')
        .set({ removed_at: at, removed_by: userId })
        .where('id', '=', photoId)
        .where('confined_space_id', '=', spaceId)
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** One ledger photo's bytes, if its space lies in the scope. */
    async photoFile(spaceId: string, photoId: string, scope: JurisdictionScope) {
      return db
        .selectFrom('confined_space_photo as p')
        .innerJoin('confined_space as s', 's.id', 'p.confined_space_id')
        .innerJoin('enterprise', 'enterprise.id', 's.enterprise_id')
        .select(['p.content', 'p.media_type', 'p.sha256', 'p.file_name'])
        .where('p.id', '=', photoId)
        .where('p.confined_space_id', '=', spaceId)
        .where('p.removed_at', 'is', null)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .executeTakeFirst();
    },

    async codeTaken(enterpriseId: string, code: string, exceptId?: string): Promise<boolean> {
      let query = db
        .selectFrom('confined_space')
        .select('id')
        .where('enterprise_id', '=', enterpriseId)
        .where('code', '=', code);
      if (exceptId) query = query.where('id', '<>', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },
  };
}

export type SpaceRepository = ReturnType<typeof createSpaceRepository>;
export type SpacePhotoRow = Awaited<ReturnType<SpaceRepository['photosOf']>>[number];
