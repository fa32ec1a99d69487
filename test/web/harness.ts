import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { freePort } from '../../src/common/free-port';
import { ROOT, startServer, stopServer, type Server } from '../support/server-process';

/**
 * What every browser suite shares: Debian's Chromium, driven by playwright-core, against the
 * compiled server (with the built app) on its own embedded PostgreSQL, seeded with the demo network.
 * A suite calls `useWebApp()` at the top of its `describe` and reads the app from it in its tests.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots go, to be looked at after a run (and copied to docs/ for the README). */
export const SCREENSHOTS = path.join(ROOT, 'dist', 'screenshots');
/** The WCAG 2.1 A and AA rules of axe. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** The widths every page is looked at: a phone and a laptop. */
export const WIDTHS = { phone: { width: 390, height: 844 }, laptop: { width: 1280, height: 900 } };

/** axe's WCAG 2.1 A/AA violations on the page as it is now, in a form a failing test can show. */
export async function accessibilityViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return violations.map((violation) => ({
    page: page.url(),
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

/** Presses Tab until `target` has the focus (at most 40 times), as a keyboard user would. */
export async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.ownerDocument.activeElement === element)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

export interface WebApp {
  server: Server;
  browser: BrowserContext;
  /** The suite's main tab. */
  page: Page;
  /** Every URL any tab asked for. */
  requests: string[];
  /** Every page axe checked, as path and query. */
  checkedPages: string[];
  /** Fails the test on any WCAG 2.1 A/AA violation on `page` (the main tab by default). */
  expectAccessible(page?: Page): Promise<void>;
  /** Full-page screenshots at phone and laptop width, `<name>-390.png` and `<name>-1280.png`. */
  screenshots(name: string, page?: Page): Promise<void>;
  /** Signs `page` in through the demo sign-in with the button whose name matches `button`. */
  signIn(button: RegExp, page?: Page): Promise<void>;
  /** Signs `page` out (no-op when signed out). */
  signOut(page?: Page): Promise<void>;
}

/** What a suite may add to {@link useWebApp}'s defaults. */
export interface WebAppOptions {
  /**
   * Origins besides the server's that the browser may fetch from, read when the suite ends. Only
   * for a suite that signs in at an identity provider: the provider is another origin by nature
   * (its login page, discovery document, token endpoint). Everything else must still come from
   * the server.
   */
  allowedOrigins?: () => string[];
}

/**
 * Starts a server and Chromium before the suite's tests and stops both after them. `env` may be
 * a function, called when the server starts, for settings only known then (a port chosen in an
 * earlier `beforeAll`).
 */
export function useWebApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  options: WebAppOptions = {},
): WebApp {
  let dataDir = '';
  let userDataDir = '';
  const app = {
    requests: [] as string[],
    checkedPages: [] as string[],
    async expectAccessible(page: Page = app.page) {
      const url = new URL(page.url());
      app.checkedPages.push(url.pathname + url.search);
      expect(await accessibilityViolations(page)).toEqual([]);
    },
    async screenshots(name: string, page: Page = app.page) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const before = page.viewportSize() ?? WIDTHS.laptop;
      await page.setViewportSize(WIDTHS.laptop);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
      await page.setViewportSize(WIDTHS.phone);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-390.png`), fullPage: true });
      await page.setViewportSize(before);
    },
    async signIn(button: RegExp, page: Page = app.page) {
      await page.goto(`${app.server.url}/log-ind`);
      await page.getByRole('button', { name: button }).first().click();
      await page.getByRole('button', { name: 'Log ud' }).waitFor();
      // The sign-in page moves on after the token is stored: wait for it, so that the caller's
      // next step does not race the navigation and get undone by it.
      await page.waitForURL((url) => !url.pathname.startsWith('/log-ind'));
    },
    async signOut(page: Page = app.page) {
      const out = page.getByRole('button', { name: 'Log ud' });
      if ((await out.count()) === 0) return;
      await out.click();
      await page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    },
  } as WebApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-web-'));
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-chromium-'));
    app.server = await startServer({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      DATABASE_URL: '',
      ...(typeof env === 'function' ? env() : env),
    });
    // A fresh profile, and nothing that would call out: the network here is closed.
    app.browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: WIDTHS.laptop,
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
    app.browser.on('request', (request) => app.requests.push(request.url()));
    app.page = app.browser.pages()[0] ?? (await app.browser.newPage());
  }, 120_000);

  afterAll(async () => {
    // Whatever a suite did, nothing it showed came from outside the server's origin.
    const origins = new Set([
      ...(app.server ? [new URL(app.server.url).origin] : []),
      ...(options.allowedOrigins?.() ?? []).map((allowed) => new URL(allowed).origin),
    ]);
    const elsewhere = app.requests.filter(
      (url) =>
        !url.startsWith('data:') && !url.startsWith('blob:') && !origins.has(new URL(url).origin),
    );
    await app.browser?.close();
    if (app.server) await stopServer(app.server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
    expect(elsewhere).toEqual([]);
  });

  return app;
}
