import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, OfficialDocumentTable } from '../../platform/db/schema';
import type { JurisdictionScope } from '../../platform/auth/actor';
import { enterpriseInScope } from '../../platform/auth/scope';

export interface DocumentEnterprise {
  id: string;
  name: string;
  address: string;
  district_id: string;
}

/** All SQL of official documents: numbering, the archive, and the lookups issuing needs. */
export function createOfficialDocumentRepository(db: Kysely<DB>) {
  return {
    /**
     * The next number of a series, inside the caller's transaction: the upsert takes the series
     * row's lock until that transaction ends, so concurrent issuers queue and each gets the next
     * number; if the transaction rolls back (a failed render, a refused insert) so does the
     * increment, and the number is issued by the next successful transaction instead. Numbers
     * are therefore never reused and never skipped.
     */
    async nextSequence(
      trx: Kysely<DB>,
      key: { agencyCode: string; series: string; year: number },
    ): Promise<number> {
      const row = await trx
        .insertInto('official_document_sequence')
        .values({ agency_code: key.agencyCode, series: key.series, year: key.year, last_number: 1 })
        .onConflict((oc) =>
          oc
            .columns(['agency_code', 'series', 'year'])
            .doUpdateSet({ last_number: sql`official_document_sequence.last_number + 1` }),
        )
        .returning('last_number')
        .executeTakeFirstOrThrow();
      return row.last_number;
    },

    insert(trx: Kysely<DB>, row: Insertable<OfficialDocumentTable>) {
      return trx.insertInto('official_document').values(row).returning('id').executeTakeFirstOrThrow();
    },

    async enterpriseInScope(id: string, scope: JurisdictionScope): Promise<DocumentEnterprise | undefined> {
      return db
        .selectFrom('enterprise')
        .select(['id', 'name', 'address', 'district_id'])
        .where('id', '=', id)
        .where((eb) => enterpriseInScope(eb, scope))
        .executeTakeFirst();
    },

    /** The city node and the district node (if asked for) with their names. */
    async jurisdictionNames(districtId: string | null) {
      const rows = await db
        .selectFrom('jurisdiction')
        .select(['id', 'name', 'level'])
        .where((eb) => eb.or([eb('level', '=', 'city'), ...(districtId ? [eb('id', '=', districtId)] : [])]))
        .execute();
      return {
        city: rows.find((r) => r.level === 'city'),
        district: districtId ? rows.find((r) => r.id === districtId && r.level === 'district') : undefined,
      };
    },

    /** The PDF of a document whose enterprise lies in the scope (else nothing, answered as 404). */
    async pdfInScope(id: string, scope: JurisdictionScope) {
      return db
        .selectFrom('official_document as d')
        .innerJoin('enterprise', 'enterprise.id', 'd.enterprise_id')
        .select(['d.id', 'd.number', 'd.pdf', 'd.sha256'])
        .where('d.id', '=', id)
        .where((eb) => enterpriseInScope(eb as never, scope))
        .executeTakeFirst();
    },

    /** The public facts of a document by its verification code: never its content. */
    async byVerificationCode(code: string) {
      return db
        .selectFrom('official_document')
        .select(['number', 'doc_type', 'title', 'document_date', 'issued_at', 'agency_name', 'sha256'])
        .where('verification_code', '=', code)
        .executeTakeFirst();
    },
  };
}

export type OfficialDocumentRepository = ReturnType<typeof createOfficialDocumentRepository>;
