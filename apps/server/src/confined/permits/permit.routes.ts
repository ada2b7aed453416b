import type { FastifyInstance } from 'fastify';
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CreatePermit,
  GasTestInput,
  IdParams,
  IssuedUnlockToken,
  PermitCommandBody,
  PermitCommandParams,
  PermitDetail,
  PermitListQuery,
  PermitPage,
  Problem,
  UnlockPublicKey,
  UnlockTokenRequest,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import type { GasLimits } from '../alarms/gas-limits';
import type { LiveFeed } from '../live/live-feed';
import { publicKeyPem } from '../locks/unlock-token';
import { PERMIT_CHECKLIST, checklistArticleText, checklistLaw } from './permit-checklist';
import { createPermitRepository } from './permit.repository';
import { createPermitService } from './permit.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

const PermitChecklist = Type.Object({
  law: Type.Object({
    title: Type.String(),
    orderNo: Type.String(),
    effective: Type.String(),
    verification: Type.String(),
  }),
  items: Type.Array(Type.Object({ id: Type.String(), article: Type.String(), articleText: Type.String() })),
});

export async function permitRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; limits: GasLimits; signingKey: KeyObject; feed: LiveFeed; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createPermitService({ ...opts, permits: createPermitRepository(opts.db) });
  const tags = ['confined'];
  const publicKey = { algorithm: 'Ed25519' as const, publicKeyPem: publicKeyPem(opts.signingKey) };
  const checklist = {
    law: checklistLaw(),
    items: PERMIT_CHECKLIST.map((item) => ({
      id: item.id,
      article: item.article,
      articleText: checklistArticleText(item.id) ?? '',
    })),
  };

  app.get(
    '/confined/permit-checklist',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'The risk-identification checklist with the articles of 令第13号 it rests on',
        response: { 200: PermitChecklist, ...errors },
      },
    },
    async () => checklist,
  );

  app.get(
    '/confined/unlock-public-key',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'The public key locks verify unlock tokens with (provisioned into each lock)',
        response: { 200: UnlockPublicKey, ...errors },
      },
    },
    async () => publicKey,
  );

  app.get(
    '/confined/permits',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'Work permits in scope, newest first; live=true for the city monitor',
        querystring: PermitListQuery,
        response: { 200: PermitPage, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/confined/permits/:id',
    {
      config: { access: 'confined.read' },
      schema: {
        tags,
        summary: 'A permit with its gas tests, timeline and devices',
        params: IdParams,
        response: { 200: PermitDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/confined/permits',
    {
      config: { access: 'permit.apply' },
      schema: {
        tags,
        summary: 'Apply for confined-space work (a draft)',
        body: CreatePermit,
        response: { 201: PermitDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.create(requireActor(request), request.body)),
  );

  app.post(
    '/confined/permits/:id/gas-tests',
    {
      config: { access: 'permit.apply' },
      schema: {
        tags,
        summary: "Record a gas test: a linked detector's live reading, or a manual measurement",
        params: IdParams,
        body: GasTestInput,
        response: { 201: PermitDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.recordGasTest(requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/confined/permits/:id/unlock-tokens',
    {
      config: { access: 'permit.apply' },
      schema: {
        tags,
        summary:
          'Sign a short-lived unlock token for a lock of the space (approved, tested, inside the window)',
        params: IdParams,
        body: UnlockTokenRequest,
        response: { 201: IssuedUnlockToken, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.issueUnlockToken(requireActor(request), request.params.id, request.body.lockId)),
  );

  const commandSchema = (summary: string) => ({
    tags,
    summary,
    body: PermitCommandBody,
    response: { 200: PermitDetail, ...errors },
  });
  for (const decision of ['approve', 'return'] as const) {
    app.post(
      `/confined/permits/:id/${decision}`,
      {
        config: { access: 'permit.approve' },
        schema: {
          ...commandSchema(
            decision === 'approve'
              ? 'Approve the work (作业审批)'
              : 'Send the application back to draft with a reason',
          ),
          params: IdParams,
        },
      },
      (request) => service.command(requireActor(request), request.params.id, decision, request.body),
    );
  }

  app.post(
    '/confined/permits/:id/:command',
    {
      config: { access: 'permit.apply' },
      schema: {
        ...commandSchema('Move a permit on: submit, cancel, resume, complete'),
        params: PermitCommandParams,
      },
    },
    (request) =>
      service.command(requireActor(request), request.params.id, request.params.command, request.body),
  );
}
