import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DispatchEventDetail, Problem, TipReceipt, TipStatus } from '@safegrid/contracts';
import { EVIDENCE_MAX_BYTES, TIP_LIMITS } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';

/**
 * Public tips end to end, without a session: a tip lands as an event of the grid holding its
 * point, a retry returns the same code and writes nothing, a flood from one address is told when
 * to come back, and the public status shows no personal data.
 */

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

const BOUNDARY = '----safegrid-tip';
function multipart(
  fields: Record<string, string>,
  photos: { bytes: Buffer; type?: string; name?: string }[] = [],
) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const p of photos) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name ?? 'photo'}"; filename="p.bin"\r\n` +
          `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      p.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

const square = (lon: number, lat: number, d: number) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [lon, lat],
          [lon + d, lat],
          [lon + d, lat + d],
          [lon, lat + d],
          [lon, lat],
        ],
      ],
    ],
  });

describe('public tips', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let street: ReturnType<typeof injectAs>;
  let otherStreet: ReturnType<typeof injectAs>;
  let address = 0;
  /** Each test its own client address, so that only the flood test meets the limit. */
  const nextAddress = () => `198.51.100.${++address}`;

  const tip = (overrides: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    description: '工厂后门堆放大量易燃纸箱，堵住了消防通道',
    lat: 22.51,
    lon: 114.035, // in grid 2 (see the boundaries below)
    ...overrides,
  });
  const submit = (payload: unknown, remoteAddress = nextAddress()) =>
    app.inject({ method: 'POST', url: '/api/public/tips', payload: payload as object, remoteAddress });
  const submitMultipart = (
    fields: Record<string, string>,
    photos: Parameters<typeof multipart>[1],
    remoteAddress = nextAddress(),
  ) => app.inject({ method: 'POST', url: '/api/public/tips', ...multipart(fields, photos), remoteAddress });
  const problem = (res: { headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const eventOf = (code: string) =>
    db
      .selectFrom('public_tip as t')
      .innerJoin('dispatch_event as e', 'e.id', 't.event_id')
      .selectAll('e')
      .select(['t.ip_hash', 't.contact_phone', 't.id as tip_id'])
      .where('t.tracking_code', '=', code)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    const t = await openTestDatabase('tips');
    cleanup = t.cleanup;
    db = t.database.db;
    await seedMiniCity(db);
    // The mini city's two 新安 grids share one square; split it so that "the right grid" means something.
    await db
      .updateTable('jurisdiction')
      .set({ boundary: square(114.0, 22.5, 0.025) })
      .where('id', '=', 'G440306001001-1')
      .execute();
    await db
      .updateTable('jurisdiction')
      .set({ boundary: square(114.025, 22.5, 0.025) })
      .where('id', '=', 'G440306001001-2')
      .execute();
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    const u = await createTestUser(db, { role: 'street_officer', scopeIds: ['440306001'] });
    street = injectAs(app, await openTestSession(db, u.id));
    const o = await createTestUser(db, { role: 'street_officer', scopeIds: ['440307009'] });
    otherStreet = injectAs(app, await openTestSession(db, o.id));
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('turns a tip into a received event of the grid holding its point, and shows the public its status', async () => {
    const res = await submit(tip({ contactPhone: '13800001234' }));
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode } = res.json<TipReceipt>();
    expect(trackingCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    const event = await eventOf(trackingCode);
    expect(event).toMatchObject({
      source: 'tip',
      status: 'received',
      grid_id: 'G440306001001-2',
      community_id: '440306001001',
      street_id: '440306001',
      district_id: '440306',
      finder_id: null,
      contact_phone: '13800001234',
    });
    expect(event.step_due_at).not.toBeNull();
    // The address is stored nowhere: not in the tip, not in the audit trail.
    expect(event.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('resource_id', '=', event.id)
      .where('action', '=', 'tip.submitted')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: null, actor_name: 'public', ip: null });
    expect(JSON.stringify(audit)).not.toContain('198.51.100.');

    const other = await submit(tip({ lon: 114.01 }));
    expect((await eventOf(other.json<TipReceipt>().trackingCode)).grid_id).toBe('G440306001001-1');

    const status = await app.inject({ url: `/api/public/tips/${trackingCode.toLowerCase()}` });
    expect(status.statusCode, status.body).toBe(200);
    const body = status.json<TipStatus>();
    expect(Object.keys(body).sort()).toEqual(['status', 'submittedAt', 'timeline', 'trackingCode']);
    expect(body).toMatchObject({ trackingCode, status: 'received', timeline: [{ status: 'received' }] });
    expect(status.body).not.toContain('13800001234');

    // The street sees it as an event; the public then sees the step, and still no note.
    const detail = (
      await street({ url: `/api/grid/dispatch/events/${event.id}` })
    ).json<DispatchEventDetail>();
    expect(detail).toMatchObject({ source: 'tip', finder: null, allowedEvents: ['file', 'not_file'] });
    const declined = await street({
      method: 'POST',
      url: `/api/grid/dispatch/events/${event.id}/steps`,
      payload: { event: 'not_file', version: 1, note: '内部备注：重复举报' },
    });
    expect(declined.statusCode, declined.body).toBe(200);
    const after = await app.inject({ url: `/api/public/tips/${trackingCode}` });
    expect(after.json<TipStatus>()).toMatchObject({
      status: 'not_filed',
      timeline: [{ status: 'received' }, { status: 'not_filed' }],
    });
    expect(after.body).not.toContain('内部备注');
    expect((await otherStreet({ url: `/api/grid/dispatch/events/${event.id}` })).statusCode).toBe(404);
  });

  it('takes photos as multipart, judged by their bytes', async () => {
    const fields = {
      clientId: randomUUID(),
      description: '配电箱门损坏，电线裸露',
      lat: '22.51',
      lon: '114.01',
    };
    const res = await submitMultipart(fields, [{ bytes: PNG, type: 'image/png' }, { bytes: JPEG }]);
    expect(res.statusCode, res.body).toBe(201);
    const event = await eventOf(res.json<TipReceipt>().trackingCode);
    const photos = await db
      .selectFrom('tip_photo')
      .select(['seq', 'media_type', 'size_bytes', 'sha256'])
      .where('tip_id', '=', event.tip_id)
      .orderBy('seq')
      .execute();
    expect(photos.map((p) => [p.seq, p.media_type, p.size_bytes])).toEqual([
      [1, 'image/png', PNG.length],
      [2, 'image/jpeg', JPEG.length],
    ]);
    const detail = (
      await street({ url: `/api/grid/dispatch/events/${event.id}` })
    ).json<DispatchEventDetail>();
    expect(detail.photoCount).toBe(2);
    // The street officer sees each photo as it was sent; another street's officer does not.
    const second = await street({ url: `/api/grid/dispatch/events/${event.id}/tip-photos/2` });
    expect(second.statusCode).toBe(200);
    expect(second.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(second.rawPayload).equals(JPEG)).toBe(true);
    expect(second.headers['x-content-sha256']).toBe(photos[1]!.sha256);
    expect((await street({ url: `/api/grid/dispatch/events/${event.id}/tip-photos/3` })).statusCode).toBe(
      404,
    );
    expect(
      (await otherStreet({ url: `/api/grid/dispatch/events/${event.id}/tip-photos/1` })).statusCode,
    ).toBe(404);

    const pdf = await submitMultipart({ ...fields, clientId: randomUUID() }, [{ bytes: PDF }]);
    expect(pdf.statusCode).toBe(422);
    expect(problem(pdf).code).toBe('tip.photo_type_invalid');
    const lying = await submitMultipart({ ...fields, clientId: randomUUID() }, [
      { bytes: PNG, type: 'image/jpeg' },
    ]);
    expect(problem(lying).code).toBe('tip.photo_type_invalid');
    const four = await submitMultipart(
      { ...fields, clientId: randomUUID() },
      [PNG, PNG, PNG, PNG].map((bytes) => ({ bytes })),
    );
    expect(four.statusCode).toBe(422);
    expect(problem(four).code).toBe('tip.too_many_photos');
    const big = Buffer.concat([PNG, Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    const tooLarge = await submitMultipart({ ...fields, clientId: randomUUID() }, [{ bytes: big }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(problem(tooLarge).code).toBe('tip.photo_too_large');
    const badLat = await submitMultipart({ ...fields, clientId: randomUUID(), lat: 'north' }, []);
    expect(badLat.statusCode).toBe(400);
    expect(problem(badLat).errors).toEqual([{ pointer: '/body/lat', code: 'schema.type' }]);
    // None of the refused ones left a photo (nor a tip: only the accepted one has any).
    const tipPhotos = await db.selectFrom('tip_photo').select('tip_id').execute();
    expect(new Set(tipPhotos.map((p) => p.tip_id))).toEqual(new Set([event.tip_id]));
    const same = await db
      .selectFrom('dispatch_event')
      .select('id')
      .where('description', '=', fields.description)
      .execute();
    expect(same).toHaveLength(1);
  });

  it('answers bad input with problem+json: 400, 404, 409, 413, 422', async () => {
    for (const payload of [
      tip({ description: undefined }),
      tip({ clientId: 'not-a-uuid' }),
      tip({ lat: 'x' }),
      tip({ extra: 1 }),
      tip({ description: '   ' }),
      tip({ contactPhone: '<script>' }),
      [1, 2],
    ]) {
      const res = await submit(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(problem(res).code).toBe('request.invalid');
    }
    // Body limits: a JSON tip is text only; a multipart body announced beyond three photos is not read.
    const huge = await submit(tip({ description: 'x'.repeat(70_000) }));
    expect(huge.statusCode).toBe(413);
    expect(problem(huge).code).toBe('request.body_too_large');
    const announced = await app.inject({
      method: 'POST',
      url: '/api/public/tips',
      ...multipart({ clientId: randomUUID() }),
      headers: {
        ...multipart({}).headers,
        'content-length': String(TIP_LIMITS.bodyBytes + 1),
      },
      remoteAddress: nextAddress(),
    });
    expect(announced.statusCode).toBe(413);
    expect(problem(announced).code).toBe('request.body_too_large');
    const outside = await submit(tip({ lat: 30.0, lon: 120.0 }));
    expect(outside.statusCode).toBe(422);
    expect(problem(outside).code).toBe('tip.outside_city');

    const first = tip();
    const a = await submit(first);
    const conflict = await submit({ ...first, description: '另一条举报内容' });
    expect(a.statusCode).toBe(201);
    expect(conflict.statusCode).toBe(409);
    expect(problem(conflict).code).toBe('tip.client_id_conflict');

    const unknown = await app.inject({ url: '/api/public/tips/ABCDEFGHJKMN' });
    expect(unknown.statusCode).toBe(404);
    expect(problem(unknown).code).toBe('resource.not_found');
    expect((await app.inject({ url: '/api/public/tips/short' })).statusCode).toBe(400);
  });

  it('gives a retried submission the same code and writes one tip', async () => {
    const body = tip({ description: `重试测试 ${randomUUID()}` });
    const from = nextAddress();
    const first = await submit(body, from);
    expect(first.statusCode).toBe(201);
    // The retry may come from another address (the phone changed network); the clientId decides.
    const [again, parallel] = await Promise.all([submit(body, from), submit(body, nextAddress())]);
    expect(again.statusCode).toBe(200);
    expect(parallel.statusCode).toBe(200);
    const code = first.json<TipReceipt>().trackingCode;
    expect(again.json<TipReceipt>().trackingCode).toBe(code);
    expect(parallel.json<TipReceipt>().trackingCode).toBe(code);
    const rows = await db
      .selectFrom('public_tip')
      .select('id')
      .where('client_id', '=', body.clientId)
      .execute();
    expect(rows).toHaveLength(1);
    const events = await db
      .selectFrom('dispatch_event')
      .select('id')
      .where('description', '=', body.description)
      .execute();
    expect(events).toHaveLength(1);
  });

  it('limits a flood from one address with a clear 429, losing nothing already accepted', async () => {
    const from = '203.0.113.77';
    const accepted: { body: ReturnType<typeof tip>; code: string }[] = [];
    const results = await Promise.all(
      Array.from({ length: TIP_LIMITS.perAddressPerHour + 3 }, async (_, i) => {
        const body = tip({ description: `洪水测试举报 ${i}` });
        const res = await submit(body, from);
        if (res.statusCode === 201) accepted.push({ body, code: res.json<TipReceipt>().trackingCode });
        return res;
      }),
    );
    const refused = results.filter((r) => r.statusCode === 429);
    expect(accepted).toHaveLength(TIP_LIMITS.perAddressPerHour);
    expect(refused).toHaveLength(3);
    const p = problem(refused[0]!);
    expect(p.code).toBe('request.rate_limited');
    expect(Number(p.params?.retryAfterSeconds)).toBeGreaterThan(0);
    expect(Number(p.params?.retryAfterSeconds)).toBeLessThanOrEqual(3600);
    expect(refused[0]!.headers['retry-after']).toBe(String(p.params?.retryAfterSeconds));

    const ipHash = (await eventOf(accepted[0]!.code)).ip_hash;
    const stored = await db
      .selectFrom('public_tip')
      .select('tracking_code')
      .where('ip_hash', '=', ipHash)
      .execute();
    expect(stored.map((s) => s.tracking_code).sort()).toEqual(accepted.map((a) => a.code).sort());
    // A retry of an accepted tip still gets its code back over the limit; other addresses go on.
    const retry = await submit(accepted[0]!.body, from);
    expect(retry.statusCode).toBe(200);
    expect(retry.json<TipReceipt>().trackingCode).toBe(accepted[0]!.code);
    expect((await submit(tip())).statusCode).toBe(201);
  });
});
