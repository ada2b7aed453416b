import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

/** The one fact the matcher needs of an enterprise: its 工贸 industry, if the caller may see it. */
export function createEnterpriseIndustryRepository(db: Kysely<DB>) {
  return {
    industryInScope(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('enterprise')
        .select(['id', 'gongmao_category'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },
  };
}

export type EnterpriseIndustryRepository = ReturnType<typeof createEnterpriseIndustryRepository>;
