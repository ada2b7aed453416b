import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { totpAt, totpCounter, TOTP_STEP_SECONDS } from '../apps/server/src/identity/credentials/totp';
import { startServer, type RunningServer } from './harness';
import { DEMO_PASSWORD } from '../tools/demo-city/accounts';
import mqtt from 'mqtt';
import type { EnforcementPlan, EnforcementTaskList, PermitDetail } from '@safegrid/contracts';
import { demoDeviceSecret } from '../tools/device-simulator/demo-device-secret';
import { approvedPermitWithToken } from '../tools/device-simulator/approved-permit';
import { deviceTopic } from '../apps/server/src/platform/mqtt/device-contract';

/**
 * End-to-end suite in Debian's Chromium (never a downloaded browser). Prints one line per test,
 * a closing "N passed, N failed", and writes the results and figures to E2E_RESULTS (failure
 * screenshots go next to it).
 *
 * Every page needs a session. Each test signs in through the sign-in page in its own browser
 * context, except the tests of the city-wide view, which share the `admin` context:
 *
 *   1. `admin` enrols TOTP (the one test that changes lasting state: admin has a second factor
 *      afterwards), signs out, signs in again with a fresh code, and stays signed in;
 *   2–4. map, search and language switch reuse that session, or sign `admin` in themselves when it
 *      is gone (`AdminTotp.ensureSignedIn` enrols or answers the challenge, whichever the server asks), so
 *      each also passes alone or after a failed test 1;
 *   5–7. inspector, enterprise account and session expiry use their own accounts and contexts.
 *
 * E2E_GREP=<regex> runs only the matching tests; each still signs itself in.
 *
 * Test 1 needs `admin` without a second factor, i.e. a fresh database — which every run makes
 * (a new PGlite directory, or a new PostgreSQL schema dropped at the end).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const city = (process.env.E2E_CITY as 'full' | 'small' | undefined) ?? 'full';
/** Upper bound per test; the 2FA test may wait up to one TOTP step (30 s) for a fresh code. */
const TEST_TIMEOUT_MS = 120_000;
/** E2E_GREP=<regex>: run only the tests whose name matches (each signs itself in, see above). */
const only = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP, 'i') : null;
let skipped = 0;

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  screenshots?: string[];
}

interface TestKit {
  /** A new page in `context` (default: a new context of this test, closed after it). */
  page(context?: BrowserContext): Promise<Page>;
  /** A new context of this test; `options` add to the defaults (e.g. a phone with a position). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/** An 8×8 PNG: the photo the tests take (the app compresses it to JPEG before upload). */
const SMALL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4EaCBFTEMLQkAaplQAc/OcKAAAAAASUVORK5CYII=',
  'base64',
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'test'
  );
}

