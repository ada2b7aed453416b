import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/authenticate';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { GridDetail, JurisdictionTree, Problem } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { createJurisdictionRepository } from './jurisdiction.repository';
import { createJurisdictionService } from './jurisdiction.service';
import { createEnterpriseRepository } from '../enterprises/enterprise.repository';
import type { ReferenceNamesCache } from '../reference/reference-names';

export async function jurisdictionRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; reference: ReferenceNamesCache },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createJurisdictionService({
    jurisdictions: createJurisdictionRepository(opts.db),
    enterprises: createEnterpriseRepository(opts.db),
    reference: opts.reference,
  });

  app.get(
    '/jurisdictions/tree',
    {
      config: { access: 'jurisdiction.read' },
      schema: {
        tags: ['grid'],
        summary: 'The jurisdiction tree city → district → street → community → grid, with enterprise counts',
        response: { 200: JurisdictionTree },
      },
    },
    (request) => service.getTree(requireActor(request)),
  );

  app.get(
    '/grids/:id',
    {
      config: { access: 'jurisdiction.read' },
      schema: {
        tags: ['grid'],
        summary: 'A grid with its boundary, responsible inspectors on a day and its first enterprises',
        params: Type.Object({ id: Type.String({ maxLength: 32 }) }),
        querystring: Type.Object({ day: Type.Optional(Type.String({ format: 'date' })) }),
        response: { 200: GridDetail, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    (request) => service.getGrid(requireActor(request), request.params.id, request.query.day),
  );
}
