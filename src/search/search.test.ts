import { useTestApi } from '../../test/support/api';
import { buildProduct, buildPerson, buildTopic, gid } from '../../test/support/factories';
import { KnowledgeItem, KnowledgeKind } from '../modules/knowledge/knowledge.entity';
import { TopicKind } from '../modules/topics/topics.entity';

/** Danish text must work: each rule of the design, as a test on a small hand-built corpus. */
describe('Danish search', () => {
  const t = useTestApi();

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const author = await buildPerson(em, { name: 'Forfatter' });
    const note = (title: string, body: string) => {
      const item = Object.assign(new KnowledgeItem(), { kind: KnowledgeKind.LESSON, title, body });
      item.authors.add(author);
      em.persist(item);
      return item;
    };
    note('Styring af leverandører', 'Aftaler og kommunikation skal afstemmes med leverandørerne.');
    note(
      'Erfaringer fra en anskaffelse',
      'Vi valgte en leverandør, der kunne både udvikle og drifte.',
    );
    note('Åbenhed og fællesskab', 'Koden deles åbent i fællesskabet.');
    note('Mødekalender', 'Styregruppen mødes fire gange om året.');
    const topic = await buildTopic(em, {
      slug: 'mfa-test',
      kind: TopicKind.TECHNOLOGY,
      labelDa: 'Tofaktorgodkendelse',
      labelEn: 'Multi-factor authentication',
      aliases: ['MFA', 'to-faktor', '2FA'],
    });
    const mfa = note(
      'Login med to-faktor',
      'Medarbejderne logger ind med en ekstra kode fra en app.',
    );
    mfa.topics.add(topic);
    await buildProduct(em, {
      slug: 'os2kravmotor',
      name: 'OS2kravmotor',
      summaryDa: 'Fælles bibliotek af it-krav.',
    });
    await buildProduct(em, {
      slug: 'os2rollekatalog',
      name: 'OS2rollekatalog',
      summaryDa: 'Overblik over roller og rettigheder.',
    });
    await em.flush();
  });

  async function titles(query: string, types = '[KNOWLEDGE_ITEM, PRODUCT]') {
    const data = await t.api.ok(
      `query ($q: String!) { search(query: $q, types: ${types}, first: 20) {
        edges { node { snippet node { ... on KnowledgeItem { title } ... on Product { name } } } }
      } }`,
      { q: query },
    );
    return data.search.edges.map((edge: any) => edge.node.node.title ?? edge.node.node.name);
  }

  it('leverandørstyring finds "styring af leverandører" and texts that only say "leverandør"', async () => {
    const found = await titles('leverandørstyring');
    expect(found).toEqual(
      expect.arrayContaining(['Styring af leverandører', 'Erfaringer fra en anskaffelse']),
    );
    expect(found).not.toContain('Mødekalender');
  });

  it('kravmotoren finds OS2kravmotor', async () => {
    expect(await titles('kravmotoren')).toContain('OS2kravmotor');
  });

  it('rollekatalog finds OS2rollekatalog', async () => {
    expect(await titles('rollekatalog')).toContain('OS2rollekatalog');
  });

  it('ae/oe/aa spellings find æ/ø/å, and the other way round', async () => {
    expect(await titles('leverandoerer')).toContain('Styring af leverandører');
    expect(await titles('aabenhed')).toContain('Åbenhed og fællesskab');
    expect(await titles('faellesskabet')).toContain('Åbenhed og fællesskab');
  });

  it('forgives one typo in a word of five letters or more', async () => {
    expect(await titles('leverandørr')).toEqual(
      expect.arrayContaining(['Erfaringer fra en anskaffelse']),
    );
    expect(await titles('fællesskb')).toContain('Åbenhed og fællesskab');
    expect(await titles('kravmotr')).toContain('OS2kravmotor');
  });

  it('an English query finds a Danish text through topic labels, and an alias finds the rest', async () => {
    expect(await titles('multi-factor authentication')).toContain('Login med to-faktor');
    expect(await titles('MFA')).toContain('Login med to-faktor');
    expect(await titles('2FA')).toContain('Login med to-faktor');
  });

  it('marks the matching words in an HTML-safe snippet', async () => {
    const data = await t.api.ok(
      `{ search(query: "leverandør", types: [KNOWLEDGE_ITEM]) { edges { node { snippet } } } }`,
    );
    const snippets = data.search.edges.map((edge: any) => edge.node.snippet).join(' ');
    expect(snippets).toMatch(/<mark>leverandør(en|erne)?<\/mark>/i);
  });

  it('finds every kind of thing with the union type, and refuses an empty query', async () => {
    const data = await t.api.ok(
      `{ search(query: "kravmotor") { totalCount edges { node { node { __typename } } } } }`,
    );
    expect(data.search.edges.map((edge: any) => edge.node.node.__typename)).toContain('Product');
    const empty = await t.api.fail(`{ search(query: "   ") { totalCount } }`);
    expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    const nothing = await t.api.ok(`{ search(query: "og af i") { totalCount } }`);
    expect(nothing.search.totalCount).toBe(0);
  });

  it('indexes a change in the same transaction: a new note is found at once', async () => {
    const author = await buildPerson(t.em, { name: 'Ny forfatter' });
    await t.api.ok(
      `mutation ($input: CreateKnowledgeItemInput!) { createKnowledgeItem(input: $input) { id } }`,
      {
        input: {
          kind: 'NOTE',
          title: 'Databehandleraftaler',
          body: 'Husk tilsyn med databehandlere.',
          authorIds: [gid(author)],
        },
      },
    );
    expect(await titles('databehandleraftale')).toContain('Databehandleraftaler');
  });

  it('marks no name for an English stop word: "and" does not mark Anders (stem "and")', async () => {
    const author = await buildPerson(t.em, { name: 'Anders Andersen' });
    await t.api.ok(
      `mutation ($input: CreateKnowledgeItemInput!) { createKnowledgeItem(input: $input) { id } }`,
      {
        input: {
          kind: 'NOTE',
          title: 'Kontraktopfølgning',
          body: 'Anders fulgte op på kontrakten og leverancerne hver måned.',
          authorIds: [gid(author)],
        },
      },
    );
    const data = await t.api.ok(
      `{ search(query: "contract and kontrakten", types: [KNOWLEDGE_ITEM]) { edges { node { snippet } } } }`,
    );
    const snippets = data.search.edges.map((edge: any) => edge.node.snippet).join(' ');
    expect(snippets).toMatch(/<mark>kontrakten<\/mark>/);
    expect(snippets).not.toMatch(/<mark>Anders<\/mark>/);
  });
});
