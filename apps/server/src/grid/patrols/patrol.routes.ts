import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CheckIn,
  Checklist,
  CreateAdHocTask,
  GeneratePatrolTasks,
  IdParams,
  MyTasks,
  MyTasksQuery,
  PatrolGenerationResult,
  PatrolTask,
  PatrolTaskList,
  PatrolTaskListQuery,
  PatrolTaskWriteResult,
  Problem,
  ReassignTask,
  SubmitChecklist,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import type { ReferenceNamesCache } from '../reference/reference-names';
import { createChecklistLibrary } from '../../platform/checklists/checklist-library';
import { loadPatrolFrequency } from './patrol-frequency';
import { createPatrolRepository } from './patrol.repository';
import { createPatrolService } from './patrol.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function patrolRoutes(
  fastify: FastifyInstance,
  opts: {
    db: Kysely<DB>;
    /** For the named prepared statement of my-tasks; without it the query runs through Kysely. */
    pool?: pg.Pool;
    reference: ReferenceNamesCache;
    catalogue: RegulationCatalogue;
    clock: () => Date;
  },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createPatrolService({
    db: opts.db,
    patrols: createPatrolRepository(opts.db, opts.pool),
    reference: opts.reference,
    checklists: createChecklistLibrary(opts.catalogue),
    frequency: loadPatrolFrequency(),
    clock: opts.clock,
  });
  const tags = ['grid'];
  const base = '/grid/patrols';

  app.post(
    `${base}/generate`,
    {
      config: { access: 'patrol.plan' },
      schema: {
        tags,
        summary: "Generate the month's planned tasks for the caller's jurisdiction (idempotent)",
        body: GeneratePatrolTasks,
        response: { 200: PatrolGenerationResult, ...errors },
      },
    },
    (request) => service.generate(requireActor(request), request.body),
  );

  app.get(
    `${base}/tasks`,
    {
      config: { access: 'patrol.read' },
      schema: {
        tags,
        summary: 'Patrol tasks in scope, by id (keyset: pass `next` as `after`)',
        querystring: PatrolTaskListQuery,
        response: { 200: PatrolTaskList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.post(
    `${base}/tasks`,
    {
      config: { access: 'patrol.plan' },
      schema: {
        tags,
        summary: 'Add an ad-hoc task for an inspector in charge of the enterprise’s grid',
        body: CreateAdHocTask,
        response: { 201: PatrolTask, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createAdHoc(requireActor(request), request.body)),
  );

  // Before /tasks/:id, so that "my-tasks" is its own path.
  app.get(
    `${base}/my-tasks`,
    {
      config: { access: 'patrol.conduct' },
      schema: {
        tags,
        summary: "The caller's open tasks due in the range (overdue included), in visiting order",
        querystring: MyTasksQuery,
        response: { 200: MyTasks, ...errors },
      },
    },
    (request) => service.myTasks(requireActor(request), request.query),
  );

  app.get(
    `${base}/tasks/:id`,
    {
      config: { access: 'patrol.read' },
      schema: { tags, summary: 'A patrol task', params: IdParams, response: { 200: PatrolTask, ...errors } },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.patch(
    `${base}/tasks/:id`,
    {
      config: { access: 'patrol.plan' },
      schema: {
        tags,
        summary: 'Reassign an open task to another inspector in charge of its grid',
        params: IdParams,
        body: ReassignTask,
        response: { 200: PatrolTask, ...errors },
      },
    },
    (request) => service.reassign(requireActor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/tasks/:id/check-in`,
    {
      config: { access: 'patrol.conduct' },
      schema: {
        tags,
        summary: 'GPS check-in at the enterprise (own task; idempotent by clientId)',
        params: IdParams,
        body: CheckIn,
        response: { 200: PatrolTaskWriteResult, ...errors },
      },
    },
    (request) => service.checkIn(requireActor(request), request.params.id, request.body),
  );

  app.get(
    `${base}/tasks/:id/checklist`,
    {
      config: { access: 'patrol.read' },
      schema: {
        tags,
        summary: "The check-list for the task's enterprise, with the 令第10号 items for its category",
        params: IdParams,
        response: { 200: Checklist, ...errors },
      },
    },
    (request) => service.checklist(requireActor(request), request.params.id),
  );

  app.post(
    `${base}/tasks/:id/checklist`,
    {
      config: { access: 'patrol.conduct' },
      schema: {
        tags,
        summary: 'Submit the answered check-list (own task, after check-in; idempotent by clientId)',
        params: IdParams,
        body: SubmitChecklist,
        response: { 200: PatrolTaskWriteResult, ...errors },
      },
    },
    (request) => service.submitChecklist(requireActor(request), request.params.id, request.body),
  );
}
