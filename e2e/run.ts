import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from './harness';

/**
 * End-to-end suite in Debian's Chromium (never a downloaded browser). Prints one line per test,
 * a closing "N passed, N failed", and writes the results and figures to E2E_RESULTS.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const city = (process.env.E2E_CITY as 'full' | 'small' | undefined) ?? 'full';

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

async function main() {
  const schema = process.env.E2E_SCHEMA ?? `e2e_${randomBytes(4).toString('hex')}`;
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
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const test = async (name: string, body: (page: Page) => Promise<void>) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const started = Date.now();
      try {
        await body(page);
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        outcomes.push({ name, ok: true, ms: Date.now() - started });
        console.log(`  ✓ ${name}`);
      } catch (error) {
        outcomes.push({ name, ok: false, ms: Date.now() - started, error: (error as Error).message });
        console.log(`  ✗ ${name}\n      ${(error as Error).message}`);
        await page.screenshot({ path: `e2e-failure-${outcomes.length}.png` }).catch(() => {});
      } finally {
        await page.close();
      }
    };

    await test('the city map renders districts, boundaries and enterprises', async (page) => {
      await page.goto(`${server.baseUrl}/map`);
      await page.waitForFunction(
        () => (globalThis as { __safegridMapReady?: unknown }).__safegridMapReady,
        null,
        {
          timeout: 30_000,
        },
      );
      const ready = await page.evaluate(
        () => (globalThis as unknown as { __safegridMapReady: { firstRenderMs: number } }).__safegridMapReady,
      );
      figures.mapFirstRenderMs = Math.round(ready.firstRenderMs);
      const tree = (await (await fetch(`${server.baseUrl}/api/jurisdictions/tree`)).json()) as {
        nodes: { level: string }[];
      };
      const districts = tree.nodes.filter((n) => n.level === 'district').length;
      const paths = await page.locator('[data-testid="map"] path').count();
      if (districts === 0 || paths < districts) {
        throw new Error(`expected an outline for each of the ${districts} districts, saw ${paths} paths`);
      }
    });

    // A fragment of a real name: the brand part between the city prefix and the legal suffix.
    const sample = (await (await fetch(`${server.baseUrl}/api/enterprises?limit=1`)).json()) as {
      items: { id: string; name: string }[];
    };
    const name = sample.items[0]?.name;
    if (!name) throw new Error('the demo city has no enterprise to search for');
    const fragment = name.replace(/^深圳市/, '').slice(0, 3);

    await test(`search an enterprise by a Chinese name fragment (${fragment}) and open its detail page`, async (page) => {
      await page.goto(`${server.baseUrl}/enterprises`);
      const box = page.getByTestId('enterprise-search');
      await box.fill(fragment);
      await box.press('Enter');
      const row = page.getByTestId('enterprise-row').filter({ hasText: fragment }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.locator('a').first().click();
      await page.getByTestId('enterprise-detail').waitFor({ timeout: 15_000 });
      const shown = await page.getByTestId('enterprise-name').innerText();
      if (!shown.includes(fragment))
        throw new Error(`detail page shows "${shown}", not a name with "${fragment}"`);
    });

    await test('the English switch changes the interface language', async (page) => {
      await page.goto(`${server.baseUrl}/enterprises`);
      await page.getByTestId('language-switch').click();
      await page.getByText('Enterprises', { exact: false }).first().waitFor({ timeout: 10_000 });
    });
  } finally {
    await browser?.close();
    await server.stop();
  }

  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  const report = { city, passed, failed, figures, tests: outcomes };
  if (process.env.E2E_RESULTS) writeFileSync(process.env.E2E_RESULTS, JSON.stringify(report, null, 2));
  console.log(JSON.stringify({ figures }));
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
