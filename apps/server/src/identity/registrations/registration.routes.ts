import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Problem,
  Registration,
  RegistrationDecision,
  RegistrationInput,
  RegistrationList,
} from '@safegrid/contracts';
import { REGISTRATION_STATUSES } from '@safegrid/contracts/values';
import { requireActor } from '../../platform/auth/authenticate';
import { createRegistrationService, type RegistrationServiceDeps } from './registration.service';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  422: Problem,
  429: Problem,
};

export async function registrationRoutes(fastify: FastifyInstance, deps: RegistrationServiceDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createRegistrationService(deps);

  app.post(
    '/auth/registrations',
    {
      config: { access: 'public', rateLimited: true },
      schema: {
        tags: ['identity'],
        summary: 'Enterprise self-registration by credit code, decided by the street officer',
        body: RegistrationInput,
        response: { 202: Registration, ...errors },
      },
    },
    async (request, reply) => {
      const ua = request.headers['user-agent'];
      const created = await service.register(request.body, { ip: request.ip, userAgent: ua ?? null });
      return reply.status(202).send(created);
    },
  );

  app.get(
    '/registrations',
    {
      config: { access: 'registration.review' },
      schema: {
        tags: ['identity'],
        summary: "Registration requests of the officer's streets",
        querystring: Type.Object({ status: Type.Optional(Type.Enum(REGISTRATION_STATUSES)) }),
        response: { 200: RegistrationList, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query.status),
  );

  app.post(
    '/registrations/:id/decision',
    {
      config: { access: 'registration.review' },
      schema: {
        tags: ['identity'],
        summary: 'Approve (creates the enterprise account) or reject a registration',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: RegistrationDecision,
        response: { 200: Registration, ...errors },
      },
    },
    (request) => service.decide(requireActor(request), request.params.id, request.body),
  );
}
