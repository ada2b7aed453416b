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
  SpacePhoto,
  SpacePhotoParams,
  UpdateConfinedSpace,
  UpdateSpaceLimits,
} from '@safegrid/contracts';
import { Type } from 'typebox';
import { readEvidenceUpload } from '../../platform/files/evidence-upload-reader';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { GasLimits } from '../alarms/gas-limits';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createSpaceRepository } from './space.repository';
import { createSpaceService } from './space.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export async function spaceRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; limits: GasLimits; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createSpaceService({
    db: opts.db,
    spaces: createSpaceRepository(opts.db),
    limits: opts.limits,
    clock: opts.clock,
  });
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

  app.put(
    '/confined/spaces/:id/limits',
    {
      config: { access: 'confined.manage' },
      schema: {
        tags,
        summary: "Set the space's own alarm limits (only tighter than the defaults); [] = defaults",
        params: IdParams,
        body: UpdateSpaceLimits,
        response: { 200: ConfinedSpaceDetail, ...errors, 422: Problem },
      },
    },
    (request) => service.updateLimits(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/confined/spaces/:id/photos',
    {
      config: { access: 'confined.manage' },
      schema: {
        tags,
        summary: 'Add a ledger photo (multipart: file, caption); JPEG, PNG or WebP by its bytes',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: SpacePhoto, ...errors, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readEvidenceUpload(request);
      return reply.status(201).send(await service.addPhoto(actor, request.params.id, upload));
    },
  );

  app.get(
    '/confined/spaces/:id/photos/:photoId',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'The bytes of a ledger photo, as received',
        params: SpacePhotoParams,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (request, reply) => {
      const { id, photoId } = request.params;
      const file = await service.photoFile(requireActor(request), id, photoId);
      return sendStoredFile(reply, file, { name: `space-${id}-${photoId}`, originalName: file.fileName });
    },
  );

  app.delete(
    '/confined/spaces/:id/photos/:photoId',
    {
      config: { access: 'confined.manage' },
      schema: {
        tags,
        summary: 'Take a photo out of the ledger (the file stays on record)',
        params: SpacePhotoParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.removePhoto(requireActor(request), request.params.id, request.params.photoId);
      return reply.status(204).send(null);
    },
  );
}
