import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Article,
  ArticleParams,
  ArticleSearchQuery,
  ArticleSearchResult,
  LawParams,
  MatchFindingRequest,
  MatchFindingResult,
  Problem,
  RegulationDetail,
  RegulationList,
} from '@safegrid/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { createEnterpriseIndustryRepository } from './enterprise-industry.repository';
import type { RegulationLibrary } from './regulation-library';
import { createRegulationService } from './regulation.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem };

export async function regulationRoutes(
  fastify: FastifyInstance,
  opts: { library: RegulationLibrary; db: Kysely<DB> },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createRegulationService({
    library: opts.library,
    enterprises: createEnterpriseIndustryRepository(opts.db),
  });
  const tags = ['regulations'];
  const config = { access: 'regulation.read' as const };

  app.get(
    '/regulations',
    {
      config,
      schema: {
        tags,
        summary: 'The regulation library: each text with its version and verification',
        response: { 200: RegulationList, ...errors },
      },
    },
    (request) => service.list(requireActor(request)),
  );

  // Declared before /regulations/:id so that "search" is never read as a regulation id.
  app.get(
    '/regulations/search',
    {
      config,
      schema: {
        tags,
        summary: 'Full-text search of every article, paragraph and item (Chinese)',
        querystring: ArticleSearchQuery,
        response: { 200: ArticleSearchResult, ...errors },
      },
    },
    (request) => service.search(requireActor(request), request.query),
  );

  app.get(
    '/regulations/:id',
    {
      config,
      schema: {
        tags,
        summary: 'A regulation and its table of contents',
        params: LawParams,
        response: { 200: RegulationDetail, ...errors },
      },
    },
    (request) => service.get(requireActor(request), request.params.id),
  );

  app.get(
    '/regulations/:id/articles/:number',
    {
      config,
      schema: {
        tags,
        summary:
          'An article: paragraphs and items (each addressable), the penalties enforcing it, the obligations it enforces',
        params: ArticleParams,
        response: { 200: Article, ...errors },
      },
    },
    (request) => service.article(requireActor(request), request.params.id, request.params.number),
  );

  app.post(
    '/regulations/match',
    {
      config,
      schema: {
        tags,
        summary:
          'Hazard → clause: the provisions a finding breaches, ranked, with penalty basis and explanation',
        body: MatchFindingRequest,
        response: { 200: MatchFindingResult, ...errors },
      },
    },
    (request) => service.match(requireActor(request), request.body),
  );
}
