import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccidentRecord,
  CreateGradingModelBody,
  EnterpriseProfile,
  GradeChangeList,
  GradeChangesQuery,
  GradeDistribution,
  GradeDistributionQuery,
  GradingActivation,
  GradingDryRun,
  GradingModelDetail,
  GradingModelSummary,
  HitRateQuery,
  HitRates,
  IdParams,
  Problem,
  RecordAccidentBody,
} from '@safegrid/contracts';
import type { DB } from '../platform/db/schema';
import { requireActor } from '../platform/auth/authenticate';
import { createProfileRepository } from './enterprise-profile/profile.repository';
import { createProfileService } from './enterprise-profile/profile.service';
import { createGradeQueries } from './grades/grade.repository';
import { createGradesService } from './grades/grades.service';
import { createGradingModels } from './models/grading-models';
import { createReferenceNamesCache } from '../grid/reference/reference-names';
import { createGradingModelsService } from './models/grading-models.service';
import { registerObjectionRoutes } from './objections/objection.routes';
import { registerRecordRoutes } from './records/records.routes';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };
const VersionParams = Type.Object({ version: Type.String({ pattern: '^[0-9A-Za-z._-]{1,40}$' }) });

export async function profileRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB>; clock: () => Date }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const models = createGradingModels(opts.db);
  const profiles = createProfileService({
    db: opts.db,
    profiles: createProfileRepository(opts.db),
    models,
    clock: opts.clock,
  });
  const grades = createGradesService({
    queries: createGradeQueries(opts.db),
    reference: createReferenceNamesCache(opts.db),
  });
  const modelService = createGradingModelsService({ db: opts.db, models, clock: opts.clock });
  const tags = ['profile'];
  registerObjectionRoutes(fastify, { db: opts.db, models, clock: opts.clock });
  registerRecordRoutes(fastify, { db: opts.db, clock: opts.clock });

  app.get(
    '/profile/enterprises/:id',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary:
          "An enterprise's profile (企业画像): records by source, its grade explained, and the grade's history",
        params: IdParams,
        response: { 200: EnterpriseProfile, ...errors },
      },
    },
    async (request) => profiles.profile(requireActor(request), request.params.id),
  );

  app.post(
    '/profile/enterprises/:id/accidents',
    {
      config: { access: 'profile.record' },
      schema: {
        tags,
        summary: 'Record an accident known from another system; the grade is recomputed within seconds',
        params: IdParams,
        body: RecordAccidentBody,
        response: { 201: AccidentRecord, ...errors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return profiles.recordAccident(requireActor(request), request.params.id, request.body);
    },
  );

  app.get(
    '/profile/grades/distribution',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'Enterprises per grade, by district, street or 工贸 category',
        querystring: GradeDistributionQuery,
        response: { 200: GradeDistribution, ...errors },
      },
    },
    async (request) => grades.distribution(requireActor(request), request.query),
  );

  app.get(
    '/profile/grades/hit-rates',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary:
          'Targeting calibration: share of done patrols that found hazards, by the grade that planned them',
        querystring: HitRateQuery,
        response: { 200: HitRates, ...errors },
      },
    },
    async (request) => grades.hitRates(requireActor(request), request.query),
  );

  app.get(
    '/profile/grades/changes',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'Grade changes, newest first (keyset pages)',
        querystring: GradeChangesQuery,
        response: { 200: GradeChangeList, ...errors },
      },
    },
    async (request) => grades.changes(requireActor(request), request.query),
  );

  app.get(
    '/profile/grading-models',
    {
      config: { access: 'grading.manage' },
      schema: {
        tags,
        summary: 'Grading-model versions',
        response: { 200: Type.Array(GradingModelSummary), ...errors },
      },
    },
    async (request) => modelService.list(requireActor(request)),
  );

  app.get(
    '/profile/grading-models/:version',
    {
      config: { access: 'grading.manage' },
      schema: {
        tags,
        summary: 'One grading-model version',
        params: VersionParams,
        response: { 200: GradingModelDetail, ...errors },
      },
    },
    async (request) => modelService.get(requireActor(request), request.params.version),
  );

  app.post(
    '/profile/grading-models',
    {
      config: { access: 'grading.manage' },
      schema: {
        tags,
        summary: 'Publish a new model version as a draft (validated in full)',
        body: CreateGradingModelBody,
        response: { 201: GradingModelSummary, ...errors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return modelService.create(requireActor(request), request.body);
    },
  );

  app.post(
    '/profile/grading-models/:version/dry-run',
    {
      config: { access: 'grading.manage' },
      schema: {
        tags,
        summary:
          "How many enterprises a draft would move between grades on today's records (nothing written)",
        params: VersionParams,
        response: { 200: GradingDryRun, ...errors },
      },
    },
    async (request) => modelService.dryRun(requireActor(request), request.params.version),
  );

  app.post(
    '/profile/grading-models/:version/activate',
    {
      config: { access: 'grading.manage' },
      schema: {
        tags,
        summary: "Activate a draft: every enterprise's grade is recomputed under it in the same transaction",
        params: VersionParams,
        response: { 200: GradingActivation, ...errors },
      },
    },
    async (request) => modelService.activate(requireActor(request), request.params.version),
  );
}
