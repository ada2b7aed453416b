import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, Problem } from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';

let app: App;
let cleanup: () => Promise<void>;
let brokerUp = true;

beforeAll(async () => {
  const t = await openTestDatabase('http');
  cleanup = t.cleanup;
  app = await buildApp({
    config: testConfig(),
    database: t.database,
    logger: false,
    healthChecks: [{ name: 'broker', check: () => ({ status: brokerUp ? 'up' : 'down' }) }],
  });
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

describe('HTTP platform', () => {
  it('reports database and broker state in health, and 503 when a component is down', async () => {
    const up = await app.inject({ url: '/api/health' });
    expect(up.statusCode).toBe(200);
    expect(up.json<Health>().components).toMatchObject({
      database: { status: 'up' },
      broker: { status: 'up' },
    });
    brokerUp = false;
    const down = await app.inject({ url: '/api/health' });
    brokerUp = true;
    expect(down.statusCode).toBe(503);
    expect(down.json<Health>().status).toBe('down');
  });

  it('publishes an OpenAPI document listing the endpoints, and interactive docs', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/enterprises',
        '/api/enterprises/{id}',
        '/api/jurisdictions/tree',
        '/api/health',
      ]),
    );
    const docs = await app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers malformed JSON with a 400 problem, never a stack trace', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json<Problem>();
    expect(problem.code).toBe('request.invalid');
    expect(JSON.stringify(problem)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an oversized body with 413 and an unknown media type with 415', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    const xml = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json<Problem>().code).toBe('request.unsupported_media_type');
  });

  it('echoes a well-formed request id and makes one up otherwise', async () => {
    const given = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await app.inject({ url: '/api/health', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
