import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import multipart from '@fastify/multipart';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from './config';
import type { Database } from './platform/db/database';
import { registerProblemHandling } from './platform/http/problem';
import { registerHealthRoute, type HealthCheck } from './platform/http/health';
import { jurisdictionRoutes } from './grid/jurisdiction/jurisdiction.routes';
import { enterpriseRoutes } from './grid/enterprises/enterprise.routes';
import { enterpriseImportRoutes } from './grid/enterprises/import/enterprise-import.routes';
import { mapRoutes } from './grid/map/map.routes';
import { deviceRoutes } from './confined/devices/device.routes';
import { createReferenceNamesCache } from './grid/reference/reference-names';
import { registerAuthentication } from './platform/auth/authenticate';
import { createSessionRepository } from './platform/auth/session.repository';
import { auditRoutes } from './platform/audit/audit.routes';
import { authRoutes } from './identity/auth/auth.routes';
import { createLockout } from './identity/auth/lockout';
import { createUserRepository } from './identity/users/user.repository';
import { userRoutes } from './identity/users/user.routes';
import { registrationRoutes } from './identity/registrations/registration.routes';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { spaceRoutes } from './confined/spaces/space.routes';
import { permitRoutes } from './confined/permits/permit.routes';
import { alarmRoutes } from './confined/alarms/alarm.routes';
import { regulationRoutes } from './enforcement/regulations/regulation.routes';
import { regulationLibrary } from './enforcement/regulations/regulation-library';
import { officialDocumentRoutes } from './enforcement/documents/official-document.routes';
import { inspectionRoutes } from './enforcement/inspections/inspection.routes';
import { enforcementPlanRoutes } from './enforcement/plans/plan.routes';
import { caseRoutes } from './enforcement/cases/case.routes';
import { holidayCalendarRoutes } from './enforcement/calendar/holiday-calendar.routes';
import { enforcementStatisticsRoutes } from './enforcement/statistics/statistics.routes';
import { dispatchRoutes } from './grid/dispatch/dispatch.routes';
import { tipRoutes } from './grid/tips/tip.routes';
import { assessmentRoutes } from './grid/assessment/assessment.routes';
import { profileRoutes } from './profile/profile.routes';
import { noticeRoutes } from './notices/notice.routes';
import { servicePackageRoutes } from './profile/services/service-package.routes';
import { dutyRoutes } from './profile/duty/duty.routes';
import { hazardRoutes } from './grid/hazards/hazard.routes';
import { patrolRoutes } from './grid/patrols/patrol.routes';
import { createLiveFeed, type LiveFeed } from './confined/live/live-feed';
import { loadGasLimits, type GasLimits } from './confined/alarms/gas-limits';

export const VERSION = '0.1.0';

export interface AppDeps {
  config: AppConfig;
  database: Database;
  /** Broker and ingest report here; the database check is always present. */
  healthChecks?: HealthCheck[];
  logger?: boolean | object;
  /** Time source for sessions and lockouts; tests move it forward. */
  clock?: () => Date;
  /** Confined-space runtime shared with the monitor; tests may leave it out (an ephemeral key). */
  confined?: ConfinedRuntime;
}

export interface ConfinedRuntime {
  feed: LiveFeed;
  signingKey: KeyObject;
  limits: GasLimits;
}

export function ephemeralConfinedRuntime(): ConfinedRuntime {
  return {
    feed: createLiveFeed(),
    signingKey: generateKeyPairSync('ed25519').privateKey,
    limits: loadGasLimits(),
  };
}

export type App = FastifyInstance;

/** Builds the HTTP application without listening: tests drive it with inject(). */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const serveWeb = existsSync(config.webDistDir);
  registerProblemHandling(app, { appShell: serveWeb });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'SafeGrid API 安全网格监管平台', version: VERSION },
      tags: [
        { name: 'platform', description: 'Health and platform services' },
        { name: 'grid', description: '网格化监管 — jurisdiction, enterprises' },
        { name: 'confined', description: '有限空间 — devices and telemetry' },
        { name: 'identity', description: 'Sign-in, accounts, registrations, audit trail' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  const clock = deps.clock ?? (() => new Date());
  const { db } = database;
  registerAuthentication(app, { db, clock, authRateLimitPerMinute: config.authRateLimitPerMinute });
  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );

  await app.register(multipart, {
    limits: { fileSize: config.importMaxBytes, files: 1, fields: 5 },
  });

  registerHealthRoute(
    app,
    [
      {
        name: 'database',
        check: async () => ({
          status: (await database.ping()) ? 'up' : 'down',
          detail: { mode: database.mode },
        }),
      },
      ...(deps.healthChecks ?? []),
    ],
    VERSION,
  );

  const reference = createReferenceNamesCache(db);
  const authDeps = {
    db,
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    lockout: createLockout(db),
    reference,
    clock,
  };
  await app.register(authRoutes, { prefix: '/api', ...authDeps });
  await app.register(userRoutes, { prefix: '/api', ...authDeps });
  await app.register(registrationRoutes, { prefix: '/api', ...authDeps });
  await app.register(auditRoutes, { prefix: '/api', db });
  await app.register(jurisdictionRoutes, { prefix: '/api', db, reference });
  await app.register(enterpriseRoutes, { prefix: '/api', db, reference });
  await app.register(enterpriseImportRoutes, { prefix: '/api', db, config });
  await app.register(mapRoutes, { prefix: '/api', db });
  await app.register(dispatchRoutes, { prefix: '/api', db, clock });
  await app.register(tipRoutes, { prefix: '/api', db, clock });
  await app.register(deviceRoutes, { prefix: '/api', db, clock });
  const confined = deps.confined ?? ephemeralConfinedRuntime();
  await app.register(spaceRoutes, { prefix: '/api', db, limits: confined.limits, clock });
  await app.register(permitRoutes, { prefix: '/api', db, ...confined, clock });
  await app.register(alarmRoutes, { prefix: '/api', db, feed: confined.feed, clock });
  await app.register(regulationRoutes, { prefix: '/api', db, library: regulationLibrary() });
  await app.register(officialDocumentRoutes, {
    prefix: '/api',
    db,
    clock,
    publicBaseUrl: config.publicBaseUrl,
  });
  await app.register(inspectionRoutes, {
    prefix: '/api',
    db,
    catalogue: regulationLibrary().catalogue,
    clock,
  });
  await app.register(enforcementPlanRoutes, { prefix: '/api', db, clock });
  await app.register(caseRoutes, {
    prefix: '/api',
    db,
    library: regulationLibrary(),
    clock,
    publicBaseUrl: config.publicBaseUrl,
  });
  await app.register(holidayCalendarRoutes, { prefix: '/api', db, clock });
  await app.register(enforcementStatisticsRoutes, { prefix: '/api', db });
  await app.register(hazardRoutes, { prefix: '/api', db, catalogue: regulationLibrary().catalogue, clock });
  await app.register(assessmentRoutes, { prefix: '/api', db, clock });
  await app.register(profileRoutes, { prefix: '/api', db, clock });
  await app.register(noticeRoutes, { prefix: '/api', db, clock });
  await app.register(servicePackageRoutes, {
    prefix: '/api',
    db,
    clock,
    reference,
    catalogue: regulationLibrary().catalogue,
  });
  await app.register(dutyRoutes, { prefix: '/api', db, clock });
  await app.register(patrolRoutes, {
    prefix: '/api',
    db,
    pool: database.pool,
    reference,
    catalogue: regulationLibrary().catalogue,
    clock,
  });

  if (serveWeb) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false });
  }

  return app;
}
