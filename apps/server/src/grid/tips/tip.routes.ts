import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem, TipReceipt, TipStatus, TrackingCodeParams } from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { AppError } from '../../errors';
import { createRateLimiter } from '../../platform/http/rate-limit';
import { dispatchData, type DispatchData } from '../dispatch/dispatch-data';
import { createDispatchRepository } from '../dispatch/dispatch.repository';
import { createGridLocator } from './tip-grid-locator';
import { readTipUpload } from './tip-upload-reader';
import { createTipRepository } from './tip.repository';
import { createTipService } from './tip.service';

/**
 * Public on purpose (no session): anyone reports a safety problem, and follows it by its code.
 * Neither route has a service-level authorize; the abuse limits stand in for it.
 */
export async function tipRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; clock: () => Date; data?: DispatchData },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createTipService({
    db: opts.db,
    tips: createTipRepository(opts.db),
    events: createDispatchRepository(opts.db),
    locator: createGridLocator(opts.db),
    data: opts.data ?? dispatchData(),
    clock: opts.clock,
  });
  // Reading a status writes nothing and the code is unguessable, so a per-process brake against
  // scripted probing is enough here; the submission's limit is the one counted in the database.
  const statusLimiter = createRateLimiter({ limit: 60, windowMs: 60_000 });
  const tags = ['grid'];

  app.post(
    '/public/tips',
    {
      config: { access: 'public' },
      // JSON tips carry text only; photos come as multipart, whose limits the reader sets.
      bodyLimit: 64 * 1024,
      schema: {
        tags,
        summary:
          'Report a safety problem (no sign-in): JSON or multipart with up to 3 `photo` parts; answers a tracking code',
        consumes: ['application/json', 'multipart/form-data'],
        response: {
          200: TipReceipt,
          201: TipReceipt,
          400: Problem,
          409: Problem,
          413: Problem,
          415: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request, reply) => {
      const upload = await readTipUpload(request);
      const result = await service.submit(upload, { ip: request.ip }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'request.rate_limited') {
          reply.header('retry-after', String(error.params.retryAfterSeconds));
        }
        throw error;
      });
      reply.header('cache-control', 'no-store');
      return reply.status(result.replayed ? 200 : 201).send({ trackingCode: result.trackingCode });
    },
  );

  app.get(
    '/public/tips/:trackingCode',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "A tip's status and the times of its steps, by its tracking code (no sign-in)",
        params: TrackingCodeParams,
        response: { 200: TipStatus, 400: Problem, 404: Problem, 429: Problem },
      },
      onRequest: async (request, reply) => {
        const hit = statusLimiter.hit(request.ip);
        if (!hit.allowed) {
          reply.header('retry-after', String(hit.retryAfterSeconds));
          throw new AppError('request.rate_limited', { retryAfterSeconds: hit.retryAfterSeconds });
        }
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.status(request.params.trackingCode);
    },
  );
}
