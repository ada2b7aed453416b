import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Hazard,
  HazardEvidenceFileParams,
  HazardList,
  HazardListQuery,
  HazardPhotoParams,
  HazardPhotoWriteResult,
  HazardTransitionRequest,
  HazardWriteResult,
  IdParams,
  Problem,
  ReportHazard,
} from '@safegrid/contracts';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { readEvidenceUpload } from '../../platform/files/evidence-upload-reader';
import { createHazardRepository } from './hazard.repository';
import { createHazardService } from './hazard.service';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  413: Problem,
  415: Problem,
  422: Problem,
};

export async function hazardRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; catalogue: RegulationCatalogue; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createHazardService({
    db: opts.db,
    hazards: createHazardRepository(opts.db),
    catalogue: opts.catalogue,
    clock: opts.clock,
  });
  const tags = ['grid'];
  const base = '/grid/hazards';

  app.post(
    base,
    {
      config: { access: 'hazard.report' },
      schema: {
        tags,
        summary: 'Report a hazard (201; a replayed clientId answers 200 with replayed: true)',
        body: ReportHazard,
        response: { 200: HazardWriteResult, 201: HazardWriteResult, ...errors },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.report(requireActor(request), request.body);
      return reply.status(created ? 201 : 200).send(result);
    },
  );

  app.get(
    base,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: 'Hazards in scope, newest first (keyset pagination by `after`)',
        querystring: HazardListQuery,
        response: { 200: HazardList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    `${base}/:id`,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: 'A hazard with its photos, transitions and the events the caller may take',
        params: IdParams,
        response: { 200: Hazard, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  // The event decides which action is needed (rectify, verify, supervise): the service checks it.
  app.post(
    `${base}/:id/transitions`,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: 'Take one step of the lifecycle (idempotent by clientId; stale version → 409)',
        params: IdParams,
        body: HazardTransitionRequest,
        response: { 200: HazardWriteResult, ...errors },
      },
    },
    (request) => service.transition(requireActor(request), request.params.id, request.body),
  );

  app.post(
    `${base}/:id/photos`,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary:
          'Add a photo (multipart: file, capturedAt, stage, clientId); 201, or 200 when the clientId is replayed',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: HazardPhotoWriteResult, 201: HazardPhotoWriteResult, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readEvidenceUpload(request);
      const { created, ...result } = await service.addPhoto(actor, request.params.id, upload);
      return reply.status(created ? 201 : 200).send(result);
    },
  );

  app.get(
    `${base}/:id/photos/:photoId`,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: 'The bytes of a hazard photo, as received',
        params: HazardPhotoParams,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (request, reply) => {
      const { id, photoId } = request.params;
      const file = await service.photoFile(requireActor(request), id, photoId);
      return sendStoredFile(reply, file, { name: `hazard-${id}-${photoId}`, originalName: file.fileName });
    },
  );

  app.get(
    `${base}/:id/evidence/:fileId`,
    {
      config: { access: 'hazard.read' },
      schema: {
        tags,
        summary: "The bytes of an evidence file kept with the hazard (an alarm's readings), as stored",
        params: HazardEvidenceFileParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const file = await service.evidenceFile(requireActor(request), id, fileId);
      // The stored name is ours (ASCII), so it needs no RFC 6266 encoding; CSV is no evidence
      // media type, hence the header here rather than sendStoredFile's naming.
      reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
      return sendStoredFile(reply, { ...file, mediaType: `${file.mediaType}; charset=utf-8` });
    },
  );
}
