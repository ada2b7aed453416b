import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DecideObjectionBody,
  FileObjectionBody,
  GradeObjection,
  IdParams,
  ObjectionEvidence,
  ObjectionEvidenceParams,
  ObjectionList,
  ObjectionListQuery,
  Problem,
} from '@safegrid/contracts';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { readEvidenceUpload } from '../../platform/files/evidence-upload-reader';
import type { GradingModels } from '../models/grading-models';
import { createObjectionRepository } from './objection.repository';
import { createObjectionService } from './objection.service';

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

export function registerObjectionRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; models: GradingModels; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createObjectionService({
    db: opts.db,
    objections: createObjectionRepository(opts.db),
    models: opts.models,
    clock: opts.clock,
  });
  const tags = ['profile'];

  app.post(
    '/profile/enterprises/:id/objections',
    {
      config: { access: 'profile.object' },
      schema: {
        tags,
        summary: 'Object to one input of the enterprise’s grade (the enterprise’s own account)',
        params: IdParams,
        body: FileObjectionBody,
        response: { 201: GradeObjection, ...errors },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return service.file(requireActor(request), request.params.id, request.body);
    },
  );

  app.get(
    '/profile/objections',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'Objections in scope, newest first (keyset pages)',
        querystring: ObjectionListQuery,
        response: { 200: ObjectionList, ...errors },
      },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/profile/objections/:id',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'One objection with its evidence',
        params: IdParams,
        response: { 200: GradeObjection, ...errors },
      },
    },
    async (request) => service.read(requireActor(request), request.params.id),
  );

  app.post(
    '/profile/objections/:id/evidence',
    {
      config: { access: 'profile.object' },
      schema: {
        tags,
        summary: 'Add evidence to a pending objection (multipart: file; an image or a PDF)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: ObjectionEvidence, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const upload = await readEvidenceUpload(request);
      reply.code(201);
      return service.addEvidence(actor, request.params.id, upload);
    },
  );

  app.get(
    '/profile/objections/:id/evidence/:evidenceId',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'The bytes of one evidence file, as received',
        params: ObjectionEvidenceParams,
        produces: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'],
      },
    },
    async (request, reply) => {
      const { id, evidenceId } = request.params;
      const file = await service.evidenceFile(requireActor(request), id, evidenceId);
      return sendStoredFile(
        reply,
        { mediaType: file.media_type, sha256: file.sha256, content: file.content },
        { name: `objection-${id}-${evidenceId}`, originalName: file.file_name },
      );
    },
  );

  app.post(
    '/profile/objections/:id/decision',
    {
      config: { access: 'profile.review' },
      schema: {
        tags,
        summary:
          'Accept (the claimed value stands and the grade is recomputed at once) or reject an objection',
        params: IdParams,
        body: DecideObjectionBody,
        response: { 200: GradeObjection, ...errors },
      },
    },
    async (request) => service.decide(requireActor(request), request.params.id, request.body),
  );
}
