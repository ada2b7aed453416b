import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Assessment,
  AssessmentQuery,
  AssessmentRecords,
  AssessmentRecordsQuery,
  DrawRechecks,
  IdParams,
  Problem,
  Recheck,
  RecheckList,
  RechecksDrawn,
  RecordRecheck,
  HazardStatistics,
  HazardStatisticsQuery,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createAssessmentRepository } from './assessment.repository';
import { createAssessmentService } from './assessment.service';
import { loadAssessmentTargets } from './assessment-targets';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function assessmentRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createAssessmentService({
    db: opts.db,
    assessments: createAssessmentRepository(opts.db),
    targets: loadAssessmentTargets(),
    clock: opts.clock,
  });
  const tags = ['grid'];
  const base = '/grid/assessment';

  app.get(
    base,
    {
      config: { access: 'assessment.read' },
      schema: {
        tags,
        summary: "A month's figures per inspector, grid or street, ranked by one of them",
        querystring: AssessmentQuery,
        response: { 200: Assessment, ...errors },
      },
    },
    async (request) => service.assess(requireActor(request), request.query),
  );

  app.get(
    `${base}/records`,
    {
      config: { access: 'assessment.read' },
      schema: {
        tags,
        summary: 'The records one figure of one row counts (drill-down)',
        querystring: AssessmentRecordsQuery,
        response: { 200: AssessmentRecords, ...errors },
      },
    },
    async (request) => service.records(requireActor(request), request.query),
  );

  app.get(
    '/grid/statistics/hazards',
    {
      config: { access: 'assessment.read' },
      schema: {
        tags,
        summary: 'Hazards found over a range of months: by street, 工贸 category, source and month',
        querystring: HazardStatisticsQuery,
        response: { 200: HazardStatistics, ...errors },
      },
    },
    async (request) => service.hazardStatistics(requireActor(request), request.query),
  );

  app.post(
    `${base}/rechecks`,
    {
      config: { access: 'patrol.plan' },
      schema: {
        tags,
        summary: "Draw the month's random re-check of closed hazards (5 %, reproducible)",
        body: DrawRechecks,
        response: { 200: RechecksDrawn, ...errors },
      },
    },
    async (request) => service.drawRechecks(requireActor(request), request.body),
  );

  app.get(
    `${base}/rechecks/mine`,
    {
      config: { access: 'assessment.recheck' },
      schema: {
        tags,
        summary: 'The re-checks given to the calling inspector',
        response: { 200: RecheckList, ...errors },
      },
    },
    async (request) => service.myRechecks(requireActor(request)),
  );

  app.post(
    `${base}/rechecks/:id`,
    {
      config: { access: 'assessment.recheck' },
      schema: {
        tags,
        summary: 'Record the result of a re-check: the closure confirmed or refuted',
        params: IdParams,
        body: RecordRecheck,
        response: { 200: Recheck, ...errors },
      },
    },
    async (request) => service.recordRecheck(requireActor(request), request.params.id, request.body),
  );
}
