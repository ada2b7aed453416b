import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem, TelemetryReading, TelemetrySeries } from '@safegrid/contracts';
import { Type } from 'typebox';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createDeviceRepository } from './device.repository';
import { createDeviceService } from './device.service';
import { DeviceCredentials, DeviceDetail, DeviceIdParams } from './device.schemas';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export async function deviceRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB>; clock: () => Date }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createDeviceService({ db: opts.db, devices: createDeviceRepository(opts.db) });

  app.get(
    '/devices/:id',
    {
      config: { access: 'device.read' },
      schema: {
        tags: ['confined'],
        summary: 'A registered device (gas detector or smart lock) with its online state',
        params: DeviceIdParams,
        response: { 200: DeviceDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/devices/:id/credentials',
    {
      config: { access: 'device.manage' },
      schema: {
        tags: ['confined'],
        summary: "Issue the device's broker credentials (shown once; the previous secret stops working)",
        params: DeviceIdParams,
        response: { 201: DeviceCredentials, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.issueCredentials(requireActor(request), request.params.id)),
  );

  app.get(
    '/devices/:id/telemetry/latest',
    {
      config: { access: 'device.read' },
      schema: {
        tags: ['confined'],
        summary: "A gas detector's latest reading by its own measurement time",
        params: DeviceIdParams,
        response: { 200: TelemetryReading, ...errors },
      },
    },
    (request) => service.latestReading(requireActor(request), request.params.id),
  );

  app.get(
    '/devices/:id/telemetry',
    {
      config: { access: 'device.read' },
      schema: {
        tags: ['confined'],
        summary: "A gas detector's readings over the last minutes (downsampled beyond two hours)",
        params: DeviceIdParams,
        querystring: Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })) }),
        response: { 200: TelemetrySeries, ...errors },
      },
    },
    (request) =>
      service.series(requireActor(request), request.params.id, request.query.minutes ?? 60, opts.clock()),
  );
}
