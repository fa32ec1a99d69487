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
    // Everything public is searchable without signing in, in the second tab.
    await app.page.goto(`${app.server.url}/?q=os2skoledata&fane=alt`);
    await app.page.getByText('Uden at logge ind finder du grupper').waitFor();
    await app.page.locator('ol.app-hits > li').first().waitFor();
    await expectAccessible();
    await app.page.goto(app.server.url);
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
    const box = app.page.getByRole('combobox', { name: 'Hvad skal personen have erfaring med?' });
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
    expect(await app.page.getByRole('combobox').inputValue()).toBe('leverandørstyring');
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
    await app.screenshots('person-from-search');
  });

  it('suggests topics and products as you type: arrows, Enter and Escape, as a combobox', async () => {
    const page = app.page;
    await page.goto(app.server.url);
    const box = page.getByRole('combobox', { name: 'Hvad skal personen have erfaring med?' });
    const list = page.getByRole('listbox', { name: 'Forslag' });
    await box.fill('leverandør');
    await list.waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const options = list.getByRole('option');
    expect(await options.count()).toBeGreaterThan(0);
    await page
      .getByRole('status')
      .filter({ hasText: /forslag\. Brug pil op og ned/ })
      .waitFor();
    await expectAccessible();

    // Down highlights the first suggestion (the focus stays in the box), Up wraps to the last.
    await box.press('ArrowDown');
    const first = options.first();
    expect(await first.getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    await box.press('ArrowUp');
    expect(await options.last().getAttribute('aria-selected')).toBe('true');
    await box.press('ArrowDown');
    // Escape closes the list and keeps the words; pressed again, it empties the box.
    await box.press('Escape');
    await list.waitFor({ state: 'hidden' });
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    expect(await box.inputValue()).toBe('leverandør');
    await box.press('Escape');
    expect(await box.inputValue()).toBe('');

    // Choosing a topic searches for the topic, says so, and puts it in the address.
    await box.fill('leverandørstyring');
    const topic = list.getByRole('option', { name: 'Leverandørstyring Emne' });
    await topic.waitFor();
    const label = 'Leverandørstyring';
    await box.press('ArrowDown');
    while ((await topic.getAttribute('aria-selected')) !== 'true') await box.press('ArrowDown');
    await box.press('Enter');
    await page.waitForURL(/emne=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe(label);
    await page.getByText(`Du søger efter personer med erfaring med emnet »${label}«.`).waitFor();
    await page.locator('ol.app-hits > li').first().waitFor();
    expect(await box.inputValue()).toBe(label);
    // Back to the words: the link drops the topic.
    await page.getByRole('link', { name: 'Søg på ordene i stedet' }).click();
    await page.waitForURL((url) => !url.searchParams.has('emne'));
    await page.locator('ol.app-hits > li').first().waitFor();

    // Choosing a product (here with the mouse) searches its name among the people of its groups.
    await box.fill('skoledata');
    await list.getByRole('option', { name: 'OS2skoledata Produkt' }).click();
    await page.waitForURL(/produkt=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('OS2skoledata');
    await page.locator('ol.app-hits > li').first().waitFor();
    const product = page.getByLabel('Produkt', { exact: true });
    await product.locator('option', { hasText: 'OS2skoledata' }).waitFor({ state: 'attached' });
    expect(await product.locator('option:checked').textContent()).toBe('OS2skoledata');
  });

  it('narrows the people by region and openness, in the address, as the API does', async () => {
    const page = app.page;
    await page.goto(`${app.server.url}/?q=koordination`);
    await page.locator('ol.app-hits > li').first().waitFor();
    await page.getByText('Afgræns søgningen').click();
    const region = page.getByLabel('Region');
    await region
      .locator('option', { hasText: 'Region Nordjylland' })
      .waitFor({ state: 'attached' });
    await region.selectOption('Region Nordjylland');
    await page.getByLabel('Kun personer, der gerne svarer på spørgsmål').check();
    await page.getByLabel('Vis også personer, der er stoppet').check();
    await page.getByRole('button', { name: 'Anvend' }).click();
    await page.waitForURL(/region=/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('region')).toBe('Region Nordjylland');
    expect(params.get('aabne')).toBe('1');
    expect(params.get('tidligere')).toBe('1');
    expect(params.get('q')).toBe('koordination');

    // The page shows what the API ranks for the same filter.
    const { token } = (await (
      await fetch(`${app.server.url}/auth/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'member' }),
      })
    ).json()) as { token: string };
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `{ experts(query: "koordination", includeFormer: true, filter: { region: "Region Nordjylland", openToQuestions: true }) { totalCount edges { node { person { name } } } } }`,
      }),
    });
    const { data } = (await response.json()) as {
      data: { experts: { totalCount: number; edges: { node: { person: { name: string } } }[] } };
    };
    const names = data.experts.edges.map((edge) => edge.node.person.name);
    const status = page.locator('#results-heading ~ p[role="status"]');
    if (names.length === 0) {
      await status.filter({ hasText: 'Ingen personer' }).waitFor();
    } else {
      await page.locator('ol.app-hits > li').first().waitFor();
      const shown = await page.locator('ol.app-hits .app-hit-name a').allTextContents();
      expect(shown).toEqual(names.slice(0, shown.length));
    }
    await expectAccessible();
    await app.screenshots('search-filters');

    // Reloaded, the form shows the filters in force; "Fjern afgrænsninger" drops them all.
    await page.reload();
    expect(await page.getByLabel('Region').inputValue()).toBe('Region Nordjylland');
    expect(await page.getByLabel('Kun personer, der gerne svarer på spørgsmål').isChecked()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Fjern afgrænsninger' }).click();
    await page.waitForURL((url) => !url.searchParams.has('region'));
    expect(new URL(page.url()).searchParams.toString()).toBe('q=koordination');
  });

  it('shows everything the network holds in a second tab, typed, with marked snippets', async () => {
    const page = app.page;
    await page.getByRole('link', { name: 'Alt i netværket' }).click();
    await page.waitForURL(/fane=alt/);
    expect(
      await page.getByRole('link', { name: 'Alt i netværket' }).getAttribute('aria-current'),
    ).toBe('true');
    const hits = page.locator('ol.app-hits > li');
    await hits.first().waitFor();
    expect(await hits.first().locator('.badge').textContent()).toMatch(
      /Person|Gruppe|Produkt|Emne|Krav|Anskaffelse|Videnspost/,
    );
    expect(await page.locator('.app-snippet mark').count()).toBeGreaterThan(0);
    // Every hit links to a page of the app.
    for (const href of await hits
      .locator('h3 a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')))) {
      expect(href).toMatch(/^\/(personer|grupper|produkter|kommuner|krav)\/|^\/\?/);
    }
    await expectAccessible();
    await app.screenshots('search-everything');
    // The demo network holds more than a page of things about koordination: "Vis flere" appends.
    const before = await hits.count();
    expect(before).toBe(20);
    await page.getByRole('button', { name: 'Vis flere' }).click();
    await hits.nth(before).waitFor();
    await page.reload();
    await hits.first().waitFor();
    expect(
      await page.getByRole('link', { name: 'Alt i netværket' }).getAttribute('aria-current'),
    ).toBe('true');
  });

  it('shows HTML in a note’s text as text: only <mark> is markup in a snippet', async () => {
    const page = app.page;
    const demo = async (identity: string) =>
      (
        (await (
          await fetch(`${app.server.url}/auth/demo`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ identity }),
          })
        ).json()) as { token: string }
      ).token;
    const admin = await demo('admin');
    const graphql = async (query: string, variables = {}) => {
      const response = await fetch(`${app.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    };
    const people = await graphql(`
      {
        people(first: 1) {
          edges {
            node {
              id
            }
          }
        }
      }
    `);
    const body =
      'Zyxkvist-mødet: <img src="x" onerror="window.__snippetXss = 1"> og <b>fed</b> & "citat".';
    await graphql(
      `
        mutation ($input: CreateKnowledgeItemInput!) {
          createKnowledgeItem(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          title: 'Zyxkvist og sikker visning',
          body,
          kind: 'NOTE',
          authorIds: [people.people.edges[0].node.id],
        },
      },
    );
    // The search index follows the database right after the commit; look until it has the note.
    const hit = page.locator('ol.app-hits > li', { hasText: 'Zyxkvist og sikker visning' });
    for (let attempt = 0; attempt < 20 && (await hit.count()) === 0; attempt++) {
      await page.goto(`${app.server.url}/?q=zyxkvist&fane=alt`);
      await page
        .locator('#everything-heading ~ p[role="status"]')
        .filter({ hasText: /resultat|Intet/ })
        .waitFor();
    }
    const snippet = hit.locator('.app-snippet');
    await snippet.waitFor();
    const text = (await snippet.textContent()) ?? '';
    expect(text).toContain('<img src="x" onerror="window.__snippetXss = 1">');
    expect(text).toContain('<b>fed</b> & "citat');
    expect(await snippet.locator('img, b, script').count()).toBe(0);
    expect(await snippet.locator('mark').count()).toBeGreaterThan(0);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __snippetXss?: number }).__snippetXss),
    ).toBeUndefined();
    await expectAccessible();
  });

  it('ends the session when the API no longer accepts the token, and offers to sign in again', async () => {
    // The stored token is swapped for one the server never signed (as after a revoked key): the
    // next request is refused with 401, and the app says so instead of showing errors.
    await app.page.evaluate(() => {
      const key = 'erfaringsnet.session';
      const session = JSON.parse(sessionStorage.getItem(key) ?? '{}');
      const [header, payload] = String(session.token).split('.');
      sessionStorage.setItem(
        key,
        JSON.stringify({ ...session, token: `${header}.${payload}.forged` }),
      );
    });
    await app.page.goto(`${app.server.url}/?q=leverand%C3%B8rstyring`);
    const notice = app.page.getByRole('alert').filter({ hasText: 'ikke længere godtages' });
    await notice.waitFor();
    await app.page.getByRole('banner').getByRole('link', { name: 'Log ind' }).waitFor();
    await expectAccessible();
    // Signing in again from the notice brings the user back to what they were looking at.
    await notice.getByRole('link').click();
    await app.page
      .getByRole('button', { name: /Medlem/ })
      .first()
      .click();
    await app.page.waitForURL(/\?q=leverand/);
    await app.page.locator('ol.app-hits > li').first().waitFor();
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
      await tabTo(keyboard, keyboard.getByRole('combobox'));
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
