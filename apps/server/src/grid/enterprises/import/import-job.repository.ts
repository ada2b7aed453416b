import type { Kysely, Transaction } from 'kysely';
import type { ImportRowError } from '@safegrid/contracts';
import type { DB } from '../../../platform/db/schema';

export function createImportJobRepository(db: Kysely<DB>) {
  return {
    async create(fileName: string, totalRows: number, createdBy: string) {
      return db
        .insertInto('import_job')
        .values({
          kind: 'enterprises',
          file_name: fileName,
          status: 'validating',
          total_rows: totalRows,
          created_by: createdBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async progress(id: string, processedRows: number, status?: 'writing') {
      await db
        .updateTable('import_job')
        .set({ processed_rows: processedRows, ...(status ? { status } : {}) })
        .where('id', '=', id)
        .execute();
    },
    async fail(id: string, errorCode: string, rowErrors: ImportRowError[]) {
      await db
        .updateTable('import_job')
        .set({
          status: 'failed',
          error_code: errorCode,
          row_errors: JSON.stringify(rowErrors),
          finished_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    },
    /** Called inside the transaction that wrote the rows: success and data commit together. */
    async succeed(trx: Transaction<DB>, id: string, importedRows: number) {
      await trx
        .updateTable('import_job')
        .set({ status: 'succeeded', imported_rows: importedRows, finished_at: new Date() })
        .where('id', '=', id)
        .execute();
    },
    /** A job is its uploader's: someone else's id finds nothing. */
    async find(id: string, createdBy: string) {
      return db
        .selectFrom('import_job')
        .selectAll()
        .where('id', '=', id)
        .where('created_by', '=', createdBy)
        .executeTakeFirst();
    },
  };
}

export type ImportJobRepository = ReturnType<typeof createImportJobRepository>;
export type ImportJobRow = NonNullable<Awaited<ReturnType<ImportJobRepository['find']>>>;
