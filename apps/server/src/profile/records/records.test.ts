import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  EnterpriseProfile,
  Problem,
  ProfileImportResult,
  RiskTagsState,
  SafetyManagementState,
} from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';

/**
 * Profile records end to end on the test database: officers import what other systems hold (all
 * or nothing, set-based, queued for regrading by the triggers), and the enterprise declares its
 * own safety management and inherent risks.
 */

const NOW = new Date('2026-11-20T10:00:00+08:00');

type Caller = ReturnType<typeof injectAs>;

describe('profile records: imports and declarations', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e2: string;
  let code1: string;
  let code2: string;
  let code4: string;
  let street: Caller;
  let admin: Caller;
  let owner: Caller;
  let otherOwner: Caller;

  const problem = (res: { headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const importAs = (as: Caller, payload: object) =>
    as({ method: 'POST', url: '/api/profile/imports', payload });
  const count = async (
    table: 'enterprise_accident' | 'enterprise_credit_record' | 'enterprise_penalty' | 'emergency_drill',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const queued = async () =>
    (await db.selectFrom('grading_queue').select('enterprise_id').orderBy('enterprise_id').execute()).map(
      (q) => String(q.enterprise_id),
    );
  const audits = (action: string) =>
    db
      .selectFrom('audit_event')
      .select(['resource_id', 'before', 'after'])
      .where('action', '=', action)
      .execute();
  const accident = (code: string, extra: object = {}) => ({
    creditCode: code,
    occurredOn: '2026-10-12',
    severity: 'minor_injury',
    deaths: 0,
    injuries: 1,
    description: '冲压作业手指轻伤',
    ...extra,
  });
  const enterpriseAccount = async (enterpriseId: string) => {
    const user = await createTestUser(db, { role: 'enterprise', enterpriseIds: [enterpriseId] });
    return injectAs(app, await openTestSession(db, user.id));
  };

  beforeAll(async () => {
    const t = await openTestDatabase('records');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    [e1, e2] = seeded.enterprises.map((e) => String(e.id)) as [string, string];
    [code1, code2, , code4] = seeded.enterprises.map((e) => e.credit_code) as [
      string,
      string,
      string,
      string,
    ];
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => NOW });
    street = injectAs(
      app,
      await openTestSession(
        db,
        (await createTestUser(db, { role: 'street_officer', scopeIds: ['440306001'] })).id,
      ),
    );
    admin = injectAs(
      app,
      await openTestSession(db, (await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] })).id),
    );
    owner = await enterpriseAccount(e1);
    otherOwner = await enterpriseAccount(e2);
  }, 60_000);

  beforeEach(async () => {
    await db.deleteFrom('grading_queue').execute();
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('imports a batch in one statement with source "import" and queues its enterprises', async () => {
    const res = await importAs(street, {
      kind: 'accidents',
      records: [
        accident(code1, { sourceRef: 'SZ-AJ-2026-001' }),
        accident(code1.toLowerCase(), {
          occurredOn: '2026-03-02',
          description: '叉车碰撞，一人重伤',
          severity: 'serious_injury',
        }),
        accident(code2, { severity: 'fatal', deaths: 1, injuries: 0, description: '高处坠落死亡1人' }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ProfileImportResult>()).toEqual({
      kind: 'accidents',
      dryRun: false,
      inserted: 3,
      enterprises: 2,
    });
    const rows = await db
      .selectFrom('enterprise_accident')
      .select(['enterprise_id', 'severity', 'source', 'source_ref', 'recorded_by'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [String(r.enterprise_id), r.severity, r.source, r.source_ref])).toEqual([
      [e1, 'minor_injury', 'import', 'SZ-AJ-2026-001'],
      [e1, 'serious_injury', 'import', null],
      [e2, 'fatal', 'import', null],
    ]);
    expect(rows.every((r) => r.recorded_by !== null)).toBe(true);
    // The statement-level triggers queued both enterprises in the importing transaction.
    expect(await queued()).toEqual([e1, e2].sort());
    const audit = await audits('profile.records_imported');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ kind: 'accidents', records: 3, enterprises: 2 });

    // The other kinds land in their tables, each row marked as imported.
    const credit = await importAs(street, {
      kind: 'credit_records',
      records: [
        {
          creditCode: code1,
          kind: 'adverse',
          recordedOn: '2026-05-01',
          expiresOn: '2027-05-01',
          authority: '深圳市应急管理局',
          description: '未按规定开展安全培训',
        },
      ],
    });
    expect(credit.statusCode, credit.body).toBe(200);
    const penalties = await importAs(street, {
      kind: 'penalties',
      records: [
        {
          creditCode: code2,
          kind: 'penalty',
          decidedOn: '2025-12-01',
          amountYuan: 20000.5,
          description: '罚款',
          sourceRef: '深应急罚〔2025〕12号',
        },
        {
          creditCode: code2,
          kind: 'rectification_order',
          decidedOn: '2025-11-01',
          description: '责令限期整改',
        },
      ],
    });
    expect(penalties.json<ProfileImportResult>()).toMatchObject({ inserted: 2, enterprises: 1 });
    const drills = await importAs(street, {
      kind: 'drills',
      records: [{ creditCode: code1, heldOn: '2026-09-15', description: '消防疏散演练' }],
    });
    expect(drills.json<ProfileImportResult>()).toMatchObject({ inserted: 1, enterprises: 1 });
    const amount = await db
      .selectFrom('enterprise_penalty')
      .select(['amount_yuan', 'source'])
      .where('kind', '=', 'penalty')
      .executeTakeFirstOrThrow();
    expect([Number(amount.amount_yuan), amount.source]).toEqual([20000.5, 'import']);

    const profile = (await street({ url: `/api/profile/enterprises/${e1}` })).json<EnterpriseProfile>();
    expect(profile.creditRecords).toEqual([expect.objectContaining({ kind: 'adverse', source: 'import' })]);
    expect(profile.drills).toEqual([{ heldOn: '2026-09-15', description: '消防疏散演练', source: 'import' }]);
    expect(profile.accidents.map((a) => a.source)).toEqual(['import', 'import']);
  });

  it('writes nothing when one record is bad, and reports that record by index and field', async () => {
    const before = await count('enterprise_accident');
    const res = await importAs(street, {
      kind: 'accidents',
      records: [
        accident(code1, { description: '第一条，无问题' }),
        accident(code2, { description: '第二条，无问题' }),
        accident(code1, { occurredOn: '2026-11-21', description: '明天的事故' }),
      ],
    });
    expect(res.statusCode).toBe(422);
    const body = problem(res);
    expect(body.code).toBe('profile_import.rows_invalid');
    expect(body.params).toMatchObject({ records: 1, problems: 1 });
    expect(body.errors).toEqual([
      { pointer: '/body/records/2/occurredOn', code: 'profile_import.date_in_future', params: { index: 2 } },
    ]);
    expect(await count('enterprise_accident')).toBe(before);
    expect(await queued()).toEqual([]);
  });

  it('reports every problem of every record, in record order', async () => {
    const res = await importAs(street, {
      kind: 'accidents',
      records: [
        { creditCode: code1, occuredOn: '2026-10-01', severity: 'minor_injury', deaths: 0, injuries: 0 },
        accident(code1, { severity: 'fatal', deaths: 0 }),
        'not a record',
        accident('91440300000000000X'),
      ],
    });
    const body = problem(res);
    expect(body.code).toBe('profile_import.rows_invalid');
    expect(body.errors!.map((e) => [e.pointer, e.code])).toEqual([
      ['/body/records/0/occuredOn', 'schema.additionalProperties'],
      ['/body/records/0/occurredOn', 'schema.required'],
      ['/body/records/0/description', 'schema.required'],
      ['/body/records/1/deaths', 'accident.deaths_mismatch'],
      ['/body/records/2', 'schema.type'],
      ['/body/records/3/creditCode', 'enterprise.credit_code_invalid'],
    ]);
    expect(body.params).toMatchObject({ records: 4, problems: 6 });
  });

  it('reports a credit code outside the scope exactly as one nobody registered', async () => {
    const unknown = creditCode('91440300999999999');
    const res = await importAs(street, {
      kind: 'drills',
      records: [
        { creditCode: code4, heldOn: '2026-06-01', description: '演练' },
        { creditCode: unknown, heldOn: '2026-06-01', description: '演练' },
      ],
    });
    const errors = problem(res).errors!;
    expect(errors).toEqual([
      {
        pointer: '/body/records/0/creditCode',
        code: 'profile_import.enterprise_unknown',
        params: { index: 0, value: code4 },
      },
      {
        pointer: '/body/records/1/creditCode',
        code: 'profile_import.enterprise_unknown',
        params: { index: 1, value: unknown },
      },
    ]);
    // The city admin's scope holds the 大鹏 enterprise: the same record is taken.
    const city = await importAs(admin, {
      kind: 'drills',
      records: [{ creditCode: code4, heldOn: '2026-06-01', description: '演练' }],
      dryRun: true,
    });
    expect(city.json<ProfileImportResult>()).toEqual({
      kind: 'drills',
      dryRun: true,
      inserted: 1,
      enterprises: 1,
    });
  });

  it('checks a dry run in full and writes nothing', async () => {
    const before = await count('enterprise_credit_record');
    const auditsBefore = (await audits('profile.records_imported')).length;
    const records = [
      {
        creditCode: code1,
        kind: 'serious_dishonesty',
        recordedOn: '2026-01-10',
        authority: '深圳市市场监督管理局',
        description: '严重失信',
      },
      {
        creditCode: code2,
        kind: 'adverse',
        recordedOn: '2026-02-10',
        expiresOn: null,
        authority: '宝安区应急管理局',
        description: '不良记录',
      },
    ];
    const dry = await importAs(street, { kind: 'credit_records', records, dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<ProfileImportResult>()).toEqual({
      kind: 'credit_records',
      dryRun: true,
      inserted: 2,
      enterprises: 2,
    });
    expect(await count('enterprise_credit_record')).toBe(before);
    expect(await queued()).toEqual([]);
    expect(await audits('profile.records_imported')).toHaveLength(auditsBefore);
    // A dry run refuses what the import would refuse.
    const bad = await importAs(street, {
      kind: 'credit_records',
      records: [{ ...records[0]!, expiresOn: '2026-01-10' }],
      dryRun: true,
    });
    expect(problem(bad).errors).toEqual([
      {
        pointer: '/body/records/0/expiresOn',
        code: 'profile_import.expiry_not_after_record',
        params: { index: 0 },
      },
    ]);
  });

  it('refuses a record already stored and one repeated within the batch', async () => {
    const again = await importAs(street, {
      kind: 'accidents',
      records: [
        accident(code1, { sourceRef: 'SZ-AJ-2026-001', description: '同一报告编号' }),
        accident(code2, { description: '新事故' }),
        accident(code2, { description: '新事故' }),
      ],
    });
    expect(problem(again).errors).toEqual([
      { pointer: '/body/records/0', code: 'profile_import.already_recorded', params: { index: 0 } },
      {
        pointer: '/body/records/2',
        code: 'profile_import.duplicate_in_batch',
        params: { index: 2, firstRecord: 2 },
      },
    ]);
  });

  it('takes a full batch of 5,000 records above the default body limit', async () => {
    const before = await count('emergency_drill');
    const long = '应急演练'.repeat(60);
    const records = Array.from({ length: 5000 }, (_, i) => ({
      creditCode: i % 2 === 0 ? code1 : code2,
      heldOn: '2026-08-01',
      description: `${long}${i}`,
    }));
    expect(Buffer.byteLength(JSON.stringify({ kind: 'drills', records }))).toBeGreaterThan(1024 * 1024);
    const res = await importAs(street, { kind: 'drills', records });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json<ProfileImportResult>()).toMatchObject({ inserted: 5000, enterprises: 2 });
    expect(await count('emergency_drill')).toBe(before + 5000);
    expect(await queued()).toEqual([e1, e2].sort());
  });

  it('refuses a malformed body, too many records and callers without profile.record', async () => {
    expect((await importAs(street, { kind: 'hazards', records: [{}] })).statusCode).toBe(400);
    expect((await importAs(street, { kind: 'drills', records: [] })).statusCode).toBe(400);
    const tooMany = await importAs(street, {
      kind: 'drills',
      records: Array.from({ length: 5001 }, () => ({})),
    });
    expect(problem(tooMany).errors![0]).toMatchObject({ pointer: '/body/records', code: 'schema.maxItems' });
    expect((await importAs(owner, { kind: 'drills', records: [{}] })).statusCode).toBe(403);
  });

  it('takes the enterprise’s declared safety management as an upsert, audited before and after', async () => {
    const put = (as: Caller, id: string, payload: object) =>
      as({ method: 'PUT', url: `/api/profile/enterprises/${id}/safety-management`, payload });
    const declaration = {
      emergencyPlanFiled: true,
      safetyOfficers: 2,
      trainingCoveragePercent: 80,
      certificatesComplete: false,
      standardisationLevel: 1,
    };
    const first = await put(owner, e1, declaration);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<SafetyManagementState>()).toMatchObject({
      ...declaration,
      source: 'declared',
      updatedAt: NOW.toISOString(),
    });
    expect(await queued()).toEqual([e1]);
    const second = await put(owner, e1, {
      ...declaration,
      trainingCoveragePercent: 100,
      certificatesComplete: true,
    });
    expect(second.json<SafetyManagementState>()).toMatchObject({
      trainingCoveragePercent: 100,
      certificatesComplete: true,
    });
    expect(
      await db.selectFrom('enterprise_safety_management').select('enterprise_id').execute(),
    ).toHaveLength(1);
    const audit = await audits('profile.safety_management_declared');
    expect(audit).toHaveLength(2);
    expect(audit[0]!.before).toBeNull();
    expect(audit[1]).toMatchObject({
      resource_id: e1,
      before: { trainingCoveragePercent: 80 },
      after: { trainingCoveragePercent: 100, source: 'declared' },
    });
    const profile = (await owner({ url: `/api/profile/enterprises/${e1}` })).json<EnterpriseProfile>();
    expect(profile.safetyManagement).toMatchObject({ trainingCoveragePercent: 100, source: 'declared' });

    // Another enterprise's profile is out of reach: not found, and nothing written.
    expect((await put(otherOwner, e1, declaration)).statusCode).toBe(404);
    expect((await put(street, e1, declaration)).statusCode).toBe(403);
    const range = await put(owner, e1, { ...declaration, trainingCoveragePercent: 101 });
    expect(range.statusCode).toBe(400);
    expect(problem(range).errors![0]!.pointer).toBe('/body/trainingCoveragePercent');
    expect(audit).toHaveLength((await audits('profile.safety_management_declared')).length);
  });

  it('replaces the declared risk tags and keeps those other sources recorded', async () => {
    await db
      .insertInto('enterprise_risk_tag')
      .values([
        { enterprise_id: e1, tag: 'dust_explosion', source: 'demo' },
        { enterprise_id: e1, tag: 'electroplating', source: 'declared' },
      ])
      .execute();
    await db.deleteFrom('grading_queue').execute();
    const put = (as: Caller, id: string, tags: string[]) =>
      as({ method: 'PUT', url: `/api/profile/enterprises/${id}/risk-tags`, payload: { tags } });

    const first = await put(owner, e1, ['liquid_ammonia', 'hazardous_chemicals', 'liquid_ammonia']);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<RiskTagsState>()).toEqual({
      riskTags: [
        { tag: 'dust_explosion', source: 'demo' },
        { tag: 'hazardous_chemicals', source: 'declared' },
        { tag: 'liquid_ammonia', source: 'declared' },
      ],
      kept: ['dust_explosion'],
    });
    expect(await queued()).toEqual([e1]);

    // Withdrawing tags is a delete, which no trigger sees: the service queues the regrading.
    await db.deleteFrom('grading_queue').execute();
    const second = await put(owner, e1, ['dust_explosion']);
    expect(second.json<RiskTagsState>()).toEqual({
      riskTags: [{ tag: 'dust_explosion', source: 'demo' }],
      kept: [],
    });
    expect(await queued()).toEqual([e1]);
    const audit = await audits('profile.risk_tags_declared');
    expect(audit.at(-1)).toMatchObject({
      before: [
        { tag: 'dust_explosion', source: 'demo' },
        { tag: 'hazardous_chemicals', source: 'declared' },
        { tag: 'liquid_ammonia', source: 'declared' },
      ],
      after: [{ tag: 'dust_explosion', source: 'demo' }],
    });

    expect((await put(otherOwner, e1, [])).statusCode).toBe(404);
    expect((await put(admin, e1, [])).statusCode).toBe(403);
    expect((await put(owner, e1, ['asbestos'])).statusCode).toBe(400);
    expect(
      (
        await db.selectFrom('enterprise_risk_tag').select('tag').where('enterprise_id', '=', e1).execute()
      ).map((t) => t.tag),
    ).toEqual(['dust_explosion']);
  });
});
