import { request as httpRequest } from 'node:http';
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, ConfinedSpaceDetail, IssuedUnlockToken, PermitDetail } from '@safegrid/contracts';
import { buildApp, ephemeralConfinedRuntime, type App } from '../app';
import type { Database } from '../platform/db/database';
import { openTestDatabase, testConfig } from '../../test/test-database';
import { seedMiniCity } from '../../test/mini-city';
import { injectAs, signedInAs } from '../../test/sessions';
import { startConfinedMonitor, type ConfinedMonitor } from './monitor/confined-monitor';
import { verifyUnlockToken } from './locks/unlock-token';
import { PERMIT_CHECKLIST } from './permits/permit-checklist';
import type { LockEventMessage, TelemetryMessage } from '../platform/mqtt/device-contract';

/** Confined-space work end to end through the HTTP API and the monitor, on a real database. */
describe('confined-space work', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let app: App;
  let monitor: ConfinedMonitor;
  const runtime = ephemeralConfinedRuntime();
  let now = new Date('2026-11-30T02:00:00Z');
  const clock = () => now;
  let enterpriseId: string;
  let otherEnterpriseId: string;
  let asEnterprise: ReturnType<typeof injectAs>;
  let asStreet: ReturnType<typeof injectAs>;
  let asOtherDistrict: ReturnType<typeof injectAs>;
  let streetHeaders: Record<string, string>;
  let spaceId: string;
  let seq = 0;
  const allChecked = Object.fromEntries(PERMIT_CHECKLIST.map((item) => [item.id, true]));

  const reading = (values: Partial<TelemetryMessage>, at = now): TelemetryMessage => ({
    kind: 'telemetry',
    deviceId: 'GD-T1',
    seq: ++seq,
    ts: at.toISOString(),
    measuredAt: at,
    o2: 20.9,
    h2s: 0,
    co: 0,
    lel: 0,
    battery: 90,
    ...values,
  });
  const lockEvent = (values: Partial<LockEventMessage>): LockEventMessage => ({
    kind: 'event',
    deviceId: 'LK-T1',
    seq: ++seq,
    ts: now.toISOString(),
    occurredAt: now,
    type: 'unlocked',
    tokenId: null,
    ...values,
  });
  const permitInput = (overrides: Record<string, unknown> = {}) => ({
    spaceId,
    workContent: '清理污水调节池底泥',
    entrants: ['张三', '李四'],
    attendant: '王五',
    responsiblePerson: '赵六',
    windowStart: new Date(now.getTime() - 5 * 60_000).toISOString(),
    windowEnd: new Date(now.getTime() + 2 * 3_600_000).toISOString(),
    checklist: allChecked,
    ...overrides,
  });
  const command = (id: string, name: string, version: number, extra: Record<string, unknown> = {}) =>
    asEnterprise({
      method: 'POST',
      url: `/api/confined/permits/${id}/${name}`,
      payload: { version, ...extra },
    });
  const manualTest = (id: string, values: Record<string, number | null>) =>
    asEnterprise({
      method: 'POST',
      url: `/api/confined/permits/${id}/gas-tests`,
      payload: {
        source: 'manual',
        instrumentId: 'PGD4-0001',
        tester: '王五',
        measuredAt: now.toISOString(),
        o2: 20.9,
        h2s: 0,
        co: 0,
        lel: 0,
        ...values,
      },
    });
  const alarmsOf = async (permitId?: string) =>
    (await asStreet({ url: `/api/confined/alarms${permitId ? `?permitId=${permitId}` : ''}` })).json<{
      items: Alarm[];
    }>().items;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('confined'));
    const { enterprises } = await seedMiniCity(database.db);
    enterpriseId = enterprises[0]!.id;
    otherEnterpriseId = enterprises[3]!.id;
    await database.db
      .insertInto('device')
      .values([
        { id: 'GD-T1', kind: 'gas_detector', enterprise_id: enterpriseId, label: '四合一检测仪' },
        { id: 'LK-T1', kind: 'smart_lock', enterprise_id: enterpriseId, label: '蓝牙锁' },
      ])
      .execute();
    app = await buildApp({ config: testConfig(), database, logger: false, clock, confined: runtime });
    asEnterprise = injectAs(app, await signedInAs(database.db, 'enterprise', [], [enterpriseId]));
    streetHeaders = await signedInAs(database.db, 'street_officer', ['440306001']);
    asStreet = injectAs(app, streetHeaders);
    asOtherDistrict = injectAs(app, await signedInAs(database.db, 'district_officer', ['DP-440307']));
  });

  afterAll(async () => {
    await monitor?.stop();
    await app?.close();
    await cleanup?.();
  });

  describe('ledger', () => {
    const space = {
      code: 'YX-001',
      name: '污水调节池',
      spaceType: 'underground',
      location: '厂区东侧污水站',
      lon: 114.011,
      lat: 22.511,
      hazards: ['h2s', 'oxygen_deficiency'],
      ventilation: 'mechanical',
      entryPoints: 1,
      rescuePlan: '有限空间作业现场处置方案',
      rescueEquipment: ['正压式空气呼吸器', '三脚架'],
      warningSign: true,
    };

    it('lets the enterprise add a space and refuses a repeated number', async () => {
      const created = await asEnterprise({
        method: 'POST',
        url: '/api/confined/spaces',
        payload: { enterpriseId, ...space },
      });
      expect(created.statusCode).toBe(201);
      spaceId = created.json<ConfinedSpaceDetail>().id;
      await database.db
        .updateTable('device')
        .set({ confined_space_id: spaceId })
        .where('id', 'in', ['GD-T1', 'LK-T1'])
        .execute();

      const again = await asEnterprise({
        method: 'POST',
        url: '/api/confined/spaces',
        payload: { enterpriseId, ...space },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'space.code_taken' });
    });

    it('keeps each enterprise to its own ledger and regulators to their jurisdiction', async () => {
      const foreign = await asEnterprise({
        method: 'POST',
        url: '/api/confined/spaces',
        payload: { enterpriseId: otherEnterpriseId, ...space },
      });
      expect(foreign.statusCode).toBe(404);
      expect(
        (
          await asStreet({
            method: 'POST',
            url: '/api/confined/spaces',
            payload: { enterpriseId, ...space, code: 'X' },
          })
        ).statusCode,
      ).toBe(403);

      const detail = (await asStreet({ url: `/api/confined/spaces/${spaceId}` })).json<ConfinedSpaceDetail>();
      expect(detail.devices.map((d) => d.id).sort()).toEqual(['GD-T1', 'LK-T1']);
      expect((await asOtherDistrict({ url: `/api/confined/spaces/${spaceId}` })).statusCode).toBe(404);
      expect(
        (await asOtherDistrict({ url: '/api/confined/spaces' })).json<{ items: unknown[] }>().items,
      ).toEqual([]);
    });

    it('refuses malformed input with field errors', async () => {
      const bad = await asEnterprise({
        method: 'POST',
        url: '/api/confined/spaces',
        payload: { enterpriseId, ...space, code: 'YX-009', hazards: ['radiation'], entryPoints: 0 },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('permit workflow', () => {
    let permit: PermitDetail;
    let token: IssuedUnlockToken;

    it('will not submit a permit whose checklist is incomplete', async () => {
      const draft = (
        await asEnterprise({
          method: 'POST',
          url: '/api/confined/permits',
          payload: permitInput({ checklist: { ventilate_first: true } }),
        })
      ).json<PermitDetail>();
      const submitted = await command(draft.id, 'submit', draft.version);
      expect(submitted.statusCode).toBe(422);
      expect(submitted.json()).toMatchObject({ code: 'permit.checklist_incomplete' });
      expect((await command(draft.id, 'cancel', draft.version, { reason: '重新填写' })).statusCode).toBe(200);
    });

    it('goes draft → submitted → (gas test) → approved, refusing a failed test and a stale form', async () => {
      const created = await asEnterprise({
        method: 'POST',
        url: '/api/confined/permits',
        payload: permitInput(),
      });
      expect(created.statusCode).toBe(201);
      permit = created.json<PermitDetail>();
      expect(permit.status).toBe('draft');
      permit = (await command(permit.id, 'submit', permit.version)).json<PermitDetail>();
      expect(permit.status).toBe('submitted');

      const noTest = await command(permit.id, 'approve', permit.version);
      expect(noTest.json()).toMatchObject({ code: 'permit.gas_test_missing' });

      permit = (await manualTest(permit.id, { h2s: 12 })).json<PermitDetail>();
      expect(permit.gasTests[0]).toMatchObject({
        passed: false,
        failures: [{ rule: 'h2s_high', value: 12 }],
      });
      expect((await command(permit.id, 'approve', permit.version)).json()).toMatchObject({
        code: 'permit.gas_test_failed',
      });
      // H2S is a hazard of this space: a test that does not measure it proves nothing.
      permit = (await manualTest(permit.id, { h2s: null })).json<PermitDetail>();
      expect(permit.gasTests[0]!.passed).toBe(false);

      permit = (await manualTest(permit.id, {})).json<PermitDetail>();
      expect(permit.gasTests[0]!.passed).toBe(true);
      expect((await command(permit.id, 'approve', permit.version - 1)).json()).toMatchObject({
        code: 'permit.version_stale',
      });
      const approved = await command(permit.id, 'approve', permit.version);
      expect(approved.statusCode).toBe(200);
      permit = approved.json<PermitDetail>();
      expect(permit.status).toBe('approved');
      expect(permit.transitions.map((t) => t.to)).toEqual(['draft', 'submitted', 'approved']);
    });

    it('refuses a second permit on the same space in an overlapping window', async () => {
      const other = (
        await asEnterprise({ method: 'POST', url: '/api/confined/permits', payload: permitInput() })
      ).json<PermitDetail>();
      const refused = await command(other.id, 'submit', other.version);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'permit.space_busy', params: { permitId: permit.id } });
    });

    it('signs an unlock token the lock can verify offline, only for a linked lock', async () => {
      const wrongLock = await asEnterprise({
        method: 'POST',
        url: `/api/confined/permits/${permit.id}/unlock-tokens`,
        payload: { lockId: 'GD-T1' },
      });
      expect(wrongLock.json()).toMatchObject({ code: 'permit.lock_not_linked' });
      const issued = await asEnterprise({
        method: 'POST',
        url: `/api/confined/permits/${permit.id}/unlock-tokens`,
        payload: { lockId: 'LK-T1' },
      });
      expect(issued.statusCode).toBe(201);
      token = issued.json<IssuedUnlockToken>();
      const { publicKeyPem } = (await asStreet({ url: '/api/confined/unlock-public-key' })).json<{
        publicKeyPem: string;
      }>();
      const verdict = verifyUnlockToken(token.token, {
        publicKey: createPublicKey(publicKeyPem),
        lockId: 'LK-T1',
        now,
      });
      expect(verdict).toMatchObject({ ok: true, claims: { permitId: permit.id, tokenId: token.tokenId } });
      expect(
        verifyUnlockToken(token.token, { publicKey: createPublicKey(publicKeyPem), lockId: 'LK-T2', now }).ok,
      ).toBe(false);
      // Regulators supervise; they do not open spaces.
      expect(
        (
          await asStreet({
            method: 'POST',
            url: `/api/confined/permits/${permit.id}/unlock-tokens`,
            payload: { lockId: 'LK-T1' },
          })
        ).statusCode,
      ).toBe(403);
    });

    it('activates on the lock log, suspends on H2S over the limit and tells an SSE client', async () => {
      monitor = startConfinedMonitor({
        db: database.db,
        feed: runtime.feed,
        limits: runtime.limits,
        clock,
        sweepIntervalMs: 3_600_000,
        refreshIntervalMs: 3_600_000,
      });
      await monitor.ready;
      await monitor.onLockEvent(lockEvent({ tokenId: token.tokenId }), now);
      await monitor.idle();
      permit = (await asEnterprise({ url: `/api/confined/permits/${permit.id}` })).json<PermitDetail>();
      expect(permit.status).toBe('active');

      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const received = new Promise<Alarm>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/api/confined/alarms/stream', headers: streetHeaders },
          (res) => {
            let buffer = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buffer += chunk;
              const match = /event: alarm\ndata: (.*)\n\n/.exec(buffer);
              if (match) {
                resolve(JSON.parse(match[1]!) as Alarm);
                req.destroy();
              }
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
      await new Promise((r) => setTimeout(r, 100));

      monitor.onTelemetry(reading({ h2s: 2 }), now);
      const leak = reading({ h2s: 15 });
      monitor.onTelemetry(leak, now);
      monitor.onTelemetry(leak, now); // QoS 1 redelivery
      monitor.onTelemetry(reading({ h2s: 18 }), now);
      await monitor.idle();

      const pushed = await received;
      expect(pushed).toMatchObject({
        kind: 'gas_over_limit',
        severity: 'critical',
        permitId: permit.id,
        detail: { rule: 'h2s_high', value: 15 },
      });
      const alarms = (await alarmsOf(permit.id)).filter((a) => a.kind === 'gas_over_limit');
      expect(alarms).toHaveLength(1);
      permit = (await asEnterprise({ url: `/api/confined/permits/${permit.id}` })).json<PermitDetail>();
      expect(permit.status).toBe('suspended');
      expect(permit.transitions.at(-1)).toMatchObject({ to: 'suspended', actorKind: 'system' });
    });

    it('does not raise the same alarm twice after a restart of the monitor', async () => {
      await monitor.stop();
      monitor = startConfinedMonitor({
        db: database.db,
        feed: runtime.feed,
        limits: runtime.limits,
        clock,
        sweepIntervalMs: 3_600_000,
        refreshIntervalMs: 3_600_000,
      });
      await monitor.ready;
      monitor.onTelemetry(reading({ h2s: 16 }), now);
      await monitor.idle();
      expect((await alarmsOf(permit.id)).filter((a) => a.kind === 'gas_over_limit')).toHaveLength(1);
    });

    it('resumes only after a new passing gas test', async () => {
      expect((await command(permit.id, 'resume', permit.version)).json()).toMatchObject({
        code: 'permit.gas_test_before_suspension',
      });
      now = new Date(now.getTime() + 60_000);
      permit = (await manualTest(permit.id, {})).json<PermitDetail>();
      const resumed = await command(permit.id, 'resume', permit.version);
      expect(resumed.statusCode).toBe(200);
      permit = resumed.json<PermitDetail>();
      expect(permit.status).toBe('active');
      // The H2S alarm is still open: no new unlock token, whatever the fresh test says.
      const refused = await asEnterprise({
        method: 'POST',
        url: `/api/confined/permits/${permit.id}/unlock-tokens`,
        payload: { lockId: 'LK-T1' },
      });
      expect(refused.json()).toMatchObject({ code: 'permit.gas_alarm_open' });
    });

    it('raises an alarm for an opening without a token, at the real time, even when the log comes late', async () => {
      const openedAt = new Date(now.getTime() - 3 * 3_600_000);
      await monitor.onLockEvent(
        lockEvent({ type: 'opened_without_token', occurredAt: openedAt, ts: openedAt.toISOString() }),
        now,
      );
      // A token used twice: the second opening is not authorised.
      await monitor.onLockEvent(
        lockEvent({ tokenId: token.tokenId, occurredAt: new Date(now.getTime() - 1000) }),
        now,
      );
      await monitor.idle();
      const unlocks = (await alarmsOf()).filter((a) => a.kind === 'unapproved_unlocking');
      expect(unlocks.map((a) => a.detail.reason).sort()).toEqual(['no_token', 'token_reused']);
      expect(unlocks.find((a) => a.detail.reason === 'no_token')!.occurredAt).toBe(openedAt.toISOString());
    });

    it('raises a silent-detector alarm 30 s after the last reading of an active permit', async () => {
      await monitor.refreshNow();
      monitor.onTelemetry(reading({}), now);
      now = new Date(now.getTime() + 31_000);
      await monitor.sweepNow();
      await monitor.idle();
      // sweepNow judges silence by the time each reading was received: the one above was at the old now.
      const silent = (await alarmsOf(permit.id)).filter((a) => a.kind === 'detector_silent');
      expect(silent).toHaveLength(1);
    });

    it('lets the street officer acknowledge and resolve, and hides alarms out of scope', async () => {
      const [alarm] = (await alarmsOf(permit.id)).filter((a) => a.kind === 'gas_over_limit');
      expect(
        (await asOtherDistrict({ method: 'POST', url: `/api/confined/alarms/${alarm!.id}/acknowledge` }))
          .statusCode,
      ).toBe(404);
      const acked = await asStreet({ method: 'POST', url: `/api/confined/alarms/${alarm!.id}/acknowledge` });
      expect(acked.json<Alarm>().status).toBe('acknowledged');
      const resolved = await asStreet({
        method: 'POST',
        url: `/api/confined/alarms/${alarm!.id}/resolve`,
        payload: { resolution: 'real_incident', note: '硫化氢超标，已撤离并通风' },
      });
      expect(resolved.json<Alarm>()).toMatchObject({ status: 'resolved', resolution: 'real_incident' });
      const again = await asStreet({
        method: 'POST',
        url: `/api/confined/alarms/${alarm!.id}/resolve`,
        payload: { resolution: 'test', note: 'x' },
      });
      expect(again.json()).toMatchObject({ code: 'alarm.already_resolved' });
    });

    it('hands an alarm resolved as "dispatched" to its street as an urgent dispatch event, once', async () => {
      const [silent] = (await alarmsOf(permit.id)).filter((a) => a.kind === 'detector_silent');
      const resolved = await asStreet({
        method: 'POST',
        url: `/api/confined/alarms/${silent!.id}/resolve`,
        payload: { resolution: 'dispatched', note: '检测仪失联，请街道安监办到场核查' },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      const events = await database.db
        .selectFrom('dispatch_event')
        .select(['id', 'source', 'urgency', 'status', 'grid_id', 'description', 'alarm_id'])
        .where('alarm_id', '=', silent!.id)
        .execute();
      expect(events).toMatchObject([
        {
          source: 'alarm',
          urgency: 'urgent',
          status: 'received',
          grid_id: 'G440306001001-1',
          description: '检测仪失联，请街道安监办到场核查',
        },
      ]);
      // The street officer finds it among the street's events; the audit names the link.
      const list = await asStreet({ url: '/api/grid/dispatch/events?source=alarm' });
      expect(list.json<{ items: { id: string }[] }>().items.map((e) => e.id)).toContain(events[0]!.id);
      const audit = await database.db
        .selectFrom('audit_event')
        .select(['action', 'after'])
        .where((eb) =>
          eb.or([
            eb.and([eb('resource_type', '=', 'alarm'), eb('resource_id', '=', silent!.id)]),
            eb.and([eb('resource_type', '=', 'dispatch_event'), eb('resource_id', '=', events[0]!.id)]),
          ]),
        )
        .where('action', 'in', ['alarm.resolved', 'dispatch.reported'])
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['dispatch.reported', 'alarm.resolved']);
      expect(audit[1]!.after).toMatchObject({ resolution: 'dispatched', dispatchEventId: events[0]!.id });
    });

    it('refuses to dispatch an alarm of a device bound to no enterprise, and changes nothing', async () => {
      const { id } = await database.db
        .insertInto('alarm')
        .values({
          dedup_key: 'test:unbound',
          kind: 'low_battery',
          severity: 'minor',
          status: 'raised',
          occurred_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const asCity = injectAs(app, await signedInAs(database.db, 'city_admin', ['440300']));
      const refused = await asCity({
        method: 'POST',
        url: `/api/confined/alarms/${id}/resolve`,
        payload: { resolution: 'dispatched', note: '请处理' },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'alarm.dispatch_without_place' });
      const after = await database.db
        .selectFrom('alarm')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      expect(after!.status).toBe('raised');
    });

    it('raises one alarm when two ingest processes both see the reading (shared subscription)', async () => {
      const second = startConfinedMonitor({
        db: database.db,
        feed: runtime.feed,
        limits: runtime.limits,
        clock,
        sweepIntervalMs: 3_600_000,
        refreshIntervalMs: 3_600_000,
      });
      try {
        await second.ready;
        await Promise.all([monitor.refreshNow(), second.refreshNow()]);
        const before = (await alarmsOf(permit.id)).filter((a) => a.kind === 'gas_over_limit').length;
        // The H2S alarm was resolved above; the air is bad again and both processes hear of it.
        const leak = reading({ h2s: 22 });
        monitor.onTelemetry(leak, now);
        second.onTelemetry(leak, now);
        await Promise.all([monitor.idle(), second.idle()]);
        const gas = (await alarmsOf(permit.id)).filter((a) => a.kind === 'gas_over_limit');
        expect(gas).toHaveLength(before + 1);
        expect(gas.filter((a) => a.status !== 'resolved')).toHaveLength(1);
      } finally {
        await second.stop();
      }
    });

    it('completes only when entrants are out and the lock is closed', async () => {
      // The unapproved openings above stopped the work.
      permit = (await asEnterprise({ url: `/api/confined/permits/${permit.id}` })).json<PermitDetail>();
      expect(permit.status).toBe('suspended');
      expect(
        (await command(permit.id, 'complete', permit.version, { entrantsOut: false })).json(),
      ).toMatchObject({ code: 'permit.entrants_inside' });
      expect(
        (await command(permit.id, 'complete', permit.version, { entrantsOut: true })).json(),
      ).toMatchObject({ code: 'permit.lock_open' });
      await monitor.onLockEvent(lockEvent({ type: 'locked' }), now);
      await monitor.idle();
      const done = await command(permit.id, 'complete', permit.version, { entrantsOut: true });
      expect(done.json<PermitDetail>().status).toBe('completed');
    });
  });
});
