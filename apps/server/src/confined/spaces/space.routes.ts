import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ConfinedSpaceDetail,
  ConfinedSpacePage,
  CreateConfinedSpace,
  IdParams,
  Problem,
  SpaceListQuery,
  UpdateConfinedSpace,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createSpaceRepository } from './space.repository';
import { createSpaceService } from './space.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function spaceRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB> }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createSpaceService({ db: opts.db, spaces: createSpaceRepository(opts.db) });
  const tags = ['confined'];

  app.get(
    '/confined/spaces',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'Confined-space ledger in scope',
        querystring: SpaceListQuery,
        response: { 200: ConfinedSpacePage, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/confined/spaces/:id',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'One confined space with its devices',
        params: IdParams,
        response: { 200: ConfinedSpaceDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/confined/spaces',
    {
      config: { access: 'confined.manage' },
      schema: {
        tags,
        summary: "Add a space to the enterprise's ledger",
        body: CreateConfinedSpace,
        response: { 201: ConfinedSpaceDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.patch(
    '/confined/spaces/:id',
    {
      config: { access: 'confined.manage' },
      schema: {
        tags,
        summary: 'Change a ledger entry',
        params: IdParams,
        body: UpdateConfinedSpace,
        response: { 200: ConfinedSpaceDetail, ...errors },
      },
    },
    (request) => service.update(requireActor(request), request.params.id, request.body),
  );
}
