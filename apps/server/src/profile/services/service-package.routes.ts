import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  GenerateServicePackagesBody,
  IdParams,
  Problem,
  ServiceEffect,
  ServiceEffectQuery,
  ServicePackageDetail,
  ServicePackageGeneration,
  ServicePackageList,
  ServicePackageListQuery,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import type { ReferenceNamesCache } from '../../grid/reference/reference-names';
import type { RegulationCatalogue } from '../../enforcement/regulations/regulation-catalogue';
import { loadServiceContent } from './service-content';
import { createServicePackageRepository } from './service-package.repository';
import { createServicePackageService } from './service-package.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export async function servicePackageRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; clock: () => Date; reference: ReferenceNamesCache; catalogue: RegulationCatalogue },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createServicePackageService({
    db: opts.db,
    packages: createServicePackageRepository(opts.db),
    content: loadServiceContent(opts.catalogue),
    catalogue: opts.catalogue,
    reference: opts.reference,
    clock: opts.clock,
  });
  const tags = ['profile'];

  app.post(
    '/profile/service-packages/generate',
    {
      config: { access: 'service.manage' },
      schema: {
        tags,
        summary:
          "Match the content library to every graded enterprise in scope and deliver this month's packages (dryRun: count only)",
        body: GenerateServicePackagesBody,
        response: { 200: ServicePackageGeneration, ...errors },
      },
    },
    async (request) => service.generate(requireActor(request), request.body),
  );

  app.get(
    '/profile/service-packages',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary: 'Safety service packages in scope (an enterprise account: its own), newest first',
        querystring: ServicePackageListQuery,
        response: { 200: ServicePackageList, ...errors },
      },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.get(
    '/profile/service-packages/effect',
    {
      config: { access: 'service.manage' },
      schema: {
        tags,
        summary:
          'Per grade at delivery: packages, acknowledgements, hazards found 90 days before and after, grade changes since',
        querystring: ServiceEffectQuery,
        response: { 200: ServiceEffect, ...errors },
      },
    },
    async (request) => service.effect(requireActor(request), request.query),
  );

  app.get(
    '/profile/service-packages/:id',
    {
      config: { access: 'profile.read' },
      schema: {
        tags,
        summary:
          "A package with each item's content; regulation items carry the article text from the library",
        params: IdParams,
        response: { 200: ServicePackageDetail, ...errors },
      },
    },
    async (request) => service.get(requireActor(request), request.params.id),
  );

  app.post(
    '/profile/service-packages/:id/acknowledge',
    {
      config: { access: 'service.acknowledge' },
      schema: {
        tags,
        summary: 'The enterprise confirms it has read its package (已阅知); idempotent',
        params: IdParams,
        response: { 200: ServicePackageDetail, ...errors },
      },
    },
    async (request) => service.acknowledge(requireActor(request), request.params.id),
  );
}
