import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  IdParams,
  IssueOfficialDocument,
  OfficialDocumentIssued,
  OfficialDocumentVerification,
  Problem,
  VerificationCodeParams,
} from '@safegrid/contracts';
import { sendStoredFile } from '../../platform/files/send-stored-file';
import type { DB } from '../../platform/db/schema';
import { AppError } from '../../errors';
import { requireActor } from '../../platform/auth/authenticate';
import { createRateLimiter } from '../../platform/http/rate-limit';
import { cjkFontProvider, type CjkFont } from './cjk-font';
import { createOfficialDocumentRepository } from './official-document.repository';
import { createOfficialDocumentService } from './official-document.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 503: Problem };

export interface OfficialDocumentRouteOptions {
  db: Kysely<DB>;
  clock: () => Date;
  /** Defaults to the process-wide font from SAFEGRID_CJK_FONT / fonts-noto-cjk. */
  font?: () => CjkFont;
  publicBaseUrl?: string;
  /** Public verification calls per minute and client address. */
  verifyRateLimitPerMinute?: number;
}

export async function officialDocumentRoutes(fastify: FastifyInstance, opts: OfficialDocumentRouteOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createOfficialDocumentService({
    db: opts.db,
    documents: createOfficialDocumentRepository(opts.db),
    font: opts.font ?? cjkFontProvider(),
    clock: opts.clock,
    publicBaseUrl: opts.publicBaseUrl,
  });
  const tags = ['enforcement'];
  const verifyLimiter = createRateLimiter({
    limit: opts.verifyRateLimitPerMinute ?? 60,
    windowMs: 60_000,
    clock: () => opts.clock().getTime(),
  });

  app.post(
    '/enforcement/documents',
    {
      config: { access: 'document.issue' },
      schema: {
        tags,
        summary: 'Issue an official enforcement document (number, PDF, archive, audit in one transaction)',
        body: IssueOfficialDocument,
        response: { 201: OfficialDocumentIssued, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.issue(requireActor(request), request.body)),
  );

  app.get(
    '/enforcement/documents/:id/pdf',
    {
      config: { access: 'document.read' },
      schema: {
        tags,
        summary: 'The archived PDF of an issued document, byte for byte',
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { number, pdf, sha256 } = await service.pdf(requireActor(request), request.params.id);
      return sendStoredFile(
        reply,
        { mediaType: 'application/pdf', sha256, content: pdf },
        { name: `document-${request.params.id}`, originalName: `${number}.pdf` },
      );
    },
  );

  // Public on purpose: whoever holds a printed document can check it. The answer names the
  // document (number, type, date, agency, digest) and nothing of its content.
  app.get(
    '/documents/verify/:code',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Verify a printed document by its verification code (no sign-in)',
        params: VerificationCodeParams,
        response: { 200: OfficialDocumentVerification, 404: Problem, 429: Problem },
      },
      onRequest: async (request, reply) => {
        const hit = verifyLimiter.hit(request.ip);
        if (!hit.allowed) {
          reply.header('retry-after', String(hit.retryAfterSeconds));
          throw new AppError('request.rate_limited', { retryAfterSeconds: hit.retryAfterSeconds });
        }
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return service.verify(request.params.code);
    },
  );
}
