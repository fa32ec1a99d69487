import { toGlobalId } from '../../common/global-id';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import pino from 'pino';
import { connect, migrate } from '../../db/orm';
import { useTestApi } from '../../../test/support/api';
import { buildPerson } from '../../../test/support/factories';
import { generateNetwork } from '../../seed/generate';
import { rebuildExpertEvidence, syncRankingFunctions } from './evidence-index';
import type { AskedTerm } from './experts.queries';
import {
  conceptTerms,
  jointConcepts,
  rankExperts,
  SHORTLIST,
  shortlistFor,
  tsqueryTerms,
} from './experts.service';
import { RANKING_FUNCTIONS } from './ranking';

/** Everything the expert index holds, in a stable order and without its row ids. */
async function snapshot(em: EntityManager) {
  const connection = em.getConnection();
  const evidence = await connection.execute(
    `select person_id, kind, subject_type, subject_id, subject_name, role, outcome, n, valid_from,
       valid_to, recency_from, detail, (select array_agg(t order by t) from unnest(topic_ids) t) as topics,
       search_vector::text as vector
     from expert_evidence order by person_id, kind, subject_id, role, valid_from, vector`,
  );
  const terms = await connection.execute(
    `select person_id, term, impact from expert_term order by person_id, term`,
  );
  return { evidence, terms };
}

