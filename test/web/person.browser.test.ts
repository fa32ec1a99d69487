import type { Page } from 'playwright-core';
import { toGlobalId } from '../../src/common/global-id';
import { tabTo, useWebApp } from './harness';

/**
 * The person page (`/personer/:id`) in Chromium: who someone is, where they worked, their seats,
 * claims, procurements, requirements, notes and handovers; their own claims changed by themselves,
 * errors shown next to the field; a peer's endorsement with the keyboard alone; and for someone who
 * left, who took over.
 */
describe('the person page in Chromium', () => {
  const app = useWebApp();
  const { expectAccessible } = app;
  let admin = '';
  const ids = { lars: '', charlotte: '', leaver: '', group: '', newTopic: '', newTopicLabel: '' };

  async function api<T = Record<string, any>>(token: string, query: string, variables = {}) {
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  /** Signs `page` in through the demo sign-in as a person of the network, found by name. */
  async function actAs(page: Page, name: string) {
    await page.goto(`${app.server.url}/log-ind`);
    await page.getByLabel('Find en person (navn eller stilling)').fill(name);
    await page.getByRole('button', { name: new RegExp(`^Log ind som ${name}`) }).click();
    await page.getByRole('banner').getByText(`Medlem, ${name}`).waitFor();
  }

  const personUrl = (id: string) => `${app.server.url}/personer/${encodeURIComponent(id)}`;

  beforeAll(async () => {
    const demo = await fetch(`${app.server.url}/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'admin' }),
    });
    admin = ((await demo.json()) as { token: string }).token;
    const found = await api(
      admin,
      `{ lars: people(search: "Lars Lyngsøe") { edges { node { id claims { topic { id } } } } }
         charlotte: people(search: "Charlotte Heikendorf") { edges { node { id } } }
         groups(first: 1) { edges { node { id } } }
         kommuner(search: "Rebild") { edges { node { id } } }
         topics(first: 100) { edges { node { id labelDa } } } }`,
    );
    const lars = found.lars.edges[0].node;
    ids.lars = lars.id;
    ids.charlotte = found.charlotte.edges[0].node.id;
    ids.group = found.groups.edges[0].node.id;
    const claimed = new Set(lars.claims.map((claim: any) => claim.topic.id));
    const free = found.topics.edges.find((edge: any) => !claimed.has(edge.node.id)).node;
    ids.newTopic = free.id;
    ids.newTopicLabel = free.labelDa;

    // Someone who worked in Rebild, sat in a group, and left, handing the seat to Lars.
    const created = await api(
      admin,
      `mutation { createPerson(input: { name: "Birthe Afgang", title: "Projektleder" }) { id } }`,
    );
    ids.leaver = created.createPerson.id;
    await api(
      admin,
      `mutation ($input: AddAffiliationInput!) { addAffiliation(input: $input) { id } }`,
      {
        input: {
          personId: ids.leaver,
          kommuneId: found.kommuner.edges[0].node.id,
          title: 'Projektleder',
          validFrom: '2019-03-01',
        },
      },
    );
    const seat = await api(
      admin,
      `mutation ($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
      {
        input: {
          personId: ids.leaver,
          groupId: ids.group,
          role: 'MEDLEM',
          validFrom: '2024-01-01',
        },
      },
    );
    await api(
      admin,
      `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { id } } }`,
      {
        input: {
          personId: ids.leaver,
          date: new Date().toISOString().slice(0, 10),
          handovers: [
            {
              membershipId: seat.addMembership.id,
              successorId: ids.lars,
              note: 'Mødereferaterne ligger i gruppens mappe.',
            },
          ],
        },
      },
    );
  }, 60_000);

  it('asks an anonymous visitor to sign in', async () => {
    await app.page.goto(personUrl(ids.lars));
    await app.page.getByRole('heading', { level: 1, name: 'Person i netværket' }).waitFor();
    await app.page.getByText('Log ind for at se personer i netværket.').waitFor();
    expect(await app.page.getByText('Lars Lyngsøe Højberg').count()).toBe(0);
    await expectAccessible();
  });

  it('shows a member who someone is: workplaces, seats, claims and every section', async () => {
    await app.signIn(/Medlem/);
    // An address with an unknown person says so.
    await app.page.goto(personUrl(toGlobalId('Person', '00000000-0000-4000-8000-000000000000')));
    await app.page.getByRole('heading', { level: 1, name: 'Personen findes ikke.' }).waitFor();
    await app.page.goto(personUrl('ikke-et-id'));
    await app.page.getByRole('heading', { level: 1, name: 'Personen findes ikke.' }).waitFor();
    await app.page.goto(personUrl(ids.lars));
    const page = app.page;
    await page.getByRole('heading', { level: 1, name: 'Lars Lyngsøe Højberg' }).waitFor();
    for (const heading of [
      'Arbejder hos',
      'Sæder i grupper',
      'Erfaring',
      'Anskaffelser',
      'Krav, personen har skrevet',
      'Viden, personen har skrevet',
      'Overdragelser',
    ]) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    // The timeline links the kommune; seats link their groups' pages.
    expect(await page.locator('ol.app-timeline > li').count()).toBeGreaterThan(0);
    const seatLinks = page.locator('#seats-heading ~ ul a[href^="/grupper/"]');
    expect(await seatLinks.count()).toBeGreaterThan(0);
    // Claims carry their level; a member without a person in the network cannot change them.
    const claims = page.locator('ul.app-claims > li');
    expect(await claims.count()).toBeGreaterThan(0);
    expect(await claims.first().locator('.badge').textContent()).toMatch(
      /Grundlæggende|Arbejder med det|Ekspert/,
    );
    expect(await page.getByRole('button', { name: /^Ret erfaringen/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Tilføj erfaring' }).count()).toBe(0);
    // He took over Birthe's seat.
    await page.getByRole('heading', { level: 3, name: 'Har overtaget' }).waitFor();
    await page.getByRole('link', { name: 'Birthe Afgang' }).waitFor();
    await expectAccessible();
    await app.screenshots('person');
  });

  it('shows who took over from someone who left, and clear empty states', async () => {
    const page = app.page;
    await page.getByRole('link', { name: 'Birthe Afgang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Birthe Afgang' }).waitFor();
    await page.getByText(/^Er stoppet/).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Hvem har overtaget?' }).waitFor();
    const successor = page.locator('.app-successors').getByRole('link', {
      name: 'Lars Lyngsøe Højberg',
    });
    await successor.waitFor();
    // The employment ended with the departure; the seat is now a past one.
    await page.locator('ol.app-timeline > li', { hasText: 'Rebild' }).waitFor();
    expect(await page.locator('.app-timeline-current').count()).toBe(0);
    await page.getByText('Sidder ikke i nogen grupper nu.').waitFor();
    await page.getByRole('heading', { level: 3, name: 'Tidligere' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Har overdraget' }).waitFor();
    await page.getByText('Mødereferaterne ligger i gruppens mappe.').waitFor();
    for (const empty of [
      'Har ikke beskrevet sin erfaring endnu.',
      'Har ikke været med i nogen anskaffelser, som netværket kender.',
      'Har ikke skrevet nogen krav, som netværket kender.',
      'Har ikke skrevet nogen videnssider endnu.',
    ]) {
      await page.getByText(empty).waitFor();
    }
    await expectAccessible();
    await app.screenshots('person-left');
    await successor.click();
    await page.getByRole('heading', { level: 1, name: 'Lars Lyngsøe Højberg' }).waitFor();
    await app.signOut();
  });

  it('lets a person add, change and withdraw their own claims, errors next to the field', async () => {
    const page = app.page;
    await actAs(page, 'Lars Lyngsøe Højberg');
    await page.goto(personUrl(ids.lars));
    const form = page.locator('form', {
      has: page.getByRole('heading', { name: 'Tilføj erfaring' }),
    });
    await form.waitFor();
    await page.getByText('Logget ind som').waitFor();

    // Nothing chosen: both choices are named where they are made.
    await form.getByRole('button', { name: 'Tilføj erfaring' }).click();
    await form.locator('#claim-add-topic-error', { hasText: 'Vælg det emne' }).waitFor();
    expect(await form.getByLabel('Emne').getAttribute('aria-invalid')).toBe('true');
    await form.getByText('Vælg, hvor meget erfaring du har.').waitFor();

    // A topic he already claims: the API's conflict is shown at the topic, and nothing typed is lost.
    const existing = (await page.locator('ul.app-claims > li h3').first().textContent()) ?? '';
    const existingTopic = existing.replace(/(Grundlæggende|Arbejder med det|Ekspert)$/, '').trim();
    await form.getByLabel('Emne').selectOption({ label: existingTopic });
    await form.getByLabel('Ekspert').check();
    await form.getByLabel(/Fortæl kort/).fill('Har skrevet kravene til tre udbud.');
    await form.getByRole('button', { name: 'Tilføj erfaring' }).click();
    await form.locator('#claim-add-topic-error', { hasText: 'already has a claim' }).waitFor();
    expect(await form.getByLabel(/Fortæl kort/).inputValue()).toBe(
      'Har skrevet kravene til tre udbud.',
    );
    await expectAccessible();

    // A start in the future: the API names validFrom, and the message stands next to it.
    await form.getByLabel('Emne').selectOption(ids.newTopic);
    await form.getByLabel(/Hvornår begyndte/).fill('2099-01-01');
    await form.getByRole('button', { name: 'Tilføj erfaring' }).click();
    await form.locator('#claim-add-validFrom-error', { hasText: 'future' }).waitFor();
    expect(await form.locator('#claim-add-topic-error').count()).toBe(0);
    await app.screenshots('person-claim-error');

    await form.getByLabel(/Hvornår begyndte/).fill('2022-05-01');
    await form.getByRole('button', { name: 'Tilføj erfaring' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Erfaringen med ${ids.newTopicLabel} er tilføjet.` })
      .waitFor();
    const added = page.locator('ul.app-claims > li', {
      has: page.getByRole('heading', { name: new RegExp(`^${ids.newTopicLabel}`) }),
    });
    await added.getByText('Har skrevet kravene til tre udbud.').waitFor();
    expect(await added.locator('.badge').textContent()).toBe('Ekspert');

    // Change it: the level goes down, the story stays.
    await added.getByRole('button', { name: `Ret erfaringen med ${ids.newTopicLabel}` }).click();
    await added.getByLabel('Arbejder med det').check();
    await added.getByRole('button', { name: 'Gem' }).click();
    await page.getByRole('status').filter({ hasText: 'Erfaringen er gemt.' }).waitFor();
    expect(await added.locator('.badge').textContent()).toBe('Arbejder med det');

    // Withdraw it: it no longer counts, and no longer shows.
    await added
      .getByRole('button', { name: `Træk erfaringen med ${ids.newTopicLabel} tilbage` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Erfaringen med ${ids.newTopicLabel} er trukket tilbage.` })
      .waitFor();
    expect(await added.count()).toBe(0);
    const after = await api(
      admin,
      `query ($id: ID!) { person(id: $id) { claims { topic { id } } } }`,
      {
        id: ids.lars,
      },
    );
    expect(after.person.claims.map((claim: any) => claim.topic.id)).not.toContain(ids.newTopic);
    await expectAccessible();
  });

  it('lets a peer endorse a claim with the keyboard alone', async () => {
    const page = await app.browser.newPage();
    try {
      await actAs(page, 'Charlotte Heikendorf');
      await page.goto(personUrl(ids.lars));
      await page.getByRole('heading', { level: 1, name: 'Lars Lyngsøe Højberg' }).waitFor();
      const claim = page.locator('ul.app-claims > li').first();
      const summary = claim.locator('summary', { hasText: 'Anbefal erfaringen med' });
      await tabTo(page, summary);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Hun har set ham lede koordinationsgruppen.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await claim.getByText('Du har anbefalet denne erfaring.').waitFor();
      await claim.getByRole('link', { name: 'Charlotte Heikendorf' }).waitFor();
      await claim.getByText('Hun har set ham lede koordinationsgruppen.').waitFor();
      // No one endorses their own claims: on her own page there is nothing to endorse.
      await page.goto(personUrl(ids.charlotte));
      await page.getByRole('heading', { level: 1, name: 'Charlotte Heikendorf' }).waitFor();
      expect(await page.locator('summary', { hasText: 'Anbefal' }).count()).toBe(0);
      await expectAccessible(page);
    } finally {
      await page.close();
    }
  });
});
