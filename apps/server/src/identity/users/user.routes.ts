import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  PasswordResetInput,
  Problem,
  UserInput,
  UserPage,
  UserPatch,
  UserSearchQuery,
  UserSummary,
} from '@safegrid/contracts';
import { requireActor } from '../../platform/auth/authenticate';
import { createUserService, type UserServiceDeps } from './user.service';

const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function userRoutes(fastify: FastifyInstance, deps: UserServiceDeps) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createUserService(deps);

  app.get(
    '/users',
    {
      config: { access: 'user.read' },
      schema: {
        tags: ['identity'],
        summary: 'Users, filtered by name and role',
        querystring: UserSearchQuery,
        response: { 200: UserPage, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/users/:id',
    {
      config: { access: 'user.read' },
      schema: {
        tags: ['identity'],
        summary: 'One user',
        params: IdParams,
        response: { 200: UserSummary, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/users',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Create a user with a role and scopes',
        body: UserInput,
        response: { 201: UserSummary, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Rename, re-scope, change role, disable or enable a user',
        params: IdParams,
        body: UserPatch,
        response: { 200: UserSummary, ...errors },
      },
    },
    (request) => service.update(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/users/:id/password-reset',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['identity'],
        summary: "Set a user's password (ends their sessions)",
        params: IdParams,
        body: PasswordResetInput,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resetPassword(requireActor(request), request.params.id, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/mfa-reset',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['identity'],
        summary: "Remove a user's second factor (lost authenticator); they enrol again at sign-in",
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.resetSecondFactor(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      config: { access: 'user.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Lift a sign-in lockout',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.unlock(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
