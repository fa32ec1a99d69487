import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileChooser, Locator, Page } from 'playwright-core';
import { ROOT } from '../support/server-process';
import { tabTo, useWebApp } from './harness';

/**
 * Requirement knowledge (/krav, /krav/:id) with "find similar" and the sharing workflow, a
 * departure (/fratraedelse/:personId) from risk to report to revert, and the import (/import) from
 * dry run to import, each in Chromium against the demo network (see ./harness.ts).
 */
describe('requirements, departures and imports in Chromium', () => {
  const app = useWebApp();
  const { expectAccessible } = app;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-flows-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs a GraphQL operation as a demo identity (for test data and checks, not the flows). */
  async function api<T>(identity: string, query: string, variables: object = {}): Promise<T> {
    const signIn = await fetch(`${app.server.url}/auth/demo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  async function requirementId(title: string) {
    const data = await api<{ requirements: { edges: { node: { id: string } }[] } }>(
      'admin',
      'query($s: String) { requirements(search: $s, first: 1) { edges { node { id } } } }',
      { s: title },
    );
    return data.requirements.edges[0].node.id;
  }

  async function personId(name: string) {
    const data = await api<{ people: { edges: { node: { id: string } }[] } }>(
      'admin',
      'query($s: String) { people(search: $s, first: 1) { edges { node { id } } } }',
      { s: name },
    );
    return data.people.edges[0].node.id;
  }

  /** Signs in and waits until the header says who, so nothing of the previous user remains. */
  async function signInAs(label: string, page: Page = app.page) {
    await app.signOut(page);
    await app.signIn(new RegExp(label), page);
    await page.getByRole('banner').locator('strong', { hasText: label }).waitFor();
  }

  /**
   * Tabs to a file input and presses Space, which opens the file dialog. On a slow machine the
   * page can re-render the input between the two (the kind just chosen changes what it accepts),
   * and the key then goes nowhere: the user would press it again, and so does this, up to three
   * times.
   */
  async function pressForFileChooser(page: Page, input: Locator): Promise<FileChooser> {
    await page.bringToFront();
    for (let attempt = 1; ; attempt++) {
      const focused = await input.evaluate(
        (element) => element.ownerDocument.activeElement === element,
      );
      if (!focused) await tabTo(page, input);
      const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
      await page.keyboard.press('Space');
      try {
        return await chooser;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  }

  const sharingStatus = (page: Page) =>
    page.getByRole('region', { name: 'Deling' }).locator('.app-sharing-tag');

  describe('requirement knowledge', () => {
    it('lists the shared requirements to an anonymous visitor, with a link from the header', async () => {
      await app.page.goto(app.server.url);
      await app.page
        .getByRole('navigation', { name: 'Hovedmenu' })
        .getByRole('link', { name: 'Krav' })
        .click();
      await app.page.waitForURL(/\/krav$/);
      await app.page.getByRole('heading', { level: 1, name: 'Krav' }).waitFor();
      await app.page.getByText('Du ser kun de delte krav.').waitFor();
      const list = app.page.locator('.app-requirement-list > li');
      await list.first().waitFor();
      // Only shared ones: Skanderborg's local requirement is not among them.
      expect(await list.allTextContents()).not.toContainEqual(
        expect.stringContaining('Migrering af historiske data'),
      );
      expect(
        await app.page
          .getByRole('navigation', { name: 'Hovedmenu' })
          .getByRole('link', { name: 'Import' })
          .count(),
      ).toBe(0);
      await expectAccessible();
    });

    it('finds requirements like a pasted text, each with its measures and reason, at a URL to share', async () => {
      const text = app.page.getByRole('textbox', { name: 'Kravets tekst' });
      await text.fill(
        'Leverandøren skal logge al adgang til personoplysninger, så kommunen kan se, hvem der har set hvad.',
      );
      await app.page.getByRole('button', { name: 'Find lignende krav' }).click();
      await app.page.waitForURL(/lignende=/);
      const hits = app.page.locator('.app-similar-hit');
      await hits.first().waitFor();
      expect(
        await hits
          .first()
          .getByText(/^Lighed \d+ %$/)
          .count(),
      ).toBe(1);
      expect(await hits.first().getByText('Fælles ordstammer').count()).toBe(1);
      const titles = await hits.locator('h3').allTextContents();
      expect(titles.join(' ')).toMatch(/Log/);
      await expectAccessible();
      await app.screenshots('requirements');

      // Opened afresh, the same address shows the same hits.
      await app.page.reload();
      await hits.first().waitFor();
      expect(await app.page.getByRole('textbox', { name: 'Kravets tekst' }).inputValue()).toMatch(
        /^Leverandøren skal logge/,
      );
    });

    it('shows a shared requirement to an anonymous visitor without personal data or steps', async () => {
      // A local requirement does not exist for anonymous visitors.
      const local = await requirementId('Migrering af historiske data');
      await app.page.goto(`${app.server.url}/krav/${encodeURIComponent(local)}`);
      await app.page.getByRole('heading', { level: 1, name: 'Kravet findes ikke.' }).waitFor();
      await app.page.getByText('Måske er det ikke delt').waitFor();
      await expectAccessible();

      await app.page.goto(`${app.server.url}/krav`);
      await app.page.getByRole('link', { name: 'Single sign-on med OS2faktor' }).click();
      await app.page
        .getByRole('heading', { level: 1, name: 'Single sign-on med OS2faktor' })
        .waitFor();
      await app.page.getByRole('heading', { level: 2, name: 'Brugt af' }).waitFor();
      expect(await app.page.locator('.app-uses').textContent()).toContain('Rebild');
      await app.page.getByText('Log ind for at se, hvordan det gik').waitFor();
      expect(await sharingStatus(app.page).textContent()).toBe('Delt i kataloget');
      expect(await app.page.getByRole('button', { name: /Foreslå|Del kravet|Afvis/ }).count()).toBe(
        0,
      );
      await expectAccessible();
    });

    it('shows a member how it worked out, in which procurements, and whom to ask and why', async () => {
      const url = app.page.url();
      await signInAs('Medlem');
      // Signed in, the list has every requirement, filtered by sharing in the URL.
      await app.page.goto(`${app.server.url}/krav`);
      await app.page.getByLabel('Deling').selectOption('PROPOSED');
      await app.page.getByRole('button', { name: 'Vis krav' }).click();
      await app.page.waitForURL(/deling=PROPOSED/);
      const proposed = app.page.locator('.app-requirement-list > li');
      await app.page.getByText('1 krav.').waitFor();
      expect(await proposed.allTextContents()).toEqual([
        expect.stringContaining('Rettighedsstyring via OS2rollekatalog'),
      ]);
      await expectAccessible();
      await app.page.goto(url);
      await app.page.getByRole('heading', { level: 2, name: 'Hvem kan jeg spørge?' }).waitFor();
      const uses = app.page.locator('.app-uses');
      await uses.getByText('Sådan gik det:').waitFor();
      expect(await uses.textContent()).toContain('Opfyldt');
      await app.page.getByRole('heading', { level: 2, name: 'Anskaffelser med kravet' }).waitFor();
      const people = app.page.locator('.app-people-to-ask > li');
      await people.first().waitFor();
      expect(await people.first().locator('.app-reasons li').count()).toBeGreaterThan(0);
      // A member reads the workflow's status but takes no step.
      expect(await app.page.getByRole('button', { name: /Foreslå|Del kravet|Afvis/ }).count()).toBe(
        0,
      );
      await expectAccessible();
      await app.screenshots('requirement');
      await app.signOut();
    });

    it('lets the kravredaktion propose, decline with a reason, and share, with the API’s error next to the reason', async () => {
      const id = await requirementId('Migrering af historiske data');
      await signInAs('Administrator');
      await app.page.goto(`${app.server.url}/krav/${encodeURIComponent(id)}`);
      expect(await sharingStatus(app.page).textContent()).toBe('Lokalt krav');
      await app.page.getByRole('textbox', { name: 'Note (frivilligt)' }).fill('Godt til alle');
      await app.page.getByRole('button', { name: 'Foreslå til deling' }).click();
      await app.page.getByText('Kravet er foreslået til deling.').waitFor();
      expect(await sharingStatus(app.page).textContent()).toBe('Foreslået til deling');
      await app.page.getByText('Note: Godt til alle').waitFor();

      // Declining without a reason: the API's error next to the reason field.
      await app.page.getByRole('button', { name: 'Afvis forslaget' }).click();
      const reason = app.page.getByRole('textbox', { name: 'Begrundelse for afslaget' });
      await app.page.locator('#decline-reason-error').waitFor();
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect(await app.page.locator('#decline-reason-error').textContent()).toContain(
        'Tjek det, du har skrevet',
      );
      await expectAccessible();
      await app.screenshots('requirement-sharing-error');
      await reason.fill('Findes allerede som fælles krav');
      await app.page.getByRole('button', { name: 'Afvis forslaget' }).click();
      await app.page.getByText('Forslaget er afvist.').waitFor();
      expect(await sharingStatus(app.page).textContent()).toBe('Lokalt krav');
      await app.page.getByText('Note: Findes allerede som fælles krav').waitFor();

      await app.page.getByRole('button', { name: 'Foreslå til deling' }).click();
      await app.page.getByRole('button', { name: 'Del kravet i kataloget' }).click();
      await app.page.getByText('Kravet er delt i kataloget.').waitFor();
      expect(await sharingStatus(app.page).textContent()).toBe('Delt i kataloget');
      expect(
        await app.page.getByRole('button', { name: /Foreslå|Del kravet|Afvis|Træk/ }).count(),
      ).toBe(0);
      await expectAccessible();
      await app.signOut();
    });

    it('lets a kommune’s editor propose and withdraw its own requirement with the keyboard alone', async () => {
      const aarhus = await api<{ kommuneByCode: { id: string } }>(
        'admin',
        '{ kommuneByCode(code: "0751") { id } }',
      );
      const created = await api<{ createRequirement: { id: string } }>(
        'admin',
        `mutation($input: CreateRequirementInput!) { createRequirement(input: $input) { id } }`,
        {
          input: {
            title: 'Aarhus: statistik over sagsbehandlingstid',
            text: 'Løsningen skal kunne udtrække statistik over sagsbehandlingstid pr. måned.',
            owningKommuneId: aarhus.kommuneByCode.id,
          },
        },
      );
      const keyboard = await app.browser.newPage();
      try {
        await signInAs('Redaktør', keyboard);
        await keyboard.goto(
          `${app.server.url}/krav/${encodeURIComponent(created.createRequirement.id)}`,
        );
        await keyboard.getByRole('heading', { level: 1 }).waitFor();
        // An editor proposes and withdraws; sharing and declining are the kravredaktion's.
        expect(await keyboard.getByRole('button', { name: /Del kravet|Afvis/ }).count()).toBe(0);
        await tabTo(keyboard, keyboard.getByRole('textbox', { name: 'Note (frivilligt)' }));
        await keyboard.keyboard.type('Andre kommuner kan bruge det');
        await tabTo(keyboard, keyboard.getByRole('button', { name: 'Foreslå til deling' }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByText('Kravet er foreslået til deling.').waitFor();
        expect(await keyboard.getByRole('button', { name: /Del kravet|Afvis/ }).count()).toBe(0);
        await tabTo(keyboard, keyboard.getByRole('button', { name: 'Træk forslaget tilbage' }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByText('Forslaget er trukket tilbage.').waitFor();
        expect(await sharingStatus(keyboard).textContent()).toBe('Lokalt krav');
        await expectAccessible(keyboard);
      } finally {
        await keyboard.close();
      }
    });
  });

  describe('departure', () => {
    it('offers no departure to a member', async () => {
      const id = await personId('Henrik Bojsen');
      await signInAs('Medlem');
      await app.page.goto(`${app.server.url}/personer/${encodeURIComponent(id)}`);
      await app.page.getByRole('heading', { level: 1, name: 'Henrik Bojsen' }).waitFor();
      expect(await app.page.getByRole('link', { name: 'Registrér fratrædelse' }).count()).toBe(0);
      await app.page.goto(`${app.server.url}/fratraedelse/${encodeURIComponent(id)}`);
      await app.page.getByText('Kun en redaktør for personens arbejdsplads').waitFor();
      expect(await app.page.getByRole('button', { name: 'Registrér fratrædelse' }).count()).toBe(0);
      await expectAccessible();
      await app.signOut();
      await app.page.goto(`${app.server.url}/fratraedelse/${encodeURIComponent(id)}`);
      await app.page.getByText('Log ind som redaktør for at registrere').waitFor();
      await expectAccessible();
    });

    it('shows what is at risk, proposes a successor per seat, keeps what was typed on an error, records, reports and reverts', async () => {
      const id = await personId('Henrik Bojsen');
      await signInAs('Administrator');
      await app.page.goto(`${app.server.url}/personer/${encodeURIComponent(id)}`);
      await app.page.getByRole('link', { name: 'Registrér fratrædelse' }).click();
      await app.page.waitForURL(/\/fratraedelse\//);
      await app.page
        .getByRole('heading', { level: 1, name: 'Fratrædelse: Henrik Bojsen' })
        .waitFor();

      // 1. What rests on him now.
      const risks = app.page.locator('#risk-heading + p[role=status]');
      await app.page.getByText('Det her hviler på Henrik Bojsen i dag.').waitFor();
      expect(await risks.count()).toBe(1);
      expect(await app.page.locator('.app-risks > li').count()).toBeGreaterThan(0);

      // 2. A successor proposed for each seat, chosen until changed.
      const seat = app.page.getByRole('group', {
        name: 'Tovholder i Kravredaktionen (OS2kravmotor)',
      });
      await seat.getByRole('radio').first().waitFor();
      await seat.locator('input[type=radio]:checked').waitFor();
      expect(await seat.getByRole('radio', { checked: true }).count()).toBe(1);
      const radios = seat.getByRole('radio');
      expect(await radios.count()).toBeGreaterThan(1);
      expect(await seat.locator('.form-hint').first().textContent()).toBeTruthy();
      const chosen = (await seat.getByRole('radio', { checked: true }).getAttribute('id')) ?? '';
      const successor =
        (await seat.locator(`label[for="${chosen}"]`).textContent())?.split(',')[0] ?? '';
      await seat
        .getByRole('textbox', { name: 'Til efterfølgeren (frivilligt)' })
        .fill('Dagsordener ligger i fællesdrevet');
      const other = app.page.getByRole('group', {
        name: 'Medlem i Koordinationsgruppen for OS2kle',
      });
      await other.getByRole('radio').first().waitFor();
      await other.getByRole('radio', { name: 'Ingen overtager sædet' }).check();
      // Knowledge that rests on him alone can go to one of the suggested successors.
      const topic = app.page.getByRole('combobox', { name: 'Hvem overtager It-anskaffelse?' });
      await topic.selectOption({ index: 1 });
      const topicSuccessor = (await topic.locator('option:checked').textContent()) ?? '';
      await expectAccessible();
      await app.screenshots('departure');

      // A date before he started: the API's error next to the date, the rest kept.
      await app.page.getByLabel('Første dag, personen er stoppet').fill('2000-01-01');
      await app.page
        .getByLabel('Hvorfor, eller hvor personen er gået hen (frivilligt)')
        .fill('Ny stilling i KL');
      await app.page.getByRole('button', { name: 'Registrér fratrædelsen' }).click();
      await app.page.locator('#departure-date-error').waitFor();
      expect(await app.page.locator('#departure-date-error').textContent()).toContain(
        'only started on',
      );
      expect(
        await app.page
          .getByLabel('Hvorfor, eller hvor personen er gået hen (frivilligt)')
          .inputValue(),
      ).toBe('Ny stilling i KL');
      expect(
        await seat.getByRole('textbox', { name: 'Til efterfølgeren (frivilligt)' }).inputValue(),
      ).toBe('Dagsordener ligger i fællesdrevet');
      expect(await other.getByRole('radio', { name: 'Ingen overtager sædet' }).isChecked()).toBe(
        true,
      );
      expect(await topic.locator('option:checked').textContent()).toBe(topicSuccessor);
      await expectAccessible();

      // Today: recorded, with the report.
      const today = new Date().toISOString().slice(0, 10);
      await app.page.getByLabel('Første dag, personen er stoppet').fill(today);
      await app.page.getByRole('button', { name: 'Registrér fratrædelsen' }).click();
      const report = app.page.getByRole('region', { name: 'Fratrædelsen er registreret' });
      await report.waitFor();
      expect(await report.textContent()).toContain(
        `${successor} overtager tovholder i Kravredaktionen (OS2kravmotor)`,
      );
      expect(await report.getByRole('heading', { name: 'Sæder, der sluttede' }).count()).toBe(1);
      expect(await report.textContent()).toContain(
        `${topicSuccessor} overtager emnet It-anskaffelse`,
      );
      await expectAccessible();
      await app.screenshots('departure-report');

      // Opened again, the page says he has left, and who took over.
      await app.page.reload();
      await app.page.getByText(/Personen stoppede/).waitFor();
      expect(await app.page.getByRole('link', { name: successor }).count()).toBeGreaterThan(0);

      // Reverted: active again, with his seats.
      await app.page.getByRole('button', { name: 'Fortryd fratrædelsen' }).click();
      await app.page.getByText('Fratrædelsen er fortrudt. Henrik Bojsen er aktiv igen.').waitFor();
      await app.page
        .getByRole('group', { name: 'Tovholder i Kravredaktionen (OS2kravmotor)' })
        .waitFor();
      const after = await api<{ person: { status: string } }>(
        'admin',
        'query($id: ID!) { person(id: $id) { status } }',
        { id },
      );
      expect(after.person.status).toBe('ACTIVE');
      await expectAccessible();
      await app.signOut();
    });
  });

  describe('departure by keyboard', () => {
    it('records a departure and reverts it with the keyboard alone', async () => {
      const id = await personId('Michel Fruergaard Masana');
      const keyboard = await app.browser.newPage();
      try {
        await signInAs('Administrator', keyboard);
        await keyboard.goto(`${app.server.url}/fratraedelse/${encodeURIComponent(id)}`);
        const seat = keyboard.getByRole('group', { name: /^Tovholder i / });
        await seat.locator('input[type=radio]:checked').waitFor();
        const first = await seat.getByRole('radio', { checked: true }).getAttribute('id');
        // Tab reaches the proposed successor; an arrow key chooses the next one.
        await tabTo(keyboard, seat.getByRole('radio', { checked: true }));
        await keyboard.keyboard.press('ArrowDown');
        const chosen = seat.getByRole('radio', { checked: true });
        const chosenId = await chosen.getAttribute('id');
        expect(chosenId).not.toBe(first);
        const label = (await seat.locator(`label[for="${chosenId}"]`).textContent()) ?? '';
        const successor = label.split(',')[0];
        await tabTo(
          keyboard,
          seat.getByRole('textbox', { name: 'Til efterfølgeren (frivilligt)' }),
        );
        await keyboard.keyboard.type('Overdragelsesnotatet ligger i sekretariatets drev');
        await tabTo(keyboard, keyboard.getByRole('button', { name: 'Registrér fratrædelsen' }));
        await keyboard.keyboard.press('Enter');
        const report = keyboard.getByRole('region', { name: 'Fratrædelsen er registreret' });
        await report.waitFor();
        expect(await report.textContent()).toContain(`${successor} overtager tovholder i`);
        await tabTo(keyboard, keyboard.getByRole('button', { name: 'Fortryd fratrædelsen' }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByText(/Fratrædelsen er fortrudt/).waitFor();
        await expectAccessible(keyboard);
      } finally {
        await keyboard.close();
      }
    });
  });

  describe('import', () => {
    it('is for admins only, in the header too', async () => {
      await signInAs('Redaktør');
      expect(
        await app.page
          .getByRole('navigation', { name: 'Hovedmenu' })
          .getByRole('link', { name: 'Import' })
          .count(),
      ).toBe(0);
      await app.page.goto(`${app.server.url}/import`);
      await app.page.getByText('Kun administratorer').waitFor();
      expect(await app.page.locator('input[type=file]').count()).toBe(0);
      await expectAccessible();
      await app.signOut();
      await app.page.goto(`${app.server.url}/import`);
      await app.page.getByText('Log ind som administrator for at importere.').waitFor();
      await expectAccessible();
    });

    it('shows a dry run’s report with the rejected rows, then imports for real', async () => {
      await signInAs('Administrator');
      await app.page
        .getByRole('navigation', { name: 'Hovedmenu' })
        .getByRole('link', { name: 'Import' })
        .click();
      await app.page.waitForURL(/\/import$/);
      await app.page.getByRole('radio', { name: /Personer/ }).check();
      await app.page
        .getByLabel('Fil')
        .setInputFiles(path.join(ROOT, 'seeds/import/people.broken.csv'));
      await app.page.getByRole('button', { name: 'Tjek filen' }).click();
      const report = app.page.getByRole('region', { name: 'Sådan vil importen gå' });
      await report.waitFor();
      const rejected = report.getByRole('table', { name: 'Afviste rækker' });
      const rows = rejected.locator('tbody tr');
      expect(await rows.count()).toBeGreaterThan(3);
      // Each rejected row: its line and why.
      expect(await rows.first().locator('td').first().textContent()).toMatch(/^\d+$/);
      expect(await rows.first().locator('td').last().textContent()).not.toBe('');
      await expectAccessible();
      await app.screenshots('import-dry-run');

      // Nothing was written by the dry run.
      const before = await api<{ people: { totalCount: number } }>(
        'admin',
        '{ people(search: "Signe Gyldig") { totalCount } }',
      );
      expect(before.people.totalCount).toBe(0);

      await app.page.getByRole('button', { name: /^Importér \d+ rækk?er?$/ }).click();
      const done = app.page.getByRole('region', { name: 'Importen er gennemført' });
      await done.waitFor();
      const after = await api<{ people: { totalCount: number } }>(
        'admin',
        '{ people(search: "Signe Gyldig") { totalCount } }',
      );
      expect(after.people.totalCount).toBe(1);
      await expectAccessible();
      await app.screenshots('import-done');
    });

    it('imports requirements from JSON, and a second dry run changes nothing', async () => {
      await app.page.getByRole('radio', { name: 'Krav' }).check();
      const input = app.page.getByLabel('Fil');
      await input.setInputFiles(path.join(ROOT, 'seeds/import/requirements.sample.json'));
      await app.page.getByRole('button', { name: 'Tjek filen' }).click();
      await app.page.getByRole('region', { name: 'Sådan vil importen gå' }).waitFor();
      await app.page.getByRole('button', { name: /^Importér/ }).click();
      await app.page.getByRole('region', { name: 'Importen er gennemført' }).waitFor();
      await input.setInputFiles(path.join(ROOT, 'seeds/import/requirements.sample.json'));
      await app.page.getByRole('button', { name: 'Tjek filen' }).click();
      const again = app.page.getByRole('region', { name: 'Sådan vil importen gå' });
      await again.waitFor();
      const count = (label: string) =>
        again.locator('.app-count', { hasText: label }).locator('dd').textContent();
      expect(await count('Oprettes')).toBe('0');
      expect(Number(await count('Uændret'))).toBeGreaterThan(0);
    });

    it('can be done with the keyboard alone: kind, file, check, import', async () => {
      const keyboard = await app.browser.newPage();
      try {
        await signInAs('Administrator', keyboard);
        await keyboard.goto(`${app.server.url}/import`);
        await tabTo(keyboard, keyboard.getByRole('radio', { name: /Personer/ }));
        await keyboard.keyboard.press('ArrowDown');
        expect(await keyboard.getByRole('radio', { name: 'Krav' }).isChecked()).toBe(true);
        // Space opens the system's file dialog, where the user picks the file.
        const chooser = await pressForFileChooser(keyboard, keyboard.getByLabel('Fil'));
        await chooser.setFiles(path.join(ROOT, 'seeds/import/requirements.sample.csv'));
        await tabTo(keyboard, keyboard.getByRole('button', { name: 'Tjek filen' }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByRole('region', { name: 'Sådan vil importen gå' }).waitFor();
        await tabTo(keyboard, keyboard.getByRole('button', { name: /^Importér/ }));
        await keyboard.keyboard.press('Enter');
        await keyboard.getByRole('region', { name: 'Importen er gennemført' }).waitFor();
        const imported = await api<{ requirements: { totalCount: number } }>(
          'admin',
          '{ requirements(search: "Eksport af data ved ophør") { totalCount } }',
        );
        expect(imported.requirements.totalCount).toBe(1);
      } finally {
        await keyboard.close();
      }
    });

    it('puts the API’s error about a broken file next to the file field, keeping the choice', async () => {
      const broken = path.join(scratch, 'krav.json');
      writeFileSync(broken, '{"requirements": [ {"id": "x", ');
      await app.page.getByLabel('Fil').setInputFiles(broken);
      await app.page.getByRole('button', { name: 'Tjek filen' }).click();
      const error = app.page.locator('#import-file-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('The JSON cannot be read');
      expect(await app.page.getByLabel('Fil').getAttribute('aria-invalid')).toBe('true');
      expect(await app.page.getByRole('radio', { name: 'Krav' }).isChecked()).toBe(true);
      await expectAccessible();
      await app.screenshots('import-error');
      await app.signOut();
    });
  });
});
