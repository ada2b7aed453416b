import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type {
  CaseApprovalInbox,
  EnforcementCase,
  FineSuggestions,
  HolidayCalendarYear,
  Problem,
} from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession, testActor } from '../../../test/sessions';
import { regulationLibrary } from '../regulations/regulation-library';
import { cjkFontProvider } from '../documents/cjk-font';
import { createHolidayCalendarRepository } from '../calendar/holiday-calendar.repository';
import { createCaseRepository } from './case.repository';
import { createCaseReads } from './case.service';
import type { CaseDeps } from './case-context';
import { recordReinspection } from './case-steps';

/**
 * Enforcement cases end to end through the HTTP API with real PDFs, on a clock the test moves
 * (sessions are opened at the moved time). The holiday calendar is a FIXTURE (invented days),
 * never the State Council's schedule.
 */

// 2030-03-04 is a Monday; 10:00 in Shenzhen.
let now = new Date('2030-03-04T02:00:00Z');
const setDay = (day: string) => {
  now = new Date(`${day}T02:00:00Z`);
};

describe('enforcement cases', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let e1: string;
  let e4: string;
  const ids: Record<string, string> = {};

  const as = (who: string) => async (options: Parameters<ReturnType<typeof injectAs>>[0]) =>
    injectAs(app, await openTestSession(db, ids[who]!, { now }))(options);
  const user = async (name: string, role: Role, scopeIds: string[], enterpriseIds: string[] = []) => {
    ids[name] = (await createTestUser(db, { role, scopeIds, enterpriseIds })).id;
  };
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json: <T>() => T }) => {
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json<Problem>();
  };
  const base = '/api/enforcement/cases';
  const officers = [
    { name: '张晓明', certificateNo: '44030621001' },
    { name: '李卫东', certificateNo: '44030621017' },
  ];
  const appeal = { government: '深圳市宝安区', agency: '深圳市应急管理局', court: '深圳市宝安区' };

  async function completedInspection(enterpriseId: string): Promise<string> {
    const { id } = await db
      .insertInto('inspection')
      .values({
        enterprise_id: enterpriseId,
        started_by: ids.officer!,
        partner_id: ids.partner!,
        started_at: now,
        status: 'completed',
        completed_at: now,
        finding_count: 2,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('inspection_finding')
      .values([
        {
          inspection_id: id,
          seq: 1,
          description: '一号车间安全出口堆放杂物',
          provision_refs: ['work-safety-law-2021:99:1:1'],
          major_hazard_ref: null,
          on_the_spot_measure: null,
          recorded_at: now,
          recorded_by: ids.officer!,
        },
        {
          inspection_id: id,
          seq: 2,
          description: '未如实记录安全生产教育和培训情况',
          provision_refs: ['work-safety-law-2021:97:1:4'],
          major_hazard_ref: null,
          on_the_spot_measure: null,
          recorded_at: now,
          recorded_by: ids.officer!,
        },
      ])
      .execute();
    return id;
  }

  const openBody = async (deadline: string, enterpriseId = e1) => ({
    inspectionId: await completedInspection(enterpriseId),
    findingSeqs: [1, 2],
    rectificationDeadline: deadline,
    officers,
    legalBasis: '《中华人民共和国安全生产法》第六十五条第一款第（三）项',
    appeal,
  });
  const read = async (id: string, who = 'officer') => {
    const res = await as(who)({ url: `${base}/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<EnforcementCase>();
  };
  const post = (who: string, id: string, action: string, payload: object) =>
    as(who)({ method: 'POST', url: `${base}/${id}/${action}`, payload });
  const sequence = async (series: string) =>
    (
      await db
        .selectFrom('official_document_sequence')
        .select('last_number')
        .where('series', '=', series)
        .where('year', '=', 2030)
        .executeTakeFirst()
    )?.last_number ?? 0;

  beforeAll(async () => {
    const t = await openTestDatabase('cases');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    e1 = seeded.enterprises[0]!.id; // 宝安区
    e4 = seeded.enterprises[3]!.id; // 大鹏新区
    app = await buildApp({ config: testConfig(), database: t.database, logger: false, clock: () => now });
    await user('officer', 'enforcement_officer', ['440306']);
    await user('partner', 'enforcement_officer', ['440306001']);
    await user('reviewer', 'approver', ['440306']); // 审核: the district's approver
    await user('head', 'approver', ['440300']); // 负责人: the city-wide approver
    await user('dapengOfficer', 'enforcement_officer', ['DP-440307']);
    await user('company', 'enterprise', [], [e1]);
    await user('admin', 'city_admin', ['440300']);
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('keeps the holiday calendar as data: validated, covered years reported', async () => {
    const empty = await as('officer')({ url: '/api/enforcement/holiday-calendar/2030' });
    expect(empty.json<HolidayCalendarYear>()).toMatchObject({ loaded: false, days: [] });
    const bad = await as('admin')({
      method: 'PUT',
      url: '/api/enforcement/holiday-calendar/2030',
      payload: {
        days: [
          { day: '2031-01-01', kind: 'holiday', name: '测试' },
          { day: '2030-03-06', kind: 'holiday', name: '测试' },
          { day: '2030-03-06', kind: 'holiday', name: '测试' },
        ],
        source: '测试夹具（非国务院安排）',
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).errors?.map((e) => e.code)).toEqual([
      'holiday_calendar.day_outside_year',
      'holiday_calendar.day_duplicate',
    ]);
    const denied = await as('officer')({
      method: 'PUT',
      url: '/api/enforcement/holiday-calendar/2030',
      payload: { days: [], source: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    const put = await as('admin')({
      method: 'PUT',
      url: '/api/enforcement/holiday-calendar/2030',
      payload: {
        days: [
          { day: '2030-03-06', kind: 'holiday', name: '测试假日' },
          { day: '2030-03-16', kind: 'makeup_workday', name: '测试调休' },
        ],
        source: '测试夹具（非国务院安排）',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<HolidayCalendarYear>()).toMatchObject({
      loaded: true,
      source: '测试夹具（非国务院安排）',
    });
  });

  it('runs a case from rectification order to closure with numbered PDFs and a full trail', async () => {
    // A deadline on a loaded holiday, or a weekend, is refused; nothing is written.
    const ordersBefore = await sequence('应急责改');
    for (const day of ['2030-03-06', '2030-03-09']) {
      const res = await as('officer')({ method: 'POST', url: base, payload: await openBody(day) });
      expect(res.statusCode, res.body).toBe(422);
      expect(problem(res)).toMatchObject({ code: 'deadline.not_working_day', params: { date: day } });
    }
    expect(await sequence('应急责改')).toBe(ordersBefore);

    const opened = await as('officer')({ method: 'POST', url: base, payload: await openBody('2030-03-07') });
    expect(opened.statusCode, opened.body).toBe(201);
    let c = opened.json<EnforcementCase>();
    expect(c).toMatchObject({
      status: 'rectification_ordered',
      handler: { id: ids.officer },
      coHandler: { id: ids.partner },
      rectificationDeadline: '2030-03-07',
      allowedActions: [], // re-inspection is offered from the deadline on
    });
    expect(c.violations[0]).toMatchObject({
      penalty: { ref: 'work-safety-law-2021:99:1:1' },
      fineRange: { minYuan: 0, maxYuan: 50000 },
    });
    expect(c.documents).toHaveLength(1);
    expect(c.documents[0]).toMatchObject({ docType: 'rectification_order', step: 'open' });
    expect(c.documents[0]!.number).toMatch(/^（深宝安）应急责改〔2030〕\d+号$/);
    const pdf = await as('officer')({ url: c.documents[0]!.pdfUrl });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Scope: another district's officer does not find it; the enterprise may not read cases.
    expect((await as('dapengOfficer')({ url: `${base}/${c.id}` })).statusCode).toBe(404);
    expect((await as('company')({ url: `${base}/${c.id}` })).statusCode).toBe(403);

    // Too early, then a stale version, then the re-inspection (item 1 not rectified).
    const reinspection = {
      version: c.version,
      date: '2030-03-08',
      items: [
        { seq: 1, rectified: false },
        { seq: 2, rectified: true },
      ],
      opinion: '第1项逾期未改正；第2项已改正。',
    };
    const early = await post('officer', c.id, 'reinspection', { ...reinspection, date: '2030-03-04' });
    expect(problem(early)).toMatchObject({
      code: 'case.reinspection_too_early',
      params: { deadline: '2030-03-07' },
    });
    setDay('2030-03-08');
    const stale = await post('officer', c.id, 'reinspection', { ...reinspection, version: c.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale).code).toBe('case.version_stale');
    const wrong = await post('officer', c.id, 'penalty-notice', { version: c.version });
    expect(wrong.statusCode).toBe(400); // body shape first
    const reinspected = await post('officer', c.id, 'reinspection', reinspection);
    expect(reinspected.statusCode, reinspected.body).toBe(200);
    c = reinspected.json<EnforcementCase>();
    expect(c.status).toBe('rectification_ordered');
    expect(c.violations[0]).toMatchObject({
      rectified: false,
      fineRange: { minYuan: 50000, maxYuan: 200000 },
    });
    expect(c.documents.map((d) => d.docType)).toEqual(['rectification_order', 'reinspection_opinion']);
    expect(c.allowedActions).toEqual(['submit_filing']);

    const notice = {
      violations: [{ seq: 1, circumstances: ['first_offence'], fineYuan: 80000 }],
      facts: '一号车间安全出口堆放杂物，经责令限期整改，逾期未改正。',
      evidence: '现场检查记录、整改复查意见书、现场照片。',
      address: '深圳市宝安区新安街道',
      contact: '张晓明',
      phone: '0755-00000000',
      postcode: '518000',
    };
    const early2 = await post('officer', c.id, 'penalty-notice', { version: c.version, ...notice });
    expect(early2.statusCode).toBe(409);
    expect(problem(early2).code).toBe('case.wrong_state');

    const filing = await post('officer', c.id, 'filing', {
      version: c.version,
      reason: '当事人逾期未改正，建议立案调查。',
      legalRepresentative: '王五',
      phone: '0755-00000000',
      postcode: '518000',
    });
    expect(filing.statusCode, filing.body).toBe(200);
    c = filing.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'filing_review', pendingApproval: { kind: 'filing', level: 1 } });

    // 审核 (district approver), then not the same person again, then 负责人 (city approver).
    const review = (who: string, decision = 'approve') =>
      post(who, c.id, 'review', {
        version: c.version,
        kind: c.pendingApproval!.kind,
        decision,
        opinion: '同意。',
      });
    expect((await review('officer')).statusCode).toBe(403);
    let r = await review('reviewer');
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'filing_review', pendingApproval: { level: 2 } });
    expect(problem(await review('reviewer'))).toMatchObject({ code: 'case.approver_same_person' });
    expect(
      (await as('reviewer')({ url: '/api/enforcement/approvals' })).json<CaseApprovalInbox>().items,
    ).toEqual([]);
    const inbox = (await as('head')({ url: '/api/enforcement/approvals' })).json<CaseApprovalInbox>();
    expect(inbox.items.map((i) => i.caseId)).toContain(c.id);
    r = await review('head');
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'filed', filedOn: '2030-03-08', decisionDueOn: '2030-06-06' });
    expect(c.documents.at(-1)).toMatchObject({ docType: 'case_filing_approval', step: 'filing' });
    expect(c.deadlines.find((d) => d.kind === 'decision')).toMatchObject({
      days: 90,
      unit: 'calendar',
      basis: [{ ref: 'administrative-penalty-law-2021:60' }],
    });

    // The suggestion lies in the range; a fine outside it is refused and nothing is written.
    const suggestion = await post('officer', c.id, 'fine-suggestions', {
      violations: [{ seq: 1, circumstances: ['repeat_offence'] }],
    });
    const item = suggestion.json<FineSuggestions>().items[0]!;
    expect(suggestion.json<FineSuggestions>().rules.official).toBe(false);
    expect(item.suggestedYuan).toBeGreaterThanOrEqual(50000);
    expect(item.suggestedYuan).toBeLessThanOrEqual(200000);
    const noticesBefore = await sequence('应急罚告');
    const tooHigh = await post('officer', c.id, 'penalty-notice', {
      version: c.version,
      ...notice,
      violations: [{ seq: 1, circumstances: [], fineYuan: 300000 }],
    });
    expect(tooHigh.statusCode).toBe(422);
    expect(problem(tooHigh)).toMatchObject({
      code: 'case.fine_out_of_range',
      params: { min: 50000, max: 200000 },
    });
    expect((await read(c.id)).version).toBe(c.version);
    expect(await sequence('应急罚告')).toBe(noticesBefore);

    const notified = await post('officer', c.id, 'penalty-notice', { version: c.version, ...notice });
    expect(notified.statusCode, notified.body).toBe(200);
    c = notified.json<EnforcementCase>();
    // Five working days after Friday 2030-03-08: Mon 11 … Fri 15, within the loaded (fixture) year.
    expect(c.deadlines.find((d) => d.kind === 'statement')).toMatchObject({
      dueOn: '2030-03-15',
      unit: 'working',
      calendarCovered: true,
    });
    const decision = {
      violations: [{ seq: 1, circumstances: ['first_offence'], fineYuan: 80000 }],
      legalRepresentative: '王五',
      position: '总经理',
      phone: '0755-00000000',
      postcode: '518000',
      factsAndEvidence:
        '一号车间安全出口堆放杂物，逾期未改正。证据：现场检查记录、整改复查意见书、现场照片。',
      payTo: '深圳市指定代收银行',
      account: '000000000000',
      appeal,
    };
    const tooSoon = await post('officer', c.id, 'decision', { version: c.version, ...decision });
    expect(problem(tooSoon)).toMatchObject({
      code: 'case.statement_window_open',
      params: { dueOn: '2030-03-15' },
    });
    const waived = await post('officer', c.id, 'statement', {
      version: c.version,
      kind: 'waiver',
      receivedOn: '2030-03-08',
      summary: '当事人书面表示放弃陈述、申辩和听证。',
    });
    expect(waived.statusCode, waived.body).toBe(200);
    c = waived.json<EnforcementCase>();
    r = await post('partner', c.id, 'decision', { version: c.version, ...decision });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'decision_review', pendingApproval: { kind: 'decision', level: 1 } });
    c = (await review('reviewer')).json<EnforcementCase>();
    r = await review('head');
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'decided', decidedOn: '2030-03-08', fineYuan: 80000 });
    expect(c.documents.at(-1)).toMatchObject({ docType: 'penalty_decision', step: 'decision' });
    // The profile counts the decision from the archive: one penalty, with its amount in words.
    const profile = await as('officer')({ url: `/api/profile/enterprises/${e1}` });
    expect(profile.statusCode, profile.body).toBe(200);
    const penalties = profile.json<{ penalties: { kind: string; decidedOn: string }[] }>().penalties;
    expect(penalties.filter((p) => p.kind === 'penalty' && p.decidedOn === '2030-03-08')).toHaveLength(1);

    setDay('2030-03-11');
    r = await post('officer', c.id, 'service', {
      version: c.version,
      servedOn: '2030-03-11',
      method: 'direct',
      recipient: '王五',
      place: '当事人办公室',
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({ status: 'served', paymentDueOn: '2030-03-26' });
    expect(c.documents.at(-1)).toMatchObject({ docType: 'service_receipt', step: 'service' });
    expect(c.deadlines.find((d) => d.kind === 'service')).toMatchObject({ state: 'met' });
    expect(
      problem(await post('officer', c.id, 'enforcement', { version: c.version, note: '—' })),
    ).toMatchObject({
      code: 'case.payment_not_overdue',
    });
    const short = await post('officer', c.id, 'payment', {
      version: c.version,
      paidOn: '2030-03-11',
      amountYuan: 100,
    });
    expect(problem(short)).toMatchObject({ code: 'case.payment_short', params: { amountDue: 80000 } });
    r = await post('officer', c.id, 'payment', {
      version: c.version,
      paidOn: '2030-03-11',
      amountYuan: 80000,
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    r = await post('officer', c.id, 'close', { version: c.version });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json<EnforcementCase>();
    expect(c).toMatchObject({
      status: 'closed',
      outcome: 'paid',
      closedOn: '2030-03-11',
      allowedActions: [],
    });

    // The timeline and the audit trail show every step.
    const steps = [
      'open',
      'record_reinspection',
      'submit_filing',
      'review_filing',
      'review_filing',
      'issue_penalty_notice',
      'record_statement',
      'submit_decision',
      'review_decision',
      'review_decision',
      'record_service',
      'record_payment',
      'close',
    ];
    expect(c.events.map((e) => e.action)).toEqual(steps);
    const audit = await db
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'enforcement_case')
      .where('resource_id', '=', c.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'enforcement_case.opened',
      ...steps.slice(1).map((s) => `enforcement_case.${s}`),
    ]);
    const numbers = c.documents.map((d) => d.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(c.documents.map((d) => d.docType)).toEqual([
      'rectification_order',
      'reinspection_opinion',
      'case_filing_approval',
      'penalty_notice',
      'penalty_decision',
      'service_receipt',
    ]);
  });

  it('rolls a transition back entirely when its document fails to render: no number consumed', async () => {
    setDay('2030-03-12');
    const opened = await as('officer')({ method: 'POST', url: base, payload: await openBody('2030-03-12') });
    expect(opened.statusCode, opened.body).toBe(201);
    const c = opened.json<EnforcementCase>();
    const before = await sequence('应急复查');
    const library = regulationLibrary();
    const partial = {
      db,
      cases: createCaseRepository(db),
      calendar: createHolidayCalendarRepository(db),
      library,
      clock: () => now,
      font: cjkFontProvider(),
      render: () => Promise.reject(new Error('renderer exploded')),
    };
    const deps: CaseDeps = { ...partial, read: createCaseReads(partial).read };
    const actor = { ...testActor('enforcement_officer', { district: ['440306'] }), userId: ids.officer! };
    const body = {
      version: c.version,
      date: '2030-03-12',
      items: [
        { seq: 1, rectified: false },
        { seq: 2, rectified: false },
      ],
      opinion: '均未改正。',
    };
    await expect(recordReinspection(deps, actor, c.id, body)).rejects.toThrow('renderer exploded');
    const after = await read(c.id);
    expect(after).toMatchObject({ version: c.version, status: 'rectification_ordered', reinspectedOn: null });
    expect(after.events).toHaveLength(1);
    expect(after.violations.every((v) => v.rectified === null)).toBe(true);
    expect(await sequence('应急复查')).toBe(before);

    const ok = await post('officer', c.id, 'reinspection', body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<EnforcementCase>().documents.at(-1)!.number).toMatch(
      new RegExp(`〔2030〕${before + 1}号$`),
    );
  });

  it('scopes opening and lists by jurisdiction, and refuses a duplicate case for an inspection', async () => {
    const body = await openBody('2030-03-13', e4);
    const outside = await as('officer')({ method: 'POST', url: base, payload: body });
    expect(outside.statusCode).toBe(404);
    const inside = await openBody('2030-03-13');
    expect((await as('officer')({ method: 'POST', url: base, payload: inside })).statusCode).toBe(201);
    const twice = await as('officer')({ method: 'POST', url: base, payload: inside });
    expect(problem(twice).code).toBe('case.inspection_has_case');
    const list = await as('dapengOfficer')({ url: base });
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    const mine = await as('partner')({ url: `${base}?mine=true` });
    expect(mine.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(3);
  });
});