describe('the expert index', () => {
  const t = useTestApi('seeded');
  const sql = (query: string, params: unknown[] = []) =>
    t.em.getConnection().execute(query, params);
  const one = async (query: string, params: unknown[] = []) =>
    ((await sql(query, params)) as Record<string, any>[])[0];

  it('is filled from the seeded network', async () => {
    const counts = await one(
      `select (select count(*)::int from expert_evidence) as evidence,
         (select count(*)::int from expert_term) as terms,
         (select count(*)::int from expert_evidence_source) as source`,
    );
    expect(counts.evidence).toBeGreaterThan(50);
    expect(counts.evidence).toBe(counts.source);
    expect(counts.terms).toBeGreaterThan(counts.evidence);
  });

  it('follows every kind of change in the same transaction, exactly as a rebuild would', async () => {
    const person = await one(`select id from person where name = 'Henrik Bojsen'`);
    const other = await one(`select id from person where name = 'Charlotte George'`);
    const topic = await one(`select id from topic where slug = 'logning'`);
    const group = await one(
      `select id, product_id from "group" where product_id is not null limit 1`,
    );

    // A claim, endorsed, then one of the person's claims withdrawn.
    await sql(
      `insert into experience_claim (id, person_id, topic_id, level, narrative, valid_from)
       values ('00000000-0000-4000-8000-000000000001', ?, ?, 'EXPERT', 'Logning af adgang til personoplysninger', '2020-01-01')`,
      [person.id, topic.id],
    );
    await sql(
      `insert into claim_endorsement (id, claim_id, endorser_id) values (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', ?)`,
      [other.id],
    );
    const endorsed = await one(
      `select n, role from expert_evidence where subject_id = '00000000-0000-4000-8000-000000000001'`,
    );
    expect(endorsed).toEqual({ n: 1, role: 'EXPERT' });
    await sql(
      `update experience_claim set withdrawn_at = now() where id = (
         select id from experience_claim where person_id = ? and id <> '00000000-0000-4000-8000-000000000001' limit 1)`,
      [other.id],
    );
    await sql(`update topic set aliases = aliases || '{revisionsspor}' where id = ?`, [topic.id]);

    // Seats: a new one, one ended, the group renamed and given a topic, its product a topic.
    await sql(
      `insert into membership (id, person_id, group_id, role, valid_from) values (gen_random_uuid(), ?, ?, 'TOVHOLDER', '2021-03-01')`,
      [other.id, group.id],
    );
    await sql(
      `update membership set valid_to = current_date where person_id = ? and valid_to is null and group_id <> ?`,
      [person.id, group.id],
    );
    await sql(`update "group" set name = name || ' (omdøbt)' where id = ?`, [group.id]);
    await sql(
      `insert into group_topics (group_id, topic_id) values (?, ?) on conflict do nothing`,
      [group.id, topic.id],
    );
    await sql(
      `insert into product_topics (product_id, topic_id) values (?, ?) on conflict do nothing`,
      [group.product_id, topic.id],
    );

    // A procurement with a participant; a requirement with an author and a usage; a note.
    await sql(
      `insert into procurement (id, title, year, procedure, status) values ('00000000-0000-4000-8000-000000000002', 'Udbud af logplatform', 2022, 'UDBUD', 'COMPLETED')`,
    );
    await sql(
      `insert into procurement_participant (id, procurement_id, person_id, role) values (gen_random_uuid(), '00000000-0000-4000-8000-000000000002', ?, 'PROJECT_LEAD')`,
      [person.id],
    );
    await sql(
      `insert into procurement_topics (procurement_id, topic_id) values ('00000000-0000-4000-8000-000000000002', ?)`,
      [topic.id],
    );
    await sql(
      `insert into requirement (id, title, text) values ('00000000-0000-4000-8000-000000000003', 'Logning af opslag', 'Systemet skal logge alle opslag')`,
    );
    await sql(
      `insert into requirement_authors (requirement_id, person_id) values ('00000000-0000-4000-8000-000000000003', ?)`,
      [other.id],
    );
    await sql(
      `insert into requirement_usage (id, requirement_id, procurement_id) values (gen_random_uuid(), '00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002')`,
    );
    await sql(
      `insert into knowledge_item (id, kind, title, body) values ('00000000-0000-4000-8000-000000000004', 'LESSON', 'Logning skal aftales tidligt', 'Aftal logformatet før kontrakten')`,
    );
    await sql(
      `insert into knowledge_item_authors (knowledge_item_id, person_id) values ('00000000-0000-4000-8000-000000000004', ?), ('00000000-0000-4000-8000-000000000004', ?)`,
      [person.id, other.id],
    );
    await sql(
      `delete from knowledge_item_authors where knowledge_item_id = '00000000-0000-4000-8000-000000000004' and person_id = ?`,
      [other.id],
    );
    await sql(
      `update procurement set status = 'CANCELLED' where id = '00000000-0000-4000-8000-000000000002'`,
    );

    const usage = await one(
      `select n from expert_evidence where subject_id = '00000000-0000-4000-8000-000000000003'`,
    );
    expect(usage.n).toBe(1);
    const note = await sql(
      `select person_id from expert_evidence where subject_id = '00000000-0000-4000-8000-000000000004'`,
    );
    expect(note).toEqual([{ person_id: person.id }]);
    const procurementTerm = await one(
      `select impact from expert_term where person_id = ? and term = 'logplatform'`,
      [person.id],
    );
    expect(procurementTerm.impact).toBeGreaterThan(0);

    const incremental = await snapshot(t.em);
    await rebuildExpertEvidence(t.em.fork());
    expect(await snapshot(t.em)).toEqual(incremental);
  });

  it('finds what was just written', async () => {
    const { rows } = await rankExperts(t.em.fork(), { query: 'logplatform' }, { first: 5 });
    const [henrik] = (await sql(`select id from person where name = 'Henrik Bojsen'`)) as {
      id: string;
    }[];
    expect(rows.map((row) => row.personId)).toEqual([henrik.id]);
    expect(rows[0].evidence.map((evidence) => evidence.kind)).toContain('PROCUREMENT');
  });

  it('keeps the database’s weights in step with ranking.ts', async () => {
    const bodies = (await sql(
      `select proname, prosrc from pg_proc where proname like 'expert_evidence_%' and prokind = 'f'`,
    )) as { proname: string; prosrc: string }[];
    for (const [name, { body }] of Object.entries(RANKING_FUNCTIONS)) {
      expect(bodies.find((row) => row.proname === name)?.prosrc.trim()).toBe(body);
    }
    const before = await snapshot(t.em);
    await sql(`create or replace function expert_evidence_weight(kind text, role text, outcome text, n int, valid_from date)
      returns float8 language sql stable as $$ select 1::float8 $$`);
    await sql(`select expert_term_rebuild()`);
    expect((await snapshot(t.em)).terms).not.toEqual(before.terms);
    expect(await syncRankingFunctions(t.em.fork())).toBe(true);
    expect(await snapshot(t.em)).toEqual(before);
    expect(await syncRankingFunctions(t.em.fork())).toBe(false);
  });

  it('writes new weights at a server’s start however long that takes, not within a request’s timeout', async () => {
    const before = await snapshot(t.em);
    await sql(`create or replace function expert_evidence_recency(kind text, recency_from date)
      returns float8 language sql stable as $$ select 1::float8 $$`);
    // A server whose statements may take 100 ms, starting while another holds the lock for 500.
    const server = await connect(t.db.url, undefined, { statementTimeoutMs: 100 });
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(`select pg_advisory_xact_lock(hashtext('erfaringsnet.ranking_functions'))`);
      const said: string[] = [];
      const logger = pino({ level: 'info' }, { write: (line: string) => void said.push(line) });
      const started = migrate(server, [syncRankingFunctions], logger);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await other.query('commit');
      expect(await started).toEqual([]);
      // Whoever runs the server learns why its start takes longer.
      expect(said.map((line) => JSON.parse(line).msg)).toEqual([
        expect.stringMatching(/weights changed: recomputing every person’s term impacts/),
        'expert term impacts recomputed',
      ]);
    } finally {
      await other.end();
      await server.close();
    }
    expect(await snapshot(t.em)).toEqual(before);
  });

  it('weighs evidence in float8, inlined into the query, never in numeric', async () => {
    // A decimal literal is a `numeric`, and `power` on `numeric` cost 12–17 µs a row: about a
    // fifth of an expert search's time in PostgreSQL. Inlined, the functions show in the plan.
    const plan = (await sql(
      `explain (verbose, costs off) select expert_evidence_weight(kind, role, outcome, n, valid_from),
         expert_evidence_recency(kind, recency_from) from expert_evidence`,
    )) as { 'QUERY PLAN': string }[];
    const output = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(output).toMatch(/power\(/);
    expect(output).not.toMatch(/expert_evidence_(weight|recency)\(/);
    expect(output).not.toMatch(/numeric/);
    const [sample] = (await sql(
      `select expert_evidence_recency('CLAIM', current_date - 1826) as five_years,
         expert_evidence_recency('KNOWLEDGE', current_date - 1826) as note,
         expert_evidence_weight('MEMBERSHIP', 'TOVHOLDER', null, 0, current_date - 3653) as tenure`,
    )) as { five_years: number; note: number; tenure: number }[];
    expect(sample.five_years).toBeCloseTo(0.5, 3);
    expect(sample.note).toBeCloseTo(Math.SQRT1_2, 3);
    expect(sample.tenure).toBeCloseTo(3 * 1.5, 6);
  });
});

describe('ranking the strongest candidates per term', () => {
  const t = useTestApi('seeded');

  it('gives the same top ten as weighing everyone, and says when it counted only those weighed', async () => {
    await generateNetwork(t.em.fork(), { people: 2000, seed: 7 });
    let cut = 0;
    for (const query of ['leverandørstyring', 'governance', 'to-faktor', 'logning', 'udbud']) {
      const everyone = await rankExperts(
        t.em.fork(),
        { query },
        { first: 10 },
        { candidatesPerTerm: 1_000_000, shortlist: 1_000_000 },
      );
      const strongest = await rankExperts(
        t.em.fork(),
        { query },
        { first: 10 },
        { candidatesPerTerm: 40, shortlist: 60 },
      );
      // Sums in another order may differ in the last bit.
      const ranking = (rows: { personId: string; score: number }[]) =>
        rows.map((row) => `${row.personId} ${row.score.toFixed(9)}`);
      expect(ranking(strongest.rows)).toEqual(ranking(everyone.rows));
      expect(strongest.rows).toHaveLength(10);
      expect(strongest.total).toBeLessThanOrEqual(everyone.total);
      // A count of the shortlist says so whenever more people have evidence.
      expect(everyone.totalIsLowerBound).toBe(false);
      expect(strongest.totalIsLowerBound).toBe(strongest.total < everyone.total);
      if (strongest.totalIsLowerBound) cut += 1;
    }
    expect(cut).toBeGreaterThan(0);

    // Through the API: every page ranks the same people, so paging neither repeats nor skips
    // anyone, and the count of those ranked says it is a lower bound.
    const EXPERTS = `query ($after: String) { experts(query: "governance", first: 30, after: $after) {
      totalCount totalCountIsLowerBound pageInfo { hasNextPage endCursor } edges { node { person { id } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    const counts = new Set<string>();
    for (let pages = 0; pages < 20; pages += 1) {
      const { experts }: { experts: any } = await t.api.ok(EXPERTS, { after });
      seen.push(...experts.edges.map((edge: any) => edge.node.person.id));
      counts.add(`${experts.totalCount} ${experts.totalCountIsLowerBound}`);
      if (!experts.pageInfo.hasNextPage) break;
      after = experts.pageInfo.endCursor;
    }
    const governance = await rankExperts(t.em.fork(), { query: 'governance' }, { first: 100 });
    expect([...counts]).toEqual([`${governance.total} true`]);
    expect(seen).toEqual(governance.rows.map((row) => toGlobalId('Person', row.personId)));
    expect(seen.length).toBe(governance.total);
  });
});

describe('the shortlist of the expert search', () => {
  const t = useTestApi('seeded');
  const sql = (query: string, params: unknown[] = []) =>
    t.em.getConnection().execute(query, params);

  it('counts a concept once per person, however many forms of its word one item holds', async () => {
    // One note that names a word in five forms (each its own term of `expert_term`, all found by
    // the query's prefix), against three notes that each name it once. Summed term by term, the
    // one note outweighed the three and took a shortlist of one; weighed, the three rank first.
    const [repeater, author] = [await buildPerson(t.em), await buildPerson(t.em)];
    const note = async (title: string, person: string) => {
      const [{ id }] = (await sql(
        `insert into knowledge_item (id, kind, title, body) values (gen_random_uuid(), 'LESSON', ?, 'Erfaringer fra kommunen') returning id`,
        [title],
      )) as { id: string }[];
      await sql(`insert into knowledge_item_authors (knowledge_item_id, person_id) values (?, ?)`, [
        id,
        person,
      ]);
    };
    await note(
      'Zylofoni: zylofonimodel, zylofoniprincip, zylofoninorm og zylofonistandard',
      repeater.id,
    );
    for (const title of ['Zylofoni i praksis', 'Zylofoni i drift', 'Zylofoni i udbud']) {
      await note(title, author.id);
    }
    const everyone = await rankExperts(
      t.em.fork(),
      { query: 'zylofoni' },
      { first: 10 },
      { candidatesPerTerm: 1_000_000, shortlist: 1_000_000 },
    );
    expect(everyone.rows.map((row) => row.personId)).toEqual([author.id, repeater.id]);
    const [term] = (await sql(
      `select count(*)::int as terms from expert_term where person_id = ? and term like 'zylofoni%'`,
      [repeater.id],
    )) as { terms: number }[];
    expect(term.terms).toBe(5);

    const shortlisted = await rankExperts(
      t.em.fork(),
      { query: 'zylofoni' },
      { first: 10 },
      { candidatesPerTerm: 10, shortlist: 1 },
    );
    expect(shortlisted.rows.map((row) => row.personId)).toEqual([author.id]);
    expect(shortlisted.totalIsLowerBound).toBe(true);
  });
});

describe('tsqueryTerms', () => {
  it('lists the whole words and the prefixes of a query', () => {
    expect(tsqueryTerms(`('leverando':* | 'styring') & ('it''s' | 'os2' & 'faktor')`)).toEqual({
      words: ['styring', "it's", 'os2', 'faktor'],
      prefixes: ['leverando'],
    });
    expect(tsqueryTerms('')).toEqual({ words: [], prefixes: [] });
  });
});

describe('the concepts of a query', () => {
  const term = (ord: number, overrides: Partial<AskedTerm>): AskedTerm => ({
    ord,
    kind: 'WORD',
    label: '',
    id: null,
    query: null,
    exact: null,
    words: [ord],
    share: 1,
    ...overrides,
  });
  const topic = '00000000-0000-4000-8000-00000000000a';
  const product = '00000000-0000-4000-8000-00000000000b';
  const asked = [
    term(0, { query: `'leverando':* | 'leverandoer' | 'suppli'` }),
    term(1, { query: `'styring' | 'management'` }),
    term(2, { kind: 'TOPIC', id: topic, query: `'leverandoer' <-> 'styring'`, words: [0, 1] }),
    term(3, { kind: 'PRODUCT', id: product, words: [0, 1] }),
  ];

  it('gives each term of expert_term the asked terms it stands for, once each', () => {
    const tsquery = `'leverando':* | 'leverandoer' | 'suppli' | 'styring' | 'management' | 'extra'`;
    expect(
      conceptTerms(asked, tsquery, [topic, 'c0ffee00-0000-4000-8000-000000000000'], [product]),
    ).toEqual([
      { term: 'leverandoer', prefix: false, concept: 0 },
      { term: 'suppli', prefix: false, concept: 0 },
      { term: 'leverando', prefix: true, concept: 0 },
      { term: 'styring', prefix: false, concept: 1 },
      { term: 'management', prefix: false, concept: 1 },
      { term: 'leverandoer', prefix: false, concept: 2 },
      { term: 'styring', prefix: false, concept: 2 },
      { term: `topic:${topic}`, prefix: false, concept: 2 },
      { term: `product:${product}`, prefix: false, concept: 3 },
      // Held by no asked term: each a concept of its own.
      { term: 'extra', prefix: false, concept: 4 },
      { term: 'topic:c0ffee00-0000-4000-8000-000000000000', prefix: false, concept: 5 },
    ]);
  });

  it('makes the words count only together where a topic or product covers them all', () => {
    expect(jointConcepts(asked, 2)).toEqual([0, 1]);
    expect(jointConcepts(asked, 1)).toEqual([]);
    // A word whose synonym covers both words of the query counts on its own.
    expect(jointConcepts([asked[0], term(1, { words: [0, 1] })], 2)).toEqual([0]);
  });

  it('weighs a shortlist for each topic or product named, up to three', () => {
    expect(shortlistFor([asked[0], asked[1]])).toBe(SHORTLIST);
    expect(shortlistFor(asked)).toBe(2 * SHORTLIST);
    const topics = [1, 2, 3, 4].map((ord) => term(ord, { kind: 'TOPIC', id: topic }));
    expect(shortlistFor(topics)).toBe(3 * SHORTLIST);
  });
});
