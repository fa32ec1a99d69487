import type { Page } from 'playwright-core';
import { tabTo, useWebApp, WIDTHS } from './harness';

/**
 * Groups, products, kommuner and knowledge at risk in Chromium (see ./harness.ts): each page
 * reached from the header, checked by axe signed in and not, photographed at phone and laptop
 * width; and the flow "a project lead finds a replacement for a seat", by mouse and by
 * keyboard alone.
 */
describe('groups, products, kommuner and knowledge at risk in Chromium', () => {
  const app = useWebApp();
  const { expectAccessible } = app;
  const KRAVREDAKTIONEN = 'Kravredaktionen (OS2kravmotor)';

  /** The nav link `name` in the header, clicked, and the page's h1 awaited. */
  async function openFromNav(page: Page, name: string, heading: string) {
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** Waits until the select labelled `label` shows the option `text` as chosen. */
  async function checked(label: string, text: string) {
    await app.page
      .getByLabel(label)
      .locator('option:checked', { hasText: new RegExp(`^${text.replace(/[()]/g, '\\$&')}$`) })
      .waitFor({ state: 'attached' });
  }

  /** Runs axe at both widths: some layouts exist only on a phone. */
  async function expectAccessibleAtBothWidths() {
    await expectAccessible();
    await app.page.setViewportSize(WIDTHS.phone);
    await expectAccessible();
    await app.page.setViewportSize(WIDTHS.laptop);
  }

  describe('signed out', () => {
    it('lists the groups from the header and shows a group’s seats without naming people', async () => {
      await app.page.goto(app.server.url);
      await openFromNav(app.page, 'Grupper', 'Grupper');
      const row = app.page.getByRole('row', {
        name: new RegExp(KRAVREDAKTIONEN.replace(/[()]/g, '\\$&')),
      });
      await row.waitFor();
      expect(await row.textContent()).toContain('1 aktiv person');
      await expectAccessibleAtBothWidths();

      await row.getByRole('link', { name: KRAVREDAKTIONEN }).click();
      await app.page.getByRole('heading', { level: 1, name: KRAVREDAKTIONEN }).waitFor();
      await app.page.getByRole('heading', { level: 3, name: 'Tovholder' }).waitFor();
      await app.page.getByText('Log ind for at se, hvem der sidder i gruppen').waitFor();
      expect(await app.page.getByRole('button', { name: /Find en afløser/ }).count()).toBe(0);
      expect(await app.page.getByText('Henrik Bojsen').count()).toBe(0);
      await expectAccessibleAtBothWidths();
    });

    it('shows products, kommuner and the risk page’s sign-in message', async () => {
      await openFromNav(app.page, 'Produkter', 'Produkter');
      await app.page.getByRole('link', { name: 'OS2skoledata', exact: true }).waitFor();
      await expectAccessible();
      await app.page.getByRole('link', { name: 'OS2skoledata', exact: true }).click();
      await app.page.getByRole('heading', { level: 1, name: 'OS2skoledata' }).waitFor();
      await app.page.getByRole('heading', { level: 3, name: 'Region Midtjylland' }).waitFor();
      await app.page.getByText('Log ind for at se personer med erfaring').waitFor();
      await expectAccessibleAtBothWidths();

      await openFromNav(app.page, 'Kommuner', 'Kommuner');
      await app.page.getByText('98 kommuner.').waitFor();
      await expectAccessible();
      await app.page.getByRole('link', { name: 'Syddjurs' }).click();
      await app.page.getByRole('heading', { level: 1, name: 'Syddjurs Kommune' }).waitFor();
      await app.page.getByText('Log ind for at se, hvem der arbejder i kommunen').waitFor();
      // Its seats are public; who holds them is not.
      await app.page.getByRole('link', { name: KRAVREDAKTIONEN }).waitFor();
      expect(await app.page.getByRole('cell', { name: 'Et medlem' }).count()).toBeGreaterThan(0);
      await expectAccessibleAtBothWidths();

      await openFromNav(app.page, 'Viden i fare', 'Viden i fare');
      await app.page.getByText('Log ind for at se, hvilken viden der er i fare').waitFor();
      await expectAccessible();
    });

    it('says a group that does not exist does not exist', async () => {
      await app.page.goto(
        `${app.server.url}/grupper/R3JvdXA6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw`,
      );
      await app.page.getByRole('heading', { level: 1, name: 'Gruppen findes ikke.' }).waitFor();
      await app.page.goto(`${app.server.url}/kommuner/ikke-et-id`);
      await app.page.getByRole('heading', { level: 1, name: 'Kommunen findes ikke.' }).waitFor();
      await expectAccessible();
    });
  });

  describe('signed in', () => {
    beforeAll(async () => {
      await app.signIn(/Medlem/);
      await app.page.getByRole('heading', { level: 1, name: 'Søg efter erfaring' }).waitFor();
    });

    it('finds a replacement for a seat: candidates with reasons, each linking to the person', async () => {
      await openFromNav(app.page, 'Grupper', 'Grupper');
      const row = app.page.getByRole('row', { name: /Kravredaktionen/ });
      await row.getByRole('link', { name: 'Henrik Bojsen' }).waitFor();
      await expectAccessibleAtBothWidths();
      await app.screenshots('groups');
      await row.getByRole('link', { name: KRAVREDAKTIONEN }).click();
      await app.page.getByRole('heading', { level: 1, name: KRAVREDAKTIONEN }).waitFor();
      // Bus factor, who holds the threads, and the warning that it rests on one person.
      await app.page.getByText('Gruppen hviler på én person').waitFor();
      const coordinator = app.page.getByRole('heading', { level: 3, name: 'Tovholder' });
      await coordinator.waitFor();

      const find = app.page.getByRole('button', { name: 'Find en afløser for Henrik Bojsen' });
      expect(await find.getAttribute('aria-expanded')).toBe('false');
      await find.click();
      const panel = app.page.getByRole('region', {
        name: 'Forslag til afløser for Henrik Bojsen som tovholder',
      });
      const candidates = panel.locator('.app-candidate');
      await candidates.first().waitFor();
      expect(await candidates.count()).toBeGreaterThan(1);
      expect(
        await app.page
          .getByRole('button', { name: /for Henrik Bojsen/ })
          .getAttribute('aria-expanded'),
      ).toBe('true');
      // The best candidate first, with the API's reasons in Danish, and a link to their profile.
      const first = candidates.first();
      expect(await first.getByText('Match 100 %').count()).toBe(1);
      const reasons = await first.locator('.app-reasons li').allTextContents();
      expect(reasons.some((reason) => /^Deler \d+ af \d+ emner/.test(reason))).toBe(true);
      const link = first.getByRole('link');
      expect(await link.getAttribute('href')).toMatch(/^\/personer\//);
      // The open search is in the address, so it can be shared.
      expect(new URL(app.page.url()).searchParams.get('afloeser')).toMatch(/^TWVtYmVyc2hpcD/);
      await expectAccessibleAtBothWidths();
      await app.screenshots('group');

      // The shared address opens the same search; more candidates on request.
      await app.page.reload();
      await candidates.first().waitFor();
      expect(await candidates.count()).toBe(5);
      await panel.getByRole('button', { name: 'Vis flere forslag' }).click();
      await candidates.nth(5).waitFor();

      // The rest of the page: what is at risk, former members, the history of seats.
      await app.page.getByRole('heading', { level: 2, name: 'Viden i fare' }).waitFor();
      expect(await app.page.locator('.app-risks > li').count()).toBeGreaterThan(0);
      await app.page.getByRole('heading', { level: 2, name: 'Tidligere medlemmer' }).waitFor();
      const history = app.page.getByRole('table', { name: 'Alle sæder i gruppen, nyeste først' });
      expect(await history.getByRole('row').count()).toBeGreaterThan(1);

      const name = ((await link.textContent()) ?? '').trim();
      await link.click();
      await app.page.waitForURL(/\/personer\//);
      await app.page.getByRole('heading', { level: 1, name }).waitFor();
    });

    it('finds a replacement with the keyboard alone', async () => {
      const keyboard = await app.browser.newPage(); // a new tab: signed out
      try {
        await keyboard.goto(`${app.server.url}/log-ind`);
        await keyboard.getByRole('button', { name: /Medlem/ }).waitFor();
        await tabTo(keyboard, keyboard.getByRole('button', { name: /Medlem/ }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByRole('button', { name: 'Log ud' }).waitFor();
        await tabTo(keyboard, keyboard.getByRole('link', { name: 'Grupper' }));
        await keyboard.keyboard.press('Enter');
        const group = keyboard.getByRole('link', { name: KRAVREDAKTIONEN });
        await group.waitFor();
        await tabTo(keyboard, group);
        await keyboard.keyboard.press('Enter');
        const find = keyboard.getByRole('button', { name: 'Find en afløser for Henrik Bojsen' });
        await find.waitFor();
        await tabTo(keyboard, find);
        await keyboard.keyboard.press('Enter');
        const candidate = keyboard.locator('.app-candidate').first().getByRole('link');
        await candidate.waitFor();
        // The focus stays on the button, and the candidates follow it in the tab order.
        await keyboard.keyboard.press('Tab');
        expect(
          await candidate.evaluate((element) => element === element.ownerDocument.activeElement),
        ).toBe(true);
        const name = ((await candidate.textContent()) ?? '').trim();
        await keyboard.keyboard.press('Enter');
        await keyboard.waitForURL(/\/personer\//);
        await keyboard.getByRole('heading', { level: 1, name }).waitFor();
      } finally {
        await keyboard.close();
      }
    });

    it('shows a product: kommuner by region and stage, groups, people, knowledge and krav', async () => {
      await openFromNav(app.page, 'Produkter', 'Produkter');
      await app.page.getByLabel('Fase').selectOption('DEVELOPMENT');
      await app.page.getByRole('button', { name: 'Vis produkter' }).click();
      await app.page.waitForURL(/fase=DEVELOPMENT/);
      await app.page.getByText('2 produkter.').waitFor();
      expect(await app.page.getByRole('link', { name: 'OS2kravmotor' }).count()).toBe(0);
      await expectAccessibleAtBothWidths();
      await app.screenshots('products');
      await app.page.getByRole('link', { name: 'OS2skoledata', exact: true }).click();
      await app.page.getByRole('heading', { level: 1, name: 'OS2skoledata' }).waitFor();

      await app.page.getByText('Med i crowdfunding: 6').waitFor();
      for (const region of ['Region Hovedstaden', 'Region Midtjylland', 'Region Nordjylland'])
        await app.page.getByRole('heading', { level: 3, name: region }).waitFor();
      const herning = app.page.getByRole('link', { name: 'Herning', exact: true });
      expect(await herning.getAttribute('href')).toMatch(/^\/kommuner\//);
      await app.page.getByRole('link', { name: 'Koordinationsgruppen for OS2skoledata' }).waitFor();
      const people = app.page.getByRole('heading', { level: 2, name: 'Personer med erfaring' });
      await people.waitFor();
      await app.page.getByRole('link', { name: 'Lars Lyngsøe Højberg' }).first().waitFor();
      const krav = app.page.getByRole('link', { name: 'Single sign-on med OS2faktor' });
      expect(await krav.getAttribute('href')).toMatch(/^\/krav\//);
      await expectAccessibleAtBothWidths();
      await app.screenshots('product');

      // A product's group leads to the group, and the group back to the product.
      await app.page.getByRole('link', { name: 'Koordinationsgruppen for OS2skoledata' }).click();
      await app.page
        .getByRole('heading', { level: 1, name: 'Koordinationsgruppen for OS2skoledata' })
        .waitFor();
      await app.page
        .getByRole('main')
        .getByRole('link', { name: 'OS2skoledata', exact: true })
        .click();
      await app.page.getByRole('heading', { level: 1, name: 'OS2skoledata' }).waitFor();
    });

    it('lists the 98 kommuner by region, narrows them as one types, and shows a kommune', async () => {
      await openFromNav(app.page, 'Kommuner', 'Kommuner');
      await app.page.getByText('98 kommuner.').waitFor();
      expect(await app.page.getByRole('heading', { level: 2 }).count()).toBe(5);
      await expectAccessible();
      await app.screenshots('kommuner');

      await app.page.getByLabel('Find en kommune').fill('syddj');
      await app.page.getByText('Viser 1 af 98 kommuner.').waitFor();
      expect(new URL(app.page.url()).searchParams.get('soeg')).toBe('syddj');
      await app.page.getByRole('link', { name: 'Syddjurs' }).click();
      await app.page.getByRole('heading', { level: 1, name: 'Syddjurs Kommune' }).waitFor();

      // Its people, their seats, its products and krav, each a link.
      const people = app.page.getByRole('link', { name: 'Jon Badstue Pedersen' });
      expect(await people.getAttribute('href')).toMatch(/^\/personer\//);
      const seats = app.page.getByRole('table');
      expect(await seats.getByRole('link', { name: KRAVREDAKTIONEN }).count()).toBe(1);
      expect(await seats.getByRole('link', { name: 'Henrik Bojsen' }).count()).toBeGreaterThan(0);
      await app.page.getByRole('link', { name: 'OS2KLE', exact: true }).waitFor();
      const krav = app.page.getByRole('link', { name: 'Log over opslag i personoplysninger' });
      expect(await krav.getAttribute('href')).toMatch(/^\/krav\//);
      await expectAccessibleAtBothWidths();
      await app.screenshots('kommune');
    });

    it('lists knowledge at risk by severity, filtered in the URL, with people and successors', async () => {
      await openFromNav(app.page, 'Viden i fare', 'Viden i fare');
      const items = app.page.locator('.app-risks > li');
      await items.first().waitFor({ timeout: 20_000 });
      const everything = await items.count();
      await app.page.getByRole('heading', { level: 2, name: /^Kritisk/ }).waitFor();
      await app.page.getByRole('heading', { level: 2, name: /^Høj/ }).waitFor();
      await expectAccessible();

      // Two filters at once: the items both scopes hold.
      await app.page.getByLabel('Kommune').selectOption({ label: 'Syddjurs' });
      await app.page.getByLabel('Produkt').selectOption({ label: 'OS2sofd (SOFD Core)' });
      await app.page.getByRole('button', { name: 'Vis', exact: true }).click();
      await app.page.waitForURL(/kommune=.*produkt=/);
      await app.page.getByText('1 punkt i fare.').waitFor({ timeout: 20_000 });
      const item = items.first();
      expect(await item.getByRole('link', { name: 'OS2sofd (SOFD Core)' }).count()).toBe(1);
      const holder = item.getByRole('link', { name: 'Jon Badstue Pedersen' });
      expect(await holder.getAttribute('href')).toMatch(/^\/personer\//);
      expect(await item.getByText('Foreslåede afløsere:').count()).toBe(1);
      expect(await item.locator('a[href^="/personer/"]').count()).toBeGreaterThan(1);
      await expectAccessibleAtBothWidths();

      // The address holds the filters: opened afresh it shows the same, with the choices kept.
      await app.page.reload();
      await app.page.getByText('1 punkt i fare.').waitFor({ timeout: 20_000 });
      await checked('Kommune', 'Syddjurs');

      // By severity and group; the group page links here with its filter.
      await app.page.goto(`${app.server.url}/viden-i-fare?alvor=kritisk`);
      await app.page
        .getByRole('heading', { level: 2, name: /^Kritisk/ })
        .waitFor({ timeout: 20_000 });
      expect(await app.page.getByRole('heading', { level: 2, name: /^Høj/ }).count()).toBe(0);
      expect(await items.count()).toBeLessThan(everything);
      // By topic: its choices span two pages of topics.
      await app.page.getByLabel('Alvor').selectOption('');
      await app.page.getByLabel('Emne').selectOption({ label: 'Nonfunktionelle krav' });
      await app.page.getByRole('button', { name: 'Vis', exact: true }).click();
      await app.page.waitForURL(/emne=/);
      await app.page
        .getByRole('link', { name: 'Nonfunktionelle krav' })
        .waitFor({ timeout: 20_000 });
      expect(await items.count()).toBeLessThan(everything);
      await app.page.goto(`${app.server.url}/grupper`);
      await app.page.getByRole('link', { name: KRAVREDAKTIONEN }).click();
      await app.page.getByRole('link', { name: 'Se al viden i fare i gruppen' }).click();
      await app.page.waitForURL(/gruppe=/);
      await items.first().waitFor({ timeout: 20_000 });
      await checked('Gruppe', KRAVREDAKTIONEN);
      await app.screenshots('risk');
    });
  });
});
