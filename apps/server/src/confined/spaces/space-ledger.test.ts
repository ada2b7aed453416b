import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alarm, ConfinedSpaceDetail, SpacePhoto } from '@safegrid/contracts';
import { buildApp, ephemeralConfinedRuntime, type App } from '../../app';
import type { Database } from '../../platform/db/database';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { injectAs, signedInAs } from '../../../test/sessions';
import { multipartBody, TINY_PNG } from '../../../test/multipart';
import { startConfinedMonitor, type ConfinedMonitor } from '../monitor/confined-monitor';
import type { TelemetryMessage } from '../../platform/mqtt/device-contract';
import { SPACE_PHOTOS_MAX } from './space-photo-upload';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The ledger's photos and per-space alarm limits, through the HTTP API (and the monitor). */
describe('confined-space ledger: photos and limits', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let app: App;
  let monitor: ConfinedMonitor | undefined;
  const runtime = ephemeralConfinedRuntime();
  const now = new Date('2026-11-30T02:00:00Z');
  let enterpriseId: string;
  let spaceId: string;
  let otherSpaceId: string;
  let asEnterprise: ReturnType<typeof injectAs>;
  let asOtherEnterprise: ReturnType<typeof injectAs>;
  let asStreet: ReturnType<typeof injectAs>;
  let asOtherDistrict: ReturnType<typeof injectAs>;

  const newSpace = async (enterprise: string, code: string) =>
    (
      await database.db
        .insertInto('confined_space')
        .values({
          enterprise_id: enterprise,
          code,
          name: '污水调节池',
          space_type: 'underground',
          ventilation: 'mechanical',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const upload = (
    as: ReturnType<typeof injectAs>,
    id: string,
    file?: Parameters<typeof multipartBody>[1],
    caption = '入口',
  ) => as({ method: 'POST', url: `/api/confined/spaces/${id}/photos`, ...multipartBody({ caption }, file) });
  const setLimits = (as: ReturnType<typeof injectAs>, id: string, rules: object[]) =>
    as({ method: 'PUT', url: `/api/confined/spaces/${id}/limits`, payload: { rules } });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('space_ledger'));
    const { enterprises } = await seedMiniCity(database.db);
    enterpriseId = enterprises[0]!.id;
    const otherEnterpriseId = enterprises[3]!.id;
    spaceId = await newSpace(enterpriseId, 'L-1');
    otherSpaceId = await newSpace(otherEnterpriseId, 'L-2');
    app = await buildApp({
      config: testConfig(),
      database,
      logger: false,
      clock: () => now,
      confined: runtime,
    });
    asEnterprise = injectAs(app, await signedInAs(database.db, 'enterprise', [], [enterpriseId]));
    asOtherEnterprise = injectAs(app, await signedInAs(database.db, 'enterprise', [], [otherEnterpriseId]));
    asStreet = injectAs(app, await signedInAs(database.db, 'street_officer', ['440306001']));
    asOtherDistrict = injectAs(app, await signedInAs(database.db, 'district_officer', ['DP-440307']));
  });

  afterAll(async () => {
    await monitor?.stop();
    await app?.close();
    await cleanup?.();
  });

  describe('photos', () => {
    it('stores a photo with its SHA-256, shows it on the space and serves the same bytes in scope', async () => {
      const res = await upload(asEnterprise, spaceId, { bytes: TINY_PNG, name: '入口.png' });
      expect(res.statusCode, res.body).toBe(201);
      const photo = res.json<SpacePhoto>();
      expect(photo).toMatchObject({
        mediaType: 'image/png',
        sizeBytes: TINY_PNG.length,
        sha256: sha256(TINY_PNG),
        caption: '入口',
      });

      const space = (await asStreet({ url: `/api/confined/spaces/${spaceId}` })).json<ConfinedSpaceDetail>();
      expect(space.photos).toEqual([photo]);
      const file = await asStreet({ url: photo.url });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['x-content-sha256']).toBe(photo.sha256);
      expect(sha256(file.rawPayload)).toBe(photo.sha256);
      expect((await asOtherDistrict({ url: photo.url })).statusCode).toBe(404);
      expect((await asOtherEnterprise({ url: photo.url })).statusCode).toBe(404);
    });

    it('lets only the enterprise that keeps the space add or remove photos', async () => {
      expect((await upload(asStreet, spaceId, { bytes: TINY_PNG })).statusCode).toBe(403);
      expect((await upload(asOtherEnterprise, spaceId, { bytes: TINY_PNG })).statusCode).toBe(404);
      expect((await upload(asEnterprise, otherSpaceId, { bytes: TINY_PNG })).statusCode).toBe(404);
    });

    it('judges the file by its bytes and its size, and needs one', async () => {
      const script = await upload(asEnterprise, spaceId, {
        bytes: Buffer.from('<script>alert(1)</script>'),
        type: 'image/png',
      });
      expect(script.statusCode).toBe(422);
      expect(script.json()).toMatchObject({
        code: 'space.photo_type_invalid',
        errors: [{ pointer: '/body/file' }],
      });
      const pdf = await upload(asEnterprise, spaceId, {
        bytes: Buffer.from('%PDF-1.7\n'),
        type: 'application/pdf',
      });
      expect(pdf.json()).toMatchObject({ code: 'space.photo_type_invalid' });
      const big = Buffer.concat([TINY_PNG, Buffer.alloc(5 * 1024 * 1024)]);
      expect((await upload(asEnterprise, spaceId, { bytes: big })).statusCode).toBe(413);
      const none = await upload(asEnterprise, spaceId);
      expect(none.statusCode).toBe(400);
      expect(none.json()).toMatchObject({ errors: [{ pointer: '/body/file', code: 'space.photo_missing' }] });
      expect((await upload(asEnterprise, spaceId, { bytes: TINY_PNG }, 'x'.repeat(101))).statusCode).toBe(
        400,
      );
    });

    it(`keeps at most ${SPACE_PHOTOS_MAX} photos and takes one out of the ledger on removal`, async () => {
      const id = await newSpace(enterpriseId, 'L-3');
      const photos: SpacePhoto[] = [];
      for (let i = 0; i < SPACE_PHOTOS_MAX; i++) {
        photos.push((await upload(asEnterprise, id, { bytes: TINY_PNG })).json<SpacePhoto>());
      }
      const full = await upload(asEnterprise, id, { bytes: TINY_PNG });
      expect(full.statusCode).toBe(409);
      expect(full.json()).toMatchObject({ code: 'space.photo_limit', params: { limit: SPACE_PHOTOS_MAX } });
      expect((await asStreet({ method: 'DELETE', url: photos[0]!.url })).statusCode).toBe(403);
      expect((await asEnterprise({ method: 'DELETE', url: photos[0]!.url })).statusCode).toBe(204);
      expect((await asEnterprise({ method: 'DELETE', url: photos[0]!.url })).statusCode).toBe(404);
      expect((await asStreet({ url: photos[0]!.url })).statusCode).toBe(404);
      const space = (await asEnterprise({ url: `/api/confined/spaces/${id}` })).json<ConfinedSpaceDetail>();
      expect(space.photos).toHaveLength(SPACE_PHOTOS_MAX - 1);
      expect((await upload(asEnterprise, id, { bytes: TINY_PNG })).statusCode).toBe(201);
      // Removed, not erased: the bytes stay on record.
      const kept = await database.db
        .selectFrom('confined_space_photo')
        .select(['removed_at'])
        .where('id', '=', photos[0]!.id)
        .executeTakeFirstOrThrow();
      expect(kept.removed_at).not.toBeNull();
    });
  });

  describe('limits', () => {
    it('shows every default with its source and verification status', async () => {
      const space = (await asStreet({ url: `/api/confined/spaces/${spaceId}` })).json<ConfinedSpaceDetail>();
      expect(space.limits?.map((l) => l.rule)).toEqual([
        'o2_low',
        'o2_high',
        'lel_high',
        'h2s_high',
        'co_stel',
        'co_twa',
      ]);
      for (const limit of space.limits!) {
        expect(limit.origin).toBe('default');
        expect(limit.value).toBe(runtime.limits[limit.rule].value);
        expect(limit.source).toEqual(runtime.limits[limit.rule].source);
        expect(limit.source.status.length).toBeGreaterThan(0);
      }
    });

    it('lets the enterprise tighten a limit, refuses what would be unsafe or meaningless, and resets', async () => {
      expect((await setLimits(asStreet, spaceId, [])).statusCode).toBe(403);
      expect((await setLimits(asOtherEnterprise, spaceId, [])).statusCode).toBe(404);

      const negative = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: -1, clearAt: -2, unit: 'ppm' },
      ]);
      expect(negative.statusCode).toBe(422);
      expect(negative.json()).toMatchObject({
        code: 'space.limits_invalid',
        errors: [
          { pointer: '/body/rules/0/value', code: 'space.limit_out_of_range' },
          { pointer: '/body/rules/0/clearAt' },
        ],
      });
      const crossed = await setLimits(asEnterprise, spaceId, [
        { rule: 'o2_high', value: 21, clearAt: 20.8, unit: '%vol' },
        { rule: 'o2_low', value: 21.5, clearAt: 21.8, unit: '%vol' },
      ]);
      expect(crossed.statusCode).toBe(422);
      expect(crossed.json()).toMatchObject({
        errors: [{ pointer: '/body/rules/1/value', code: 'space.limit_o2_crossed' }],
      });
      const looser = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: 20, clearAt: 15, unit: 'ppm' },
      ]);
      expect(looser.json()).toMatchObject({
        errors: [{ pointer: '/body/rules/0/value', code: 'space.limit_looser_than_default' }],
      });
      const unit = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: 5, clearAt: 4, unit: '%vol' },
      ]);
      expect(unit.json()).toMatchObject({
        errors: [{ pointer: '/body/rules/0/unit', code: 'space.limit_unit_mismatch' }],
      });
      const wrongSide = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: 5, clearAt: 6, unit: 'ppm' },
      ]);
      expect(wrongSide.json()).toMatchObject({
        errors: [{ pointer: '/body/rules/0/clearAt', code: 'space.limit_clear_at_wrong_side' }],
      });
      const twice = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: 5, clearAt: 4, unit: 'ppm' },
        { rule: 'h2s_high', value: 6, clearAt: 4, unit: 'ppm' },
      ]);
      expect(twice.json()).toMatchObject({
        errors: [{ pointer: '/body/rules/1/rule', code: 'space.limit_duplicate_rule' }],
      });

      const ok = await setLimits(asEnterprise, spaceId, [
        { rule: 'h2s_high', value: 5, clearAt: 4, unit: 'ppm' },
      ]);
      expect(ok.statusCode, ok.body).toBe(200);
      const h2s = ok.json<ConfinedSpaceDetail>().limits!.find((l) => l.rule === 'h2s_high')!;
      expect(h2s).toMatchObject({
        value: 5,
        clearAt: 4,
        origin: 'space',
        defaultValue: runtime.limits.h2s_high.value,
      });
      const reset = (await setLimits(asEnterprise, spaceId, [])).json<ConfinedSpaceDetail>();
      expect(reset.limits!.every((l) => l.origin === 'default')).toBe(true);
    });

    it('is applied by the running monitor without a restart', async () => {
      const id = await newSpace(enterpriseId, 'L-4');
      await database.db
        .insertInto('device')
        .values({
          id: 'GD-L4',
          kind: 'gas_detector',
          enterprise_id: enterpriseId,
          label: '固定式',
          confined_space_id: id,
        })
        .execute();
      await database.db
        .insertInto('work_permit')
        .values({
          confined_space_id: id,
          enterprise_id: enterpriseId,
          status: 'active',
          work_content: '清淤',
          entrants: ['张三'],
          attendant: '王五',
          responsible_person: '赵六',
          window_start: new Date(now.getTime() - 3_600_000),
          window_end: new Date(now.getTime() + 3_600_000),
          activated_at: now,
        })
        .execute();
      monitor = startConfinedMonitor({
        db: database.db,
        feed: runtime.feed,
        limits: runtime.limits,
        clock: () => now,
        sweepIntervalMs: 3_600_000,
        refreshIntervalMs: 100,
      });
      await monitor.ready;
      let seq = 0;
      const reading = (h2s: number): TelemetryMessage => ({
        kind: 'telemetry',
        deviceId: 'GD-L4',
        seq: ++seq,
        ts: now.toISOString(),
        measuredAt: now,
        o2: 20.9,
        h2s,
        co: 0,
        lel: 0,
        battery: 90,
      });
      const gasAlarms = async () =>
        (await asStreet({ url: '/api/confined/alarms?open=true' }))
          .json<{ items: Alarm[] }>()
          .items.filter((a) => a.deviceId === 'GD-L4' && a.kind === 'gas_over_limit');

      monitor.onTelemetry(reading(5), now);
      await monitor.idle();
      expect(await gasAlarms()).toEqual([]); // 5 ppm is inside the default 7.05

      expect(
        (await setLimits(asEnterprise, id, [{ rule: 'h2s_high', value: 4, clearAt: 3, unit: 'ppm' }]))
          .statusCode,
      ).toBe(200);
      // The periodic reload (every 100 ms here, 5 s by default) picks the new limit up.
      await vi.waitFor(
        async () => {
          monitor!.onTelemetry(reading(5), now);
          await monitor!.idle();
          expect(await gasAlarms()).toHaveLength(1);
        },
        { timeout: 5_000, interval: 200 },
      );
      const [alarm] = await gasAlarms();
      expect(alarm!.detail).toMatchObject({ rule: 'h2s_high', limit: 4 });
    });
  });
});