async function main() {
  const schema = process.env.E2E_SCHEMA ?? `e2e_${randomBytes(4).toString('hex')}`;
  const resultsDir = process.env.E2E_RESULTS
    ? dirname(process.env.E2E_RESULTS)
    : mkdtempSync(join(tmpdir(), 'sg-e2e-results-'));
  mkdirSync(resultsDir, { recursive: true });
  const suiteStarted = Date.now();
  const server = await startServer({
    databaseUrl: process.env.E2E_DATABASE_URL,
    mqttUrl: process.env.E2E_MQTT_URL,
    schema,
    city,
  });
  let browser: Browser | undefined;
  const outcomes: Outcome[] = [];
  const figures: Record<string, number> = {};
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const b = browser;
    const newContext = async (options: BrowserContextOptions = {}) => {
      const context = await b.newContext({
        viewport: { width: 1366, height: 860 },
        locale: 'zh-CN',
        ...options,
      });
      context.setDefaultTimeout(15_000);
      return context;
    };
    const adminContext = await newContext();

    const test = async (
      name: string,
      body: (kit: TestKit) => Promise<void>,
      { timeoutMs = TEST_TIMEOUT_MS }: { timeoutMs?: number } = {},
    ) => {
      if (only && !only.test(name)) {
        skipped += 1;
        return;
      }
      const pages: Page[] = [];
      const owned: BrowserContext[] = [];
      const errors: string[] = [];
      const kit: TestKit = {
        async context(options) {
          const context = await newContext(options);
          owned.push(context);
          return context;
        },
        async page(context) {
          const page = await (context ?? (await kit.context())).newPage();
          page.on('pageerror', (e) => errors.push(`${e.message} (at ${page.url()})`));
          pages.push(page);
          return page;
        },
      };
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          body(kit),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`test timed out after ${timeoutMs / 1000} s`)),
              timeoutMs,
            );
          }),
        ]);
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        const ms = Date.now() - started;
        outcomes.push({ name, ok: true, ms });
        console.log(`  ✓ ${name} (${(ms / 1000).toFixed(1)} s)`);
      } catch (error) {
        const ms = Date.now() - started;
        const screenshots: string[] = [];
        for (const [i, page] of pages.entries()) {
          if (page.isClosed()) continue;
          const path = join(resultsDir, `e2e-failure-${outcomes.length + 1}-${slug(name)}-${i + 1}.png`);
          if (
            await page.screenshot({ path, fullPage: true, timeout: 10_000 }).then(
              () => true,
              () => false,
            )
          ) {
            screenshots.push(path);
          }
        }
        const message = (error as Error).message;
        outcomes.push({ name, ok: false, ms, error: message, screenshots });
        console.log(
          `  ✗ ${name} (${(ms / 1000).toFixed(1)} s)\n      ${message.split('\n').join('\n      ')}`,
        );
        for (const path of screenshots) console.log(`      screenshot: ${path}`);
      } finally {
        clearTimeout(timer);
        for (const page of pages) await page.close().catch(() => {});
        for (const context of owned) await context.close().catch(() => {});
      }
    };

    const { fixtures } = server;
    const admin = new AdminTotp(server, fixtures.admin.username);
    // The city-wide enforcement officer: enrols a second factor in the first test that needs it.
    const enforcer = new AdminTotp(server, 'enforcer');

    await test('admin enrols TOTP at first sign-in, signs out, and signs in again with a fresh code', async (kit) => {
      const page = await kit.page(adminContext);
      await fillSignIn(page, server, admin.username);
      // A city_admin without a second factor must enrol before anything else.
      await page.getByTestId('mfa-enrol-page').waitFor();
      await expectSession(page, server, 'mfa_enrolment');
      await page.goto(`${server.baseUrl}/map`);
      await page.getByTestId('mfa-enrol-page').waitFor();
      await page.getByTestId('mfa-qr').waitFor();
      const qr = await page.getByTestId('mfa-qr').getAttribute('src');
      if (!qr?.startsWith('data:image/svg+xml'))
        throw new Error(`mfa-qr src is not an SVG data URL: ${qr?.slice(0, 40)}`);
      const secret = (await page.getByTestId('mfa-secret').innerText()).trim();
      if (!/^[A-Z2-7]{26,}$/.test(secret)) throw new Error(`mfa-secret "${secret}" is not a base32 secret`);

      // A wrong code is refused, and the page says so.
      await page.getByTestId('mfa-confirm-code').fill(wrongCode(secret));
      await expectRefused(page, '/api/auth/mfa/enrolment/confirm', () =>
        page.getByTestId('mfa-confirm-submit').click(),
      );
      await page.getByTestId('mfa-error').waitFor();
      await expectSession(page, server, 'mfa_enrolment');

      await admin.confirmEnrolment(page, secret);
      const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts();
      if (codes.length < 8 || !codes.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/i.test(c.trim()))) {
        throw new Error(`recovery codes look wrong: ${JSON.stringify(codes)}`);
      }
      await page.getByTestId('recovery-codes-saved').click();
      await page.getByTestId('user-menu').waitFor();
      const enrolled = await expectSession(page, server, 'active');
      if (!enrolled.user.mfaEnabled) throw new Error('session after enrolment says mfaEnabled=false');

      // Sign out from the user menu: back on the sign-in page, not as an "expired" session.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-page').waitFor();
      if (await page.getByTestId('session-expired').isVisible())
        throw new Error('plain sign-out shows session-expired');
      await expectNoSession(page, server);

      // Password again → the challenge, not enrolment.
      await fillSignIn(page, server, admin.username);
      await page.getByTestId('mfa-challenge-page').waitFor();
      await expectSession(page, server, 'mfa_challenge');
      // A wrong code, and the enrolment code again (a replay), are both refused.
      for (const code of [wrongCode(secret), admin.lastCode!]) {
        await page.getByTestId('mfa-code').fill(code);
        await expectRefused(page, '/api/auth/mfa/verify', () => page.getByTestId('mfa-submit').click());
        await page.getByTestId('mfa-error').waitFor();
        await expectSession(page, server, 'mfa_challenge');
      }
      await admin.answerChallenge(page);
      await page.getByTestId('user-menu').waitFor();
      await expectSession(page, server, 'active');
      // Left signed in: the next tests reuse this context.
    });

    await test('the city map renders districts, boundaries and enterprises (admin, city-wide)', async (kit) => {
      const page = await kit.page(adminContext);
      await admin.ensureSignedIn(page);
      await page.goto(`${server.baseUrl}/map`);
      await page.waitForFunction(
        () => (globalThis as { __safegridMapReady?: unknown }).__safegridMapReady,
        null,
        { timeout: 30_000 },
      );
      const ready = await page.evaluate(
        () => (globalThis as unknown as { __safegridMapReady: { firstRenderMs: number } }).__safegridMapReady,
      );
      figures.mapFirstRenderMs = Math.round(ready.firstRenderMs);
      const session = await expectSession(page, server, 'active');
      if (!session.user.scopes.some((s) => s.level === 'city')) {
        throw new Error(`the map account is not city-wide: ${JSON.stringify(session.user.scopes)}`);
      }
      const tree = await getJson<{ nodes: { level: string }[] }>(page, server, '/api/jurisdictions/tree');
      const districts = tree.nodes.filter((n) => n.level === 'district').length;
      const paths = await page.locator('[data-testid="map"] path').count();
      if (districts === 0 || paths < districts) {
        throw new Error(`expected an outline for each of the ${districts} districts, saw ${paths} paths`);
      }
    });

    await test('search an enterprise by a Chinese name fragment and open its detail page', async (kit) => {
      const page = await kit.page(adminContext);
      await admin.ensureSignedIn(page);
      // A fragment of a real name: the brand part between the city prefix and the legal suffix.
      const sample = await getJson<{ items: { id: string; name: string }[] }>(
        page,
        server,
        '/api/enterprises?limit=1',
      );
      const name = sample.items[0]?.name;
      if (!name) throw new Error('the demo city has no enterprise to search for');
      const fragment = name.replace(/^深圳市/, '').slice(0, 3);
      await page.goto(`${server.baseUrl}/enterprises`);
      const box = page.getByTestId('enterprise-search');
      await box.fill(fragment);
      await box.press('Enter');
      // The unfiltered first page already holds the sample: wait until the search has replaced it,
      // or the click may land on a row that is being re-rendered away.
      await page.waitForURL(/[?&]q=/);
      const rows = page.getByTestId('enterprise-row');
      for (let waited = 0; ; waited += 100) {
        const texts = await rows.allInnerTexts();
        if (texts.length > 0 && texts.every((text) => text.includes(fragment))) break;
        if (waited > 15_000) throw new Error(`the list never showed only rows matching "${fragment}"`);
        await page.waitForTimeout(100);
      }
      const row = page.getByTestId('enterprise-row').filter({ hasText: fragment }).first();
      await row.waitFor();
      await row.locator('a').first().click();
      await page.getByTestId('enterprise-detail').waitFor();
      const shown = await page.getByTestId('enterprise-name').innerText();
      if (!shown.includes(fragment))
        throw new Error(`detail page shows "${shown}", not a name with "${fragment}"`);
    });

    await test('the English switch changes the interface language', async (kit) => {
      const page = await kit.page(adminContext);
      await admin.ensureSignedIn(page);
      await page.goto(`${server.baseUrl}/enterprises`);
      try {
        await page.getByTestId('language-switch').click();
        await page.getByText('Enterprises', { exact: false }).first().waitFor({ timeout: 10_000 });
      } finally {
        // The choice is kept in localStorage; later pages of this context expect Chinese.
        await page
          .evaluate(() =>
            (
              globalThis as unknown as { localStorage: { removeItem(k: string): void } }
            ).localStorage.removeItem('safegrid.locale'),
          )
          .catch(() => {});
      }
    });

    await test(`a grid inspector (${fixtures.inspector.username}) sees only the enterprises of their grids`, async (kit) => {
      const want = fixtures.inspector;
      const page = await kit.page();
      await fillSignIn(page, server, want.username);
      await page.getByTestId('user-menu').waitFor();
      await page.waitForURL(/\/map$/);

      // Scopes as the server reports them for this session, against the database's.
      const session = await expectSession(page, server, 'active');
      if (session.user.role !== 'grid_inspector') throw new Error(`role is ${session.user.role}`);
      const scopeIds = session.user.scopes.map((s) => s.id).sort();
      if (scopeIds.join() !== [...want.scopeIds].sort().join()) {
        throw new Error(`session scopes ${scopeIds.join()} ≠ user_scope rows ${want.scopeIds.join()}`);
      }
      const scopeNames = session.user.scopes.map((s) => s.name);

      await page.goto(`${server.baseUrl}/enterprises`);
      const rows = page.getByTestId('enterprise-row');
      await rows.first().waitFor();
      // Load every page of the list.
      for (let i = 0; i < 50; i++) {
        const more = page.getByTestId('enterprise-load-more');
        if (!(await more.isVisible())) break;
        const before = await rows.count();
        await more.click();
        await rows.nth(before).waitFor();
      }
      const shown = await rows.evaluateAll((trs) =>
        trs.map((tr) => ({
          id: tr.getAttribute('data-id') ?? '',
          text: (tr as unknown as { innerText: string }).innerText,
        })),
      );
      const outside = shown.filter((r) => !scopeNames.some((n) => r.text.includes(n)));
      if (outside.length > 0) {
        throw new Error(
          `${outside.length} row(s) outside the grids ${scopeNames.join('、')}, e.g. ${outside[0]!.text.replace(/\s+/g, ' ')}`,
        );
      }
      const ids = shown.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
      if (ids.join() !== [...want.enterpriseIds].sort((a, b) => Number(a) - Number(b)).join()) {
        throw new Error(
          `list shows ${ids.length} enterprises, the database has ${want.enterpriseIds.length} in these grids`,
        );
      }

      // One of theirs opens; one outside their grids is "not found" (not "forbidden": no leak).
      await page.goto(`${server.baseUrl}/enterprises/${want.enterpriseIds[0]}`);
      await page.getByTestId('enterprise-detail').waitFor();
      await page.goto(`${server.baseUrl}/enterprises/${want.outsideEnterpriseId}`);
      await page.getByTestId('not-found').waitFor();
      if (await page.getByTestId('enterprise-detail').count())
        throw new Error('out-of-scope enterprise shown');
    });

    await test(`the regulation library shows each text's verification, and the matcher cites the breached article (${fixtures.inspector.username})`, async (kit) => {
      const page = await kit.page();
      await fillSignIn(page, server, fixtures.inspector.username);
      await page.getByTestId('user-menu').waitFor();

      await page.goto(`${server.baseUrl}/enforcement/regulations`);
      await page.getByTestId('regulation-list').waitFor();
      const partial = page.getByTestId('regulation-row-dust-explosion-rules-2021');
      if ((await partial.getAttribute('data-verification')) !== 'partial') {
        throw new Error('the partial 粉尘防爆安全规定 is not marked partial');
      }
      if ((await partial.getByTestId('verification-tag').count()) !== 1)
        throw new Error('no verification tag');
      if ((await page.locator('[data-testid^="regulation-row-"]').count()) < 9)
        throw new Error('regulations missing');

      // Search in Chinese through a trade word: 劳保用品 finds 第四十五条 (劳动防护用品).
      await page.getByTestId('regulation-search-input').fill('劳保用品');
      await page.getByTestId('regulation-search-input').press('Enter');
      const hit = page.getByTestId('regulation-search-hit').filter({ hasText: '劳动防护用品' }).first();
      await hit.waitFor();
      await hit.locator('a').first().click();
      await page.getByTestId('article-view').waitFor();

      // The matcher: a finding in an officer's words → the article, with the penalty basis.
      await page.goto(`${server.baseUrl}/enforcement/matcher`);
      await page.getByTestId('finding-input').fill('现场检查发现，该公司配电房门口没有设置警示标识');
      await page.getByTestId('finding-submit').click();
      const first = page.getByTestId('match-result').first();
      await first.waitFor();
      const label = (await first.getByTestId('match-label').innerText()).trim();
      if (label !== '《中华人民共和国安全生产法》第九十九条第（一）项')
        throw new Error(`first suggestion is ${label}`);
      if (await first.getByTestId('major-hazard-tag').count())
        throw new Error('a warning sign is not a major hazard');

      await page.getByTestId('finding-input').fill('进入化粪池作业未办理有限空间作业审批，现场无监护人员');
      await page.getByTestId('finding-submit').click();
      await page.getByTestId('major-hazard-tag').first().waitFor();
    });

    await test("an enforcement officer issues a rectification order with the matcher's clauses; the PDF reads back and a printed copy verifies without signing in", async (kit) => {
      const page = await kit.page();
      // `enforcer` (city-wide) needs a second factor: enrolled here on first sign-in.
      await enforcer.ensureSignedIn(page);
      const enterpriseId = fixtures.inspector.enterpriseIds[0]!;
      await page.goto(`${server.baseUrl}/enforcement/documents/new?enterpriseId=${enterpriseId}`);
      await page.getByTestId('document-form').waitFor();

      const findings = ['配电房门口没有设置安全警示标志', '冲压车间员工未佩戴防护手套，企业未发放劳保用品'];
      for (const [i, text] of findings.entries()) {
        if (i > 0) await page.getByTestId('document-add-finding').click();
        const row = page.getByTestId('document-finding-row').nth(i);
        await row.getByTestId('document-finding-description').fill(text);
        await row.getByTestId('document-finding-match').click();
        await row.getByTestId('document-suggestion').first().click();
      }
      const provisions = await page
        .getByTestId('document-finding-provision')
        .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
      if (provisions[0] !== '《中华人民共和国安全生产法》第三十五条')
        throw new Error(`row 1 cites ${provisions[0]}`);
      if (provisions[1] !== '《中华人民共和国安全生产法》第四十五条')
        throw new Error(`row 2 cites ${provisions[1]}`);

      // The deadline: a working day (Monday to Friday) about two weeks ahead, in China time.
      const deadline = new Date(Date.now() + 8 * 3_600_000 + 14 * 86_400_000);
      while ([0, 6].includes(deadline.getUTCDay())) deadline.setUTCDate(deadline.getUTCDate() + 1);
      const deadlineText = deadline.toISOString().slice(0, 10);
      await page.getByTestId('document-deadline').fill(deadlineText);
      await page.getByTestId('document-deadline').press('Enter');
      await page
        .getByTestId('document-legal-basis')
        .fill('《中华人民共和国安全生产法》第六十五条第一款第（二）项');
      await page.getByTestId('document-appeal-government').fill('深圳市');
      await page.getByTestId('document-appeal-agency').fill('广东省应急管理厅');
      await page.getByTestId('document-appeal-court').fill('深圳市福田区');
      await page.getByTestId('document-officer-name-0').fill('陈执法');
      await page.getByTestId('document-officer-cert-0').fill('44030012345');
      await page.getByTestId('document-officer-name-1').fill('林执法');
      await page.getByTestId('document-officer-cert-1').fill('44030067890');
      await page.getByTestId('document-submit').click();
      await page.getByTestId('document-confirm').click();
      await page.getByTestId('document-result').waitFor();
      const number = (await page.getByTestId('document-number').innerText()).trim();
      if (!/应急责改〔\d{4}〕\d+号$/.test(number)) throw new Error(`document number ${number}`);

      // The archived PDF, read back by poppler: the number, the findings and their provisions.
      const href = await page.getByTestId('document-pdf-link').getAttribute('href');
      const pdf = await page.request.get(new URL(href!, server.baseUrl).toString());
      if (!pdf.ok() || pdf.headers()['content-type'] !== 'application/pdf')
        throw new Error(`PDF: ${pdf.status()}`);
      const file = join(resultsDir, 'rectification-order.pdf');
      writeFileSync(file, await pdf.body());
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        '',
      );
      for (const want of [
        '责令限期整改指令书',
        number,
        ...findings,
        ...provisions.map((p) => p!),
        deadlineText.slice(0, 4),
      ]) {
        if (!text.includes(want.replace(/\s+/g, ''))) throw new Error(`the PDF lacks "${want}"`);
      }
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      if (
        !/CJK/i.test(fonts) ||
        !fonts
          .split('\n')
          .slice(2)
          .every((l) => !l.trim() || / yes /.test(l))
      ) {
        throw new Error(`fonts not embedded:\n${fonts}`);
      }

      // Anyone holding the paper: the public page, in a context without a session.
      const code = (await page.getByTestId('document-verification-code').innerText()).trim();
      const visitor = await (await kit.context()).newPage();
      await visitor.goto(`${server.baseUrl}/documents/verify/${code}`);
      const result = visitor.getByTestId('verify-result');
      await result.waitFor();
      if ((await result.getAttribute('data-found')) !== 'true')
        throw new Error('the issued document does not verify');
      if (!(await result.innerText()).includes(number))
        throw new Error('the verification shows another number');
    });

    await test("on a phone, two officers record an on-site inspection: a finding with the matcher's clause, a photo in the evidence chain, completion", async (kit) => {
      const page = await kit.page();
      await page.setViewportSize({ width: 390, height: 844 });
      await enforcer.ensureSignedIn(page);
      const inspectionId = await startInspection(page, server, fixtures.inspector.enterpriseIds[0]!);
      const finding = await recordFinding(
        page,
        1,
        '配电房门口没有设置安全警示标志',
        'work-safety-law-2021:99:1:1',
      );
      if (!(await finding.innerText()).includes('第九十九条'))
        throw new Error('the finding does not cite 第九十九条');

      // A photo (8×8 PNG), compressed to JPEG in the browser before upload.
      const evidence = await addFindingPhoto(page, 1);
      const shown = await evidence.getAttribute('data-sha256');
      await page.locator('[data-testid="evidence-chain"][data-intact="true"]').waitFor();

      // The server's record: the file's bytes hash to what the page shows, and the chain holds.
      const stored = await getJson<{
        evidence: { seq: number; sha256: string; url: string }[];
        evidenceChain: { intact: boolean };
      }>(page, server, `/api/enforcement/inspections/${inspectionId}`);
      if (!stored.evidenceChain.intact || stored.evidence.length !== 1)
        throw new Error('evidence chain not intact');
      const bytes = await (
        await page.request.get(new URL(stored.evidence[0]!.url, server.baseUrl).toString())
      ).body();
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (digest !== stored.evidence[0]!.sha256 || digest !== shown)
        throw new Error('the stored photo does not hash to its sha256');

      await completeInspection(page);
      await page.getByTestId('inspection-issue-order').waitFor();
    });

    await test(
      'enforcement case from inspection to closure: two findings with photos, rectification order (PDF), re-inspection after the deadline, filing approved at two levels, penalty notice in the legal range, waiver, decision approved (PDF), service, payment, closure; timeline and audit trail show every step',
      async (kit) => {
        const started = Date.now();
        await enforcementCaseToClosure(kit, server, resultsDir);
        figures.enforcementCaseMs = Date.now() - started;
        // Three officers' sign-ins with TOTP, a dozen steps, and (embedded mode) a server restart.
      },
      { timeoutMs: 240_000 },
    );

    await test(`on a phone, a grid inspector (${fixtures.patrol.inspectorUsername}) checks in, works offline (check-list, a hazard with a photo), syncs; the enterprise rectifies, the inspector verifies and closes; the audit trail and the assessment show each step`, async (kit) => {
      const p = fixtures.patrol;
      const phone = await kit.context({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        geolocation: { latitude: p.lat, longitude: p.lon, accuracy: 15 },
        permissions: ['geolocation'],
      });
      const page = await kit.page(phone);
      await fillSignIn(page, server, p.inspectorUsername);
      await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await page.goto(`${server.baseUrl}/grid/patrols`);
      await page.locator(`[data-testid="my-task"][data-id="${p.taskId}"]`).click();
      await page.getByTestId('patrol-task').waitFor();
      await page.getByTestId('check-in-button').click();
      await page.getByTestId('check-in-result').waitFor();
      const metres = Number(await page.getByTestId('check-in-distance').getAttribute('data-metres'));
      if (!(metres < 50)) throw new Error(`checked in ${metres} m from the enterprise, expected on the spot`);
      const items = page.getByTestId('checklist-item');
      await items.first().waitFor();
      const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')!));

      // The network goes; the check-list, a hazard with its photo and the submission are queued.
      await phone.setOffline(true);
      await page.locator('[data-testid="queue-status"][data-online="false"]').waitFor();
      const failed = ids[0]!;
      for (const id of ids)
        await page.getByTestId(`checklist-outcome-${id}-${id === failed ? 'fail' : 'pass'}`).click();
      await page.locator(`[data-testid="report-hazard"][data-item-id="${failed}"]`).click();
      await page.getByTestId('hazard-description').waitFor();
      await page
        .getByTestId('hazard-photo-input')
        .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: SMALL_PNG });
      await page.locator('[data-testid="hazard-photo-input-picker"][data-count="1"]').waitFor();
      await page.getByTestId('hazard-report-submit').click();
      await page.locator('[data-testid="hazard-report-result"][data-state="queued"]').waitFor();
      await page.getByTestId('checklist-submit').click();
      await page.getByTestId('checklist-queued').waitFor();
      const queued = Number(await page.getByTestId('queue-status').getAttribute('data-queued'));
      if (queued < 3)
        throw new Error(`${queued} actions queued offline, expected report, photo and check-list`);

      // Back online: everything is sent once, in order; nothing is left or in conflict.
      await phone.setOffline(false);
      await page
        .locator('[data-testid="queue-status"][data-queued="0"][data-conflicts="0"]')
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('checklist-done').waitFor();
      const list = await getJson<{ items: { id: string; foundAt: string }[] }>(
        page,
        server,
        `/api/grid/hazards?enterpriseId=${p.enterpriseId}`,
      );
      // The demo city's hazard history of this enterprise is days old; this test's is minutes.
      const found = list.items.filter((h) => Date.now() - Date.parse(h.foundAt) < 3_600_000);
      if (found.length !== 1)
        throw new Error(`${found.length} hazards found in this test on the server, expected exactly one`);
      const hazardId = found[0]!.id;
      const synced = await getJson<{
        patrolTaskId: string | null;
        photos: { stage: string }[];
        checklistItemId: string | null;
      }>(page, server, `/api/grid/hazards/${hazardId}`);
      if (synced.patrolTaskId !== p.taskId || synced.checklistItemId !== failed)
        throw new Error('the hazard is not linked to its task and check-list item');
      if (synced.photos.map((ph) => ph.stage).join() !== 'report')
        throw new Error('the report photo did not arrive once');

      const act = async (pg: Page, event: string, o: { photo?: boolean; deadline?: string } = {}) => {
        await pg.getByTestId(`hazard-action-${event}`).click();
        await pg.getByTestId('hazard-action-dialog').waitFor();
        await motionSettled(pg);
        if (o.deadline) {
          await pg.getByTestId('hazard-action-deadline').click();
          await pg.getByTestId('hazard-action-deadline').fill(o.deadline);
          await pg.keyboard.press('Enter');
        }
        if (o.photo) {
          await pg
            .getByTestId('hazard-action-photo-input')
            .setInputFiles({ name: 'proof.png', mimeType: 'image/png', buffer: SMALL_PNG });
          await pg.locator('[data-testid="hazard-action-photo-input-picker"][data-count="1"]').waitFor();
        }
        await pg.getByTestId('hazard-action-ok').click();
        await pg.getByTestId('hazard-action-result').waitFor();
      };
      const statusIs = (pg: Page, status: string) =>
        pg.locator(`[data-testid="hazard-status"][data-status="${status}"]`).waitFor();

      // The inspector gives the enterprise a week.
      const deadline = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
      await page.goto(`${server.baseUrl}/grid/hazards/${hazardId}`);
      await act(page, 'assign', { deadline });
      await statusIs(page, 'assigned');

      // The enterprise account acknowledges and submits its rectification with a photo.
      const firm = await kit.page();
      await fillSignIn(firm, server, p.enterpriseUsername);
      await firm.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await firm.goto(`${server.baseUrl}/grid/hazards/${hazardId}`);
      await act(firm, 'acknowledge');
      await statusIs(firm, 'rectifying');
      await act(firm, 'submit', { photo: true });
      await statusIs(firm, 'submitted');

      // The inspector re-inspects with a photo and closes it (销号).
      await page.reload();
      await act(page, 'verify', { photo: true });
      await statusIs(page, 'closed');

      // The audit trail holds each step of the hazard.
      const auditor = await kit.page();
      await fillSignIn(auditor, server, 'auditor');
      await auditor.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await auditor.goto(`${server.baseUrl}/audit`);
      await auditor.getByTestId('audit-filter-resource-type').fill('hazard');
      await auditor.getByTestId('audit-filter-resource-id').fill(hazardId);
      await auditor.getByTestId('audit-filter-apply').click();
      const actions = await filteredAuditActions(auditor, 'hazard.', 'hazard.verified');
      for (const want of [
        'hazard.reported',
        'hazard.photo_added',
        'hazard.assigned',
        'hazard.acknowledged',
        'hazard.submitted',
        'hazard.verified',
      ]) {
        if (!actions.includes(want)) throw new Error(`the audit trail lacks ${want}: ${actions.join(', ')}`);
      }

      // The street officer's assessment counts the task done and the hazard found, and drills down to it.
      const officer = await kit.page();
      await fillSignIn(officer, server, p.streetUsername);
      await officer.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
      await officer.goto(`${server.baseUrl}/grid/assessment?month=${month}&groupBy=inspector`);
      const row = officer.locator(`[data-testid="assessment-row"][data-key="${p.inspectorId}"]`);
      await row.waitFor();
      const done = Number(await row.getByTestId('figure-completion').getAttribute('data-numerator'));
      if (done < 1) throw new Error('the assessment does not count the completed task');
      await row.getByTestId('figure-hazards').click();
      const records = officer.getByTestId('assessment-records');
      await records.waitFor();
      if (Number(await records.getAttribute('data-count')) < 1)
        throw new Error('the drill-down does not list the hazard found');
    });

    await test('a public tip on a phone becomes an event in its grid; the street officer files, dispatches, has it handled, closes and evaluates it; the reporter follows it by code', async (kit) => {
      const spot = fixtures.patrol;
      const phone = await kit.context({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        geolocation: { latitude: spot.lat, longitude: spot.lon, accuracy: 20 },
        permissions: ['geolocation'],
      });
      const reporter = await kit.page(phone);
      await reporter.goto(`${server.baseUrl}/sign-in`);
      await reporter.getByTestId('tip-public-link').click();
      await reporter.getByTestId('tip-new-page').waitFor();
      await reporter.getByTestId('tip-description').fill('厂房消防通道被货物堵塞，安全出口上锁。');
      await reporter.getByTestId('tip-locate').click();
      await reporter.getByTestId('tip-locate-result').waitFor();
      await reporter.getByTestId('tip-submit').click();
      const codeView = reporter.getByTestId('tip-tracking-code');
      await codeView.waitFor();
      const code = (await codeView.getAttribute('data-code'))!;
      await reporter.getByTestId('tip-status-link').click();
      await reporter.locator('[data-testid="tip-status"][data-status="received"]').waitFor();

      // The street officer of that street sees it as a received event and takes it to the end.
      const officer = await kit.page();
      await fillSignIn(officer, server, spot.streetUsername);
      await officer.getByTestId('user-menu').waitFor();
      await officer.goto(`${server.baseUrl}/grid/dispatch?source=tip`);
      const row = officer.locator('[data-testid="dispatch-row"][data-status="received"]').first();
      await row.waitFor();
      await row.click();
      const statusIs = (status: string) =>
        officer.locator(`[data-testid="dispatch-status"][data-status="${status}"]`).waitFor();
      const step = async (event: string, fill?: () => Promise<void>) => {
        await officer.getByTestId(`dispatch-action-${event}`).click();
        await officer.getByTestId('dispatch-step-dialog').waitFor();
        await motionSettled(officer);
        if (fill) await fill();
        await officer.getByTestId('dispatch-step-submit').click();
      };
      await statusIs('received');
      await step('file');
      await statusIs('filed');
      await step('dispatch', async () => {
        await officer.getByTestId('dispatch-step-department').click();
        await officer.locator('.ant-select-item-option').first().click();
      });
      await statusIs('dispatched');
      await step('accept');
      await statusIs('handling');
      await step('feedback', () =>
        officer.getByTestId('dispatch-step-note').fill('已清理通道，解除出口上锁。'),
      );
      await statusIs('handled');
      await step('verify');
      await statusIs('closed');
      await step('evaluate', () => officer.getByTestId('dispatch-step-rating').locator('li').nth(4).click());
      await statusIs('evaluated');
      const steps = await officer.locator('[data-testid="dispatch-step"]').count();
      if (steps < 7) throw new Error(`the timeline shows ${steps} steps, expected every step`);

      // The reporter's status page follows, without the officers' notes.
      await reporter.goto(`${server.baseUrl}/tips/${code}`);
      await reporter.locator('[data-testid="tip-status"][data-status="evaluated"]').waitFor();
      if ((await reporter.getByTestId('tip-status-page').innerText()).includes('已清理通道'))
        throw new Error('the public status page shows an internal note');
    });

    await test('an enterprise reads its risk profile and objects to an input with evidence; the street officer accepts and the grade is recomputed', async (kit) => {
      const p = fixtures.patrol;
      const page = await kit.page();
      await fillSignIn(page, server, p.enterpriseUsername);
      await page.getByTestId('enterprise-detail').waitFor();
      await page.goto(`${server.baseUrl}/profile/enterprises/${p.enterpriseId}`);
      const grade = page.getByTestId('profile-grade');
      await grade.waitFor();
      await page.getByTestId('profile-sum-ok').waitFor();
      await page.getByTestId('profile-radar-card').waitFor();
      const before = Number(await grade.getAttribute('data-score'));
      const sumRow = page.getByTestId('profile-sum-row');
      if (Number(await sumRow.getAttribute('data-sum')) !== before)
        throw new Error('the explanation does not add up to the score shown');

      // An input the enterprise can object to that costs it points now, and the value that removes them.
      const profile = await getJson<{
        grade: { dimensions: { id: string; indicators: { id: string; value: number; points: number }[] }[] };
      }>(page, server, `/api/profile/enterprises/${p.enterpriseId}`);
      const indicators = new Map(profile.grade.dimensions.flatMap((d) => d.indicators).map((i) => [i.id, i]));
      const claims: [string, number][] = [
        ['emergencyPlanFiled', 1],
        ['certificatesComplete', 1],
        ['standardisationLevel', 3],
        ['trainingCoveragePercent', 100],
        ['drills12m', 2],
        ['safetyOfficers', 1],
      ];
      const pick = claims.find(([id]) => (indicators.get(id)?.points ?? 0) > 0);
      if (!pick)
        throw new Error('the enterprise loses no points on a protective input: nothing to object to');
      const [indicatorId, claimed] = pick;
      const saved = indicators.get(indicatorId)!.points;
      const dimension = profile.grade.dimensions.find((d) => d.indicators.some((i) => i.id === indicatorId))!;

      // The dimension's row opens onto its indicators, each with its objection action.
      await page
        .locator(`[data-testid="profile-dimension"][data-id="${dimension.id}"] .ant-table-row-expand-icon`)
        .click();
      await page.locator(`[data-testid="indicator-object"][data-indicator="${indicatorId}"]`).click();
      await page.getByTestId('objection-form').waitFor();
      await page.getByTestId('objection-claimed').fill(String(claimed));
      await page.getByTestId('objection-reason').fill('已整改到位，附照片为证');
      await page
        .getByTestId('objection-evidence-input')
        .setInputFiles({ name: 'proof.png', mimeType: 'image/png', buffer: SMALL_PNG });
      await page.getByTestId('objection-submit').click();
      await page.getByTestId('objection-filed').waitFor();
      await page.locator('[data-testid="objection-evidence-item"][data-status="done"]').waitFor();
      await page.getByTestId('objection-done').click();
      await page.getByTestId('indicator-objection-pending').waitFor();

      const officer = await kit.page();
      await fillSignIn(officer, server, p.streetUsername);
      await officer.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
      await officer.goto(`${server.baseUrl}/profile/objections`);
      const row = officer.locator('[data-testid="objection-row"]').filter({ hasText: '已整改到位' });
      await row.waitFor();
      await row.getByTestId('objection-evidence-link').first().waitFor();
      await row.getByTestId('objection-accept').click();
      await officer.getByTestId('objection-decision-note').fill('证据属实，予以采纳');
      await officer.getByTestId('objection-decision-confirm').click();
      await officer.getByTestId('objection-regraded').waitFor();

      // The grade was recomputed in the deciding transaction: the enterprise sees it at once.
      await page.reload();
      await page.getByTestId('profile-grade').waitFor();
      const after = Number(await page.getByTestId('profile-grade').getAttribute('data-score'));
      if (after !== before - saved)
        throw new Error(
          `score ${before} → ${after}, expected ${before - saved} (the ${saved} points of ${indicatorId})`,
        );
    });

    await test(`an enterprise account (${fixtures.enterprise.username}) sees only its own enterprise`, async (kit) => {
      const want = fixtures.enterprise;
      const page = await kit.page();
      await fillSignIn(page, server, want.username);
      // Its home is its own enterprise's page.
      const detail = page.getByTestId('enterprise-detail');
      await detail.waitFor();
      const id = await detail.getAttribute('data-id');
      if (id !== want.enterpriseId || !page.url().endsWith(`/enterprises/${want.enterpriseId}`)) {
        throw new Error(
          `landed on ${page.url()} (enterprise ${id}), expected enterprise ${want.enterpriseId}`,
        );
      }

      await page.goto(`${server.baseUrl}/enterprises`);
      const rows = page.getByTestId('enterprise-row');
      await rows.first().waitFor();
      await page.getByTestId('enterprise-count').waitFor();
      const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
      if (ids.length !== 1 || ids[0] !== want.enterpriseId) {
        throw new Error(`list shows ${JSON.stringify(ids)}, expected only ${want.enterpriseId}`);
      }
      if (await page.getByTestId('enterprise-load-more').isVisible())
        throw new Error('list offers "load more"');

      await page.goto(`${server.baseUrl}/enterprises/${want.otherEnterpriseId}`);
      await page.getByTestId('not-found').waitFor();
    });

    await test('an ended session sends the next request to sign-in with "session expired"', async (kit) => {
      const { username } = fixtures.street;
      const page = await kit.page();
      await fillSignIn(page, server, username);
      await page.getByTestId('user-menu').waitFor();
      await page.goto(`${server.baseUrl}/enterprises`);
      const link = page.getByTestId('enterprise-link').first();
      await link.waitFor();
      const href = (await link.getAttribute('href'))!;

      // 1. The same user signs out everywhere from another browser.
      const other = await kit.page();
      await fillSignIn(other, server, username);
      await other.getByTestId('user-menu').waitFor();
      await other.goto(`${server.baseUrl}/account`);
      await other.getByTestId('account-page').waitFor();
      await other.getByTestId('sign-out-everywhere').click();
      await other.locator('.ant-popconfirm .ant-btn-primary').click();
      await other.getByTestId('sign-in-page').waitFor();

      // The first browser still shows the list; its next request finds the session gone.
      await link.click();
      await page.getByTestId('session-expired').waitFor();
      const url = new URL(page.url());
      if (url.pathname !== '/sign-in' || url.searchParams.get('next') !== href) {
        throw new Error(`expected /sign-in?expired=1&next=${href}, at ${url.pathname}${url.search}`);
      }
      await expectNoSession(page, server);

      // Signing in again returns to where the user was going.
      await fillSignIn(page, server, username, { navigate: false });
      await page.getByTestId('enterprise-detail').waitFor();
      if (new URL(page.url()).pathname !== href)
        throw new Error(`after sign-in at ${page.url()}, expected ${href}`);

      // 2. The cookie disappears (deleted, or expired in the browser): the same on the next call.
      await page.context().clearCookies();
      await page.getByTestId('enterprise-grid-link').click();
      await page.getByTestId('session-expired').waitFor();
    });

    await test('an H2S leak during confined-space work: pushed to the alarm board, permit suspended, alarm acknowledged and resolved', async (kit) => {
      const want = fixtures.confined;
      // The enterprise applies, tests the air, approves and takes an unlock token through the API
      // its pages use (the pages themselves are exercised by the model tests).
      const ent = await kit.page();
      await fillSignIn(ent, server, want.enterpriseUsername);
      await ent.getByTestId('user-menu').waitFor();
      const { csrfToken } = await getJson<{ csrfToken: string }>(ent, server, '/api/auth/session');
      const call = async <T>(path: string, data?: unknown): Promise<T> => {
        const url = `${server.baseUrl}${path}`;
        const response =
          data === undefined
            ? await ent.request.get(url)
            : await ent.request.post(url, { data, headers: { 'x-csrf-token': csrfToken } });
        if (!response.ok()) throw new Error(`${path}: ${response.status()} ${await response.text()}`);
        return (await response.json()) as T;
      };
      const { permit, token } = await approvedPermitWithToken(call, {
        spaceId: want.spaceId,
        lockId: want.lockId,
        workContent: 'e2e：清理污水池',
        entrants: ['张三'],
        attendant: '李四',
        responsiblePerson: '王五',
        windowHours: 1,
        instrumentId: 'E2E-PGD4',
      });

      // The lock opens with the token, the detector then reads H2S over the limit: real MQTT.
      const device = (id: string) =>
        mqtt.connectAsync(server.mqttUrl, {
          clientId: `${id}-e2e`,
          username: id,
          password: demoDeviceSecret(id),
          reconnectPeriod: 0,
        });
      const [lock, detector] = await Promise.all([device(want.lockId), device(want.detectorId)]);
      const seq = Math.floor(Date.now() / 1000);
      const permitStatus = async () =>
        (await getJson<PermitDetail>(ent, server, `/api/confined/permits/${permit.id}`)).status;
      const until = async (what: string, check: () => Promise<boolean>) => {
        for (const started = Date.now(); !(await check());) {
          if (Date.now() - started > 15_000) throw new Error(`${what} did not happen within 15 s`);
          await ent.waitForTimeout(200);
        }
      };
      try {
        await lock.publishAsync(
          deviceTopic(want.lockId, 'event'),
          JSON.stringify({ seq, ts: new Date().toISOString(), type: 'unlocked', tokenId: token.tokenId }),
          { qos: 1 },
        );
        await until('activation by the lock log', async () => (await permitStatus()) === 'active');

        const officer = await kit.page();
        await fillSignIn(officer, server, want.streetUsername);
        await officer.getByTestId('user-menu').waitFor();
        await officer.goto(`${server.baseUrl}/confined/alarms`);
        await officer.getByTestId('alarm-board').waitFor();
        await officer.waitForTimeout(500); // the event stream connects

        const reading = (n: number, h2s: number) =>
          JSON.stringify({
            seq: seq + n,
            ts: new Date().toISOString(),
            o2: 20.8,
            h2s,
            co: 0,
            lel: 0,
            battery: 88,
          });
        await detector.publishAsync(deviceTopic(want.detectorId, 'telemetry'), reading(0, 0.4), { qos: 1 });
        const published = Date.now();
        await detector.publishAsync(deviceTopic(want.detectorId, 'telemetry'), reading(1, 15), { qos: 1 });
        const row = officer.locator('[data-testid="alarm-row"][data-alarm-kind="gas_over_limit"]');
        await row.first().waitFor({ timeout: 10_000 });
        figures.alarmToBoardMs = Date.now() - published;
        await until('suspension of the permit', async () => (await permitStatus()) === 'suspended');
        await ent.goto(`${server.baseUrl}/confined/permits/${permit.id}`);
        const status = ent.getByTestId('permit-status');
        await status.waitFor();
        if ((await status.getAttribute('data-status')) !== 'suspended')
          throw new Error(
            `permit page shows ${await status.getAttribute('data-status')}, expected suspended`,
          );

        const alarmId = await row.first().getAttribute('data-alarm-id');
        const card = officer.locator(`[data-testid="alarm-row"][data-alarm-id="${alarmId}"]`);
        await card.getByTestId('alarm-ack').click();
        await card.getByTestId('alarm-ack').waitFor({ state: 'detached' });
        await card.getByTestId('alarm-resolve').click();
        await officer.getByTestId('alarm-resolve-modal').waitFor();
        await motionSettled(officer);
        await officer.getByTestId('alarm-resolution-select').click();
        await officer.locator('.ant-select-item-option').first().click();
        await officer.getByTestId('alarm-resolution-note').fill('e2e：已撤离作业人员并持续通风');
        await officer.getByTestId('alarm-resolve-confirm').click();
        await card.waitFor({ state: 'detached' });
        const stored = await getJson<{
          items: { id: string; status: string; acknowledgedAt: string | null }[];
        }>(officer, server, `/api/confined/alarms?permitId=${permit.id}`);
        const alarm = stored.items.find((a) => a.id === alarmId);
        if (alarm?.status !== 'resolved' || !alarm.acknowledgedAt)
          throw new Error(`alarm ${alarmId} is ${alarm?.status}, acknowledged ${alarm?.acknowledgedAt}`);
      } finally {
        await Promise.all([lock.endAsync(), detector.endAsync()]);
      }
    });
  } finally {
    await browser?.close();
    await server.stop();
  }

  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  figures.suiteMs = Date.now() - suiteStarted;
  const report = {
    city,
    passed,
    failed,
    figures,
    accounts: {
      admin: server.fixtures.admin.username,
      inspector: server.fixtures.inspector.username,
      enterprise: server.fixtures.enterprise.username,
      street: server.fixtures.street.username,
    },
    tests: outcomes,
  };
  if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, JSON.stringify(report, null, 2));
  console.log(JSON.stringify({ figures }));
  if (skipped > 0) console.log(`  (${skipped} test(s) not matching E2E_GREP skipped)`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

interface SessionView {
  stage: string;
  user: { role: string; mfaEnabled: boolean; scopes: { id: string; name: string; level: string }[] };
}

/** GET an API path with the page's cookies (the session of its browser context). */
/** POST as the page's session (with its CSRF token), the way the web app's own calls are sent. */
async function postJson<T>(page: Page, server: RunningServer, path: string, data: unknown): Promise<T> {
  const { csrfToken } = await getJson<{ csrfToken: string }>(page, server, '/api/auth/session');
  const response = await page.request.post(`${server.baseUrl}${path}`, {
    data,
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!response.ok()) throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

async function getJson<T>(page: Page, server: RunningServer, path: string): Promise<T> {
  const response = await page.request.get(`${server.baseUrl}${path}`);
  if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

async function expectSession(page: Page, server: RunningServer, stage: string): Promise<SessionView> {
  const session = await getJson<SessionView>(page, server, '/api/auth/session');
  if (session.stage !== stage) throw new Error(`session stage is ${session.stage}, expected ${stage}`);
  return session;
}

async function expectNoSession(page: Page, server: RunningServer): Promise<void> {
  const response = await page.request.get(`${server.baseUrl}/api/auth/session`);
  if (response.status() !== 401) throw new Error(`GET /api/auth/session: ${response.status()}, expected 401`);
}

/** Runs `act` and waits for its POST to `path`, which must be refused (a 4xx problem). */
async function expectRefused(page: Page, path: string, act: () => Promise<void>): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    act(),
  ]);
  if (response.status() < 400 || response.status() >= 500) {
    throw new Error(`POST ${path} answered ${response.status()}, expected a refusal`);
  }
}

/** Username and password on the sign-in page (opened first unless `navigate` is false). */
async function fillSignIn(
  page: Page,
  server: RunningServer,
  username: string,
  { navigate = true }: { navigate?: boolean } = {},
): Promise<void> {
  if (navigate) await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
}

// ---- on-site inspections and enforcement cases (shared by their tests) ----

/** Starts an inspection of the enterprise with the first partner offered; answers its id. */
async function startInspection(page: Page, server: RunningServer, enterpriseId: string): Promise<string> {
  await page.goto(`${server.baseUrl}/enforcement/inspections/new?enterpriseId=${enterpriseId}`);
  await page.getByTestId('inspection-new-form').waitFor();
  await page.getByTestId('inspection-partner-select').click();
  await page.getByTestId('inspection-partner-option').first().click();
  await page.getByTestId('inspection-new-submit').click();
  await page.locator('[data-testid="inspection-view"][data-status="in_progress"]').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Records finding `seq` with the matcher's suggestion `ref` checked (default: its first); answers its card. */
async function recordFinding(page: Page, seq: number, description: string, ref?: string) {
  await page.getByTestId('inspection-finding-description').fill(description);
  await page.getByTestId('inspection-finding-match').click();
  const suggestion = ref
    ? page.locator(`[data-testid="inspection-suggestion"][data-ref="${ref}"]`)
    : page.getByTestId('inspection-suggestion').first();
  await suggestion.check();
  await page.getByTestId('inspection-finding-submit').click();
  const finding = page.locator(`[data-testid="inspection-finding"][data-seq="${seq}"]`);
  await finding.waitFor();
  return finding;
}

/** A photo (8×8 PNG, compressed to JPEG in the browser) for finding `seq`; answers its evidence item. */
async function addFindingPhoto(page: Page, seq: number) {
  const finding = page.locator(`[data-testid="inspection-finding"][data-seq="${seq}"]`);
  await page
    .getByTestId(`inspection-photo-input-${seq}`)
    .setInputFiles({ name: `site-${seq}.png`, mimeType: 'image/png', buffer: SMALL_PNG });
  const evidence = finding.getByTestId('inspection-evidence').first();
  await evidence.waitFor();
  return evidence;
}

/**
 * Waits until no antd motion runs (a modal's zoom, its mask's fade: the elements carry the motion's
 * class only while it runs). On a busy two-core machine a click sent while a freshly opened modal
 * is still zooming in can land on the moving mask and be lost, leaving the test waiting for a
 * request that was never sent.
 */
async function motionSettled(page: Page): Promise<void> {
  // A string: the e2e code compiles without the DOM library, the page evaluates it.
  await page.waitForFunction("!document.querySelector('.ant-zoom, .ant-fade')");
}

async function completeInspection(page: Page): Promise<void> {
  await page.getByTestId('inspection-complete').click();
  await motionSettled(page);
  await page.getByTestId('inspection-complete-confirm').click();
  await page.locator('[data-testid="inspection-view"][data-status="completed"]').waitFor();
}

/** Downloads an archived PDF with the page's session and answers its text (whitespace removed). */
async function pdfText(page: Page, server: RunningServer, href: string, file: string): Promise<string> {
  const pdf = await page.request.get(new URL(href, server.baseUrl).toString());
  if (!pdf.ok() || pdf.headers()['content-type'] !== 'application/pdf')
    throw new Error(`PDF ${href}: ${pdf.status()}`);
  writeFileSync(file, await pdf.body());
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** Shenzhen's calendar date `days` from today. */
function chinaDay(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function enforcementCaseToClosure(
  kit: TestKit,
  server: RunningServer,
  resultsDir: string,
): Promise<void> {
  const f = server.fixtures.enforcementCase;
  const officer = new AdminTotp(server, f.officerUsername);
  const reviewer = new AdminTotp(server, f.reviewerUsername);
  const head = new AdminTotp(server, f.headUsername);

  // The officer works on a phone.
  const page = await kit.page();
  await page.setViewportSize({ width: 390, height: 844 });
  await officer.ensureSignedIn(page);

  // 双随机: the district bureau's annual plan draws one enterprise at random (seeded, reproducible)
  // and an officer pair; the approver (负责人) publishes it; the officer opens the drawn task on the
  // phone and inspects from it. Plan and publication go through the API the plan pages use.
  const headPage = await kit.page();
  await head.ensureSignedIn(headPage);
  const year = Number(chinaDay(0).slice(0, 4));
  const plan = await postJson<EnforcementPlan>(page, server, '/api/enforcement/plans', {
    kind: 'annual',
    jurisdictionId: f.districtId,
    year,
    title: `${year}年度安全生产执法检查计划（e2e）`,
    randomCount: 1,
  });
  const drawn = await postJson<EnforcementPlan>(page, server, `/api/enforcement/plans/${plan.id}/draws`, {});
  const draw = drawn.draws.find((d) => d.current);
  if (!draw) throw new Error('the draw is not recorded as current');
  await postJson(headPage, server, `/api/enforcement/plans/${plan.id}/publish`, { drawId: draw.id });
  const tasks = await getJson<EnforcementTaskList>(page, server, '/api/enforcement/tasks');
  const task = tasks.items.find((k) => k.plan.id === plan.id && k.source === 'random');
  if (!task) throw new Error(`no drawn task of plan ${plan.id} for ${f.officerUsername}`);
  await page.goto(`${server.baseUrl}/enforcement/tasks`);
  await page.locator(`[data-testid="task-row"][data-id="${task.id}"]`).getByTestId('task-start').click();
  await page.locator('[data-testid="inspection-view"][data-status="in_progress"]').waitFor();

  const findings = ['配电房门口没有设置安全警示标志', '冲压车间员工未佩戴防护手套，企业未发放劳保用品'];
  for (const [i, text] of findings.entries()) {
    await recordFinding(page, i + 1, text);
    await addFindingPhoto(page, i + 1);
  }
  await page.locator('[data-testid="evidence-chain"][data-intact="true"]').waitFor();
  await completeInspection(page);

  // 责令限期整改 + a case, from the inspection page.
  await page.getByTestId('inspection-open-case').click();
  await page.getByTestId('case-open-form').waitFor();
  await motionSettled(page);
  const deadline = await page.getByTestId('case-open-deadline').inputValue();
  await page.getByTestId('case-open-cert-0').fill('44030012345');
  await page.getByTestId('case-open-cert-1').fill('44030067890');
  await page
    .getByTestId('case-open-legal-basis')
    .fill('《中华人民共和国安全生产法》第六十五条第一款第（二）项');
  await page.getByTestId('case-open-appeal-government').fill('深圳市');
  await page.getByTestId('case-open-appeal-agency').fill('广东省应急管理厅');
  await page.getByTestId('case-open-appeal-court').fill('深圳市福田区');
  await page.getByTestId('case-open-submit').click();
  await page.getByTestId('case-open-confirm').click();
  const view = (status: string) =>
    page.locator(`[data-testid="case-view"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
  await view('rectification_ordered');
  const caseId = (await page.getByTestId('case-view').getAttribute('data-id'))!;

  const documentOf = async (docType: string) => {
    const doc = page.locator(`[data-testid="case-document"][data-doc-type="${docType}"]`);
    await doc.waitFor();
    const number = (await doc.getAttribute('data-number'))!;
    const href = (await doc.getByTestId('case-document-pdf').getAttribute('href'))!;
    return { number, text: await pdfText(page, server, href, join(resultsDir, `case-${docType}.pdf`)) };
  };
  const order = await documentOf('rectification_order');
  for (const want of ['责令限期整改指令书', order.number, ...findings, deadline.slice(0, 4)]) {
    if (!order.text.includes(want.replace(/\s+/g, ''))) throw new Error(`the order PDF lacks "${want}"`);
  }

  // The deadline passes. There is no clock backdoor in production, so the test moves the
  // deadline into the past in the database (the server restarts around it in embedded mode).
  await server.sql('UPDATE enforcement_case SET rectification_deadline = $1::date WHERE id = $2', [
    chinaDay(-1),
    caseId,
  ]);
  await page.reload();
  await view('rectification_ordered');

  const act = async (action: string, fill: () => Promise<void>, { confirm = false } = {}) => {
    await page.getByTestId(`case-action-${action}`).click();
    await page.locator(`[data-testid="case-action-modal"][data-action="${action}"]`).waitFor();
    await motionSettled(page);
    await fill();
    await page.getByTestId('case-action-submit').click();
    if (confirm) await page.getByTestId('case-action-confirm').click();
    await page.getByTestId('case-action-modal').waitFor({ state: 'detached', timeout: 30_000 });
  };
  const field = (name: string) => page.getByTestId(`case-field-${name}`);

  // Re-inspection: the sign is up, the gloves are still missing.
  await act(
    'record_reinspection',
    async () => {
      await page.getByTestId('case-reinspection-1-yes').click();
      await page.getByTestId('case-reinspection-2-no').click();
      await field('opinion').fill('第1项已整改；第2项未整改，员工仍未佩戴防护手套。');
    },
    { confirm: true },
  );
  await page.locator('[data-testid="case-violation"][data-seq="2"][data-rectified="false"]').waitFor();

  await act('submit_filing', async () => {
    await field('reason').fill('复查发现第2项逾期未整改，建议立案调查。');
    await field('legalRepresentative').fill('张三');
    await field('phone').fill('0755-12345678');
    await field('postcode').fill('518000');
  });
  await view('filing_review');

  // Two approvers in the inbox: the district's 审核, then the city's 负责人.
  // Each approver keeps one signed-in page: a second sign-in could wait for the next TOTP step.
  const approverPages = new Map<AdminTotp, Page>([[head, headPage]]);
  const approve = async (who: AdminTotp, kind: string, level: number) => {
    let ap = approverPages.get(who);
    if (!ap) {
      ap = await kit.page();
      await who.ensureSignedIn(ap);
      approverPages.set(who, ap);
    }
    await ap.goto(`${server.baseUrl}/enforcement/approvals`);
    const row = ap.locator(
      `[data-testid="approval-row"][data-case-id="${caseId}"][data-kind="${kind}"][data-level="${level}"]`,
    );
    await row.getByTestId('approval-decide').click();
    await motionSettled(ap);
    await ap.getByTestId('case-review-approve').click();
    await ap.getByTestId('case-field-opinion').fill(level === 1 ? '经审核，同意。' : '同意。');
    await ap.getByTestId('case-action-submit').click();
    await ap.getByTestId('case-action-confirm').click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
  };
  await approve(reviewer, 'filing', 1);
  await approve(head, 'filing', 2);
  await page.reload();
  await view('filed');
  await page.locator('[data-testid="case-document"][data-doc-type="case_filing_approval"]').waitFor();

  // 行政处罚告知书: the platform's suggestion for the item not rectified, within the legal range.
  let fine = 0;
  await act(
    'issue_penalty_notice',
    async () => {
      const row = page.locator('[data-testid="case-fine-row"][data-seq="2"]');
      const min = Number(await row.getAttribute('data-min'));
      const max = Number(await row.getAttribute('data-max'));
      if ((await row.getAttribute('data-max')) === '') throw new Error('violation 2 has no legal fine range');
      // A fine above the legal maximum is stopped in the form: no request, nothing issued.
      await page.getByTestId('case-fine-input-2').fill(String(max + 1));
      await page.getByTestId('case-action-submit').click();
      await page.getByTestId('case-fine-error-2').waitFor();
      if (await page.getByTestId('case-action-confirm').isVisible())
        throw new Error('a fine outside the legal range reached the confirmation');
      await page.getByTestId('case-fine-suggest').click();
      await page.getByTestId('case-fine-suggestion-2').waitFor();
      fine = Number(await page.getByTestId('case-fine-input-2').inputValue());
      if (!(fine >= min && fine <= max)) throw new Error(`suggested fine ${fine} outside ${min}–${max}`);
      await field('facts').fill('该单位冲压车间员工未佩戴防护手套，经责令限期整改，逾期未改正。');
      await field('evidence').fill('现场检查记录、现场照片、整改复查意见书。');
      await field('address').fill('深圳市福田区应急管理局');
      await field('contact').fill('王执法');
      await field('phone').fill('0755-87654321');
      await field('postcode').fill('518000');
    },
    { confirm: true },
  );
  await view('penalty_notified');

  // The party waives statement and hearing.
  await act('record_statement', async () => {
    await page.getByTestId('case-statement-waiver').click();
    await field('summary').fill('当事人书面表示放弃陈述、申辩和听证。');
  });

  await act('submit_decision', async () => {
    await page.getByTestId('case-fine-input-2').waitFor();
    await field('legalRepresentative').fill('张三');
    await field('position').fill('总经理');
    await field('phone').fill('0755-12345678');
    await field('postcode').fill('518000');
    await field('factsAndEvidence').fill(
      '该单位冲压车间员工未佩戴防护手套，逾期未改正；有现场检查记录、照片及复查意见书为证。',
    );
    await field('payTo').fill('深圳市财政局指定代收银行');
    await field('account').fill('44201500100052500001');
    await field('appeal-government').fill('深圳市');
    await field('appeal-agency').fill('广东省应急管理厅');
    await field('appeal-court').fill('深圳市福田区');
  });
  await view('decision_review');
  await approve(reviewer, 'decision', 1);
  await approve(head, 'decision', 2);
  await page.reload();
  await view('decided');
  const decision = await documentOf('penalty_decision');
  for (const want of ['行政处罚决定书', decision.number, `罚款人民币${fine}元`]) {
    if (!decision.text.includes(want)) throw new Error(`the decision PDF lacks "${want}"`);
  }

  await act(
    'record_service',
    async () => {
      await field('recipient').fill('张三');
      await field('place').fill('当事人经营场所');
    },
    { confirm: true },
  );
  await view('served');
  await act('record_payment', async () => {
    if (Number(await field('amountYuan').inputValue()) !== fine)
      throw new Error('the amount due is not the fine');
  });
  await view('paid');
  await act('close', async () => {});
  await page.screenshot({ path: join(resultsDir, 'case-closed.png'), fullPage: true });
  await page
    .locator(
      '[data-testid="case-view"][data-status="closed"] [data-testid="case-status"][data-outcome="paid"]',
    )
    .waitFor();

  // The timeline and the audit trail show every step.
  const steps = [
    'open',
    'record_reinspection',
    'submit_filing',
    'review_filing',
    'issue_penalty_notice',
    'record_statement',
    'submit_decision',
    'review_decision',
    'record_service',
    'record_payment',
    'close',
  ];
  const events = await page
    .getByTestId('case-event')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
  for (const want of steps)
    if (!events.includes(want)) throw new Error(`the timeline lacks ${want}: ${events.join(', ')}`);
  if (
    events.filter((e) => e === 'review_filing').length !== 2 ||
    events.filter((e) => e === 'review_decision').length !== 2
  )
    throw new Error(`two reviews each expected: ${events.join(', ')}`);

  const auditor = await kit.page();
  await fillSignIn(auditor, server, 'auditor');
  await auditor.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await auditor.goto(`${server.baseUrl}/audit`);
  await auditor.getByTestId('audit-filter-resource-type').fill('enforcement_case');
  await auditor.getByTestId('audit-filter-resource-id').fill(caseId);
  await auditor.getByTestId('audit-filter-apply').click();
  const audited = await filteredAuditActions(auditor, 'enforcement_case.', 'enforcement_case.close');
  for (const want of steps.map((s) => `enforcement_case.${s === 'open' ? 'opened' : s}`))
    if (!audited.includes(want)) throw new Error(`the audit trail lacks ${want}: ${audited.join(', ')}`);
}

/**
 * The actions the audit page lists once its filter has applied: the unfiltered page shown before
 * it may already hold the awaited row (the trail is newest first), so wait until every row is of
 * the filtered resource's kind and the awaited one is there.
 */
async function filteredAuditActions(auditor: Page, prefix: string, awaited: string): Promise<string[]> {
  await auditor.waitForFunction(
    ([p, a]) => {
      // The e2e code compiles without the DOM library: the page's document is reached through globalThis.
      const doc = (
        globalThis as unknown as {
          document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
        }
      ).document;
      const rows = Array.from(doc.querySelectorAll('[data-testid="audit-row"]')).map(
        (r) => r.getAttribute('data-action') ?? '',
      );
      return rows.includes(a) && rows.every((r) => r.startsWith(p));
    },
    [prefix, awaited] as const,
  );
  return auditor
    .getByTestId('audit-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action') ?? ''));
}

/** Six digits that are not the code of any step the server could accept around now. */
function wrongCode(secret: string): string {
  const now = totpCounter(Date.now());
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(secret, now + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

/**
 * The admin's authenticator: holds the secret once enrolled and the last time step used, so no
 * code is offered twice (the server refuses a replay) — waiting for the next 30-s step if needed.
 */
class AdminTotp {
  secret: string | null = null;
  lastCounter = -1;
  lastCode: string | null = null;

  constructor(
    private readonly server: RunningServer,
    readonly username: string,
  ) {}

  private async freshCode(): Promise<{ code: string; counter: number }> {
    if (!this.secret) throw new Error('admin has no TOTP secret yet');
    let counter = totpCounter(Date.now());
    if (counter <= this.lastCounter) {
      // Same step as the last accepted code: wait for the next one (at most one step).
      await sleep((this.lastCounter + 1) * TOTP_STEP_SECONDS * 1000 - Date.now() + 250);
      counter = totpCounter(Date.now());
    }
    return { code: totpAt(this.secret, counter), counter };
  }

  /** On the enrolment page: confirm `secret` with its current code; the recovery codes follow. */
  async confirmEnrolment(page: Page, secret: string): Promise<void> {
    this.secret = secret;
    const { code, counter } = await this.freshCode();
    await page.getByTestId('mfa-confirm-code').fill(code);
    await page.getByTestId('mfa-confirm-submit').click();
    await page.getByTestId('recovery-codes').waitFor();
    this.lastCounter = counter;
    this.lastCode = code;
  }

  /** On the challenge page: a fresh code. */
  async answerChallenge(page: Page): Promise<void> {
    const { code, counter } = await this.freshCode();
    await page.getByTestId('mfa-code').fill(code);
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('user-menu').waitFor();
    this.lastCounter = counter;
    this.lastCode = code;
  }

  /** An active admin session in the page's context: kept if there is one, else signed in (enrolling if due). */
  async ensureSignedIn(page: Page): Promise<void> {
    const response = await page.request.get(`${this.server.baseUrl}/api/auth/session`);
    if (response.ok() && ((await response.json()) as SessionView).stage === 'active') return;
    await fillSignIn(page, this.server, this.username);
    const enrol = page.getByTestId('mfa-enrol-page');
    const challenge = page.getByTestId('mfa-challenge-page');
    await enrol.or(challenge).waitFor();
    if (await challenge.isVisible()) {
      await this.answerChallenge(page);
      return;
    }
    await page.getByTestId('mfa-secret').waitFor();
    await this.confirmEnrolment(page, (await page.getByTestId('mfa-secret').innerText()).trim());
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('user-menu').waitFor();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
