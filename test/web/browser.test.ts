import path from 'node:path';
import { SCREENSHOTS, tabTo, useWebApp, WIDTHS } from './harness';

/**
 * The web app in a real browser (see ./harness.ts): the search page, the demo sign-in, a person,
 * GraphiQL, the keyboard path and how the server serves the app. Other flows have suites of their
 * own beside this one.
 */
describe('the web app in Chromium', () => {
  const app = useWebApp();
  const { expectAccessible } = app;

  it('shows the search page in Danish to an anonymous visitor, asking them to sign in', async () => {
    await app.page.goto(app.server.url);
    expect(await app.page.getAttribute('html', 'lang')).toBe('da');
    await app.page.getByRole('heading', { level: 1, name: 'Søg efter erfaring' }).waitFor();
    await app.page.getByText('Log ind for at se, hvem der har erfaring').waitFor();
    await expectAccessible();
  });

  it('signs in with the demo sign-in as a member', async () => {
    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).click();
    await app.page.waitForURL(`${app.server.url}/log-ind`);
    await app.page.getByRole('button', { name: /Medlem/ }).waitFor();
    await expectAccessible();
    await app.page.getByRole('button', { name: /Medlem/ }).click();
    await app.page.waitForURL(`${app.server.url}/`);
    await app.page.getByText('Logget ind som').waitFor();
    expect(await app.page.getByRole('banner').textContent()).toContain('Medlem');
    await expectAccessible();
  });

  it('finds ranked people with the reasons for leverandørstyring, and a shareable URL', async () => {
    const box = app.page.getByRole('searchbox', { name: 'Hvad skal personen have erfaring med?' });
    await box.fill('leverandørstyring');
    await box.press('Enter');
    await app.page.waitForURL(/\?q=/);
    expect(new URL(app.page.url()).searchParams.get('q')).toBe('leverandørstyring');
    const hits = app.page.locator('ol.app-hits > li');
    await hits.first().waitFor();
    expect(await hits.count()).toBeGreaterThan(1);
    const first = hits.first();
    expect(await first.getByText(/Relevans 100 %/).count()).toBe(1);
    // Each hit says why, in Danish.
    expect((await first.locator('.app-reasons li').allTextContents()).length).toBeGreaterThan(0);
    await expectAccessible();

    await app.page.setViewportSize(WIDTHS.phone);
    await expectAccessible();
    await app.page.setViewportSize(WIDTHS.laptop);
    await app.screenshots('search');

    // The same address, opened afresh, gives the same results.
    await app.page.reload();
    await hits.first().waitFor();
    expect(await app.page.getByRole('searchbox').inputValue()).toBe('leverandørstyring');
  });

  it('shows more results with "Vis flere"', async () => {
    const hits = app.page.locator('ol.app-hits > li');
    const more = app.page.getByRole('button', { name: 'Vis flere' });
    if ((await more.count()) === 0) return; // fewer hits than one page: nothing to page
    const before = await hits.count();
    await more.click();
    await hits.nth(before).waitFor();
  });

  it('opens a person from the results', async () => {
    const link = app.page.locator('ol.app-hits > li').first().getByRole('link').first();
    const name = (await link.textContent())?.trim() ?? '';
    await link.click();
    await app.page.waitForURL(/\/personer\//);
    await app.page.getByRole('heading', { level: 1, name }).waitFor();
    await app.page.getByRole('heading', { level: 2, name: 'Arbejder hos' }).waitFor();
    await expectAccessible();
    await app.screenshots('person');
  });

  it('signs out, back to the anonymous search page', async () => {
    await app.page.getByRole('button', { name: 'Log ud' }).click();
    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    await expectAccessible();
  });

  it('gives a browser the bundled GraphiQL at /graphql, sending the tab’s token', async () => {
    await app.page.goto(`${app.server.url}/log-ind`);
    await app.page.getByRole('button', { name: /Administrator/ }).click();
    await app.page.waitForURL(`${app.server.url}/`);
    await app.page.goto(`${app.server.url}/graphql`);
    await app.page.locator('.graphiql-container').waitFor();
    // Its editors (Monaco) and their workers came from this server too: see the next test.
    await app.page.getByText('Authorization').first().waitFor({ state: 'attached' });
    await app.page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql-1280.png') });
    await app.page.goto(app.server.url);
    await app.page.getByRole('button', { name: 'Log ud' }).click();
  });

  it('can be used with the keyboard alone: sign in, search, open a person', async () => {
    const keyboard = await app.browser.newPage(); // a new tab: signed out
    try {
      await keyboard.goto(`${app.server.url}/log-ind`);
      await keyboard.getByRole('button', { name: /Medlem/ }).waitFor();
      // The first Tab reaches the skip link, which leads past the header.
      await keyboard.keyboard.press('Tab');
      expect(await keyboard.locator(':focus').textContent()).toBe('Gå til sideindhold');
      await tabTo(keyboard, keyboard.getByRole('button', { name: /Medlem/ }));
      await keyboard.keyboard.press('Enter');
      await keyboard.waitForURL(`${app.server.url}/`);
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
    const origin = new URL(app.server.url).origin;
    const elsewhere = app.requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).origin !== origin,
    );
    expect(elsewhere).toEqual([]);
    expect(app.checkedPages.length).toBeGreaterThanOrEqual(6);
  });

  it('serves index.html uncached for every client route, and hashed assets for a year', async () => {
    for (const route of ['/', '/log-ind', '/personer/UGVyc29uOng', '/?q=x']) {
      const response = await fetch(`${app.server.url}${route}`, {
        headers: { accept: 'text/html' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<html lang="da">');
    }
    const asset = app.requests.find((url) => /\/assets\/app-[\w-]+\.js$/.test(url));
    expect(asset).toBeDefined();
    const response = await fetch(asset!);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${app.server.url}/assets/none.js`);
    expect(missing.status).toBe(404);

    // GraphiQL for browsers; the API's CSRF prevention for everything else.
    const ide = await fetch(`${app.server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('Erfaringsnet GraphQL API');
    const simpleGet = await fetch(`${app.server.url}/graphql?query=%7B__typename%7D`);
    expect(simpleGet.status).toBe(400);
  });
});
