import { Person } from '../../src/modules/people/people.entity';
import { Topic } from '../../src/modules/topics/topics.entity';
import { generateNetwork } from '../../src/seed/generate';
import { toGlobalId } from '../../src/common/global-id';
import { useTestApi } from '../support/api';
import { mean, ndcgAt, reciprocalRank } from './metrics';
import { SEEDED_QUERIES } from './seeded-queries';
import { FAULT_CLASSES } from './issue-classes';

/** Floors under which the evaluation fails: a change that makes the ranking clearly worse. */
const FLOOR = {
  seeded: { mrr: 0.9, ndcg: 0.9 },
  generated: { mrr: 0.8, ndcg: 0.65 },
  /** Each class of issue 14's faults, on its own. */
  perClass: { mrr: 0.9, ndcg: 0.85 },
};

/** Topics of the generated network, with distinct labels to query by. */
const GENERATED_TOPICS = [
  'leverandoerstyring',
  'crowdfunding',
  'governance',
  'mfa',
  'integration',
  'udbud',
  'markedsdialog',
  'logning',
  'sla',
  'databehandleraftale',
  'migrering',
  'drupal',
  'active-directory',
  'rpa',
  'iot',
  'agil-udvikling',
  'projektledelse',
  'community-management',
  'open-source',
  'kontraktstyring',
];

describe('expert search evaluation', () => {
  const t = useTestApi('seeded');
  const results: { set: string; query: string; mrr: number; ndcg: number }[] = [];

  async function ranked(query: string): Promise<string[]> {
    const data = await t.api.ok(
      `query ($q: String!) { experts(query: $q, first: 10) { edges { node { person { id } } } } }`,
      { q: query },
    );
    return data.experts.edges.map((edge: any) => edge.node.person.id);
  }

  it('ranks the demo network’s people as the source documents say', async () => {
    const people = await t.em.find(Person, {});
    const idByName = new Map(
      people.map((person) => [person.name, toGlobalId('Person', person.id)]),
    );
    for (const { query, relevant } of SEEDED_QUERIES) {
      const gains = new Map(
        Object.entries(relevant).map(([name, gain]) => [idByName.get(name) as string, gain]),
      );
      expect([...gains.keys()].every(Boolean)).toBe(true);
      const list = await ranked(query);
      results.push({
        set: 'seeded',
        query,
        mrr: reciprocalRank(list, gains),
        ndcg: ndcgAt(10, list, gains),
      });
    }
    const seeded = results.filter((result) => result.set === 'seeded');
    expect(mean(seeded.map((r) => r.mrr))).toBeGreaterThanOrEqual(FLOOR.seeded.mrr);
    expect(mean(seeded.map((r) => r.ndcg))).toBeGreaterThanOrEqual(FLOOR.seeded.ndcg);
  });

  it.each(FAULT_CLASSES)(
    'class $name: ranks as labelled, and lists only people with evidence that says what it matched',
    async ({ name, queries, empty }) => {
      const people = await t.em.find(Person, {});
      const idByName = new Map(
        people.map((person) => [person.name, toGlobalId('Person', person.id)]),
      );
      for (const { query, relevant } of queries) {
        const gains = new Map(
          Object.entries(relevant).map(([person, gain]) => [idByName.get(person) as string, gain]),
        );
        const data = await t.api.ok(
          `query ($q: String!) { experts(query: $q, first: 100) { totalCount edges { node {
          score person { id } evidence { reason contribution } } } } }`,
          { q: query },
        );
        const hits = data.experts.edges.map((edge: any) => edge.node);
        // Every hit rests on evidence, and every piece of it says what of the query it matched.
        expect({ query, total: data.experts.totalCount }).toEqual({ query, total: hits.length });
        for (const hit of hits) {
          expect({ query, score: hit.score > 0, evidence: hit.evidence.length > 0 }).toEqual({
            query,
            score: true,
            evidence: true,
          });
          for (const evidence of hit.evidence) {
            expect(evidence.contribution).toBeGreaterThan(0);
            expect(evidence.reason).toMatch(/; matcher /);
          }
        }
        const list = hits.slice(0, 10).map((hit: any) => hit.person.id);
        results.push({
          set: `class ${name}`,
          query,
          mrr: reciprocalRank(list, gains),
          ndcg: ndcgAt(10, list, gains),
        });
      }
      for (const query of empty ?? []) {
        const data = await t.api.ok(
          `query ($q: String!) { experts(query: $q, first: 10) { totalCount } }`,
          { q: query },
        );
        expect({ query, total: data.experts.totalCount }).toEqual({ query, total: 0 });
      }
      const rows = results.filter((result) => result.set === `class ${name}`);
      expect(mean(rows.map((r) => r.mrr))).toBeGreaterThanOrEqual(FLOOR.perClass.mrr);
      expect(mean(rows.map((r) => r.ndcg))).toBeGreaterThanOrEqual(FLOOR.perClass.ndcg);
    },
  );

  it('finds the specialists of a generated network by label, English label, alias and typo', async () => {
    const generated = await generateNetwork(t.db.orm.em.fork(), {
      people: 600,
      seed: 42,
      topicSlugs: GENERATED_TOPICS,
    });
    const topics = await t.em.find(Topic, { slug: { $in: GENERATED_TOPICS } });
    for (const topic of topics) {
      const gains = new Map(
        [...(generated.specialists.get(topic.id) ?? new Map<string, number>())].map(
          ([id, gain]) => [toGlobalId('Person', id), gain],
        ),
      );
      const typo =
        topic.labelDa.length >= 6
          ? topic.labelDa.slice(0, 3) + topic.labelDa.slice(4)
          : topic.labelDa;
      const variants = [
        topic.labelDa,
        topic.labelEn,
        typo,
        topic.aliases.find((alias) => alias.toLowerCase() !== topic.labelDa.toLowerCase()),
      ];
      for (const query of new Set(
        variants.filter((variant): variant is string => Boolean(variant)),
      )) {
        const list = await ranked(query);
        results.push({
          set: 'generated',
          query,
          mrr: reciprocalRank(list, gains),
          ndcg: ndcgAt(10, list, gains),
        });
      }
    }
    const rows = results.filter((result) => result.set === 'generated');
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(mean(rows.map((r) => r.mrr))).toBeGreaterThanOrEqual(FLOOR.generated.mrr);
    expect(mean(rows.map((r) => r.ndcg))).toBeGreaterThanOrEqual(FLOOR.generated.ndcg);
  });

  afterAll(() => {
    const lines = ['Expert search evaluation (MRR, nDCG@10):'];
    for (const set of [...new Set(['seeded', ...results.map((result) => result.set)])]) {
      const rows = results.filter((result) => result.set === set);
      if (rows.length === 0) continue;
      lines.push(
        `  ${set}: ${rows.length} queries, MRR ${mean(rows.map((r) => r.mrr)).toFixed(3)}, nDCG@10 ${mean(rows.map((r) => r.ndcg)).toFixed(3)}`,
      );
      for (const row of rows.filter((r) => r.mrr < 1).slice(0, 8)) {
        lines.push(
          `    weaker: "${row.query}" MRR ${row.mrr.toFixed(2)} nDCG ${row.ndcg.toFixed(2)}`,
        );
      }
    }
    console.log(lines.join('\n'));
  });
});
