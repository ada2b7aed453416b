import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  EnterpriseDetail,
  EnterpriseInput,
  EnterprisePage,
  EnterprisePatch,
  EnterpriseSearchQuery,
  Problem,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { createJurisdictionRepository } from '../jurisdiction/jurisdiction.repository';
import { createEnterpriseRepository } from './enterprise.repository';
import { createEnterpriseService } from './enterprise.service';
import { writeEnterpriseWorkbook } from './enterprise-export';
import { requireActor } from '../../platform/auth/authenticate';
import type { ReferenceNamesCache } from '../reference/reference-names';

const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function enterpriseRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; reference: ReferenceNamesCache },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createEnterpriseService({
    db: opts.db,
    enterprises: createEnterpriseRepository(opts.db),
    jurisdictions: createJurisdictionRepository(opts.db),
    reference: opts.reference,
  });

  app.get(
    '/enterprises',
    {
      config: { access: 'enterprise.read' },
      schema: {
        tags: ['grid'],
        summary: 'Search enterprises by name/address fragment and filters; keyset pagination',
        querystring: EnterpriseSearchQuery,
        response: { 200: EnterprisePage, ...errors },
      },
    },
    (request) => service.search(requireActor(request), request.query),
  );

  app.get(
    '/enterprises/export.xlsx',
    {
      config: { access: 'enterprise.export' },
      schema: {
        tags: ['grid'],
        summary: 'Excel export of the filtered enterprise list',
        querystring: Type.Omit(EnterpriseSearchQuery, ['limit', 'cursor']),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const { batches, names } = await service.exportRows(requireActor(request), request.query);
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="enterprises-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`企业名录-${stamp}.xlsx`)}`,
        );
      return reply.send(await writeEnterpriseWorkbook(batches, names));
    },
  );

  app.get(
    '/enterprises/:id',
    {
      config: { access: 'enterprise.read' },
      schema: {
        tags: ['grid'],
        summary: 'One enterprise with its jurisdiction chain and responsible inspectors',
        params: IdParams,
        response: { 200: EnterpriseDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/enterprises',
    {
      config: { access: 'enterprise.create' },
      schema: {
        tags: ['grid'],
        summary: 'Register an enterprise (credit code checked against GB 32100)',
        body: EnterpriseInput,
        response: { 201: EnterpriseDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.patch(
    '/enterprises/:id',
    {
      config: { access: 'enterprise.update' },
      schema: {
        tags: ['grid'],
        summary: 'Change an enterprise',
        params: IdParams,
        body: EnterprisePatch,
        response: { 200: EnterpriseDetail, ...errors },
      },
    },
    (request) => service.update(requireActor(request), request.params.id, request.body),
  );
}
