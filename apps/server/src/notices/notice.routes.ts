import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { IdParams, NoticeList, NoticeListQuery, NoticesMarkedRead, Problem } from '@safegrid/contracts';
import type { DB } from '../platform/db/schema';
import { requireActor } from '../platform/auth/authenticate';
import { createNoticeRepository } from './notice.repository';
import { createNoticeService } from './notice.service';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export async function noticeRoutes(fastify: FastifyInstance, opts: { db: Kysely<DB>; clock: () => Date }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createNoticeService({ notices: createNoticeRepository(opts.db), clock: opts.clock });
  const tags = ['notices'];

  app.get(
    '/notices',
    {
      config: { access: 'notice.read' },
      schema: {
        tags,
        summary: "The caller's notices, newest first, with the number unread",
        querystring: NoticeListQuery,
        response: { 200: NoticeList, ...errors },
      },
    },
    async (request) => service.list(requireActor(request), request.query),
  );

  app.post(
    '/notices/:id/read',
    {
      config: { access: 'notice.read' },
      schema: {
        tags,
        summary: 'Mark one notice read',
        params: IdParams,
        response: { 200: NoticesMarkedRead, ...errors },
      },
    },
    async (request) => service.markRead(requireActor(request), request.params.id),
  );

  app.post(
    '/notices/read-all',
    {
      config: { access: 'notice.read' },
      schema: {
        tags,
        summary: 'Mark every recent notice read',
        response: { 200: NoticesMarkedRead, ...errors },
      },
    },
    async (request) => service.markAllRead(requireActor(request)),
  );
}
