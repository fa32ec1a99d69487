import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { freePort } from '../../src/common/free-port';
import { ROOT, startServer, stopServer, type Server } from '../support/server-process';

/**
 * The web app in a real browser: Debian's Chromium, driven by playwright-core, against the
 * compiled server (with the built app) on its own embedded PostgreSQL, seeded with the demo network.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go, to be looked at after a run. */
const SCREENSHOTS = path.join(ROOT, 'dist', 'screenshots');
/** The WCAG 2.1 A and AA rules of axe. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 A/AA violations on the page as it is now, in a form a failing test can show. */
async function accessibilityViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations.map((violation) => ({
    page: page.url(),
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** Presses Tab until `target` has the focus (at most 40 times), as a keyboard user would. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.ownerDocument.activeElement === element)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

describe('the web app in Chromium', () => {
  let dataDir: string;
  let userDataDir: string;
  let server: Server;
  let browser: BrowserContext;
  let page: Page;
  /** Every URL the page asked for, and every page axe checked. */
  const requests: string[] = [];
  const checkedPages: string[] = [];

  async function expectAccessible() {
    checkedPages.push(new URL(page.url()).pathname + new URL(page.url()).search);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-web-'));
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-chromium-'));
    server = await startServer({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
    });
    // A fresh profile, and nothing that would call out: the network here is closed.
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      locale: 'da-DK',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (request) => requests.push(request.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('shows the search page in Danish to an anonymous visitor, asking them to sign in', async () => {
    await page.goto(server.url);
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    await page.getByRole('heading', { level: 1, name: 'Søg efter erfaring' }).waitFor();
    await page.getByText('Log ind for at se, hvem der har erfaring').waitFor();
    await expectAccessible();
  });

  it('signs in with the demo sign-in as a member', async () => {
    await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).click();
    await page.waitForURL(`${server.url}/log-ind`);
    await page.getByRole('button', { name: /Medlem/ }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: /Medlem/ }).click();
    await page.waitForURL(`${server.url}/`);
    await page.getByText('Logget ind som').waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Medlem');
    await expectAccessible();
  });

  it('finds ranked people with the reasons for leverandørstyring, and a shareable URL', async () => {
    const box = page.getByRole('searchbox', { name: 'Hvad skal personen have erfaring med?' });
    await box.fill('leverandørstyring');
    await box.press('Enter');
    await page.waitForURL(/\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('leverandørstyring');
    const hits = page.locator('ol.app-hits > li');
    await hits.first().waitFor();
    expect(await hits.count()).toBeGreaterThan(1);
    const first = hits.first();
    expect(await first.getByText(/Relevans 100 %/).count()).toBe(1);
    // Each hit says why, in Danish.
    expect((await first.locator('.app-reasons li').allTextContents()).length).toBeGreaterThan(0);
    await expectAccessible();

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-390.png'), fullPage: true });
    await expectAccessible();
    await page.setViewportSize({ width: 1280, height: 900 });

    // The same address, opened afresh, gives the same results.
    await page.reload();
    await hits.first().waitFor();
    expect(await page.getByRole('searchbox').inputValue()).toBe('leverandørstyring');
  });

  it('shows more results with "Vis flere"', async () => {
    const hits = page.locator('ol.app-hits > li');
    const more = page.getByRole('button', { name: 'Vis flere' });
    if ((await more.count()) === 0) return; // fewer hits than one page: nothing to page
    const before = await hits.count();
    await more.click();
    await hits.nth(before).waitFor();
  });

  it('opens a person from the results', async () => {
    const link = page.locator('ol.app-hits > li').first().getByRole('link').first();
    const name = (await link.textContent())?.trim() ?? '';
    await link.click();
    await page.waitForURL(/\/personer\//);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Arbejder hos' }).waitFor();
    await expectAccessible();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'person-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'person-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('signs out, back to the anonymous search page', async () => {
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    await expectAccessible();
  });

  it('gives a browser the bundled GraphiQL at /graphql, sending the tab’s token', async () => {
    await page.goto(`${server.url}/log-ind`);
    await page.getByRole('button', { name: /Administrator/ }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    // Its editors (Monaco) and their workers came from this server too: see the next test.
    await page.getByText('Authorization').first().waitFor({ state: 'attached' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-1280.png') });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Log ud' }).click();
  });

  it('can be used with the keyboard alone: sign in, search, open a person', async () => {
    const keyboard = await browser.newPage(); // a new tab: signed out
    try {
      await keyboard.goto(`${server.url}/log-ind`);
      await keyboard.getByRole('button', { name: /Medlem/ }).waitFor();
      // The first Tab reaches the skip link, which leads past the header.
      await keyboard.keyboard.press('Tab');
      expect(await keyboard.locator(':focus').textContent()).toBe('Gå til sideindhold');
      await tabTo(keyboard, keyboard.getByRole('button', { name: /Medlem/ }));
      await keyboard.keyboard.press('Enter');
      await keyboard.waitForURL(`${server.url}/`);
      await tabTo(keyboard, keyboard.getByRole('searchbox'));
      await keyboard.keyboard.type('leverandørstyring');
      await keyboard.keyboard.press('Enter');
      await keyboard.locator('ol.app-hits > li').first().waitFor();
      await tabTo(keyboard, keyboard.locator('ol.app-hits > li').first().getByRole('link').first());
      await keyboard.keyboard.press('Enter');
      await keyboard.waitForURL(/\/personer\//);
      await keyboard.getByRole('heading', { level: 1 }).waitFor();
    } finally {
      await keyboard.close();
    }
  });

  it('asked for nothing outside the server’s origin', () => {
    const origin = new URL(server.url).origin;
    const elsewhere = requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    expect(checkedPages.length).toBeGreaterThanOrEqual(6);
  });

  it('serves index.html uncached for every client route, and hashed assets for a year', async () => {
    for (const route of ['/', '/log-ind', '/personer/UGVyc29uOng', '/?q=x']) {
      const response = await fetch(`${server.url}${route}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<html lang="da">');
    }
    const asset = requests.find((url) => /\/assets\/app-[\w-]+\.js$/.test(url));
    expect(asset).toBeDefined();
    const response = await fetch(asset!);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${server.url}/assets/none.js`);
    expect(missing.status).toBe(404);

    // GraphiQL for browsers; the API's CSRF prevention for everything else.
    const ide = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('Erfaringsnet GraphQL API');
    const simpleGet = await fetch(`${server.url}/graphql?query=%7B__typename%7D`);
    expect(simpleGet.status).toBe(400);
  });
});
