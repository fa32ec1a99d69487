import type { EntityManager } from '@mikro-orm/postgresql';
import { CommandError } from '../common/command';

/** Size and seed of a generated network. */
export interface GenerateOptions {
  /** How many people. Each gets EVIDENCE_PER_PERSON evidence items. */
  people: number;
  /** The same seed gives the same network. */
  seed: number;
  /** Topics to draw specialties from (slugs); all topics when omitted. */
  topicSlugs?: string[];
}

/** Evidence items per generated person: 3 claims, 3 seats, 4 knowledge notes. */
export const EVIDENCE_PER_PERSON = 10;

/** What was generated, to check results against (the truth the evaluation scores with). */
export interface GeneratedNetwork {
  people: number;
  evidence: number;
  /** For each topic id, the generated people whose specialty it is, and how strong (2 expert, 1 working). */
  specialists: Map<string, Map<string, number>>;
}

/**
 * Generates a network on top of the seeded reference data (kommuner, topics), in bulk SQL:
 * deterministic pseudo-random numbers come from md5 of the seed and a row number, ids likewise,
 * so the same seed always gives the same network. Every person has a specialty topic (an expert
 * claim for a fifth of them, a working claim for the rest), a seat in a group on that topic, and
 * knowledge notes titled after it, plus claims, seats and notes on random other topics; so the
 * people who should rank first for a topic are known.
 */
