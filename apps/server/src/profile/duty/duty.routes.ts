import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Duty, DutyQuery, DutyRecords, DutyRecordsQuery, Problem } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { loadAssessmentTargets } from '../../grid/assessment/assessment-targets';
import { createDutyRepository } from './duty.repository';
import { createDutyService } from './duty.service';
import { loadDutyScoring } from './duty-scoring';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem };

export async function dutyRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB>; clock: () => Date }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createDutyService({
    duty: createDutyRepository(opts.db),
    scoring: loadDutyScoring(),
    targets: loadAssessmentTargets(),
    clock: opts.clock,
  });
  const tags = ['profile'];

  app.get(
    '/profile/duty',
    {
      config: { access: 'assessment.read' },
      schema: {
        tags,
        summary:
          "Government-duty scoring (政府履职评分): a month's nine aspects per street or grid, with points and ranking",
        querystring: DutyQuery,
        response: { 200: Duty, ...errors },
      },
    },
    async (request) => service.score(requireActor(request), request.query),
  );

  app.get(
    '/profile/duty/records',
    {
      config: { access: 'assessment.read' },
      schema: {
        tags,
        summary: 'The records one aspect of one street or grid counts (drill-down)',
        querystring: DutyRecordsQuery,
        response: { 200: DutyRecords, ...errors },
      },
    },
    async (request) => service.records(requireActor(request), request.query),
  );
}
