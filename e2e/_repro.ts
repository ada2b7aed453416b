import { chromium } from 'playwright-core';
import { startServer } from './harness';
import { DEMO_PASSWORD } from '../tools/demo-city/accounts';

const server = await startServer({ schema: 'repro', city: 'small' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${e.message} @ ${page.url()}\n${e.stack}`));
  await page.goto(`${server.baseUrl}/sign-in`);
  await page.getByTestId('sign-in-username').fill(server.fixtures.street.username);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-menu').waitFor();
  const ids = server.fixtures.inspector.enterpriseIds;
  await page.goto(`${server.baseUrl}/enterprises`);
  await page.getByTestId('enterprise-link').first().waitFor();
  const hrefs = await page.getByTestId('enterprise-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (let i = 0; i < 15; i++) {
    await page.goto(`${server.baseUrl}/enterprises`);
    await page.getByTestId('enterprise-link').nth(i).click();
    await page.getByTestId('enterprise-grid-link').click();
    await page.getByTestId('grid-detail').waitFor();
    await page.waitForTimeout(300);
    console.log(i, hrefs[i], errors.length);
  }
  console.log(errors.slice(0, 2).join('\n---\n'));
  void ids;
} finally {
  await browser.close();
  await server.stop();
}
