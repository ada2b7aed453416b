import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreateEnforcementPlan,
  EnforcementDrawParams,
  EnforcementDrawVerification,
  EnforcementPlan,
  EnforcementPlanList,
  EnforcementPlanListQuery,
  EnforcementTaskList,
  EnforcementTaskListQuery,
  IdParams,
  Problem,
  PublicEnforcementPlan,
  PublishEnforcementPlan,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError } from '../../errors';
import { requireActor } from '../../platform/auth/authenticate';
import { createRateLimiter } from '../../platform/http/rate-limit';
import { createPlanRepository } from './plan.repository';
import { createPlanService } from './plan.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export interface PlanRouteOptions {
  db: Kysely<DB>;
  clock: () => Date;
  /** Public page calls per minute and client address. */
  publicRateLimitPerMinute?: number;
  newSeed?: () => string;
}

export async function enforcementPlanRoutes(fastify: FastifyInstance, opts: PlanRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createPlanService({
    db: opts.db,
    plans: createPlanRepository(opts.db),
    clock: opts.clock,
    newSeed: opts.newSeed,
  });
  const tags = ['enforcement'];
  const base = '/enforcement/plans';
  const publicLimiter = createRateLimiter({
    limit: opts.publicRateLimitPerMinute ?? 60,
    windowMs: 60_000,
    clock: () => opts.clock().getTime(),
  });

  app.get(
    base,
    {
      config: { access: 'enforcement_plan.read' },
      schema: {
        tags,
        summary: 'Enforcement plans of the bureaus the caller covers, and where the caller may make plans',
        querystring: EnforcementPlanListQuery,
        response: { 200: EnforcementPlanList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.post(
    base,
    {
      config: { access: 'enforcement_plan.manage' },
      schema: {
        tags,
        summary: 'Create an annual plan for a bureau, or a monthly plan under an annual one',
        body: CreateEnforcementPlan,
        response: { 201: EnforcementPlan, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.get(
    `${base}/:id`,
    {
      config: { access: 'enforcement_plan.read' },
      schema: {
        tags,
        summary: 'A plan with its draws (newest first) and the current draw’s targets and officer pairs',
        params: IdParams,
        response: { 200: EnforcementPlan, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    `${base}/:id/draws`,
    {
      config: { access: 'enforcement_plan.manage' },
      schema: {
        tags,
        summary: 'Draw (双随机) targets and officer pairs for a draft plan; a new seed, every draw kept',
        params: IdParams,
        response: { 201: EnforcementPlan, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.draw(requireActor(request), request.params.id)),
  );

  app.get(
    `${base}/:id/draws/:drawId/verification`,
    {
      config: { access: 'enforcement_plan.read' },
      schema: {
        tags,
        summary: 'Re-run a recorded draw from its stored seed and inputs and compare with its result',
        params: EnforcementDrawParams,
        response: { 200: EnforcementDrawVerification, ...errors },
      },
    },
    (request) => service.verifyDraw(requireActor(request), request.params.id, request.params.drawId),
  );

  app.post(
    `${base}/:id/publish`,
    {
      config: { access: 'enforcement_plan.publish' },
      schema: {
        tags,
        summary: 'Publish the reviewed draw (final): one task per target for its officer pair',
        params: IdParams,
        body: PublishEnforcementPlan,
        response: { 200: EnforcementPlan, ...errors },
      },
    },
    (request) => service.publish(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/enforcement/tasks',
    {
      config: { access: 'inspection.conduct' },
      schema: {
        tags,
        summary: "The caller's enforcement tasks (either officer of the pair)",
        querystring: EnforcementTaskListQuery,
        response: { 200: EnforcementTaskList, ...errors },
      },
    },
    (request) => service.myTasks(requireActor(request), request.query),
  );

  // Public on purpose (一公开): the drawn enterprises and the draw's record, no officer names.
  app.get(
    '/public/enforcement-plans/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A published plan’s random draw, for the public (no sign-in)',
        params: IdParams,
        response: { 200: PublicEnforcementPlan, 404: Problem, 429: Problem },
      },
      onRequest: async (request, reply) => {
        const hit = publicLimiter.hit(request.ip);
        if (!hit.allowed) {
          reply.header('retry-after', String(hit.retryAfterSeconds));
          throw new AppError('request.rate_limited', { retryAfterSeconds: hit.retryAfterSeconds });
        }
      },
    },
    (request) => service.publicPlan(request.params.id),
  );
}
