import { useTestApi } from '../../test/support/api';
import { preparedRead } from '../db/prepared';
import type { SearchTypeName } from './registry';
import { buildPerson, buildTopic } from '../../test/support/factories';
import { KnowledgeItem, KnowledgeKind } from '../modules/knowledge/knowledge.entity';
import { TopicKind } from '../modules/topics/topics.entity';
import {
  matchAlternatives,
  searchPostgres,
  SEARCH_COUNT_LIMIT,
  SEARCH_RANKED,
  shortestQuery,
} from './search.service';

/**
 * Bounded ranking (issue 18): each type's first hits are ranked and counted up to a limit. Here
 * with small limits (5 ranked, 12 counted) on 30 notes that match, some linked to a topic the
 * query names, so that every bound is crossed.
 */
describe('general search with bounded candidates', () => {
  const t = useTestApi();
  const small = { candidates: 5, countLimit: 12 };

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const author = await buildPerson(em, { name: 'Forfatter' });
    const topic = await buildTopic(em, {
      slug: 'kontraktstyring-test',
      kind: TopicKind.PROCUREMENT,
      labelDa: 'Kontraktstyring',
      labelEn: 'Contract management',
      aliases: [],
    });
    for (let i = 0; i < 30; i++) {
      const item = Object.assign(new KnowledgeItem(), {
        kind: KnowledgeKind.NOTE,
        title: `Kontraktopfølgning nummer ${i}`,
        // More matching words, a higher score: the last notes written rank highest.
        body: `Opfølgning på kontrakten. ${'Kontrakten gennemgås. '.repeat(i % 7)}`,
      });
      item.authors.add(author);
      if (i % 3 === 0) item.topics.add(topic);
      em.persist(item);
    }
    await em.flush();
  });

  const search = (offset: number, limit: number, options = {}) =>
    searchPostgres(t.db.orm.em.fork(), 'kontrakt', ['KNOWLEDGE_ITEM'], { offset, limit }, options);

  it('counts to the limit and says the count is a lower bound; exhaustively, every hit', async () => {
    const exhaustive = await search(0, 5, { exhaustive: true });
    expect(exhaustive.total).toBe(30);
    expect(exhaustive.totalIsLowerBound).toBe(false);
    const bounded = await search(0, 5, small);
    expect(bounded).toMatchObject({ total: 12, totalIsLowerBound: true, hasMore: true });
    const roomy = await search(0, 5, { candidates: 5, countLimit: 40 });
    expect(roomy).toMatchObject({ total: 30, totalIsLowerBound: false, hasMore: true });
    expect(SEARCH_COUNT_LIMIT).toBe(1000);
    // Only the types asked for are searched and counted.
    const groups = await searchPostgres(t.db.orm.em.fork(), 'kontrakt', ['GROUP', 'PERSON'], {
      offset: 0,
      limit: 5,
    });
    expect(groups).toMatchObject({ rows: [], total: 0, totalIsLowerBound: false, hasMore: false });
  });

  it('ranks things linked to a named topic among the candidates, above the text hits', async () => {
    const named = (options = {}) =>
      searchPostgres(
        t.db.orm.em.fork(),
        'kontraktstyring',
        ['KNOWLEDGE_ITEM'],
        { offset: 0, limit: 5 },
        options,
      );
    const bounded = await named(small);
    const exhaustive = await named({ exhaustive: true });
    expect(bounded.rows).toHaveLength(5);
    // Boosted: the ten linked notes outrank the twenty others, among candidates as among all.
    for (const rows of [bounded.rows, exhaustive.rows]) {
      expect(rows.every((row) => row.score >= 0.5)).toBe(true);
    }
    // Counted once each, whether a text hit or linked only, as exhaustively.
    const roomy = await named({ candidates: 5, countLimit: 40 });
    expect(exhaustive.total).toBeGreaterThan(5);
    expect(roomy).toMatchObject({ total: exhaustive.total, totalIsLowerBound: false });
    // Candidates are the first hits, not the best: no better than the exhaustive ranking's.
    bounded.rows.forEach((row, index) =>
      expect(row.score).toBeLessThanOrEqual(exhaustive.rows[index].score),
    );
  });

  it('ranks the things linked first, whatever order the link table was rewritten in', async () => {
    const em = t.db.orm.em.fork();
    const topic = await buildTopic(em, {
      slug: 'zebrastriber-test',
      kind: TopicKind.ARCHITECTURE,
      labelDa: 'Zebrastriber',
      labelEn: 'Zebra stripes',
      aliases: [],
    });
    // Three notes about other things, linked to the topic in this order; their ids sort the
    // other way round.
    const ids = ['ffffffff', '88888888', '00000000'].map(
      (hex) => `${hex}-0000-4000-8000-00000000000f`,
    );
    for (const id of ids) {
      const item = Object.assign(new KnowledgeItem(), {
        id,
        kind: KnowledgeKind.NOTE,
        title: 'Driftsmøde',
        body: 'Referat fra mødet.',
      });
      item.topics.add(topic);
      em.persist(item);
      await em.flush();
    }
    // A rewrite of the table in the order of its key (as `cluster` does): the notes' places in
    // it are now the reverse of the order they were linked in.
    await em
      .getConnection()
      .execute('cluster knowledge_item_topics using knowledge_item_topics_pkey');
    const linked = await searchPostgres(
      t.db.orm.em.fork(),
      'zebrastriber',
      ['KNOWLEDGE_ITEM'],
      { offset: 0, limit: 2 },
      { candidates: 2, countLimit: 12 },
    );
    // The first two linked are the candidates, ranked alike (linked, no text hit).
    expect(linked.rows.map((row) => row.id).sort()).toEqual([ids[1], ids[0]]);
    expect(linked).toMatchObject({ total: 3, totalIsLowerBound: false, hasMore: true });
  });

  it('pages through every hit once, past the candidates and past the count limit', async () => {
    const seen: string[] = [];
    let offset = 0;
    for (;;) {
      const page = await search(offset, 4, small);
      seen.push(...page.rows.map((row) => row.id));
      offset += 4;
      if (!page.hasMore) break;
      expect(offset).toBeLessThan(100);
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('ranks a hit whose title matches among the candidates, however late it was stored', async () => {
    const em = t.db.orm.em.fork();
    const author = await buildPerson(em, { name: 'Sen forfatter' });
    // Thirty notes that mention the word in passing, then, stored last, the one it is about.
    for (let i = 0; i <= 30; i++) {
      const item = Object.assign(new KnowledgeItem(), {
        kind: KnowledgeKind.NOTE,
        title: i < 30 ? `Driftsnote ${i}` : 'Nøglehåndtering',
        body: i < 30 ? `Vi talte kort om nøglehåndtering og andet.` : 'Hvordan nøgler roteres.',
      });
      item.authors.add(author);
      em.persist(item);
    }
    await em.flush();
    const find = (options = {}) =>
      searchPostgres(
        t.db.orm.em.fork(),
        'nøglehåndtering',
        ['KNOWLEDGE_ITEM'],
        { offset: 0, limit: 3 },
        options,
      );
    const exhaustive = await find({ exhaustive: true });
    const bounded = await find(small);
    expect(bounded.rows[0].id).toBe(exhaustive.rows[0].id);
    expect(bounded.rows[0].score).toBe(exhaustive.rows[0].score);
  });

  it('sends the same few prepared statements for a narrow query and a broad one', async () => {
    const knex = t.db.orm.em.getConnection().getKnex();
    const sent: { sql: string; name?: string }[] = [];
    const listen = (query: { sql: string; options?: { name?: string } }) =>
      sent.push({ sql: query.sql, name: query.options?.name });
    knex.on('query', listen);
    try {
      const statementsFor = async (text: string, offset = 0, types?: SearchTypeName[]) => {
        sent.length = 0;
        await searchPostgres(t.db.orm.em.fork(), text, types, { offset, limit: 10 });
        return sent.map((statement) => statement.name ?? statement.sql.split(/\s/)[0]);
      };
      // Texts this file has not searched for before (the analysis of one is kept in memory).
      const narrow = await statementsFor('Nøglehåndtering');
      // What changed in the vocabulary, the query's words and what it names, then begin with the
      // planner settings, the search, commit.
      expect(narrow).toEqual([
        expect.stringMatching(/^search_vocabulary_changes_/),
        expect.stringMatching(/^search_query_words_/),
        expect.stringMatching(/^search_query_named_/),
        expect.stringMatching(/^begin;$/i),
        expect.stringMatching(/^search_[0-9a-f]{16}$/),
        expect.stringMatching(/^commit$/i),
      ]);
      // A broad query, and another text: the same statements, by name (planned once per connection).
      expect(await statementsFor('Kontrakt')).toEqual(narrow);
      // Some types only: the same statement, told which (not one statement per set of types); the
      // text analysed before is not analysed again.
      const [changes, , , begin, search, commit] = narrow;
      expect(await statementsFor('Kontrakt', 0, ['KNOWLEDGE_ITEM', 'GROUP'])).toEqual([
        changes,
        begin,
        search,
        commit,
      ]);
      // A page past the candidates is another statement, prepared as well.
      const deep = await statementsFor('Kontrakt', SEARCH_RANKED);
      expect(deep).toHaveLength(4);
      expect(deep[2]).toMatch(/^search_[0-9a-f]{16}$/);
      expect(deep[2]).not.toBe(search);
    } finally {
      knex.off('query', listen);
    }
  });

  it('writes a query and its synonyms shortest, with the same meaning', () => {
    expect(
      shortestQuery(`('krav' | ('nonfunktionel' & 'krav')) | ('krav' <-> 'sæt' | 'nfr')`),
    ).toBe(`'krav' | 'nfr'`);
    // A prefix matches wherever a phrase holding a word it begins does.
    expect(shortestQuery(`('os2' <-> 'sofd' | 'person' & 'data') | 'sofd':*`)).toBe(
      `('person' & 'data') | 'sofd':*`,
    );
    expect(
      matchAlternatives(
        `('leverandoerstyring':* | ('leverando' & 'styring') | 'leverando':*) | ('styring' & 'leverando' | 'leverandoersamarbejd' | 'suppli' & 'management' | 'suppli' & 'relationship' & 'management')`,
      ),
    ).toEqual([`'leverando':*`, `'suppli' & 'management'`]);
    // An and in another order is the same and; an and that holds another's words needs it.
    expect(matchAlternatives(`'b' & 'a' | 'a' & 'b' | 'a' <-> 'b' | 'x' & ('y' | 'z')`)).toEqual([
      `'b' & 'a'`,
      `'x' & ('y' | 'z')`,
    ]);
  });

  it('finds the same hits by the shortest alternatives as by the whole query', async () => {
    const query = `'kontrakt':* | ('kontraktopfoelgning' & 'nummer') | 'kontrakten' <-> 'gennemgaa' | 'noeglehaandtering'`;
    // As the search passes them: an array parameter of a prepared statement.
    const [row] = await preparedRead<{ same: boolean; n: number }>(
      t.db.orm.em.fork(),
      'test_alternatives',
      `select count(*)::int as n,
         bool_and((search_vector @@ $1::tsquery) = (search_vector @@ any($2::tsquery[]))) as same
       from knowledge_item`,
      [query, matchAlternatives(query)],
    );
    expect(matchAlternatives(query)).toEqual([`'kontrakt':*`, `'noeglehaandtering'`]);
    expect(row.n).toBeGreaterThan(30);
    expect(row.same).toBe(true);
  });
});
