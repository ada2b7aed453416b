import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm, AlarmHazardResult, Hazard } from '@safegrid/contracts';
import { buildApp, ephemeralConfinedRuntime, type App } from '../../app';
import type { Database } from '../../platform/db/database';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, signedInAs, testActor } from '../../../test/sessions';
import { createHazardRepository } from '../../grid/hazards/hazard.repository';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { createLiveFeed } from '../live/live-feed';
import { createAlarmRepository } from './alarm.repository';
import { createAlarmHazardService } from './alarm-hazard';
import { CSV_HEADER } from './alarm-readings';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const MAJOR_REF = 'major-hazard-criteria-2023:3:1:2';

/** An alarm turned into a hazard with its readings as evidence, through the HTTP API. */
describe('alarm → hazard', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let app: App;
  const now = new Date('2026-11-30T02:10:00Z');
  const occurredAt = new Date('2026-11-30T02:00:00Z');
  let enterpriseId: string;
  let otherEnterpriseId: string;
  let spaceId: string;
  let asStreet: ReturnType<typeof injectAs>;
  let seq = 0;

  const newAlarm = async (
    values: { enterpriseId?: string | null; kind?: 'gas_over_limit' | 'overtime' } = {},
  ) => {
    seq += 1;
    const gas = (values.kind ?? 'gas_over_limit') === 'gas_over_limit';
    const { id } = await database.db
      .insertInto('alarm')
      .values({
        dedup_key: `test:${seq}`,
        kind: values.kind ?? 'gas_over_limit',
        severity: 'critical',
        status: 'raised',
        device_id: gas ? 'GD-H1' : null,
        confined_space_id: spaceId,
        enterprise_id: values.enterpriseId === undefined ? enterpriseId : values.enterpriseId,
        occurred_at: occurredAt,
        raised_at: occurredAt,
        detail: JSON.stringify(
          gas
            ? { rule: 'h2s_high', gas: 'h2s', value: 9, limit: 7.05, unit: 'ppm', comparator: '>' }
            : { overBySeconds: 60 },
        ),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  const toHazard = (as: ReturnType<typeof injectAs>, alarmId: string, payload: object = {}) =>
    as({ method: 'POST', url: `/api/confined/alarms/${alarmId}/hazard`, payload });
  const hazardCount = async () =>
    Number(
      (
        await database.db
          .selectFrom('hazard')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('alarm_hazard'));
    const { enterprises } = await seedMiniCity(database.db);
    enterpriseId = enterprises[0]!.id;
    otherEnterpriseId = enterprises[3]!.id;
    ({ id: spaceId } = await database.db
      .insertInto('confined_space')
      .values({
        enterprise_id: enterpriseId,
        code: 'YX-H1',
        name: '污水调节池',
        space_type: 'underground',
        ventilation: 'mechanical',
      })
      .returning('id')
      .executeTakeFirstOrThrow());
    await database.db
      .insertInto('device')
      .values([
        {
          id: 'GD-H1',
          kind: 'gas_detector',
          enterprise_id: enterpriseId,
          label: '四合一',
          confined_space_id: spaceId,
        },
        { id: 'GD-ELSE', kind: 'gas_detector', enterprise_id: enterpriseId, label: '别处' },
      ])
      .execute();
    // One reading every 10 s from 8 min before the alarm to 5 min after: H2S over 7.05 ppm for
    // exactly the minute from the alarm on (peak 12.5 at +30 s), clean before and after.
    const rows = [];
    for (let s = -480, n = 1; s <= 300; s += 10, n += 1) {
      const over = s >= 0 && s < 60;
      rows.push({
        device_id: 'GD-H1',
        seq: n,
        measured_at: new Date(occurredAt.getTime() + s * 1000),
        received_at: new Date(occurredAt.getTime() + s * 1000),
        o2: 20.9,
        h2s: over ? (s === 30 ? 12.5 : 9) : 1,
        co: 0,
        lel: 0,
        battery: 90,
      });
    }
    rows.push({ ...rows[50]!, device_id: 'GD-ELSE', h2s: 99 });
    await database.db.insertInto('telemetry').values(rows).execute();
    app = await buildApp({
      config: testConfig(),
      database,
      logger: false,
      clock: () => now,
      confined: ephemeralConfinedRuntime(),
    });
    asStreet = injectAs(app, await signedInAs(database.db, 'street_officer', ['440306001']));
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('makes one hazard of the alarm with the readings as evidence whose digest is the stored bytes', async () => {
    const alarmId = await newAlarm();
    const res = await toHazard(asStreet, alarmId, { description: '池内硫化氢超标，责令企业排查通风设施' });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<AlarmHazardResult>();
    expect(result).toMatchObject({ alarmId, evidence: { readings: 61, truncated: false } });

    const file = await asStreet({ url: result.evidence.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^text\/csv/);
    const bytes = file.rawPayload;
    expect(sha256(bytes)).toBe(result.evidence.sha256);
    expect(file.headers['x-content-sha256']).toBe(result.evidence.sha256);
    const stored = await database.db
      .selectFrom('hazard_evidence_file')
      .selectAll()
      .where('hazard_id', '=', result.hazardId)
      .executeTakeFirstOrThrow();
    expect(sha256(stored.content)).toBe(stored.sha256);
    expect(Buffer.compare(stored.content, bytes)).toBe(0);
    // From 5 min before the alarm to now (10 min after): 61 readings of one device, four gases each;
    // the detector elsewhere is not this space's air.
    const lines = bytes.toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines).toHaveLength(1 + 61 * 4);
    expect(lines).toContain('GD-H1,52,2026-11-30T02:00:30.000Z,h2s,12.5,ppm');
    expect(lines.some((l) => l.startsWith('GD-ELSE'))).toBe(false);

    const hazard = (await asStreet({ url: `/api/grid/hazards/${result.hazardId}` })).json<Hazard>();
    expect(hazard).toMatchObject({
      source: 'alarm',
      alarmId,
      level: 'general',
      status: 'reported',
      enterprise: { id: enterpriseId },
      foundAt: occurredAt.toISOString(),
      evidenceFiles: [{ id: result.evidence.id, sha256: result.evidence.sha256, kind: 'alarm_readings' }],
    });
    expect(hazard.description).toMatch(/^池内硫化氢超标/);
    expect(hazard.description).toContain('H₂S峰值 12.5 ppm');
    expect(hazard.description).toContain('> 7.05 ppm');
    expect(hazard.description).toContain('累计 1 分 0 秒');
    expect(hazard.description).toContain(result.evidence.sha256);
    expect(hazard.transitions).toMatchObject([{ seq: 1, event: 'report', toStatus: 'reported' }]);

    const alarms = (await asStreet({ url: '/api/confined/alarms' })).json<{ items: Alarm[] }>().items;
    expect(alarms.find((a) => a.id === alarmId)?.hazardId).toBe(result.hazardId);

    const audit = await database.db
      .selectFrom('audit_event')
      .select(['action', 'resource_id'])
      .where('action', 'in', ['alarm.hazard_reported', 'hazard.reported'])
      .where((eb) => eb.or([eb('resource_id', '=', alarmId), eb('resource_id', '=', result.hazardId)]))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['hazard.reported', 'alarm.hazard_reported']);
  });

  it('answers a second call with 409 naming the existing hazard', async () => {
    const alarmId = await newAlarm();
    const first = await toHazard(asStreet, alarmId);
    expect(first.statusCode, first.body).toBe(201);
    const before = await hazardCount();
    const again = await toHazard(asStreet, alarmId, { description: '再次转办' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json()).toMatchObject({
      code: 'alarm.hazard_exists',
      params: { hazardId: first.json<AlarmHazardResult>().hazardId },
    });
    expect(await hazardCount()).toBe(before);
  });

  it('lets only the regulators who handle alarms in scope do it', async () => {
    const alarmId = await newAlarm();
    const otherDistrict = injectAs(app, await signedInAs(database.db, 'district_officer', ['DP-440307']));
    expect((await toHazard(otherDistrict, alarmId)).statusCode).toBe(404);
    for (const role of ['enterprise', 'grid_inspector', 'city_admin'] as const) {
      const headers =
        role === 'enterprise'
          ? await signedInAs(database.db, role, [], [enterpriseId])
          : await signedInAs(database.db, role);
      const res = await toHazard(injectAs(app, headers), alarmId);
      expect(res.statusCode, role).toBe(403);
    }
    expect(
      await database.db.selectFrom('hazard').select('id').where('alarm_id', '=', alarmId).execute(),
    ).toEqual([]);
    const district = injectAs(app, await signedInAs(database.db, 'district_officer', ['440306']));
    expect((await toHazard(district, alarmId)).statusCode).toBe(201);
    // The other district's own alarm is theirs to turn into a hazard.
    const theirs = await newAlarm({ enterpriseId: otherEnterpriseId });
    expect((await toHazard(asStreet, theirs)).statusCode).toBe(404);
    expect((await toHazard(otherDistrict, theirs)).statusCode).toBe(201);
  });

  it('follows the hazard rules: a major hazard needs an item of 令第10号, a deadline no past day', async () => {
    const alarmId = await newAlarm();
    const bad = await toHazard(asStreet, alarmId, { majorHazardRef: 'major-hazard-criteria-2023:99' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'hazard.major_hazard_invalid' });
    const past = await toHazard(asStreet, alarmId, { deadline: '2026-11-01' });
    expect(past.statusCode).toBe(422);
    expect(
      await database.db.selectFrom('hazard').select('id').where('alarm_id', '=', alarmId).execute(),
    ).toEqual([]);
    const major = await toHazard(asStreet, alarmId, { majorHazardRef: MAJOR_REF, deadline: '2026-12-05' });
    expect(major.statusCode, major.body).toBe(201);
    const hazard = (
      await asStreet({ url: `/api/grid/hazards/${major.json<AlarmHazardResult>().hazardId}` })
    ).json<Hazard>();
    expect(hazard).toMatchObject({
      level: 'major',
      status: 'assigned',
      deadline: '2026-12-05',
      listedForSupervision: true,
    });
  });

  it('summarises a non-gas alarm by the worst value of each gas at the space', async () => {
    const alarmId = await newAlarm({ kind: 'overtime' });
    const res = await toHazard(asStreet, alarmId);
    expect(res.statusCode, res.body).toBe(201);
    const hazard = (
      await asStreet({ url: `/api/grid/hazards/${res.json<AlarmHazardResult>().hazardId}` })
    ).json<Hazard>();
    expect(hazard.description).toContain('作业超时');
    expect(hazard.description).toContain('H₂S 最高 12.5 ppm');
  });

  it('leaves no hazard, no evidence, no link and no audit entry when a step fails', async () => {
    const alarmId = await newAlarm();
    const officer = await createTestUser(database.db, { role: 'street_officer', scopeIds: ['440306001'] });
    const actor = { ...testActor('street_officer', { street: ['440306001'] }), userId: officer.id };
    const hazards = createHazardRepository(database.db);
    const failing = createAlarmHazardService({
      db: database.db,
      alarms: createAlarmRepository(database.db),
      hazards: {
        ...hazards,
        insertEvidenceFile: () => Promise.reject(new Error('disk full')),
      },
      catalogue: regulationLibrary().catalogue,
      feed: createLiveFeed(),
      clock: () => now,
    });
    const before = await hazardCount();
    await expect(failing.reportHazard(actor, alarmId, {})).rejects.toThrow('disk full');
    expect(await hazardCount()).toBe(before);
    const alarm = (await asStreet({ url: '/api/confined/alarms' })).json<{ items: Alarm[] }>().items;
    expect(alarm.find((a) => a.id === alarmId)?.hazardId).toBeNull();
    const audit = await database.db
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'alarm.hazard_reported')
      .where('resource_id', '=', alarmId)
      .execute();
    expect(audit).toEqual([]);
    // Nothing half-made stands in the way of doing it properly.
    expect((await toHazard(asStreet, alarmId)).statusCode).toBe(201);
  });

  it('refuses evidence whose digest does not match its bytes, and any change to stored evidence', async () => {
    const alarmId = await newAlarm();
    const { hazardId } = (await toHazard(asStreet, alarmId)).json<AlarmHazardResult>();
    const officer = await createTestUser(database.db, { role: 'street_officer', scopeIds: ['440306001'] });
    const content = Buffer.from('forged\n');
    await expect(
      database.db
        .insertInto('hazard_evidence_file')
        .values({
          hazard_id: hazardId,
          kind: 'alarm_readings',
          file_name: 'x.csv',
          media_type: 'text/csv',
          size_bytes: content.length,
          sha256: sha256('something else'),
          content,
          created_at: now,
          created_by: officer.id,
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      database.db
        .updateTable('hazard_evidence_file')
        .set({ file_name: 'renamed.csv' })
        .where('hazard_id', '=', hazardId)
        .execute(),
    ).rejects.toThrow();
  });
});
