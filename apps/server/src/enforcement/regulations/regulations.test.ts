import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Article,
  ArticleSearchResult,
  MatchFindingResult,
  Problem,
  RegulationDetail,
  RegulationList,
} from '@safegrid/contracts';
import { buildApp, type App } from '../../app';
import type { Database } from '../../platform/db/database';
import { openTestDatabase, testConfig } from '../../../test/test-database';
import { seedMiniCity } from '../../../test/mini-city';
import { injectAs, signedInAs } from '../../../test/sessions';

/** The regulation library and the clause matcher through the HTTP API. */
describe('regulation library API', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let app: App;
  let asOfficer: ReturnType<typeof injectAs>;
  let asEnterprise: ReturnType<typeof injectAs>;
  let asAuditor: ReturnType<typeof injectAs>;
  let enterprises: { id: string }[];

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase('regulations'));
    ({ enterprises } = await seedMiniCity(database.db));
    app = await buildApp({ config: testConfig(), database, logger: false });
    asOfficer = injectAs(app, await signedInAs(database.db, 'enforcement_officer', ['440306']));
    asEnterprise = injectAs(app, await signedInAs(database.db, 'enterprise', []));
    asAuditor = injectAs(app, await signedInAs(database.db, 'auditor', ['440300']));
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it('lists every regulation with its version and how far its text is verified', async () => {
    const res = await asOfficer('/api/regulations');
    expect(res.statusCode).toBe(200);
    const { items } = res.json<RegulationList>();
    const wsl = items.find((r) => r.id === 'work-safety-law-2021')!;
    expect(wsl).toMatchObject({ verification: 'verified', effective: '2021-09-01', articleCount: 119 });
    const dust = items.find((r) => r.id === 'dust-explosion-rules-2021')!;
    // A partial text says so: 32 articles, of which the data has 6.
    expect(dust).toMatchObject({ verification: 'partial', articleCount: 32, missingArticleCount: 26 });
    expect(items.find((r) => r.id === 'hazardous-chemicals-regulation-2013')!.currencyWarning).toMatch(
      /危险化学品安全法|repeal/,
    );
    // The raw data file never leaves the server.
    expect(JSON.stringify(items)).not.toContain('penaltySummary');
  });

  it('serves an article with its items addressable and the penalties that enforce it', async () => {
    const res = await asOfficer('/api/regulations/work-safety-law-2021/articles/35');
    expect(res.statusCode).toBe(200);
    const article = res.json<Article>();
    expect(article.label).toBe('第三十五条');
    expect(article.enforcedBy.map((p) => p.ref)).toContain('work-safety-law-2021:99:1:1');
    const penalty = article.enforcedBy.find((p) => p.ref === 'work-safety-law-2021:99:1:1')!;
    expect(penalty.label).toBe('《中华人民共和国安全生产法》第九十九条第（一）项');
    expect(penalty.fines[0]).toMatchObject({ minYuan: 0, maxYuan: 50_000 });

    const penaltyArticle = (
      await asOfficer('/api/regulations/work-safety-law-2021/articles/99')
    ).json<Article>();
    expect(penaltyArticle.paragraphs[0]!.items).toHaveLength(8);
    expect(penaltyArticle.paragraphs[0]!.items[7]).toMatchObject({
      ref: 'work-safety-law-2021:99:1:8',
      label: '（八）',
    });
    expect(penaltyArticle.enforces.map((o) => o.ref)).toEqual(
      expect.arrayContaining([
        'work-safety-law-2021:35',
        'work-safety-law-2021:36',
        'work-safety-law-2021:45',
      ]),
    );
  });

  it('links the items of 令第10号 to their industry', async () => {
    const article = (
      await asOfficer('/api/regulations/major-hazard-criteria-2023/articles/11')
    ).json<Article>();
    expect(article.majorHazardField).toBe('dust_explosion');
    expect(article.paragraphs[0]!.items).toHaveLength(10);
    const detail = (await asOfficer('/api/regulations/major-hazard-criteria-2023')).json<RegulationDetail>();
    expect(detail.articles).toHaveLength(15);
  });

  it('finds articles by Chinese words, through the trade synonyms, and within one law', async () => {
    const hits = (
      await asOfficer(
        `/api/regulations/search?q=${encodeURIComponent('劳保用品')}&lawId=work-safety-law-2021`,
      )
    ).json<ArticleSearchResult>().items;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.lawId === 'work-safety-law-2021')).toBe(true);
    expect(hits.slice(0, 3).map((h) => h.number)).toContain(45);

    const exact = (
      await asOfficer(`/api/regulations/search?q=${encodeURIComponent('先通风、再检测、后作业')}`)
    ).json<ArticleSearchResult>().items;
    expect(exact[0]).toMatchObject({ lawId: 'confined-space-rules-2023' });
    expect(exact[0]!.highlights.join('')).toContain('先通风');
  });

  it('matches a finding to the violated provision with its penalty basis and explanation', async () => {
    const res = await asOfficer({
      method: 'POST',
      url: '/api/regulations/match',
      payload: { finding: '未在有较大危险因素的设备上设置明显的安全警示标志' },
    });
    expect(res.statusCode).toBe(200);
    const result = res.json<MatchFindingResult>();
    const first = result.provisions[0]!;
    expect(first.ref).toBe('work-safety-law-2021:99:1:1');
    expect(first.violated.map((v) => v.ref)).toEqual(['work-safety-law-2021:35']);
    expect(first.penalty!.fines.some((f) => f.maxYuan === 50_000)).toBe(true);
    expect(first.explanation.matchedPhrases).toContain('安全警示标志');
    expect(result.majorHazard).toBeNull();
  });

  it('flags a finding that meets an item of 令第10号 as a major hazard', async () => {
    const result = (
      await asEnterprise({
        method: 'POST',
        url: '/api/regulations/match',
        payload: { finding: '抽查发现2名电焊工无证上岗作业', limit: 3 },
      })
    ).json<MatchFindingResult>();
    expect(result.provisions).toHaveLength(3);
    expect(result.provisions.map((p) => p.ref)).toContain('work-safety-law-2021:97:1:7');
    expect(result.majorHazard?.ref).toBe('major-hazard-criteria-2023:3:1:2');
    expect(result.provisions[0]!.explanation.synonyms).toContainEqual({ from: '电焊工', to: '特种作业人员' });
  });

  it('takes the enterprise’s industry into account, and only for an enterprise in scope', async () => {
    const inside = await database.db
      .selectFrom('enterprise')
      .select(['id', 'gongmao_category'])
      .where('district_id', '=', '440306')
      .where('gongmao_category', '=', 'machinery')
      .executeTakeFirstOrThrow();
    const finding = '喷漆房未设置固定式可燃气体浓度监测报警装置';
    const result = (
      await asOfficer({
        method: 'POST',
        url: '/api/regulations/match',
        payload: { finding, enterpriseId: inside.id },
      })
    ).json<MatchFindingResult>();
    expect(result.fields).toEqual(['machinery']);
    // 第七条 (机械) before 第八条 (轻工), which has the same words.
    expect(result.provisions[0]!.ref).toBe('major-hazard-criteria-2023:7:1:7');
    const lightIndustry = (
      await asOfficer({
        method: 'POST',
        url: '/api/regulations/match',
        payload: { finding, fields: ['light_industry'] },
      })
    ).json<MatchFindingResult>();
    expect(lightIndustry.provisions[0]!.ref).toBe('major-hazard-criteria-2023:8:1:6');

    // The mini city's last enterprise lies in 大鹏新区, outside the officer's 宝安.
    const outside = enterprises.at(-1)!.id;
    const outsideRow = await database.db
      .selectFrom('enterprise')
      .select('district_id')
      .where('id', '=', outside)
      .executeTakeFirstOrThrow();
    expect(outsideRow.district_id).not.toBe('440306');
    const refused = await asOfficer({
      method: 'POST',
      url: '/api/regulations/match',
      payload: { finding, enterpriseId: outside },
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json<Problem>().code).toBe('resource.not_found');
  });

  it('refuses a blank, an empty and a 10,000-character finding with clear codes', async () => {
    const blank = await asOfficer({
      method: 'POST',
      url: '/api/regulations/match',
      payload: { finding: '。，、 ' },
    });
    expect(blank.statusCode).toBe(422);
    expect(blank.headers['content-type']).toContain('application/problem+json');
    expect(blank.json<Problem>().code).toBe('finding.blank');

    const empty = await asOfficer({
      method: 'POST',
      url: '/api/regulations/match',
      payload: { finding: '' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<Problem>().code).toBe('request.invalid');

    const long = await asOfficer({
      method: 'POST',
      url: '/api/regulations/match',
      payload: { finding: '未设置安全警示标志'.repeat(1112) },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json<Problem>().code).toBe('request.invalid');
  });

  it('answers 404 for an unknown regulation or article, and 403 for a role without access', async () => {
    const unknown = await asOfficer('/api/regulations/no-such-law/articles/1');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>().code).toBe('resource.not_found');
    expect((await asOfficer('/api/regulations/work-safety-law-2021/articles/120')).statusCode).toBe(404);
    expect((await asAuditor('/api/regulations')).statusCode).toBe(403);
    expect((await app.inject('/api/regulations')).statusCode).toBe(401);
  });
});
