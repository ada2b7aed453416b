import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Alarm,
  AlarmHazardRequest,
  AlarmHazardResult,
  AlarmListQuery,
  AlarmPage,
  IdParams,
  Problem,
  ResolveAlarm,
} from '@safegrid/contracts';
import type { DB } from '../../platform/db/schema';
import { requireActor } from '../../platform/auth/authenticate';
import { placeInScope, type LiveFeed } from '../live/live-feed';
import { createAlarmRepository } from './alarm.repository';
import { createAlarmService } from './alarm.service';
import { createDispatchRepository } from '../../grid/dispatch/dispatch.repository';
import { loadDispatchData } from '../../grid/dispatch/dispatch-data';
import { createHazardRepository } from '../../grid/hazards/hazard.repository';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { createAlarmHazardService } from './alarm-hazard';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
/** Comment lines keep proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/**
 * A stream is authorised once, when it opens; ending it every few minutes makes the browser
 * reconnect through the session check, so a revoked or expired session stops receiving soon.
 */
const STREAM_MAX_MS = 5 * 60_000;

export async function alarmRoutes(
  fastify: FastifyInstance,
  opts: { db: Kysely<DB>; feed: LiveFeed; clock: () => Date },
) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = createAlarmService({
    ...opts,
    alarms: createAlarmRepository(opts.db),
    dispatch: { events: createDispatchRepository(opts.db), data: loadDispatchData() },
  });
  const hazardService = createAlarmHazardService({
    ...opts,
    alarms: createAlarmRepository(opts.db),
    hazards: createHazardRepository(opts.db),
    catalogue: regulationLibrary().catalogue,
  });
  const tags = ['confined'];
  // Open streams never go idle, so the server's close would wait for them: end them first.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  app.get(
    '/confined/alarms',
    {
      config: { access: 'alarm.read' },
      schema: {
        tags,
        summary: 'Alarms in scope, newest first',
        querystring: AlarmListQuery,
        response: { 200: AlarmPage, ...errors },
      },
    },
    (request) => service.list(requireActor(request), request.query),
  );

  app.post(
    '/confined/alarms/:id/acknowledge',
    {
      config: { access: 'alarm.handle' },
      schema: {
        tags,
        summary: 'Acknowledge an alarm (stops its escalation clock)',
        params: IdParams,
        response: { 200: Alarm, ...errors },
      },
    },
    (request) => service.acknowledge(requireActor(request), request.params.id),
  );

  app.post(
    '/confined/alarms/:id/resolve',
    {
      config: { access: 'alarm.handle' },
      schema: {
        tags,
        summary: 'Resolve an alarm with a reason',
        params: IdParams,
        body: ResolveAlarm,
        response: { 200: Alarm, ...errors },
      },
    },
    (request) => service.resolve(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/confined/alarms/:id/hazard',
    {
      config: { access: 'alarm.report_hazard' },
      schema: {
        tags,
        summary: 'Turn an alarm into a hazard, with its readings as evidence (once: 409 names the hazard)',
        params: IdParams,
        body: AlarmHazardRequest,
        response: { 201: AlarmHazardResult, ...errors, 422: Problem },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await hazardService.reportHazard(requireActor(request), request.params.id, request.body ?? {})),
  );

  app.get(
    '/confined/alarms/stream',
    {
      config: { access: 'alarm.read' },
      schema: { tags, summary: 'Server-sent events: `alarm` and `permit` changes in scope' },
    },
    (request, reply) => {
      const actor = requireActor(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-request-id': request.id,
      });
      res.write('retry: 2000\n\n');
      const unsubscribe = opts.feed.subscribe((event) => {
        if (!placeInScope(event.place, actor.scope)) return;
        const data = event.type === 'alarm' ? event.alarm : event.permit;
        res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const lifetime = setTimeout(() => end(), STREAM_MAX_MS);
      const close = () => {
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        unsubscribe();
        streams.delete(end);
      };
      const end = () => {
        close();
        res.end();
      };
      streams.add(end);
      request.raw.on('close', close);
      res.on('error', close);
    },
  );
}