export async function generateNetwork(
  em: EntityManager,
  options: GenerateOptions,
): Promise<GeneratedNetwork> {
  const connection = em.getConnection();
  const s = `g${options.seed}`;
  const rnd = (key: string) =>
    `(('x' || substr(md5('${s}:' || ${key}), 1, 8))::bit(32)::int & 2147483647)`;
  const uuid = (key: string) => `md5('${s}:' || ${key})::uuid`;
  await em.transactional(async (tx) => {
    const run = (sql: string, params: unknown[] = []) =>
      tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    // The expert index is built once at the end rather than refreshed by every bulk statement.
    await run(`set local erfaringsnet.expert_evidence = 'deferred'`);
    await run(
      `create temporary table gen_topics on commit drop as
      select row_number() over (order by slug) - 1 as n, id, label_da, label_en from topic
      where ?::text[] is null or slug = any(?::text[])`,
      [
        options.topicSlugs ? `{${options.topicSlugs.join(',')}}` : null,
        options.topicSlugs ? `{${options.topicSlugs.join(',')}}` : null,
      ],
    );
    await run(`create temporary table gen_kommuner on commit drop as
      select row_number() over (order by code) - 1 as n, id from kommune`);
    await run(
      `create temporary table gen_people on commit drop as
      select i, ${uuid("'p' || i")} as id,
        (select id from gen_topics where n = ${rnd("'spec' || i")} % (select count(*) from gen_topics)) as topic_id,
        (${rnd("'level' || i")} % 5 = 0) as expert,
        (select id from gen_kommuner where n = ${rnd("'k' || i")} % (select count(*) from gen_kommuner)) as kommune_id
      from generate_series(1, ?) as i`,
      [options.people],
    );
    await run(`insert into person (id, name, title, open_to_questions, listed_as_expert, status, external_id)
      select id, 'Genereret Person ' || i, 'Konsulent', ${rnd("'open' || i")} % 3 = 0, true, 'ACTIVE', '${s}:' || i
      from gen_people`);
    await run(`insert into affiliation (id, person_id, kommune_id, title, valid_from)
      select ${uuid("'a' || i")}, id, kommune_id, 'Konsulent', make_date(2010 + ${rnd("'af' || i")} % 14, 1, 1) from gen_people`);
    // One group per topic and kommune-cluster: people of a specialty sit in their topic's groups.
    await run(
      `insert into "group" (id, slug, name, kind, valid_from)
      select ${uuid("'g' || t.n || '-' || c")}, '${s}-g-' || t.n || '-' || c,
        'Arbejdsgruppe om ' || lower(t.label_da) || ' ' || c, 'ARBEJDSGRUPPE', '2015-01-01'
      from gen_topics t, generate_series(0, greatest(0, ? / 400)) as c`,
      [options.people],
    );
    await run(
      `insert into group_topics (group_id, topic_id)
      select ${uuid("'g' || t.n || '-' || c")}, t.id from gen_topics t, generate_series(0, greatest(0, ? / 400)) as c`,
      [options.people],
    );
    const groupOf = (topicN: string, i: string) =>
      `${uuid(`'g' || ${topicN} || '-' || (${rnd(`'gc' || ${i}`)} % (greatest(0, ${options.people} / 400) + 1))`)}`;
    await run(`insert into membership (id, person_id, group_id, role, valid_from)
      select ${uuid("'m0-' || p.i")}, p.id, ${groupOf('t.n', 'p.i')},
        case when ${rnd("'role' || p.i")} % 10 = 0 then 'TOVHOLDER' else 'MEDLEM' end,
        make_date(2012 + ${rnd("'mf' || p.i")} % 12, 1, 1)
      from gen_people p join gen_topics t on t.id = p.topic_id`);
    await run(`insert into membership (id, person_id, group_id, role, valid_from, valid_to)
      select ${uuid("'m' || k || '-' || p.i")}, p.id, ${groupOf('t.n', "p.i || '-' || k")}, 'MEDLEM',
        make_date(2012 + ${rnd("'mf' || k || p.i")} % 6, 1, 1), make_date(2019 + ${rnd("'mt' || k || p.i")} % 6, 1, 1)
      from gen_people p cross join generate_series(1, 2) as k
      join gen_topics t on t.n = ${rnd("'mt' || k || '-' || p.i")} % (select count(*) from gen_topics)
      on conflict do nothing`);
    await run(`insert into experience_claim (id, person_id, topic_id, level, narrative, confirmed_on)
      select ${uuid("'c0-' || p.i")}, p.id, p.topic_id, case when p.expert then 'EXPERT' else 'WORKING' end,
        'Har arbejdet med ' || lower(t.label_da) || ' i flere år.', current_date
      from gen_people p join gen_topics t on t.id = p.topic_id`);
    await run(`insert into experience_claim (id, person_id, topic_id, level, narrative)
      select ${uuid("'c' || k || '-' || p.i")}, p.id, t.id, 'BASIC', 'Kender lidt til ' || lower(t.label_da) || '.'
      from gen_people p cross join generate_series(1, 2) as k
      join gen_topics t on t.n = ${rnd("'ct' || k || '-' || p.i")} % (select count(*) from gen_topics)
      where t.id <> p.topic_id`);
    await run(`insert into knowledge_item (id, kind, title, body, occurred_on)
      select ${uuid("'n' || k || '-' || p.i")}, case when k = 0 then 'LESSON' else 'NOTE' end,
        case when k = 0 then 'Erfaringer med ' || lower(ts.label_da) else 'Note om ' || lower(t.label_da) end,
        case when k = 0 then 'Hvad vi lærte om ' || lower(ts.label_da) || ' i kommunen.' else 'Et par ord om ' || lower(t.label_da) || '.' end,
        make_date(2016 + ${rnd("'nd' || k || p.i")} % 9, 1 + ${rnd("'nm' || k || p.i")} % 12, 1)
      from gen_people p cross join generate_series(0, 3) as k
      join gen_topics ts on ts.id = p.topic_id
      join gen_topics t on t.n = ${rnd("'nt' || k || '-' || p.i")} % (select count(*) from gen_topics)`);
    await run(`insert into knowledge_item_authors (knowledge_item_id, person_id)
      select ${uuid("'n' || k || '-' || p.i")}, p.id from gen_people p cross join generate_series(0, 3) as k`);
    await run(`insert into knowledge_item_topics (knowledge_item_id, topic_id)
      select ${uuid("'n0-' || p.i")}, p.topic_id from gen_people p`);
    await run(`select expert_evidence_rebuild()`);
    await run(
      `create table if not exists gen_specialists (person_id uuid, topic_id uuid, gain int)`,
    );
    await run(`delete from gen_specialists`);
    await run(
      `insert into gen_specialists select id, topic_id, case when expert then 2 else 1 end from gen_people`,
    );
  });
  const rows = (await connection.execute(
    `select person_id, topic_id, gain from gen_specialists`,
  )) as {
    person_id: string;
    topic_id: string;
    gain: number;
  }[];
  await connection.execute('drop table gen_specialists');
  const specialists = new Map<string, Map<string, number>>();
  for (const row of rows) {
    if (!specialists.has(row.topic_id)) specialists.set(row.topic_id, new Map());
    specialists.get(row.topic_id)?.set(row.person_id, row.gain);
  }
  return { people: options.people, evidence: options.people * EVIDENCE_PER_PERSON, specialists };
}

/**
 * Generates the network of `options` unless it is there already (`npm run seed -- --generated`):
 * its people carry the external id `g<seed>:<n>`, so a second run with the same size and seed
 * adds nothing. Another size for the same seed would collide with the one stored: refused.
 */
export async function generateNetworkOnce(
  em: EntityManager,
  options: GenerateOptions,
): Promise<{ created: boolean; evidence: number }> {
  const [{ count }] = await em
    .getConnection()
    .execute<{ count: number }[]>(
      `select count(*)::int as count from person where external_id like ?`,
      [`g${options.seed}:%`],
    );
  if (count === options.people) return { created: false, evidence: 0 };
  if (count > 0) {
    throw new CommandError(
      `A generated network of ${count} people (generator seed ${options.seed}) is already there: use another --generator-seed for one of ${options.people}`,
    );
  }
  const network = await generateNetwork(em, options);
  return { created: true, evidence: network.evidence };
}
