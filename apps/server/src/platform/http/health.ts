import type { FastifyInstance } from 'fastify';
import { Health } from '@safegrid/contracts';

export interface ComponentStatus {
  status: 'up' | 'down' | 'degraded';
  detail?: Record<string, unknown>;
}

/** Anything the process depends on reports itself through one of these (database, broker, ingest). */
export interface HealthCheck {
  name: string;
  check(): Promise<ComponentStatus> | ComponentStatus;
}

const startedAt = Date.now();

export function registerHealthRoute(app: FastifyInstance, checks: HealthCheck[], version: string): void {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and the state of the database, broker and device ingest',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const components: Record<string, ComponentStatus> = {};
      await Promise.all(
        checks.map(async (c) => {
          try {
            components[c.name] = await c.check();
          } catch (error) {
            components[c.name] = { status: 'down', detail: { error: (error as Error).message } };
          }
        }),
      );
      const states = Object.values(components).map((c) => c.status);
      const status = states.includes('down') ? 'down' : states.includes('degraded') ? 'degraded' : 'up';
      return reply.status(status === 'down' ? 503 : 200).send({
        status,
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        components,
      });
    },
  );
}
