import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DispatchEventDetail,
  DispatchEventList,
  DispatchListQuery,
  IdParams,
  Problem,
  ReportDispatchEvent,
  TakeDispatchStep,
  TipPhotoParams,
} from '@safegrid/contracts';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { dispatchData, type DispatchData } from './dispatch-data';
import { createDispatchRepository } from './dispatch.repository';
import { createDispatchService } from './dispatch.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function dispatchRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; clock: () => Date; data?: DispatchData },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createDispatchService({
    db: opts.db,
    events: createDispatchRepository(opts.db),
    data: opts.data ?? dispatchData(),
    clock: opts.clock,
  });
  const tags = ['grid'];
  const base = '/grid/dispatch/events';

  app.get(
    base,
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags,
        summary: 'Dispatch events in scope, newest first (keyset pages)',
        querystring: DispatchListQuery,
        response: { 200: DispatchEventList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    `${base}/:id`,
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags,
        summary: 'A dispatch event with its full timeline, 督办 items and the steps the caller may take',
        params: IdParams,
        response: { 200: DispatchEventDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.get(
    `${base}/:id/tip-photos/:seq`,
    {
      config: { access: 'dispatch.read' },
      schema: {
        tags,
        summary: 'A photo the public sent with the tip behind this event (1…photoCount), as received',
        params: TipPhotoParams,
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (request, reply) => {
      const { id, seq } = request.params;
      const photo = await service.tipPhoto(requireActor(request), id, seq);
      return sendStoredFile(reply, {
        mediaType: photo.media_type,
        sha256: photo.sha256,
        content: photo.content,
      });
    },
  );

  app.post(
    base,
    {
      config: { access: 'dispatch.report' },
      schema: {
        tags,
        summary: "Report an event found on patrol, or pass down a superior's instruction",
        body: ReportDispatchEvent,
        response: { 201: DispatchEventDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.report(requireActor(request), request.body)),
  );

  app.post(
    `${base}/:id/steps`,
    {
      config: { access: 'dispatch.handle' },
      schema: {
        tags,
        summary: 'Take a step: triage, dispatch, accept, feed back, verify or return, evaluate',
        params: IdParams,
        body: TakeDispatchStep,
        response: { 200: DispatchEventDetail, ...errors },
      },
    },
    (request) => service.step(requireActor(request), request.params.id, request.body),
  );
}
