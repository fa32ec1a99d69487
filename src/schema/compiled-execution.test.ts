import * as jit from 'graphql-jit';
import { createTestApi, useTestApi, type TestApi } from '../../test/support/api';
import { GROUP, PERSON, PROFILE } from '../bench/queries';

// graphql-jit's own compiler, watched: which operations are compiled, and into what.
jest.mock('graphql-jit', () => {
  const actual = jest.requireActual<typeof jit>('graphql-jit');
  return { ...actual, compileQuery: jest.fn(actual.compileQuery) };
});

/**
 * The compiled executor answers as graphql-js does: the same data, errors (message, path,
 * locations, code) and null propagation, for the API's hot reads and for the shapes that differ
 * most between the two (interfaces, unions, fragments, aliases, arguments, variables, errors in
 * lists), as a member and anonymously, on the demo network.
 */
describe('compiled execution', () => {
  const t = useTestApi('seeded');
  let plain: TestApi;
  const compileQuery = jest.mocked(jit.compileQuery);

  beforeAll(async () => {
    plain = await createTestApi(t.db.orm, { compileAfter: Infinity });
  });

  const ids = async () => {
    const data = await t.api.ok<{
      people: { edges: { node: { id: string } }[] };
      groups: { edges: { node: { id: string } }[] };
    }>(`{ people(first: 3) { edges { node { id } } } groups(first: 3) { edges { node { id } } } }`);
    return {
      people: data.people.edges.map((edge) => edge.node.id),
      groups: data.groups.edges.map((edge) => edge.node.id),
    };
  };

  /** Runs `query` through both executors (twice compiled, so the second run is the cached one). */
  const same = async (
    query: string,
    variables?: Record<string, unknown>,
    as: 'member' | 'anonymous' = 'member',
  ) => {
    const pick = (api: TestApi) =>
      as === 'anonymous' ? api.as(null) : api.as({ subject: 'test-member', role: 'member' });
    const expected = await pick(plain).run(query, variables);
    const first = await pick(t.api).run(query, variables);
    const second = await pick(t.api).run(query, variables);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    return expected;
  };

  it('compiles queries, and answers them as graphql-js does', async () => {
    const { people, groups } = await ids();
    compileQuery.mockClear();
    for (const id of people) {
      const person = await same(PERSON, { id });
      expect(person.data?.person).not.toBeNull();
      await same(PROFILE, { id });
    }
    for (const id of groups) await same(GROUP, { id });
    // One compilation per document, each reused for the later runs.
    expect(compileQuery).toHaveBeenCalledTimes(3);
    for (const result of compileQuery.mock.results) {
      expect(jit.isCompiledQuery(result.value)).toBe(true);
    }
  });

  it('resolves interfaces and unions, fragments and aliases, as a member and anonymously', async () => {
    const { people, groups } = await ids();
    const experts = `experts(query: $q, first: 3) { edges { node { score person { name } evidence { kind reason } } } }`;
    const query = (more: string) => `query ($p: ID!, $g: ID!, $q: String!) {
      a: node(id: $p) { __typename id ... on Person { name } ...G }
      b: node(id: $g) { __typename ...G }
      search(query: $q, first: 5) {
        totalCount
        edges { node { score snippet node { __typename ... on Group { name } ... on Topic { labelDa } ... on Product { name } ... on Person { name } } } }
      }
      ${more}
    }
    fragment G on Group { name kind members { role person { name } } }`;
    const variables = { p: people[0], g: groups[0], q: 'rollekatalog' };
    const member = await same(query(experts), variables);
    expect(member.data?.a?.__typename).toBe('Person');
    expect(member.data?.experts.edges.length).toBeGreaterThan(0);
    // Anonymous callers may not read people: an error at `a`, and the rest answered.
    const anonymous = await same(query(''), variables, 'anonymous');
    expect(anonymous.data?.b?.__typename).toBe('Group');
    expect(anonymous.errors?.map((error) => error.path)).toEqual([['a']]);
    // A non-null root field that fails nulls the whole answer. (Which other errors are reported
    // with it then depends on timing in graphql-js, so it is compared alone.)
    await same(`query ($q: String!) { ${experts} }`, { q: 'rollekatalog' }, 'anonymous');
  });

  it('gives the same errors: bad arguments, unknown ids, bad variables, and fields that fail', async () => {
    const { people } = await ids();
    const cases: [string, Record<string, unknown>][] = [
      [`query ($id: ID!) { person(id: $id) { name } }`, { id: 'not-an-id' }],
      [`query ($id: ID!) { person(id: $id) { name } }`, { id: 42.5 }],
      [`query ($n: Int!) { people(first: $n) { totalCount } }`, { n: 1000 }],
      [`query ($q: String!) { search(query: $q) { totalCount } }`, { q: ' ' }],
      [
        `query ($id: ID!) { a: person(id: $id) { name } b: person(id: "xyz") { name } }`,
        { id: people[0] },
      ],
      [`query ($n: Int) { people(first: $n) { totalCount } }`, { n: 'many' }],
    ];
    for (const [query, variables] of cases) {
      const result = await same(query, variables);
      expect(result.errors?.length).toBeGreaterThan(0);
    }
  });

  it('never compiles a mutation', async () => {
    compileQuery.mockClear();
    const create = `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { labelDa } }`;
    for (const n of [1, 2]) {
      const input = { slug: `kompileret-${n}`, labelDa: `Emne ${n}`, labelEn: `Topic ${n}` };
      await t.api.ok(create, { input: { ...input, kind: 'DOMAIN' } });
    }
    expect(compileQuery).not.toHaveBeenCalled();
  });
});
