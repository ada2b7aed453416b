import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EnforcementStatistics, EnforcementStatisticsQuery, Problem } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createStatisticsRepository } from './statistics.repository';
import { getEnforcementStatistics } from './get-enforcement-statistics';

export async function enforcementStatisticsRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB> }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const statistics = createStatisticsRepository(opts.db);
  app.get(
    '/enforcement/statistics',
    {
      config: { access: 'enforcement_statistics.read' },
      schema: {
        tags: ['enforcement'],
        summary: 'Inspections, hazards found, penalties and fines by district, street, industry or month',
        querystring: EnforcementStatisticsQuery,
        response: {
          200: EnforcementStatistics,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          422: Problem,
        },
      },
    },
    (request) => getEnforcementStatistics(statistics, requireActor(request), request.query),
  );
}
