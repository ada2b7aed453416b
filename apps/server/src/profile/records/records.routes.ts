import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  IdParams,
  Problem,
  ProfileImportBody,
  ProfileImportResult,
  RiskTagsDeclaration,
  RiskTagsState,
  SafetyManagementDeclaration,
  SafetyManagementState,
} from '@safegrid/contracts';
import { PROFILE_IMPORT_LIMITS } from '@safegrid/contracts/values';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createRecordsRepository } from './records.repository';
import { createRecordsService } from './records.service';

const errors = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  413: Problem,
  422: Problem,
};

/** Imported records (officers) and the enterprise's own declarations, under /api/profile/. */
export function registerRecordRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB>; clock: () => Date }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createRecordsService({
    db: opts.db,
    records: createRecordsRepository(),
    clock: opts.clock,
  });
  const tags = ['profile'];

  app.post(
    '/profile/imports',
    {
      config: { access: 'profile.record' },
      bodyLimit: PROFILE_IMPORT_LIMITS.bodyBytes,
      schema: {
        tags,
        summary:
          'Import accidents, credit records, penalties or drills other systems hold (≤ 5,000, all or nothing; dryRun checks only)',
        body: ProfileImportBody,
        response: { 200: ProfileImportResult, ...errors },
      },
    },
    async (request) => service.importRecords(requireActor(request), request.body),
  );

  app.put(
    '/profile/enterprises/:id/safety-management',
    {
      config: { access: 'profile.declare' },
      schema: {
        tags,
        summary: 'The enterprise declares its safety management (its own account; replaces what is recorded)',
        params: IdParams,
        body: SafetyManagementDeclaration,
        response: { 200: SafetyManagementState, ...errors },
      },
    },
    async (request) =>
      service.declareSafetyManagement(requireActor(request), request.params.id, request.body),
  );

  app.put(
    '/profile/enterprises/:id/risk-tags',
    {
      config: { access: 'profile.declare' },
      schema: {
        tags,
        summary:
          'The enterprise declares its inherent risks; tags recorded by other sources stay and are reported',
        params: IdParams,
        body: RiskTagsDeclaration,
        response: { 200: RiskTagsState, ...errors },
      },
    },
    async (request) => service.declareRiskTags(requireActor(request), request.params.id, request.body),
  );
}
