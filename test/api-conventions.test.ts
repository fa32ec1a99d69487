import { toGlobalId } from '../src/common/global-id';
import { useTestApi } from './support/api';
import {
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildTopic,
  gid,
} from './support/factories';

describe('API conventions', () => {
  const t = useTestApi();

  it('node(id) fetches any type by its global id, and answers null for unknown or malformed ids', async () => {
    const { em } = t;
    const person = await buildPerson(em, { name: 'Rasmus Frey' });
    const group = await buildGroup(em, { name: 'Styregruppen' });
    const seat = await buildMembership(em, group, person);
    const topic = await buildTopic(em, { labelDa: 'Governance' });
    const leaver = await buildPerson(em);
    await t.api.ok(
      `mutation ($id: ID!) { recordDeparture(input: { personId: $id, date: "2025-01-31", handovers: [] }) { person { id } } }`,
      { id: gid(leaver) },
    );
    const [departure] = await em.execute<{ id: string }[]>('select id from departure');
    const data = await t.api.ok(
      `query ($p: ID!, $g: ID!, $m: ID!, $t: ID!, $unknown: ID!, $departure: ID!) {
        p: node(id: $p) { __typename id ... on Person { name } }
        g: node(id: $g) { __typename ... on Group { name } }
        m: node(id: $m) { __typename ... on Membership { person { name } } }
        t: node(id: $t) { __typename ... on Topic { labelDa } }
        unknown: node(id: $unknown) { id }
        malformed: node(id: "xyz") { id }
        notANode: node(id: $departure) { id }
      }`,
      {
        p: gid(person),
        g: gid(group),
        m: gid(seat),
        t: gid(topic),
        unknown: toGlobalId('Person', '00000000-0000-4000-8000-000000000000'),
        // Stored, but not a type the API shows as a Node.
        departure: toGlobalId('Departure', departure.id),
      },
    );
    expect(data).toEqual({
      p: { __typename: 'Person', id: gid(person), name: 'Rasmus Frey' },
      g: { __typename: 'Group', name: 'Styregruppen' },
      m: { __typename: 'Membership', person: { name: 'Rasmus Frey' } },
      t: { __typename: 'Topic', labelDa: 'Governance' },
      unknown: null,
      malformed: null,
      notANode: null,
    });
    expect(gid(person)).not.toContain(person.id);
  });

  it('pages through a connection with first/after, and bounds first to 1–100', async () => {
    const { em } = t;
    for (let i = 0; i < 7; i += 1)
      await buildKommune(em, { code: `81${String(i).padStart(2, '0')}`, region: 'Region Paging' });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const data: any = await t.api.ok(
        `query ($after: String) { kommuner(region: "Region Paging", first: 3, after: $after) {
          totalCount edges { node { code } } pageInfo { hasNextPage hasPreviousPage endCursor }
        } }`,
        { after },
      );
      const connection = data.kommuner;
      expect(connection.totalCount).toBe(7);
      seen.push(...connection.edges.map((edge: { node: { code: string } }) => edge.node.code));
      expect(connection.pageInfo.hasPreviousPage).toBe(page > 0);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(['8100', '8101', '8102', '8103', '8104', '8105', '8106']);
    for (const first of [0, 101, -1]) {
      const error = await t.api.fail(
        `query ($first: Int) { kommuner(first: $first) { totalCount } }`,
        { first },
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const cursor = await t.api.fail(`{ kommuner(after: "garbage") { totalCount } }`);
    expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('masks unexpected errors and gives GraphQL mistakes their own codes', async () => {
    const syntax = await t.api.fail(`{ kommuner { `);
    expect(syntax.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknownField = await t.api.fail(`{ kommuner { nonsense } }`);
    expect(unknownField.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const wrongType = await t.api.fail(
      `query ($first: Int) { kommuner(first: $first) { totalCount } }`,
      { first: 'many' },
    );
    expect(wrongType.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
