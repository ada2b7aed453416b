import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BoundaryLevel, MapEnterprises, MapEnterprisesQuery, Problem } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createJurisdictionRepository } from '../jurisdiction/jurisdiction.repository';
import { createMapRepository } from './map.repository';
import { createMapService } from './map.service';

export async function mapRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB> }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createMapService({
    map: createMapRepository(opts.db),
    jurisdictions: createJurisdictionRepository(opts.db),
  });

  app.get(
    '/map/boundaries',
    {
      config: { access: 'jurisdiction.read' },
      schema: {
        tags: ['grid'],
        summary: 'Boundaries of one level as GeoJSON (street, community and grid shapes are synthetic)',
        querystring: Type.Object({ level: BoundaryLevel }),
      },
    },
    async (request, reply) =>
      reply
        .type('application/geo+json; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(await service.boundaries(request.query.level)),
  );

  app.get(
    '/map/enterprises',
    {
      config: { access: 'enterprise.read' },
      schema: {
        tags: ['grid'],
        summary: "Enterprises in a viewport (in the caller's scope): clusters when many, points when few",
        querystring: MapEnterprisesQuery,
        response: { 200: MapEnterprises, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    (request) => service.enterprises(requireActor(request), request.query.bbox, request.query.zoom),
  );
}
