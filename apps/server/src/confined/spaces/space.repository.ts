import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ConfinedSpaceTable, DB, DeviceTable } from '../../platform/db/schema';
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
