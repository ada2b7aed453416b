import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ImportJob, Problem, type ImportRowError } from '@safegrid/contracts';
import type { AppConfig } from '../../../config';
import { AppError } from '../../../errors';
import type { DB } from '../../../platform/db/schema';
import { requireActor } from '../../../platform/auth/authenticate';
import { createEnterpriseRepository } from '../enterprise.repository';
import { createImportJobRepository } from './import-job.repository';
import { getImportJob, importEnterprises, presentImportJob } from './import-enterprises';
import { buildErrorReport, buildTemplate } from './import-report';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JobParams = Type.Object({ id: Type.String({ maxLength: 36 }) });

export async function enterpriseImportRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; config: Pick<AppConfig, 'importMaxBytes' | 'importMaxRows'> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const jobs = createImportJobRepository(opts.db);
  const enterprises = createEnterpriseRepository(opts.db);

  app.post(
    '/imports/enterprises',
    {
      config: { access: 'enterprise.import' },
      schema: {
        tags: ['grid'],
        summary: 'Upload an .xlsx or UTF-8 .csv of enterprises (multipart field "file"); all-or-nothing',
        consumes: ['multipart/form-data'],
        response: { 202: ImportJob, 400: Problem, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('request.unsupported_media_type');
      const file = await request.file({ limits: { fileSize: opts.config.importMaxBytes } });
      if (!file) throw new AppError('import.file_missing');
      let content: Buffer;
      try {
        content = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('import.file_too_large', { limit: opts.config.importMaxBytes });
        }
        throw error;
      }
      const job = await importEnterprises(
        { db: opts.db, jobs, enterprises, log: request.log },
        { actor, fileName: file.filename, content, maxRows: opts.config.importMaxRows },
      );
      return reply.status(202).header('location', `/api/imports/${job.id}`).send(job);
    },
  );

  app.get(
    '/imports/template.xlsx',
    {
      config: { access: 'enterprise.import' },
      schema: { tags: ['grid'], summary: 'The import template with column notes', produces: [XLSX] },
    },
    async (_request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="enterprise-import-template.xlsx"`)
        .send(await buildTemplate()),
  );

  app.get(
    '/imports/:id',
    {
      config: { access: 'enterprise.import' },
      schema: {
        tags: ['grid'],
        summary: 'Progress and outcome of an import',
        params: JobParams,
        response: { 200: ImportJob, 404: Problem },
      },
    },
    async (request) => presentImportJob(await getImportJob(jobs, requireActor(request), request.params.id)),
  );

  app.get(
    '/imports/:id/errors.xlsx',
    {
      config: { access: 'enterprise.import' },
      schema: {
        tags: ['grid'],
        summary: 'Per-row error report of a failed import',
        params: JobParams,
        produces: [XLSX],
      },
    },
    async (request, reply) => {
      const job = await getImportJob(jobs, requireActor(request), request.params.id);
      const errors = (Array.isArray(job.row_errors) ? job.row_errors : []) as ImportRowError[];
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="import-errors-${job.id.slice(0, 8)}.xlsx"`)
        .send(await buildErrorReport(errors));
    },
  );
}
