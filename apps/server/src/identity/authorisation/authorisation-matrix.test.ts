import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADING_MODEL_FILE } from '../../profile/grading/grading-model';
import { createGradingModels } from '../../profile/models/grading-models';
import { recomputeAllGrades } from '../../profile/grades/recompute-grades';
import { multipartBody, TINY_PNG } from '../../../test/multipart';
import type { Kysely } from 'kysely';
import type { Problem } from '@safegrid/contracts';
import { ROLES, TIP_CODE_ALPHABET, type Action, type Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { creditCode, seedMiniCity } from '../../../test/mini-city';
import { createTestUser, openTestSession } from '../../../test/sessions';
import { declaredRoutes, type Access } from '../../platform/auth/authenticate';
import { can } from '../../platform/auth/policy';
import type { DB } from '../../platform/db/schema';
import { PERMIT_CHECKLIST } from '../../confined/permits/permit-checklist';
import { createChecklistLibrary } from '../../platform/checklists/checklist-library';
import { createPatrolRepository } from '../../grid/patrols/patrol.repository';
import { regulationLibrary } from '../../enforcement/regulations/regulation-library';
import { shenzhenToday } from '../../grid/jurisdiction/jurisdiction.service';

/**
 * The authorisation matrix, generated from the route table: every /api endpoint × every role ×
 * an object inside and one outside the role's jurisdiction, plus no session at all. The expected
 * answer follows from the policy table alone: 401 without a session, 403 for a role the policy
 * refuses, 404 for an object outside the scope, success otherwise. An endpoint without a fixture
 * here fails the test, so nothing new ships unchecked.
 */

/** Each role's scope sits in 宝安 新安街道; "outside" objects live in 大鹏新区. */
const SCOPES: Record<Role, string[]> = {
  city_admin: ['440300'],
  district_officer: ['440306'],
  street_officer: ['440306001'],
  grid_inspector: ['G440306001001-1'],
  enforcement_officer: ['440306'],
  approver: ['440306'],
  enterprise: [],
  auditor: ['440300'],
};

interface Call {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

interface Fixture {
  /** A request on an object in the caller's scope (or a scope-free request). */
  inScope: (role: Role) => Promise<Call> | Call;
  /** The same request on an object outside the caller's scope; absent for scope-free routes. */
  outOfScope?: (role: Role) => Promise<Call> | Call;
  /** Success status for an allowed caller. */
  ok?: number;
  /** The object belongs to a user, not a place: another user's is out of scope even city-wide. */
  ownerScoped?: boolean;
  /** What a public route answers without a session, when that differs from `ok`. */
  anonymous?: number;
  /** A never-ending response (SSE): only the refusals are checked here. */
  streaming?: boolean;
  /**
   * One endpoint, several actions (a hazard's transition or photo: the body's event or stage
   * names the action): a role holding none of these is refused (403) before any lookup.
   */
  actions?: readonly Action[];
}

/** Routes whose stage rules (second factor) have their own tests in identity/auth. */
const STAGE_ROUTES = new Set([
  'POST /api/auth/mfa/verify',
  'POST /api/auth/mfa/enrolment',
  'POST /api/auth/mfa/enrolment/confirm',
]);

let app: App;
let db: Kysely<DB>;
let cleanup: () => Promise<void>;
const users = new Map<Role, string>();
let inside: { e1: string; e4: string };
let seq = 100;

const ACCIDENT = {
  occurredOn: '2026-10-01',
  severity: 'minor_injury',
  deaths: 0,
  injuries: 1,
  description: '轻伤事故（测试）',
};
const SAFETY = {
  emergencyPlanFiled: true,
  safetyOfficers: 1,
  trainingCoveragePercent: 90,
  certificatesComplete: true,
  standardisationLevel: 2,
};
const DEFAULT_MODEL = JSON.parse(readFileSync(GRADING_MODEL_FILE, 'utf8')) as { modelVersion: string };

/** A draft model version (the default's figures under a new version), straight into the table. */
async function freshDraftModel(): Promise<string> {
  seq += 1;
  const version = `draft-${seq}`;
  await db
    .insertInto('grading_model')
    .values({
      version,
      document: JSON.stringify({ ...DEFAULT_MODEL, modelVersion: version }),
      status: 'draft',
      note: '',
    })
    .execute();
  return version;
}

function newEnterprise(gridId: string) {
  seq += 1;
  return {
    creditCode: creditCode(`91440306MA5${String(seq).padStart(6, '0')}`),
    name: `矩阵测试企业${seq}有限公司`,
    address: '深圳市宝安区新安街道测试路1号',
    industryCode: 'C3981',
    scale: 'small',
    employees: 10,
    location: gridId.startsWith('G440307') ? [114.46, 22.56] : [114.01, 22.51],
    gridId,
  };
}

async function pendingRegistration(street: 'in' | 'out'): Promise<string> {
  seq += 1;
  const enterprise = street === 'in' ? inside.e1 : inside.e4;
  // Only one pending request per enterprise may exist: settle the previous one first.
  await db
    .updateTable('enterprise_registration')
    .set({ status: 'rejected' })
    .where('status', '=', 'pending')
    .where('enterprise_id', '=', enterprise)
    .execute();
  const { id } = await db
    .insertInto('enterprise_registration')
    .values({
      enterprise_id: enterprise,
      street_id: street === 'in' ? '440306001' : '440307009',
      username: `applicant-${seq}`,
      display_name: '申请人',
      phone: '13900000000',
      password_hash: 'x',
      status: 'pending',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function importJob(ownerRole: Role | 'other'): Promise<string> {
  const owner =
    ownerRole === 'other'
      ? (await createTestUser(db, { role: 'city_admin', scopeIds: ['440300'] })).id
      : users.get(ownerRole)!;
  const { id } = await db
    .insertInto('import_job')
    .values({ kind: 'enterprises', file_name: 'x.csv', status: 'failed', created_by: owner })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const csvUpload = (): Call => {
  const boundary = '----matrix';
  const e = newEnterprise('G440306001001-1');
  const csv = `统一社会信用代码,企业名称,地址,行业代码,规模,从业人数,经度,纬度,网格编号\n${e.creditCode},${e.name},${e.address},C3981,小型,10,114.01,22.51,G440306001001-1\n`;
  return {
    url: '/api/imports/enterprises',
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

let graded = false;
/** A grade-change notice about e1 (in) or e4 (out), straight into the table. */
async function freshNotice(where: 'in' | 'out'): Promise<string> {
  const enterpriseId = where === 'in' ? inside.e1 : inside.e4;
  const e = await db
    .selectFrom('enterprise')
    .select(['grid_id', 'community_id', 'street_id', 'district_id'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('notice')
    .values({
      kind: 'grade_changed',
      enterprise_id: enterpriseId,
      ...e,
      payload: JSON.stringify({
        previousGrade: 'blue',
        grade: 'yellow',
        score: 22,
        reason: 'batch',
        modelVersion: '2026.1',
      }),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(id);
}

/** Objections need grades: computed once, the first time a fixture asks. */
async function ensureGraded(): Promise<void> {
  if (graded) return;
  await recomputeAllGrades(db, await createGradingModels(db).active(), { now: new Date(), reason: 'batch' });
  graded = true;
}

/** A pending objection to e1's or e4's grade, straight into the table. */
async function freshObjection(where: 'in' | 'out'): Promise<string> {
  await ensureGraded();
  const enterpriseId = where === 'in' ? inside.e1 : inside.e4;
  const e = await db
    .selectFrom('enterprise')
    .select(['grid_id', 'community_id', 'street_id', 'district_id'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  seq += 1;
  const row = await db
    .insertInto('grade_objection')
    .values({
      enterprise_id: enterpriseId,
      ...e,
      // A fresh indicator name per objection: one pending objection per indicator is allowed.
      indicator_id: `matrix${seq}`,
      model_version: DEFAULT_MODEL.modelVersion,
      recorded_value: 0,
      claimed_value: 1,
      reason: '测试',
      filed_by: users.get('city_admin')!,
      filed_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return String(row.id);
}

async function freshObjectionEvidence(where: 'in' | 'out'): Promise<string> {
  const objection = await freshObjection(where);
  const row = await db
    .insertInto('grade_objection_evidence')
    .values({
      objection_id: objection,
      file_name: 'e.png',
      media_type: 'image/png',
      size_bytes: TINY_PNG.length,
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
      content: TINY_PNG,
      uploaded_by: users.get('city_admin')!,
      uploaded_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/api/profile/objections/${objection}/evidence/${row.id}`;
}

const EVIDENCE_UPLOAD = multipartBody({}, { bytes: TINY_PNG });

/** A confined space of its own per call: permits on it never collide with another fixture's. */
async function freshSpace(where: 'in' | 'out'): Promise<string> {
  seq += 1;
  const { id } = await db
    .insertInto('confined_space')
    .values({
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      code: `M-${seq}`,
      name: '矩阵测试池',
      space_type: 'underground',
      hazards: ['h2s'],
      ventilation: 'mechanical',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A ledger photo of a fresh space inside or outside the scopes: its URL. */
async function freshSpacePhoto(where: 'in' | 'out'): Promise<string> {
  const space = await freshSpace(where);
  const { id } = await db
    .insertInto('confined_space_photo')
    .values({
      confined_space_id: space,
      file_name: 'p.png',
      media_type: 'image/png',
      size_bytes: TINY_PNG.length,
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
      content: TINY_PNG,
      uploaded_by: users.get('city_admin')!,
      uploaded_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/api/confined/spaces/${space}/photos/${id}`;
}

/** A permit in the given state on a fresh space, its window open now, with a passing gas test. */
async function freshPermit(where: 'in' | 'out', status: 'draft' | 'submitted' | 'approved'): Promise<string> {
  const space = await freshSpace(where);
  if (status === 'approved') {
    await db
      .updateTable('device')
      .set({ confined_space_id: space })
      .where('id', '=', where === 'in' ? 'LK-IN' : 'LK-OUT')
      .execute();
  }
  const now = Date.now();
  const { id } = await db
    .insertInto('work_permit')
    .values({
      confined_space_id: space,
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      status,
      work_content: '清淤',
      entrants: ['甲'],
      attendant: '乙',
      responsible_person: '丙',
      window_start: new Date(now - 600_000),
      window_end: new Date(now + 3_600_000),
      checklist: JSON.stringify(Object.fromEntries(PERMIT_CHECKLIST.map((i) => [i.id, true]))),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('gas_test')
    .values({
      permit_id: id,
      source: 'manual',
      instrument_id: 'X',
      tester: '乙',
      measured_at: new Date(now - 60_000),
      o2: 20.9,
      h2s: 0,
      co: 0,
      lel: 0,
      passed: true,
    })
    .execute();
  return id;
}

async function freshAlarm(where: 'in' | 'out'): Promise<string> {
  seq += 1;
  const { id } = await db
    .insertInto('alarm')
    .values({
      dedup_key: `matrix:${seq}`,
      kind: 'overtime',
      severity: 'major',
      status: 'raised',
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      occurred_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** An archived official document about an enterprise inside or outside the scopes. */
async function freshDocument(where: 'in' | 'out'): Promise<{ id: string; code: string }> {
  seq += 1;
  const code = seq.toString(16).padStart(16, '0');
  const { id } = await db
    .insertInto('official_document')
    .values({
      // A series of its own: never in the way of the documents the POST fixture issues.
      agency_code: 'MATRIX',
      agency_name: '矩阵测试应急管理局',
      doc_type: 'rectification_order',
      title: '责令限期整改指令书',
      series: '应急责改',
      year: 2026,
      sequence: seq,
      number: `（矩阵）应急责改〔2026〕${seq}号`,
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      document_date: '2026-11-30',
      verification_code: code,
      sha256: '0'.repeat(64),
      content: '{}',
      pdf: Buffer.from('%PDF-1.7 matrix'),
      issued_by: users.get('enforcement_officer')!,
      issued_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, code };
}

/** A rectification order dated today (China time) with a working-day deadline a week or more ahead. */
function documentPayload(enterpriseId: string) {
  const day = 86_400_000;
  const today = new Date(Date.now() + 8 * 3_600_000);
  let deadline = new Date(today.getTime() + 7 * day);
  while ([0, 6].includes(deadline.getUTCDay())) deadline = new Date(deadline.getTime() + day);
  const officer = (n: number) => ({ name: `执法员${n}`, certificateNo: `4403062100${n}` });
  return {
    docType: 'rectification_order',
    enterpriseId,
    content: {
      findings: [
        { description: '安全出口堆放杂物', provision: '《中华人民共和国安全生产法》第四十二条第二款' },
      ],
      deadline: deadline.toISOString().slice(0, 10),
      legalBasis: '《中华人民共和国安全生产法》第六十五条第一款第（二）项',
      appeal: { government: '深圳市宝安区', agency: '深圳市应急管理局', court: '深圳市宝安区' },
      inspectors: [officer(1), officer(2)],
      date: today.toISOString().slice(0, 10),
    },
  };
}

const spacePayload = (enterpriseId: string) => ({
  enterpriseId,
  code: `P-${++seq}`,
  name: '集水井',
  spaceType: 'underground',
  location: '厂区',
  lon: null,
  lat: null,
  hazards: ['h2s'],
  ventilation: 'natural',
  entryPoints: 1,
  rescuePlan: '',
  rescueEquipment: [],
  warningSign: true,
});

const permitPayload = async (where: 'in' | 'out') => ({
  spaceId: await freshSpace(where),
  workContent: '清淤',
  entrants: ['甲'],
  attendant: '乙',
  responsiblePerson: '丙',
  windowStart: new Date(Date.now() + 3_600_000).toISOString(),
  windowEnd: new Date(Date.now() + 7_200_000).toISOString(),
  checklist: {},
});

/**
 * An enforcement plan of 宝安 (in) or 大鹏 (out), straight into the tables: a draft, a draft with a
 * one-target draw (its id is the plan's current draw), or published with its task.
 */
async function freshPlan(
  where: 'in' | 'out',
  state: 'draft' | 'drawn' | 'published' = 'draft',
): Promise<{ id: string; drawId: string }> {
  const officer = users.get('enforcement_officer')!;
  const partner = await partnerOfficer();
  const at = new Date();
  const { id } = await db
    .insertInto('enforcement_plan')
    .values({
      jurisdiction_id: where === 'in' ? '440306' : 'DP-440307',
      kind: 'annual',
      parent_id: null,
      year: 2026,
      month: null,
      title: '矩阵测试计划',
      random_count: 1,
      industry_category: null,
      created_by: officer,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (state === 'draft') return { id, drawId: '1' };
  const enterprise = where === 'in' ? inside.e1 : inside.e4;
  const { id: drawId } = await db
    .insertInto('enforcement_plan_draw')
    .values({
      plan_id: id,
      algorithm: 'sha256-ctr-v1',
      seed: '0'.repeat(32),
      candidate_ids: [enterprise],
      candidate_digest: createHash('sha256').update(enterprise).digest('hex'),
      officer_ids: [officer, partner].sort(),
      officer_digest: createHash('sha256').update([officer, partner].sort().join('\n')).digest('hex'),
      random_count: 1,
      drawn_by: officer,
      drawn_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('enforcement_plan_target')
    .values({
      draw_id: drawId,
      seq: 1,
      enterprise_id: enterprise,
      source: 'random',
      grade: null,
      referral_id: null,
      officer_a: officer,
      officer_b: partner,
    })
    .execute();
  await db
    .updateTable('enforcement_plan')
    .set({
      current_draw_id: drawId,
      ...(state === 'published' && {
        status: 'published' as const,
        published_by: users.get('approver')!,
        published_at: at,
      }),
    })
    .where('id', '=', id)
    .execute();
  return { id, drawId };
}

/** A second enforcement officer covering 宝安 (the partner of the matrix's officer), made once. */
let inspectionPartner: string | undefined;
async function partnerOfficer(): Promise<string> {
  inspectionPartner ??= (await createTestUser(db, { role: 'enforcement_officer', scopeIds: ['440306'] })).id;
  return inspectionPartner;
}

/**
 * An in-progress inspection of the matrix's enforcement officer and a partner, with `findings`
 * findings and one evidence file: its version is 1, so write fixtures succeed for the officer.
 */
async function freshInspection(where: 'in' | 'out', findings = 0): Promise<string> {
  const { id } = await db
    .insertInto('inspection')
    .values({
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      started_by: users.get('enforcement_officer')!,
      partner_id: await partnerOfficer(),
      started_at: new Date(),
      finding_count: findings,
      evidence_count: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (let seq = 1; seq <= findings; seq++) {
    await db
      .insertInto('inspection_finding')
      .values({
        inspection_id: id,
        seq,
        description: '矩阵测试发现',
        provision_refs: [],
        major_hazard_ref: null,
        on_the_spot_measure: null,
        recorded_at: new Date(),
        recorded_by: users.get('enforcement_officer')!,
      })
      .execute();
  }
  await db
    .insertInto('inspection_evidence')
    .values({
      inspection_id: id,
      seq: 1,
      file_name: 'm.pdf',
      media_type: 'application/pdf',
      size_bytes: 8,
      sha256: '0'.repeat(64),
      content: Buffer.from('%PDF-1.7'),
      captured_at: new Date(),
      received_at: new Date(),
      chain_hash: '0'.repeat(64),
      uploaded_by: users.get('enforcement_officer')!,
    })
    .execute();
  return id;
}

const evidenceUpload = async (where: 'in' | 'out'): Promise<Call> => {
  const boundary = '----matrix-evidence';
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  return {
    url: `/api/enforcement/inspections/${await freshInspection(where)}/evidence`,
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="capturedAt"\r\n\r\n${new Date().toISOString()}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

/**
 * Patrol staff, made once: the matrix's grid inspector account stands for 李娜 (in charge of grid 1
 * in the mini city), and an inspector of its own is in charge of the 大鹏 grid.
 */
let patrolInspectors: { in: string; out: string } | undefined;
async function patrolStaff(): Promise<{ in: string; out: string }> {
  if (patrolInspectors) return patrolInspectors;
  const li = await db
    .selectFrom('inspector')
    .select('id')
    .where('name', '=', '李娜')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('app_user')
    .set({ inspector_id: li.id })
    .where('id', '=', users.get('grid_inspector')!)
    .execute();
  const { id } = await db
    .insertInto('inspector')
    .values({ name: '矩阵网格员', street_id: '440307009', synthetic: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('grid_assignment')
    .values({ inspector_id: id, grid_id: 'G440307009001-1', valid_from: '2024-01-01', valid_to: null })
    .execute();
  patrolInspectors = { in: li.id, out: id };
  return patrolInspectors;
}

/** An open (or checked-in) ad-hoc patrol task due today, at an enterprise inside or outside the scopes. */
async function freshPatrolTask(where: 'in' | 'out', status: 'open' | 'checked_in' = 'open'): Promise<string> {
  const staff = await patrolStaff();
  const today = shenzhenToday();
  const { id } = await db
    .insertInto('patrol_task')
    .values({
      kind: 'ad_hoc',
      status,
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      grid_id: where === 'in' ? 'G440306001001-1' : 'G440307009001-1',
      street_id: where === 'in' ? '440306001' : '440307009',
      inspector_id: where === 'in' ? staff.in : staff.out,
      month: `${today.slice(0, 7)}-01`,
      due_date: today,
      ...(status === 'checked_in' && {
        check_in_client_id: crypto.randomUUID(),
        check_in_at: new Date(),
        check_in_lat: 22.51,
        check_in_lon: 114.01,
        check_in_distance_m: 0,
        outside_geofence: false,
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const checkInPayload = () => ({
  clientId: crypto.randomUUID(),
  lat: 22.5101,
  lon: 114.0101,
  at: new Date().toISOString(),
});

/**
 * Every item of the enterprise's check-list answered: the machinery template (the mini city's e1
 * and e4 are machinery) and the 令第10号 fields it works in (other fixtures give e1 confined spaces).
 */
const checklistPayload = async (where: 'in' | 'out') => ({
  clientId: crypto.randomUUID(),
  at: new Date().toISOString(),
  results: createChecklistLibrary(regulationLibrary().catalogue)
    .forEnterprise(
      'machinery',
      await createPatrolRepository(db).enterpriseFields(db, where === 'in' ? inside.e1 : inside.e4),
    )
    .items.map((i) => ({ itemId: i.id, outcome: 'pass' })),
});

/** One answer to an inspection's checklist: the machinery template's first item (e1 and e4). */
const inspectionChecklistAnswer = {
  version: 1,
  answers: [
    {
      itemId: createChecklistLibrary(regulationLibrary().catalogue).forCategory('machinery').items[0]!.id,
      outcome: 'fail',
    },
  ],
};

/** A hazard at e1 (in) or e4 (out) in the given status, reported by the matrix's inspector. */
/** A re-check of a fresh hazard, given to the matrix's inspector ('in') or the 大鹏 one ('out'). */
async function freshRecheck(where: 'in' | 'out'): Promise<string> {
  const staff = await patrolStaff();
  const hazardId = await freshHazard(where, 'assigned');
  const { id } = await db
    .insertInto('hazard_recheck')
    .values({
      hazard_id: hazardId,
      month: '2026-11-01',
      grid_id: where === 'in' ? 'G440306001001-1' : 'G440307009001-1',
      street_id: where === 'in' ? '440306001' : '440307009',
      verified_by_inspector_id: null,
      inspector_id: staff[where],
      selection: JSON.stringify({ seed: 'matrix', position: 1, of: 1, share: 0.05 }),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function freshHazard(
  where: 'in' | 'out',
  status: 'reported' | 'assigned' | 'rectifying',
): Promise<string> {
  const reporter = users.get('grid_inspector')!;
  const { id } = await db
    .insertInto('hazard')
    .values({
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      grid_id: where === 'in' ? 'G440306001001-1' : 'G440307009001-1',
      community_id: where === 'in' ? '440306001001' : '440307009001',
      street_id: where === 'in' ? '440306001' : '440307009',
      district_id: where === 'in' ? '440306' : 'DP-440307',
      description: '矩阵测试隐患',
      source: 'patrol',
      level: 'general',
      major_hazard_ref: null,
      status,
      deadline: status === 'reported' ? null : shenzhenToday(),
      patrol_task_id: null,
      checklist_item_id: null,
      found_at: new Date(),
      lat: null,
      lon: null,
      reported_by: reporter,
      reported_at: new Date(),
      client_id: crypto.randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('hazard_transition')
    .values({
      hazard_id: id,
      seq: 1,
      event: 'report',
      from_status: null,
      to_status: status,
      actor_id: reporter,
      role: 'grid_inspector',
      note: null,
      deadline: null,
      at: new Date(),
      recorded_at: new Date(),
      client_id: crypto.randomUUID(),
    })
    .execute();
  return id;
}

/** The step each role can take: the inspector and officers assign, the enterprise acknowledges. */
const hazardTransition = async (where: 'in' | 'out', role: Role): Promise<Call> => {
  const enterprise = role === 'enterprise';
  return {
    url: `/api/grid/hazards/${await freshHazard(where, enterprise ? 'assigned' : 'reported')}/transitions`,
    payload: enterprise
      ? { clientId: crypto.randomUUID(), event: 'acknowledge', version: 1 }
      : { clientId: crypto.randomUUID(), event: 'assign', version: 1, deadline: shenzhenToday() },
  };
};

/** A report photo from those who report, a rectification photo from the enterprise. */
const hazardPhotoUpload = async (where: 'in' | 'out', role: Role): Promise<Call> => {
  const boundary = '----matrix-hazard';
  const enterprise = role === 'enterprise';
  const hazard = await freshHazard(where, enterprise ? 'rectifying' : 'reported');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return {
    url: `/api/grid/hazards/${hazard}/photos`,
    payload: Buffer.concat([
      Buffer.from(
        field('stage', enterprise ? 'rectification' : 'report') +
          field('clientId', crypto.randomUUID()) +
          field('capturedAt', new Date().toISOString()) +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};

async function freshHazardPhoto(where: 'in' | 'out'): Promise<string> {
  const hazard = await freshHazard(where, 'reported');
  const { id } = await db
    .insertInto('hazard_photo')
    .values({
      hazard_id: hazard,
      stage: 'report',
      round: 0,
      file_name: 'p.png',
      media_type: 'image/png',
      size_bytes: 8,
      sha256: '0'.repeat(64),
      content: Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
      captured_at: new Date(),
      received_at: new Date(),
      uploaded_by: users.get('grid_inspector')!,
      client_id: crypto.randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/api/grid/hazards/${hazard}/photos/${id}`;
}

/** An evidence file (an alarm's readings) of a hazard inside or outside the scopes. */
async function freshHazardEvidence(where: 'in' | 'out'): Promise<string> {
  const hazard = await freshHazard(where, 'reported');
  const content = Buffer.from('device_id,seq,measured_at,gas,value,unit\n');
  const { id } = await db
    .insertInto('hazard_evidence_file')
    .values({
      hazard_id: hazard,
      kind: 'alarm_readings',
      file_name: 'alarm-readings.csv',
      media_type: 'text/csv',
      size_bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
      created_at: new Date(),
      created_by: users.get('grid_inspector')!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return `/api/grid/hazards/${hazard}/evidence/${id}`;
}

const hazardReport = (enterpriseId: string): Call => ({
  url: '/api/grid/hazards',
  payload: {
    clientId: crypto.randomUUID(),
    enterpriseId,
    description: '矩阵测试隐患',
    source: 'patrol',
    foundAt: new Date().toISOString(),
  },
});

/**
 * One service package per side for the whole matrix, written straight to the database: reading
 * changes nothing and acknowledging is idempotent, so every role may use the same one.
 */
const servicePackages = new Map<'in' | 'out', Promise<string>>();
function servicePackage(where: 'in' | 'out'): Promise<string> {
  let id = servicePackages.get(where);
  if (!id) {
    id = (async () => {
      const version = await freshDraftModel();
      const now = new Date();
      const row = await db
        .insertInto('service_package')
        .values({
          enterprise_id: where === 'in' ? inside.e1 : inside.e4,
          month: '2026-01-01',
          library_version: 'matrix',
          items: JSON.stringify([{ id: 'advice.red-orange', kind: 'advice', refs: [] }]),
          matched_because: JSON.stringify({ 'advice.red-orange': [{ rule: 'grade', value: 'red' }] }),
          grade_at_delivery: 'red',
          score_at_delivery: 50,
          model_version: version,
          hazards_12m_before: 0,
          created_by: null,
          created_at: now,
          delivered_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    })();
    servicePackages.set(where, id);
  }
  return id;
}

/** A dispatch event written straight to the database, in the given status, in or out of the scopes. */
/** A tip's first photo behind a fresh dispatch event (the tip written straight into the tables). */
async function freshTipPhoto(where: 'in' | 'out'): Promise<string> {
  const eventId = await freshDispatchEvent(where);
  seq += 1;
  const { id: tipId } = await db
    .insertInto('public_tip')
    .values({
      tracking_code: Array.from(randomBytes(12), (b) => TIP_CODE_ALPHABET[b % TIP_CODE_ALPHABET.length]).join(
        '',
      ),
      client_id: crypto.randomUUID(),
      event_id: eventId,
      ip_hash: createHash('sha256').update(`matrix-${seq}`).digest('hex'),
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('tip_photo')
    .values({
      tip_id: tipId,
      seq: 1,
      media_type: 'image/png',
      size_bytes: TINY_PNG.length,
      sha256: createHash('sha256').update(TINY_PNG).digest('hex'),
      content: TINY_PNG,
    })
    .execute();
  return `/api/grid/dispatch/events/${eventId}/tip-photos/1`;
}

async function freshDispatchEvent(where: 'in' | 'out', status: 'received' | 'handling' = 'received') {
  const place =
    where === 'in'
      ? {
          grid_id: 'G440306001001-1',
          community_id: '440306001001',
          street_id: '440306001',
          district_id: '440306',
        }
      : {
          grid_id: 'G440307009001-1',
          community_id: '440307009001',
          street_id: '440307009',
          district_id: 'DP-440307',
        };
  const now = new Date();
  const { id } = await db
    .insertInto('dispatch_event')
    .values({
      source: 'superior',
      status,
      description: '矩阵测试事件',
      ...place,
      finder_id: users.get('city_admin')!,
      filed_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('dispatch_step')
    .values({
      event_id: id,
      seq: 1,
      event: 'report',
      from_status: null,
      to_status: status,
      note: null,
      department: null,
      rating: null,
      actor_id: null,
      actor_name: 'matrix',
      at: now,
      due_at: null,
    })
    .execute();
  return id;
}

/**
 * One public tip for the whole matrix: every role sends the same clientId, so all but the first
 * are replays (200, the same code) and the per-address limit, counted in the database for the
 * one test address, is never reached.
 */
let matrixTip: Promise<{ payload: object; code: string }> | undefined;
function publicTip() {
  matrixTip ??= (async () => {
    const payload = {
      clientId: '6f1c1c1e-4d1b-4f7a-9a53-0b6f4b1d2c3a',
      description: '矩阵测试举报',
      lat: 22.51,
      lon: 114.01,
    };
    const res = await app.inject({ method: 'POST', url: '/api/public/tips', payload });
    return { payload, code: res.json<{ trackingCode: string }>().trackingCode };
  })();
  return matrixTip;
}

/**
 * An enforcement case of the matrix's officer (handler) and partner in a given state, written
 * directly: each action fixture gets a case in the state its action needs, at version 1.
 */
async function freshCase(
  where: 'in' | 'out',
  status: DB['enforcement_case']['status'],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const today = shenzhenToday();
  const { id } = await db
    .insertInto('enforcement_case')
    .values({
      enterprise_id: where === 'in' ? inside.e1 : inside.e4,
      status,
      cause: '矩阵案件',
      handler_id: users.get('enforcement_officer')!,
      co_handler_id: await partnerOfficer(),
      rectification_deadline: today,
      officers: JSON.stringify([
        { name: '执法员甲', certificateNo: '44030621001' },
        { name: '执法员乙', certificateNo: '44030621002' },
      ]),
      created_at: new Date(),
      ...extra,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('enforcement_case_violation')
    .values({
      case_id: id,
      seq: 1,
      finding: '安全出口堆放杂物',
      provision_refs: ['work-safety-law-2021:99:1:1'],
      penalty_ref: 'work-safety-law-2021:99:1:1',
      fine_min_yuan: 50000,
      fine_max_yuan: 200000,
      rectified: status === 'rectification_ordered' && !extra.reinspected_on ? null : false,
    })
    .execute();
  return id;
}

/** A completed inspection of the matrix's officer with one finding citing a provision. */
async function completedInspection(where: 'in' | 'out'): Promise<string> {
  const id = await freshInspection(where, 0);
  await db
    .insertInto('inspection_finding')
    .values({
      inspection_id: id,
      seq: 1,
      description: '安全出口堆放杂物',
      provision_refs: ['work-safety-law-2021:99:1:1'],
      major_hazard_ref: null,
      on_the_spot_measure: null,
      recorded_at: new Date(),
      recorded_by: users.get('enforcement_officer')!,
    })
    .execute();
  await db
    .updateTable('inspection')
    .set({ status: 'completed', completed_at: new Date(), finding_count: 1 })
    .where('id', '=', id)
    .execute();
  return id;
}

/** The next working day (Monday to Friday; no holiday calendar is loaded in the matrix). */
function nextWeekday(): string {
  const d = new Date(`${shenzhenToday()}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

const caseOfficers = [
  { name: '执法员甲', certificateNo: '44030621001' },
  { name: '执法员乙', certificateNo: '44030621002' },
];
const caseAppeal = { government: '深圳市宝安区', agency: '深圳市应急管理局', court: '深圳市宝安区' };
const openCasePayload = async (where: 'in' | 'out') => ({
  inspectionId: await completedInspection(where),
  findingSeqs: [1],
  rectificationDeadline: nextWeekday(),
  officers: caseOfficers,
  legalBasis: '《中华人民共和国安全生产法》第六十五条第一款第（三）项',
  appeal: caseAppeal,
});
const caseAction = (
  segment: string,
  status: Parameters<typeof freshCase>[1],
  payload: object,
  extra: Record<string, unknown> = {},
): Fixture => ({
  inScope: async () => ({
    url: `/api/enforcement/cases/${await freshCase('in', status, extra)}/${segment}`,
    payload: { version: 1, ...payload },
  }),
  outOfScope: async () => ({
    url: `/api/enforcement/cases/${await freshCase('out', status, extra)}/${segment}`,
    payload: { version: 1, ...payload },
  }),
});
const fine = { seq: 1, circumstances: ['first_offence'], fineYuan: 60000 };

const FIXTURES: Record<string, Fixture> = {
  'GET /api/health': { inScope: () => ({ url: '/api/health' }) },
  'GET /api/openapi.json': { inScope: () => ({ url: '/api/openapi.json' }) },
  'GET /api/jurisdictions/tree': { inScope: () => ({ url: '/api/jurisdictions/tree' }) },
  'GET /api/grids/:id': {
    inScope: () => ({ url: '/api/grids/G440306001001-1' }),
    outOfScope: () => ({ url: '/api/grids/G440307009001-1' }),
  },
  'GET /api/map/boundaries': { inScope: () => ({ url: '/api/map/boundaries?level=district' }) },
  'GET /api/map/enterprises': {
    inScope: () => ({ url: '/api/map/enterprises?bbox=113.7,22.4,114.7,22.9&zoom=12' }),
  },
  'GET /api/enterprises': { inScope: () => ({ url: '/api/enterprises' }) },
  'GET /api/enterprises/export.xlsx': { inScope: () => ({ url: '/api/enterprises/export.xlsx' }) },
  'GET /api/enterprises/:id': {
    inScope: () => ({ url: `/api/enterprises/${inside.e1}` }),
    outOfScope: () => ({ url: `/api/enterprises/${inside.e4}` }),
  },
  'POST /api/enterprises': {
    inScope: () => ({ url: '/api/enterprises', payload: newEnterprise('G440306001001-1') }),
    ok: 201,
  },
  'PATCH /api/enterprises/:id': {
    inScope: () => ({ url: `/api/enterprises/${inside.e1}`, payload: { employees: 41 } }),
    outOfScope: () => ({ url: `/api/enterprises/${inside.e4}`, payload: { employees: 41 } }),
  },
  'POST /api/imports/enterprises': { inScope: csvUpload, ok: 202 },
  'GET /api/imports/template.xlsx': { inScope: () => ({ url: '/api/imports/template.xlsx' }) },
  'GET /api/imports/:id': {
    inScope: async (role) => ({
      url: `/api/imports/${await importJob(can(role, 'enterprise.import') ? role : 'other')}`,
    }),
    outOfScope: async () => ({ url: `/api/imports/${await importJob('other')}` }),
    ownerScoped: true,
  },
  'GET /api/imports/:id/errors.xlsx': {
    inScope: async (role) => ({
      url: `/api/imports/${await importJob(can(role, 'enterprise.import') ? role : 'other')}/errors.xlsx`,
    }),
    outOfScope: async () => ({ url: `/api/imports/${await importJob('other')}/errors.xlsx` }),
    ownerScoped: true,
  },
  'GET /api/devices/:id': {
    inScope: () => ({ url: '/api/devices/GD-IN' }),
    outOfScope: () => ({ url: '/api/devices/GD-OUT' }),
  },
  'GET /api/devices/:id/telemetry/latest': {
    inScope: () => ({ url: '/api/devices/GD-IN/telemetry/latest' }),
    outOfScope: () => ({ url: '/api/devices/GD-OUT/telemetry/latest' }),
  },
  'POST /api/devices/:id/credentials': {
    inScope: () => ({ url: '/api/devices/GD-IN/credentials' }),
    outOfScope: () => ({ url: '/api/devices/GD-OUT/credentials' }),
    ok: 201,
  },
  'GET /api/devices/:id/telemetry': {
    inScope: () => ({ url: '/api/devices/GD-IN/telemetry?minutes=10' }),
    outOfScope: () => ({ url: '/api/devices/GD-OUT/telemetry?minutes=10' }),
  },
  'GET /api/confined/spaces': { inScope: () => ({ url: '/api/confined/spaces' }) },
  'GET /api/confined/spaces/:id': {
    inScope: async () => ({ url: `/api/confined/spaces/${await freshSpace('in')}` }),
    outOfScope: async () => ({ url: `/api/confined/spaces/${await freshSpace('out')}` }),
  },
  'POST /api/confined/spaces': {
    inScope: () => ({ url: '/api/confined/spaces', payload: spacePayload(inside.e1) }),
    outOfScope: () => ({ url: '/api/confined/spaces', payload: spacePayload(inside.e4) }),
    ok: 201,
    // Only an enterprise's own accounts keep its ledger, whatever their scope.
    ownerScoped: true,
  },
  'PATCH /api/confined/spaces/:id': {
    inScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('in')}`,
      payload: { name: '改名' },
    }),
    outOfScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('out')}`,
      payload: { name: '改名' },
    }),
    ownerScoped: true,
  },
  'PUT /api/confined/spaces/:id/limits': {
    inScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('in')}/limits`,
      payload: { rules: [] },
    }),
    outOfScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('out')}/limits`,
      payload: { rules: [] },
    }),
    ownerScoped: true,
  },
  'POST /api/confined/spaces/:id/photos': {
    inScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('in')}/photos`,
      ...EVIDENCE_UPLOAD,
    }),
    outOfScope: async () => ({
      url: `/api/confined/spaces/${await freshSpace('out')}/photos`,
      ...EVIDENCE_UPLOAD,
    }),
    ok: 201,
    ownerScoped: true,
  },
  'GET /api/confined/spaces/:id/photos/:photoId': {
    inScope: async () => ({ url: await freshSpacePhoto('in') }),
    outOfScope: async () => ({ url: await freshSpacePhoto('out') }),
  },
  'DELETE /api/confined/spaces/:id/photos/:photoId': {
    inScope: async () => ({ url: await freshSpacePhoto('in') }),
    outOfScope: async () => ({ url: await freshSpacePhoto('out') }),
    ok: 204,
    ownerScoped: true,
  },
  'GET /api/confined/permit-checklist': { inScope: () => ({ url: '/api/confined/permit-checklist' }) },
  'GET /api/confined/unlock-public-key': { inScope: () => ({ url: '/api/confined/unlock-public-key' }) },
  // The regulation library is public law: no jurisdiction, so no out-of-scope object.
  'GET /api/regulations': { inScope: () => ({ url: '/api/regulations' }) },
  'GET /api/regulations/search': {
    inScope: () => ({ url: `/api/regulations/search?q=${encodeURIComponent('警示标志')}` }),
  },
  'GET /api/regulations/:id': { inScope: () => ({ url: '/api/regulations/work-safety-law-2021' }) },
  'GET /api/regulations/:id/articles/:number': {
    inScope: () => ({ url: '/api/regulations/work-safety-law-2021/articles/35' }),
  },
  'POST /api/regulations/match': {
    inScope: () => ({ url: '/api/regulations/match', payload: { finding: '仓库安全出口堆放杂物' } }),
  },
  // Official documents: issued about an enterprise, so scoped by it; verification is public.
  'POST /api/enforcement/documents': {
    inScope: () => ({ url: '/api/enforcement/documents', payload: documentPayload(inside.e1) }),
    outOfScope: () => ({ url: '/api/enforcement/documents', payload: documentPayload(inside.e4) }),
    ok: 201,
  },
  'GET /api/enforcement/documents/:id/pdf': {
    inScope: async () => ({ url: `/api/enforcement/documents/${(await freshDocument('in')).id}/pdf` }),
    outOfScope: async () => ({ url: `/api/enforcement/documents/${(await freshDocument('out')).id}/pdf` }),
  },
  'GET /api/documents/verify/:code': {
    inScope: async () => ({ url: `/api/documents/verify/${(await freshDocument('in')).code}` }),
  },
  // Dispatch events: scoped by the event's own grid/community/street/district columns.
  'GET /api/grid/dispatch/events': { inScope: () => ({ url: '/api/grid/dispatch/events' }) },
  'GET /api/grid/dispatch/events/:id': {
    inScope: async () => ({ url: `/api/grid/dispatch/events/${await freshDispatchEvent('in')}` }),
    outOfScope: async () => ({ url: `/api/grid/dispatch/events/${await freshDispatchEvent('out')}` }),
  },
  'GET /api/grid/dispatch/events/:id/tip-photos/:seq': {
    inScope: async () => ({ url: await freshTipPhoto('in') }),
    outOfScope: async () => ({ url: await freshTipPhoto('out') }),
  },
  'POST /api/grid/dispatch/events': {
    inScope: () => ({
      url: '/api/grid/dispatch/events',
      payload: { source: 'patrol', gridId: 'G440306001001-1', description: '矩阵测试上报' },
    }),
    outOfScope: () => ({
      url: '/api/grid/dispatch/events',
      payload: { source: 'patrol', gridId: 'G440307009001-1', description: '矩阵测试上报' },
    }),
    ok: 201,
  },
  // Feedback on an event being handled: a step both the street officer and the grid's inspector take.
  'POST /api/grid/dispatch/events/:id/steps': {
    inScope: async () => ({
      url: `/api/grid/dispatch/events/${await freshDispatchEvent('in', 'handling')}/steps`,
      payload: { event: 'feedback', version: 1, note: '已处理' },
    }),
    outOfScope: async () => ({
      url: `/api/grid/dispatch/events/${await freshDispatchEvent('out', 'handling')}/steps`,
      payload: { event: 'feedback', version: 1, note: '已处理' },
    }),
  },
  // Public tips: no session; the first call creates the tip (201), every later one replays it.
  'POST /api/public/tips': {
    inScope: async () => ({ url: '/api/public/tips', payload: (await publicTip()).payload }),
  },
  'GET /api/public/tips/:trackingCode': {
    inScope: async () => ({ url: `/api/public/tips/${(await publicTip()).code}` }),
  },
  // On-site inspections: about an enterprise, so scoped by it; only their two officers write.
  'POST /api/enforcement/inspections': {
    inScope: async () => ({
      url: '/api/enforcement/inspections',
      payload: { enterpriseId: inside.e1, partnerId: await partnerOfficer() },
    }),
    outOfScope: async () => ({
      url: '/api/enforcement/inspections',
      payload: { enterpriseId: inside.e4, partnerId: await partnerOfficer() },
    }),
    ok: 201,
  },
  'GET /api/enforcement/inspections/partners': {
    inScope: () => ({ url: `/api/enforcement/inspections/partners?enterpriseId=${inside.e1}` }),
    outOfScope: () => ({ url: `/api/enforcement/inspections/partners?enterpriseId=${inside.e4}` }),
  },
  'GET /api/enforcement/inspections': { inScope: () => ({ url: '/api/enforcement/inspections?mine=true' }) },
  // Statistics: a district filter must lie in the caller's scope (大鹏新区 does not, below the city).
  'GET /api/enforcement/statistics': {
    inScope: () => ({
      url: '/api/enforcement/statistics?from=2026-01&to=2026-03&by=street&districtId=440306',
    }),
    outOfScope: () => ({
      url: '/api/enforcement/statistics?from=2026-01&to=2026-03&by=street&districtId=DP-440307',
    }),
  },
  'GET /api/enforcement/inspections/:id': {
    inScope: async () => ({ url: `/api/enforcement/inspections/${await freshInspection('in')}` }),
    outOfScope: async () => ({ url: `/api/enforcement/inspections/${await freshInspection('out')}` }),
  },
  'POST /api/enforcement/inspections/:id/findings': {
    inScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('in')}/findings`,
      payload: {
        description: '安全出口堆放杂物',
        provisionRefs: ['work-safety-law-2021:99:1:1'],
        version: 1,
      },
    }),
    outOfScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('out')}/findings`,
      payload: {
        description: '安全出口堆放杂物',
        provisionRefs: ['work-safety-law-2021:99:1:1'],
        version: 1,
      },
    }),
  },
  'POST /api/enforcement/inspections/:id/evidence': {
    inScope: () => evidenceUpload('in'),
    outOfScope: () => evidenceUpload('out'),
    ok: 201,
  },
  'GET /api/enforcement/inspections/:id/evidence/:seq': {
    inScope: async () => ({ url: `/api/enforcement/inspections/${await freshInspection('in')}/evidence/1` }),
    outOfScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('out')}/evidence/1`,
    }),
  },
  'GET /api/enforcement/inspections/:id/checklist': {
    inScope: async () => ({ url: `/api/enforcement/inspections/${await freshInspection('in')}/checklist` }),
    outOfScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('out')}/checklist`,
    }),
  },
  'PUT /api/enforcement/inspections/:id/checklist': {
    inScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('in')}/checklist`,
      payload: inspectionChecklistAnswer,
    }),
    outOfScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('out')}/checklist`,
      payload: inspectionChecklistAnswer,
    }),
  },
  'POST /api/enforcement/inspections/:id/complete': {
    inScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('in', 1)}/complete`,
      payload: { version: 1 },
    }),
    outOfScope: async () => ({
      url: `/api/enforcement/inspections/${await freshInspection('out', 1)}/complete`,
      payload: { version: 1 },
    }),
  },
  // Enforcement cases: about an enterprise, so scoped by it; its two handlers act, approvers review.
  'POST /api/enforcement/cases': {
    inScope: async () => ({ url: '/api/enforcement/cases', payload: await openCasePayload('in') }),
    outOfScope: async () => ({ url: '/api/enforcement/cases', payload: await openCasePayload('out') }),
    ok: 201,
  },
  'GET /api/enforcement/cases': { inScope: () => ({ url: '/api/enforcement/cases?limit=5' }) },
  'GET /api/enforcement/approvals': { inScope: () => ({ url: '/api/enforcement/approvals' }) },
  'GET /api/enforcement/discretion-rules': { inScope: () => ({ url: '/api/enforcement/discretion-rules' }) },
  'GET /api/enforcement/cases/:id': {
    inScope: async () => ({ url: `/api/enforcement/cases/${await freshCase('in', 'filed')}` }),
    outOfScope: async () => ({ url: `/api/enforcement/cases/${await freshCase('out', 'filed')}` }),
  },
  'POST /api/enforcement/cases/:id/fine-suggestions': {
    inScope: async () => ({
      url: `/api/enforcement/cases/${await freshCase('in', 'filed')}/fine-suggestions`,
      payload: { violations: [{ seq: 1, circumstances: ['repeat_offence'] }] },
    }),
    outOfScope: async () => ({
      url: `/api/enforcement/cases/${await freshCase('out', 'filed')}/fine-suggestions`,
      payload: { violations: [{ seq: 1, circumstances: ['repeat_offence'] }] },
    }),
  },
  'POST /api/enforcement/cases/:id/reinspection': caseAction('reinspection', 'rectification_ordered', {
    date: shenzhenToday(),
    items: [{ seq: 1, rectified: false }],
    opinion: '第1项逾期未改正',
  }),
  'POST /api/enforcement/cases/:id/filing': caseAction(
    'filing',
    'rectification_ordered',
    { reason: '建议立案', legalRepresentative: '王五', phone: '0755-00000000', postcode: '518000' },
    { reinspected_on: shenzhenToday() },
  ),
  'POST /api/enforcement/cases/:id/review': caseAction(
    'review',
    'filing_review',
    { kind: 'filing', decision: 'approve', opinion: '同意' },
    { approval_round: 1, filing_draft: '{}' },
  ),
  'POST /api/enforcement/cases/:id/penalty-notice': caseAction(
    'penalty-notice',
    'filed',
    {
      violations: [fine],
      facts: '安全出口堆放杂物，逾期未改正',
      evidence: '现场检查记录、照片',
      address: '深圳市宝安区',
      contact: '执法员甲',
      phone: '0755-00000000',
      postcode: '518000',
    },
    { reinspected_on: shenzhenToday(), filed_on: shenzhenToday() },
  ),
  'POST /api/enforcement/cases/:id/statement': caseAction(
    'statement',
    'penalty_notified',
    { kind: 'statement', receivedOn: shenzhenToday(), summary: '当事人陈述' },
    { notified_on: shenzhenToday(), statement_due_on: nextWeekday() },
  ),
  'POST /api/enforcement/cases/:id/hearing': caseAction('hearing', 'hearing', {
    heldOn: shenzhenToday(),
    summary: '听证已举行',
  }),
  'POST /api/enforcement/cases/:id/decision': caseAction(
    'decision',
    'penalty_notified',
    {
      violations: [fine],
      legalRepresentative: '王五',
      position: '总经理',
      phone: '0755-00000000',
      postcode: '518000',
      factsAndEvidence: '安全出口堆放杂物，逾期未改正',
      payTo: '指定银行',
      account: '0000',
      appeal: caseAppeal,
    },
    { statement_waived: true },
  ),
  'POST /api/enforcement/cases/:id/service': caseAction(
    'service',
    'decided',
    { servedOn: shenzhenToday(), method: 'direct', recipient: '王五', place: '企业办公室' },
    { decided_on: shenzhenToday(), fine_yuan: 60000 },
  ),
  'POST /api/enforcement/cases/:id/payment': caseAction(
    'payment',
    'served',
    { paidOn: shenzhenToday(), amountYuan: 60000 },
    { fine_yuan: 60000, served_on: shenzhenToday(), payment_due_on: shenzhenToday() },
  ),
  'POST /api/enforcement/cases/:id/enforcement': caseAction(
    'enforcement',
    'served',
    { note: '逾期未缴' },
    { fine_yuan: 60000, served_on: '2020-01-01', payment_due_on: '2020-01-16' },
  ),
  'POST /api/enforcement/cases/:id/close': caseAction('close', 'paid', {}, { paid_on: shenzhenToday() }),
  // The holiday calendar: the same for everyone; the city admin keeps it.
  'GET /api/enforcement/holiday-calendar/:year': {
    inScope: () => ({ url: '/api/enforcement/holiday-calendar/2099' }),
  },
  'PUT /api/enforcement/holiday-calendar/:year': {
    inScope: () => ({
      url: '/api/enforcement/holiday-calendar/2099',
      payload: {
        days: [{ day: '2099-10-01', kind: 'holiday', name: '矩阵测试假日' }],
        source: '矩阵测试（非真实日程）',
      },
    }),
  },
  // Enforcement plans: per bureau (宝安 in, 大鹏 out); the approver alone publishes.
  'GET /api/enforcement/plans': { inScope: () => ({ url: '/api/enforcement/plans' }) },
  'POST /api/enforcement/plans': {
    inScope: () => ({
      url: '/api/enforcement/plans',
      payload: { kind: 'annual', jurisdictionId: '440306', year: 2026, title: '矩阵', randomCount: 0 },
    }),
    outOfScope: () => ({
      url: '/api/enforcement/plans',
      payload: { kind: 'annual', jurisdictionId: 'DP-440307', year: 2026, title: '矩阵', randomCount: 0 },
    }),
    ok: 201,
  },
  'GET /api/enforcement/plans/:id': {
    inScope: async () => ({ url: `/api/enforcement/plans/${(await freshPlan('in')).id}` }),
    outOfScope: async () => ({ url: `/api/enforcement/plans/${(await freshPlan('out')).id}` }),
  },
  'POST /api/enforcement/plans/:id/draws': {
    inScope: async () => {
      await partnerOfficer(); // two officers cover 宝安
      return { url: `/api/enforcement/plans/${(await freshPlan('in')).id}/draws` };
    },
    outOfScope: async () => ({ url: `/api/enforcement/plans/${(await freshPlan('out')).id}/draws` }),
    ok: 201,
  },
  'GET /api/enforcement/plans/:id/draws/:drawId/verification': {
    inScope: async () => {
      const plan = await freshPlan('in', 'drawn');
      return { url: `/api/enforcement/plans/${plan.id}/draws/${plan.drawId}/verification` };
    },
    outOfScope: async () => {
      const plan = await freshPlan('out', 'drawn');
      return { url: `/api/enforcement/plans/${plan.id}/draws/${plan.drawId}/verification` };
    },
  },
  'POST /api/enforcement/plans/:id/publish': {
    inScope: async () => {
      const plan = await freshPlan('in', 'drawn');
      return { url: `/api/enforcement/plans/${plan.id}/publish`, payload: { drawId: plan.drawId } };
    },
    outOfScope: async () => {
      const plan = await freshPlan('out', 'drawn');
      return { url: `/api/enforcement/plans/${plan.id}/publish`, payload: { drawId: plan.drawId } };
    },
  },
  'GET /api/enforcement/tasks': { inScope: () => ({ url: '/api/enforcement/tasks' }) },
  'GET /api/public/enforcement-plans/:id': {
    inScope: async () => ({
      url: `/api/public/enforcement-plans/${(await freshPlan('in', 'published')).id}`,
    }),
  },
  // Patrol tasks: scoped by their enterprise; the inspector's own writes by assignment.
  'POST /api/grid/patrols/generate': {
    inScope: () => ({ url: '/api/grid/patrols/generate', payload: { month: '2026-12' } }),
    outOfScope: () => ({
      url: '/api/grid/patrols/generate',
      payload: { month: '2026-12', jurisdictionId: 'G440307009001-1' },
    }),
  },
  'GET /api/grid/patrols/tasks': { inScope: () => ({ url: '/api/grid/patrols/tasks?limit=5' }) },
  'POST /api/grid/patrols/tasks': {
    inScope: async () => ({
      url: '/api/grid/patrols/tasks',
      payload: { enterpriseId: inside.e1, inspectorId: (await patrolStaff()).in, dueDate: shenzhenToday() },
    }),
    outOfScope: async () => ({
      url: '/api/grid/patrols/tasks',
      payload: { enterpriseId: inside.e4, inspectorId: (await patrolStaff()).out, dueDate: shenzhenToday() },
    }),
    ok: 201,
  },
  'GET /api/grid/patrols/my-tasks': { inScope: () => ({ url: '/api/grid/patrols/my-tasks?range=week' }) },
  'GET /api/grid/patrols/tasks/:id': {
    inScope: async () => ({ url: `/api/grid/patrols/tasks/${await freshPatrolTask('in')}` }),
    outOfScope: async () => ({ url: `/api/grid/patrols/tasks/${await freshPatrolTask('out')}` }),
  },
  'PATCH /api/grid/patrols/tasks/:id': {
    inScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('in')}`,
      payload: { inspectorId: (await patrolStaff()).in, version: 1 },
    }),
    outOfScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('out')}`,
      payload: { inspectorId: (await patrolStaff()).out, version: 1 },
    }),
  },
  'POST /api/grid/patrols/tasks/:id/check-in': {
    inScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('in')}/check-in`,
      payload: checkInPayload(),
    }),
    outOfScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('out')}/check-in`,
      payload: checkInPayload(),
    }),
  },
  'GET /api/grid/patrols/tasks/:id/checklist': {
    inScope: async () => ({ url: `/api/grid/patrols/tasks/${await freshPatrolTask('in')}/checklist` }),
    outOfScope: async () => ({ url: `/api/grid/patrols/tasks/${await freshPatrolTask('out')}/checklist` }),
  },
  'POST /api/grid/patrols/tasks/:id/checklist': {
    inScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('in', 'checked_in')}/checklist`,
      payload: await checklistPayload('in'),
    }),
    outOfScope: async () => ({
      url: `/api/grid/patrols/tasks/${await freshPatrolTask('out', 'checked_in')}/checklist`,
      payload: await checklistPayload('out'),
    }),
  },
  // Hazards: about an enterprise, so scoped by it; the event or photo stage names the action.
  'POST /api/grid/hazards': {
    inScope: () => hazardReport(inside.e1),
    outOfScope: () => hazardReport(inside.e4),
    ok: 201,
  },
  'GET /api/grid/hazards': { inScope: () => ({ url: '/api/grid/hazards?limit=5' }) },
  'GET /api/grid/hazards/:id': {
    inScope: async () => ({ url: `/api/grid/hazards/${await freshHazard('in', 'reported')}` }),
    outOfScope: async () => ({ url: `/api/grid/hazards/${await freshHazard('out', 'reported')}` }),
  },
  'POST /api/grid/hazards/:id/transitions': {
    inScope: (role) => hazardTransition('in', role),
    outOfScope: (role) => hazardTransition('out', role),
    actions: ['hazard.rectify', 'hazard.verify', 'hazard.supervise'],
  },
  'POST /api/grid/hazards/:id/photos': {
    inScope: (role) => hazardPhotoUpload('in', role),
    outOfScope: (role) => hazardPhotoUpload('out', role),
    ok: 201,
    actions: ['hazard.report', 'hazard.rectify', 'hazard.verify'],
  },
  'GET /api/grid/hazards/:id/photos/:photoId': {
    inScope: async () => ({ url: await freshHazardPhoto('in') }),
    outOfScope: async () => ({ url: await freshHazardPhoto('out') }),
  },
  'GET /api/grid/hazards/:id/evidence/:fileId': {
    inScope: async () => ({ url: await freshHazardEvidence('in') }),
    outOfScope: async () => ({ url: await freshHazardEvidence('out') }),
  },
  // Assessment: figures of the streets in scope; a district or street outside it is not found.
  'GET /api/grid/assessment': {
    inScope: () => ({ url: '/api/grid/assessment?month=2026-11' }),
    outOfScope: () => ({ url: '/api/grid/assessment?month=2026-11&jurisdictionId=DP-440307' }),
  },
  'GET /api/grid/statistics/hazards': {
    inScope: () => ({ url: '/api/grid/statistics/hazards?from=2026-10&to=2026-11' }),
    outOfScope: () => ({
      url: '/api/grid/statistics/hazards?from=2026-10&to=2026-11&jurisdictionId=DP-440307',
    }),
  },
  'GET /api/grid/assessment/records': {
    inScope: () => ({
      url: '/api/grid/assessment/records?month=2026-11&groupBy=street&key=440306001&kind=task',
    }),
  },
  'POST /api/grid/assessment/rechecks': {
    inScope: () => ({ url: '/api/grid/assessment/rechecks', payload: { month: '2026-11' } }),
    outOfScope: () => ({
      url: '/api/grid/assessment/rechecks',
      payload: { month: '2026-11', jurisdictionId: 'DP-440307' },
    }),
  },
  'GET /api/grid/assessment/rechecks/mine': {
    inScope: () => ({ url: '/api/grid/assessment/rechecks/mine' }),
  },
  'POST /api/grid/assessment/rechecks/:id': {
    inScope: async () => ({
      url: `/api/grid/assessment/rechecks/${await freshRecheck('in')}`,
      payload: { result: 'confirmed' },
    }),
    outOfScope: async () => ({
      url: `/api/grid/assessment/rechecks/${await freshRecheck('out')}`,
      payload: { result: 'confirmed' },
    }),
  },
  // Profile and grading: an enterprise's profile in or out of scope; grades across the scope or
  // a node outside it; model versions are city-wide (no object scope).
  'GET /api/profile/enterprises/:id': {
    inScope: () => ({ url: `/api/profile/enterprises/${inside.e1}` }),
    outOfScope: () => ({ url: `/api/profile/enterprises/${inside.e4}` }),
  },
  'POST /api/profile/enterprises/:id/accidents': {
    inScope: () => ({ url: `/api/profile/enterprises/${inside.e1}/accidents`, payload: ACCIDENT }),
    outOfScope: () => ({ url: `/api/profile/enterprises/${inside.e4}/accidents`, payload: ACCIDENT }),
    ok: 201,
  },
  // A batch names its enterprises by credit code inside the body: an out-of-scope code is refused
  // per record (422, as an unknown one), which profile/records tests; here each call imports a
  // fresh drill of an enterprise in scope.
  'POST /api/profile/imports': {
    inScope: async () => {
      const { credit_code } = await db
        .selectFrom('enterprise')
        .select('credit_code')
        .where('id', '=', inside.e1)
        .executeTakeFirstOrThrow();
      return {
        url: '/api/profile/imports',
        payload: {
          kind: 'drills',
          records: [{ creditCode: credit_code, heldOn: '2026-10-01', description: `矩阵演练${(seq += 1)}` }],
        },
      };
    },
  },
  'PUT /api/profile/enterprises/:id/safety-management': {
    inScope: () => ({ url: `/api/profile/enterprises/${inside.e1}/safety-management`, payload: SAFETY }),
    outOfScope: () => ({ url: `/api/profile/enterprises/${inside.e4}/safety-management`, payload: SAFETY }),
  },
  'PUT /api/profile/enterprises/:id/risk-tags': {
    inScope: () => ({
      url: `/api/profile/enterprises/${inside.e1}/risk-tags`,
      payload: { tags: ['dust_explosion'] },
    }),
    outOfScope: () => ({
      url: `/api/profile/enterprises/${inside.e4}/risk-tags`,
      payload: { tags: ['dust_explosion'] },
    }),
  },
  'POST /api/profile/enterprises/:id/objections': {
    inScope: async () => {
      await ensureGraded();
      // Each allowed call settles the pending objection before it, so the next may file again.
      await db
        .updateTable('grade_objection')
        .set({ status: 'rejected', decided_at: new Date(), decided_by: users.get('city_admin')! })
        .where('status', '=', 'pending')
        .where('indicator_id', '=', 'drills12m')
        .execute();
      return {
        url: `/api/profile/enterprises/${inside.e1}/objections`,
        payload: { indicatorId: 'drills12m', claimedValue: 1, reason: '测试' },
      };
    },
    outOfScope: () => ({
      url: `/api/profile/enterprises/${inside.e4}/objections`,
      payload: { indicatorId: 'drills12m', claimedValue: 1, reason: '测试' },
    }),
    ok: 201,
  },
  'GET /api/profile/objections': { inScope: () => ({ url: '/api/profile/objections' }) },
  'GET /api/profile/objections/:id': {
    inScope: async () => ({ url: `/api/profile/objections/${await freshObjection('in')}` }),
    outOfScope: async () => ({ url: `/api/profile/objections/${await freshObjection('out')}` }),
  },
  'POST /api/profile/objections/:id/evidence': {
    inScope: async () => ({
      url: `/api/profile/objections/${await freshObjection('in')}/evidence`,
      payload: EVIDENCE_UPLOAD.payload,
      headers: EVIDENCE_UPLOAD.headers,
    }),
    outOfScope: async () => ({
      url: `/api/profile/objections/${await freshObjection('out')}/evidence`,
      payload: EVIDENCE_UPLOAD.payload,
      headers: EVIDENCE_UPLOAD.headers,
    }),
    ok: 201,
  },
  'GET /api/profile/objections/:id/evidence/:evidenceId': {
    inScope: async () => ({ url: await freshObjectionEvidence('in') }),
    outOfScope: async () => ({ url: await freshObjectionEvidence('out') }),
  },
  'POST /api/profile/objections/:id/decision': {
    inScope: async () => ({
      url: `/api/profile/objections/${await freshObjection('in')}/decision`,
      payload: { decision: 'rejected', note: '测试' },
    }),
    outOfScope: async () => ({
      url: `/api/profile/objections/${await freshObjection('out')}/decision`,
      payload: { decision: 'rejected', note: '测试' },
    }),
  },
  'GET /api/notices': { inScope: () => ({ url: '/api/notices' }) },
  'POST /api/notices/:id/read': {
    inScope: async () => ({ url: `/api/notices/${await freshNotice('in')}/read` }),
    outOfScope: async () => ({ url: `/api/notices/${await freshNotice('out')}/read` }),
  },
  'POST /api/notices/read-all': { inScope: () => ({ url: '/api/notices/read-all' }) },
  'GET /api/profile/grades/distribution': {
    inScope: () => ({ url: '/api/profile/grades/distribution?groupBy=street' }),
    outOfScope: () => ({ url: '/api/profile/grades/distribution?jurisdictionId=DP-440307' }),
  },
  'GET /api/profile/grades/hit-rates': {
    inScope: () => ({ url: '/api/profile/grades/hit-rates?from=2026-10&to=2026-11' }),
    outOfScope: () => ({
      url: '/api/profile/grades/hit-rates?from=2026-10&to=2026-11&jurisdictionId=DP-440307',
    }),
  },
  'GET /api/profile/grades/changes': {
    inScope: () => ({ url: '/api/profile/grades/changes' }),
    outOfScope: () => ({ url: '/api/profile/grades/changes?jurisdictionId=DP-440307' }),
  },
  // Government-duty scoring: figures of the streets in scope; a district outside it is not found.
  'GET /api/profile/duty': {
    inScope: () => ({ url: '/api/profile/duty?month=2026-11' }),
    outOfScope: () => ({ url: '/api/profile/duty?month=2026-11&jurisdictionId=DP-440307' }),
  },
  'GET /api/profile/duty/records': {
    inScope: () => ({
      url: '/api/profile/duty/records?month=2026-11&groupBy=street&key=440306001&aspect=patrolCoverage',
    }),
  },
  'GET /api/profile/grading-models': { inScope: () => ({ url: '/api/profile/grading-models' }) },
  'GET /api/profile/grading-models/:version': {
    inScope: () => ({ url: `/api/profile/grading-models/${DEFAULT_MODEL.modelVersion}` }),
  },
  'POST /api/profile/grading-models': {
    inScope: () => ({
      url: '/api/profile/grading-models',
      payload: { model: { ...DEFAULT_MODEL, modelVersion: `matrix-${(seq += 1)}` } },
    }),
    ok: 201,
  },
  'POST /api/profile/grading-models/:version/dry-run': {
    inScope: async () => ({ url: `/api/profile/grading-models/${await freshDraftModel()}/dry-run` }),
  },
  'POST /api/profile/grading-models/:version/activate': {
    inScope: async () => ({ url: `/api/profile/grading-models/${await freshDraftModel()}/activate` }),
  },
  // Safety service packages: generation and effect across the scope or a node outside it; a
  // package of an enterprise in or out of scope (acknowledging is the enterprise's own, idempotent).
  'POST /api/profile/service-packages/generate': {
    inScope: () => ({ url: '/api/profile/service-packages/generate', payload: { dryRun: false } }),
    outOfScope: () => ({
      url: '/api/profile/service-packages/generate',
      payload: { dryRun: true, jurisdictionId: 'DP-440307' },
    }),
  },
  'GET /api/profile/service-packages': {
    inScope: () => ({ url: `/api/profile/service-packages?enterpriseId=${inside.e1}` }),
    outOfScope: () => ({ url: `/api/profile/service-packages?enterpriseId=${inside.e4}` }),
  },
  'GET /api/profile/service-packages/effect': {
    inScope: () => ({ url: '/api/profile/service-packages/effect' }),
    outOfScope: () => ({ url: '/api/profile/service-packages/effect?jurisdictionId=DP-440307' }),
  },
  'GET /api/profile/service-packages/:id': {
    inScope: async () => ({ url: `/api/profile/service-packages/${await servicePackage('in')}` }),
    outOfScope: async () => ({ url: `/api/profile/service-packages/${await servicePackage('out')}` }),
  },
  'POST /api/profile/service-packages/:id/acknowledge': {
    inScope: async () => ({ url: `/api/profile/service-packages/${await servicePackage('in')}/acknowledge` }),
    outOfScope: async () => ({
      url: `/api/profile/service-packages/${await servicePackage('out')}/acknowledge`,
    }),
  },
  'GET /api/confined/permits': { inScope: () => ({ url: '/api/confined/permits?live=true' }) },
  'GET /api/confined/permits/:id': {
    inScope: async () => ({ url: `/api/confined/permits/${await freshPermit('in', 'draft')}` }),
    outOfScope: async () => ({ url: `/api/confined/permits/${await freshPermit('out', 'draft')}` }),
  },
  'POST /api/confined/permits': {
    inScope: async () => ({ url: '/api/confined/permits', payload: await permitPayload('in') }),
    outOfScope: async () => ({ url: '/api/confined/permits', payload: await permitPayload('out') }),
    ok: 201,
    ownerScoped: true,
  },
  'POST /api/confined/permits/:id/gas-tests': {
    inScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('in', 'draft')}/gas-tests`,
      payload: {
        source: 'manual',
        instrumentId: 'X',
        tester: '乙',
        measuredAt: new Date().toISOString(),
        o2: 20.9,
        h2s: 0,
        co: 0,
        lel: 0,
      },
    }),
    outOfScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('out', 'draft')}/gas-tests`,
      payload: {
        source: 'manual',
        instrumentId: 'X',
        tester: '乙',
        measuredAt: new Date().toISOString(),
        o2: 20.9,
        h2s: 0,
        co: 0,
        lel: 0,
      },
    }),
    ok: 201,
    ownerScoped: true,
  },
  'POST /api/confined/permits/:id/unlock-tokens': {
    inScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('in', 'approved')}/unlock-tokens`,
      payload: { lockId: 'LK-IN' },
    }),
    outOfScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('out', 'approved')}/unlock-tokens`,
      payload: { lockId: 'LK-OUT' },
    }),
    ok: 201,
    ownerScoped: true,
  },
  'POST /api/confined/permits/:id/approve': {
    inScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('in', 'submitted')}/approve`,
      payload: { version: 1 },
    }),
    outOfScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('out', 'submitted')}/approve`,
      payload: { version: 1 },
    }),
    ownerScoped: true,
  },
  'POST /api/confined/permits/:id/return': {
    inScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('in', 'submitted')}/return`,
      payload: { version: 1, reason: '补充' },
    }),
    outOfScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('out', 'submitted')}/return`,
      payload: { version: 1, reason: '补充' },
    }),
    ownerScoped: true,
  },
  'POST /api/confined/permits/:id/:command': {
    inScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('in', 'draft')}/cancel`,
      payload: { version: 1, reason: '取消' },
    }),
    outOfScope: async () => ({
      url: `/api/confined/permits/${await freshPermit('out', 'draft')}/cancel`,
      payload: { version: 1, reason: '取消' },
    }),
    ownerScoped: true,
  },
  'GET /api/confined/alarms': { inScope: () => ({ url: '/api/confined/alarms?open=true' }) },
  'POST /api/confined/alarms/:id/acknowledge': {
    inScope: async () => ({ url: `/api/confined/alarms/${await freshAlarm('in')}/acknowledge` }),
    outOfScope: async () => ({ url: `/api/confined/alarms/${await freshAlarm('out')}/acknowledge` }),
  },
  'POST /api/confined/alarms/:id/resolve': {
    inScope: async () => ({
      url: `/api/confined/alarms/${await freshAlarm('in')}/resolve`,
      payload: { resolution: 'test', note: '演练' },
    }),
    outOfScope: async () => ({
      url: `/api/confined/alarms/${await freshAlarm('out')}/resolve`,
      payload: { resolution: 'test', note: '演练' },
    }),
  },
  'POST /api/confined/alarms/:id/hazard': {
    inScope: async () => ({ url: `/api/confined/alarms/${await freshAlarm('in')}/hazard`, payload: {} }),
    outOfScope: async () => ({ url: `/api/confined/alarms/${await freshAlarm('out')}/hazard`, payload: {} }),
    ok: 201,
  },
  // An open stream never ends, so inject can only check the refusals; confined.test.ts reads it.
  'GET /api/confined/alarms/stream': {
    inScope: () => ({ url: '/api/confined/alarms/stream' }),
    streaming: true,
  },
  'POST /api/auth/sign-in': {
    // A new name each call, so the lockout of one name never answers for the next.
    inScope: () => ({
      url: '/api/auth/sign-in',
      payload: { username: `nobody-${++seq}`, password: 'wrong' },
    }),
    // A public endpoint: its "success" for a wrong password is the uniform 401.
    ok: 401,
  },
  'GET /api/auth/session': { inScope: () => ({ url: '/api/auth/session' }), anonymous: 401 },
  'POST /api/auth/sign-out': { inScope: () => ({ url: '/api/auth/sign-out' }), ok: 204 },
  'POST /api/auth/sign-out-everywhere': {
    inScope: () => ({ url: '/api/auth/sign-out-everywhere' }),
    ok: 204,
  },
  'POST /api/auth/password': {
    inScope: () => ({
      url: '/api/auth/password',
      payload: { currentPassword: 'not the password', newPassword: 'another long passphrase 7' },
    }),
    // Allowed to try; the wrong current password is the expected, harmless answer.
    ok: 422,
  },
  'POST /api/auth/registrations': {
    inScope: () => ({
      url: '/api/auth/registrations',
      payload: {
        creditCode: creditCode('9144039900000009X'.slice(0, 17)),
        username: `reg-${++seq}`,
        displayName: '申请人',
        phone: '13900000000',
        password: 'a long enough passphrase 9',
      },
    }),
    // Public; the credit code belongs to no enterprise, so the answer is the validation error.
    ok: 422,
  },
  'GET /api/users': { inScope: () => ({ url: '/api/users' }) },
  'GET /api/users/:id': { inScope: (role) => ({ url: `/api/users/${users.get(role)}` }) },
  'POST /api/users': {
    inScope: () => ({
      url: '/api/users',
      payload: {
        username: `made-${++seq}`,
        displayName: '新用户',
        role: 'street_officer',
        scopeIds: ['440306001'],
        enterpriseIds: [],
        password: 'a long enough passphrase 9',
      },
    }),
    ok: 201,
  },
  'PATCH /api/users/:id': {
    inScope: async () => ({
      url: `/api/users/${(await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] })).id}`,
      payload: { displayName: '改名' },
    }),
  },
  'POST /api/users/:id/password-reset': {
    inScope: async () => ({
      url: `/api/users/${(await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] })).id}/password-reset`,
      payload: { newPassword: 'a long enough passphrase 9' },
    }),
    ok: 204,
  },
  'POST /api/users/:id/mfa-reset': {
    inScope: async () => ({
      url: `/api/users/${(await createTestUser(db, { role: 'approver', scopeIds: ['440306'], mfaSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' })).id}/mfa-reset`,
    }),
    ok: 204,
  },
  'POST /api/users/:id/unlock': {
    inScope: async () => ({
      url: `/api/users/${(await createTestUser(db, { role: 'grid_inspector', scopeIds: ['G440306001001-1'] })).id}/unlock`,
    }),
    ok: 204,
  },
  'GET /api/registrations': { inScope: () => ({ url: '/api/registrations?status=pending' }) },
  'POST /api/registrations/:id/decision': {
    inScope: async () => ({
      url: `/api/registrations/${await pendingRegistration('in')}/decision`,
      payload: { decision: 'rejected', reason: '测试' },
    }),
    outOfScope: async () => ({
      url: `/api/registrations/${await pendingRegistration('out')}/decision`,
      payload: { decision: 'rejected', reason: '测试' },
    }),
  },
  'GET /api/audit': { inScope: () => ({ url: '/api/audit' }) },
  'GET /api/audit/export.csv': { inScope: () => ({ url: '/api/audit/export.csv' }) },
  'GET /api/audit/verification': { inScope: () => ({ url: '/api/audit/verification' }) },
};

beforeAll(async () => {
  const t = await openTestDatabase('matrix');
  cleanup = t.cleanup;
  db = t.database.db;
  const seeded = await seedMiniCity(db);
  inside = { e1: seeded.enterprises[0]!.id, e4: seeded.enterprises[3]!.id };
  await db
    .insertInto('device')
    .values([
      { id: 'GD-IN', kind: 'gas_detector', enterprise_id: inside.e1, label: 'in' },
      { id: 'GD-OUT', kind: 'gas_detector', enterprise_id: inside.e4, label: 'out' },
      { id: 'LK-IN', kind: 'smart_lock', enterprise_id: inside.e1, label: 'in' },
      { id: 'LK-OUT', kind: 'smart_lock', enterprise_id: inside.e4, label: 'out' },
    ])
    .execute();
  await db
    .insertInto('telemetry')
    .values(
      ['GD-IN', 'GD-OUT'].map((device_id) => ({
        device_id,
        seq: 1,
        measured_at: new Date(),
        o2: 20.9,
        h2s: 0,
        co: 0,
        lel: 0,
        battery: 90,
      })),
    )
    .execute();
  app = await buildApp({
    config: testConfig({ authRateLimitPerMinute: 10_000 }),
    database: t.database,
    logger: false,
  });
  for (const role of ROLES) {
    const user = await createTestUser(db, {
      role,
      scopeIds: SCOPES[role],
      enterpriseIds: role === 'enterprise' ? [inside.e1] : [],
    });
    users.set(role, user.id);
  }
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

function expected(access: Access, role: Role | null, inScope: boolean, fixture: Fixture): number {
  const ok = fixture.ok ?? 200;
  if (access === 'public') return role === null ? (fixture.anonymous ?? ok) : ok;
  if (role === null) return 401;
  if (access === 'session' || access === 'any_session') return ok;
  if (!can(role, access as never)) return 403;
  if (fixture.actions && !fixture.actions.some((action) => can(role, action))) return 403;
  // Nothing lies outside a city-wide scope.
  const cityWide = SCOPES[role].includes('440300') && !fixture.ownerScoped;
  return inScope || cityWide ? ok : 404;
}

describe('authorisation matrix (route table × role × scope)', () => {
  it('has a fixture for every declared endpoint', () => {
    const missing = declaredRoutes(app)
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !FIXTURES[key] && !STAGE_ROUTES.has(key));
    expect(missing).toEqual([]);
    // And no fixture for a route that no longer exists (it would test nothing).
    const declared = new Set(declaredRoutes(app).map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(FIXTURES).filter((key) => !declared.has(key))).toEqual([]);
  });

  it('answers every endpoint for every role as the policy says', async () => {
    const failures: string[] = [];
    for (const route of declaredRoutes(app)) {
      const key = `${route.method} ${route.url}`;
      const fixture = FIXTURES[key];
      if (!fixture) continue;
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        for (const inScope of fixture.outOfScope ? [true, false] : [true]) {
          const call = inScope
            ? await fixture.inScope(role ?? 'city_admin')
            : await fixture.outOfScope!(role ?? 'city_admin');
          if (fixture.streaming && expected(route.access, role, inScope, fixture) === (fixture.ok ?? 200))
            continue;
          // A fresh session per call: sign-out and re-scoping end sessions as a side effect.
          const session = role ? await openTestSession(db, users.get(role)!) : {};
          const res = await app.inject({
            method: route.method as 'GET',
            url: call.url,
            headers: { ...session, ...call.headers },
            ...(call.payload !== undefined ? { payload: call.payload as string } : {}),
          });
          const want = expected(route.access, role, inScope, fixture);
          if (res.statusCode !== want) {
            const code = String(res.headers['content-type'] ?? '').includes('problem')
              ? res.json<Problem>().code
              : '';
            failures.push(
              `${key} as ${role ?? 'anonymous'} ${inScope ? 'in' : 'out of'} scope: ${res.statusCode} ${code}, want ${want}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('filters lists in SQL: each role sees exactly the enterprises of its scope', async () => {
    const seen = async (role: Role) => {
      const session = await openTestSession(db, users.get(role)!);
      const res = await app.inject({ url: '/api/enterprises?limit=200', headers: session });
      return res.json<{ items: { gridId: string; streetName: string; id: string }[] }>().items;
    };
    expect((await seen('grid_inspector')).every((e) => e.gridId === 'G440306001001-1')).toBe(true);
    expect((await seen('street_officer')).some((e) => e.id === inside.e4)).toBe(false);
    expect((await seen('enterprise')).map((e) => e.id)).toEqual([inside.e1]);
    expect((await seen('city_admin')).some((e) => e.id === inside.e4)).toBe(true);
    const tree = await app.inject({
      url: '/api/jurisdictions/tree',
      headers: await openTestSession(db, users.get('grid_inspector')!),
    });
    const counts = new Map(
      tree
        .json<{ nodes: { id: string; enterpriseCount: number }[] }>()
        .nodes.map((n) => [n.id, n.enterpriseCount]),
    );
    // Aggregates cover the scope only: the city total is the inspector's own grid.
    expect(counts.get('440300')).toBe(counts.get('G440306001001-1'));
    expect(counts.get('DP-440307')).toBe(0);
    const map = await app.inject({
      url: '/api/map/enterprises?bbox=113.7,22.4,114.7,22.9&zoom=16',
      headers: await openTestSession(db, users.get('enterprise')!),
    });
    expect(map.json<{ points: { id: string }[] }>().points.map((p) => p.id)).toEqual([inside.e1]);
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const session = await openTestSession(db, users.get('city_admin')!);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/enterprises/${inside.e1}`,
      headers: { cookie: session.cookie },
      payload: { employees: 7 },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<Problem>().code).toBe('auth.csrf_invalid');
    const forged = await app.inject({
      method: 'PATCH',
      url: `/api/enterprises/${inside.e1}`,
      headers: { cookie: session.cookie, 'x-csrf-token': 'forged-token-value' },
      payload: { employees: 7 },
    });
    expect(forged.statusCode).toBe(403);
  });
});
