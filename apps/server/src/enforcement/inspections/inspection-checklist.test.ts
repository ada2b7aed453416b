import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Inspection, InspectionChecklist, Problem } from '@safegrid/contracts';
import type { Role } from '@safegrid/contracts/values';
import { buildApp, type App } from '../../app';
import type { DB } from '../../platform/db/schema';
import { majorHazardArticles } from '../../platform/checklists/checklist-library';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { createTestUser, injectAs, openTestSession } from '../../../test/sessions';
import { answerProblems, checklistProgress } from './inspection-checklist';

/**
 * The checklist of an on-site inspection through the HTTP API (PGlite, or PostgreSQL with
 * SAFEGRID_TEST_DATABASE_URL): the shared library's items, answers by the two officers only while
 * in progress and at the current version, findings recorded from a failed item, and the trail.
 */

const article = (ref: string | null) => (ref ? Number(ref.split(':')[1]) : null);

describe('inspection checklist (pure)', () => {
  const checklist = {
    templateId: 't',
    version: '1',
    category: 'machinery' as const,
    items: ['a', 'b', 'c'].map((id) => ({
      id,
      text: { 'zh-CN': id, en: id },
      majorHazardRef: null,
      provisionRefs: [],
    })),
  };

  it('refuses unknown and repeated items with a pointer each', () => {
    const problems = answerProblems(checklist, {
      version: 1,
      answers: [
        { itemId: 'a', outcome: 'pass' },
        { itemId: 'x', outcome: 'fail' },
        { itemId: 'a', outcome: 'fail' },
      ],
    });
    expect(problems).toEqual([
      {
        pointer: '/body/answers/1/itemId',
        code: 'inspection.checklist_item_unknown',
        params: { itemId: 'x' },
      },
      {
        pointer: '/body/answers/2/itemId',
        code: 'inspection.checklist_item_duplicate',
        params: { itemId: 'a' },
      },
    ]);
  });

  it('counts the items on the list and names failed items without a finding', () => {
    expect(
      checklistProgress(
        checklist,
        [
          { itemId: 'a', outcome: 'fail' },
          { itemId: 'b', outcome: 'fail' },
          { itemId: 'gone', outcome: 'pass' },
        ],
        [null, 'b'],
      ),
    ).toEqual({ total: 3, answered: 2, failed: 2, failedWithoutFinding: ['a'] });
  });
});

describe('inspection checklist (API)', () => {
  let cleanup: () => Promise<void>;
  let db: Kysely<DB>;
  let app: App;
  let baoan: string;
  type As = ReturnType<typeof injectAs>;
  let officer: As;
  let partner: As;
  let partnerId: string;
  let bystander: As;
  let dapengOfficer: As;
  let supervisor: As;

  const user = async (role: Role, scopeIds: string[]) => {
    const u = await createTestUser(db, { role, scopeIds });
    return { id: u.id, as: injectAs(app, await openTestSession(db, u.id)) };
  };
  const base = '/api/enforcement/inspections';
  const start = async () => {
    const res = await officer({ method: 'POST', url: base, payload: { enterpriseId: baoan, partnerId } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Inspection>();
  };
  const getChecklist = (id: string, as = officer) => as({ url: `${base}/${id}/checklist` });
  const answer = (id: string, payload: Record<string, unknown>, as = officer) =>
    as({ method: 'PUT', url: `${base}/${id}/checklist`, payload });

  beforeAll(async () => {
    const t = await openTestDatabase('inspection_checklist');
    cleanup = t.cleanup;
    db = t.database.db;
    const seeded = await seedMiniCity(db);
    baoan = seeded.enterprises[0]!.id; // machinery, 宝安
    app = await buildApp({ config: testConfig(), database: t.database, logger: false });
    officer = (await user('enforcement_officer', ['440306'])).as;
    const p = await user('enforcement_officer', ['440306001']);
    partner = p.as;
    partnerId = p.id;
    bystander = (await user('enforcement_officer', ['440306'])).as;
    dapengOfficer = (await user('enforcement_officer', ['DP-440307'])).as;
    supervisor = (await user('district_officer', ['440306'])).as;
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('gives the category checklist with its 令第10号 items, answers it, and records a finding from it', async () => {
    const inspection = await start();
    const res = await getChecklist(inspection.id);
    expect(res.statusCode, res.body).toBe(200);
    const checklist = res.json<InspectionChecklist>();
    expect(checklist).toMatchObject({ category: 'machinery', answers: [], inspectionVersion: 1 });
    const major = checklist.items.filter((i) => i.majorHazardRef);
    expect([...new Set(major.map((i) => article(i.majorHazardRef)))]).toEqual(
      majorHazardArticles('machinery'),
    );
    expect((await getChecklist(inspection.id, supervisor)).statusCode).toBe(200);

    const general = checklist.items.find((i) => !i.majorHazardRef)!;
    const hazard = major[0]!;
    const saved = await answer(inspection.id, {
      version: 1,
      answers: [
        { itemId: general.id, outcome: 'pass' },
        { itemId: hazard.id, outcome: 'fail', note: ' 现场未见 ' },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = saved.json<InspectionChecklist>();
    expect(after.inspectionVersion).toBe(2);
    expect(after.answers.find((a) => a.itemId === hazard.id)).toMatchObject({
      outcome: 'fail',
      note: '现场未见',
      findingSeqs: [],
    });

    // Answered again by the partner: overwritten, not added.
    const again = await answer(
      inspection.id,
      { version: 2, answers: [{ itemId: general.id, outcome: 'not_applicable' }] },
      partner,
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<InspectionChecklist>().answers).toHaveLength(2);

    let detail = (await officer({ url: `${base}/${inspection.id}` })).json<Inspection>();
    expect(detail.checklist).toEqual({
      total: checklist.items.length,
      answered: 2,
      failed: 1,
      failedWithoutFinding: [hazard.id],
    });

    // The failed item becomes a finding, as the web pre-fills it.
    const finding = await officer({
      method: 'POST',
      url: `${base}/${inspection.id}/findings`,
      payload: {
        description: `检查发现：${hazard.text['zh-CN']}`,
        provisionRefs: hazard.provisionRefs,
        majorHazardRef: hazard.majorHazardRef,
        checklistItemId: hazard.id,
        version: 3,
      },
    });
    expect(finding.statusCode, finding.body).toBe(200);
    detail = finding.json<Inspection>();
    expect(detail.findings[0]).toMatchObject({ checklistItemId: hazard.id });
    expect(detail.checklist?.failedWithoutFinding).toEqual([]);
    const reread = (await getChecklist(inspection.id)).json<InspectionChecklist>();
    expect(reread.answers.find((a) => a.itemId === hazard.id)?.findingSeqs).toEqual([1]);

    // Unanswered items do not block completion; afterwards nothing more is answered.
    const done = await officer({
      method: 'POST',
      url: `${base}/${inspection.id}/complete`,
      payload: { version: 4 },
    });
    expect(done.statusCode, done.body).toBe(200);
    const late = await answer(inspection.id, {
      version: 5,
      answers: [{ itemId: general.id, outcome: 'pass' }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json<Problem>().code).toBe('inspection.completed');

    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'before', 'after'])
      .where('resource_type', '=', 'inspection')
      .where('resource_id', '=', inspection.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'inspection.started',
      'inspection.checklist_answered',
      'inspection.checklist_answered',
      'inspection.finding_recorded',
      'inspection.completed',
    ]);
    expect(audit[2]).toMatchObject({
      before: { answers: [{ itemId: general.id, outcome: 'pass', note: null }] },
      after: { answers: [{ itemId: general.id, outcome: 'not_applicable', note: null }] },
    });
    expect(audit[4]!.after).toMatchObject({
      checklist: { answered: 2, failed: 1, failedWithoutFinding: [] },
    });
  });

  it('adds the 令第10号 field articles from the enterprise profile (粉尘爆炸 第十一条)', async () => {
    const inspection = await start();
    await db
      .insertInto('enterprise_risk_tag')
      .values({ enterprise_id: baoan, tag: 'dust_explosion', source: 'declared' })
      .execute();
    try {
      const checklist = (await getChecklist(inspection.id)).json<InspectionChecklist>();
      const articles = new Set(
        checklist.items.filter((i) => i.majorHazardRef).map((i) => article(i.majorHazardRef)),
      );
      expect(articles).toEqual(new Set([...majorHazardArticles('machinery'), 11]));
      const dust = checklist.items.find((i) => article(i.majorHazardRef) === 11)!;
      const saved = await answer(inspection.id, {
        version: 1,
        answers: [{ itemId: dust.id, outcome: 'fail' }],
      });
      expect(saved.statusCode, saved.body).toBe(200);
    } finally {
      await db.deleteFrom('enterprise_risk_tag').where('enterprise_id', '=', baoan).execute();
    }
  });

  it('hides other scopes, refuses non-participants, stale versions and bad answers', async () => {
    const inspection = await start();
    const checklist = (await getChecklist(inspection.id)).json<InspectionChecklist>();
    const itemId = checklist.items[0]!.id;
    const ok = { version: 1, answers: [{ itemId, outcome: 'pass' }] };

    expect((await getChecklist(inspection.id, dapengOfficer)).statusCode).toBe(404);
    const hidden = await answer(inspection.id, ok, dapengOfficer);
    expect(hidden.statusCode).toBe(404);
    const outsider = await answer(inspection.id, ok, bystander);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json<Problem>().code).toBe('inspection.not_participant');
    expect((await answer(inspection.id, ok, supervisor)).statusCode).toBe(403);

    expect((await answer(inspection.id, { ...ok, answers: [{ itemId, outcome: 'maybe' }] })).statusCode).toBe(
      400,
    );
    expect((await answer(inspection.id, { ...ok, answers: [] })).statusCode).toBe(400);
    const unknown = await answer(inspection.id, {
      version: 1,
      answers: [
        { itemId, outcome: 'pass' },
        { itemId: 'no-such-item', outcome: 'fail' },
        { itemId, outcome: 'fail' },
      ],
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<Problem>().errors?.map((e) => e.code)).toEqual([
      'inspection.checklist_item_unknown',
      'inspection.checklist_item_duplicate',
    ]);
    const badFinding = await officer({
      method: 'POST',
      url: `${base}/${inspection.id}/findings`,
      payload: {
        description: '安全出口堵塞',
        provisionRefs: [],
        checklistItemId: 'no-such-item',
        version: 1,
      },
    });
    expect(badFinding.statusCode).toBe(422);

    expect((await answer(inspection.id, ok)).statusCode).toBe(200);
    const stale = await answer(inspection.id, ok, partner);
    expect(stale.statusCode).toBe(409);
    expect(stale.json<Problem>().code).toBe('inspection.version_stale');
    const rows = await db
      .selectFrom('inspection_checklist_answer')
      .select('item_id')
      .where('inspection_id', '=', inspection.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
