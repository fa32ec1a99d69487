import type { EntityManager } from '@mikro-orm/postgresql';
import { TEST_ADMIN, useTestApi } from '../../../test/support/api';
import { createTestDatabase } from '../../../test/support/databases';
import {
  buildGroup,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { toGlobalId } from '../../common/global-id';
import { AUDITED_TABLES } from '../../migrations/Migration20261125100000Audit';
import { openAuditEvent, scrubPersonFromAudit } from './audit.service';

const t = useTestApi();

const EVENTS = `query ($filter: AuditFilter, $first: Int) {
  auditEvents(filter: $filter, first: $first) {
    totalCount
    edges { node {
      id action occurredAt arguments
      actor { subject role person { name } }
      changes { table operation entityType entityId before after }
    } }
  }
}`;

interface AuditEventNode {
  id: string;
  action: string;
  occurredAt: string;
  arguments: Record<string, any> | null;
  actor: { subject: string; role: string; person: { name: string } | null };
  changes: {
    table: string;
    operation: string;
    entityType: string | null;
    entityId: string | null;
    before: Record<string, any> | null;
    after: Record<string, any> | null;
  }[];
}

async function events(filter: Record<string, unknown>, first = 100): Promise<AuditEventNode[]> {
  const data = await t.api.ok(EVENTS, { filter, first });
  return data.auditEvents.edges.map((edge: { node: AuditEventNode }) => edge.node);
}

async function count(em: EntityManager, table: 'audit_event' | 'audit_change') {
  const [{ n }] = await em.execute<{ n: string }[]>(`select count(*) as n from ${table}`);
  return Number(n);
}

const UPDATE_TOPIC = `mutation ($id: ID!, $input: UpdateTopicInput!) { updateTopic(id: $id, input: $input) { labelDa } }`;
const CREATE_TOPIC = `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { id } }`;
const UPDATE_PRODUCT = `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { slug } }`;
const CREATE_KOMMUNE = `mutation ($input: CreateKommuneInput!) { createKommune(input: $input) { id } }`;

describe('audit', () => {
  it('records one event per mutation: the caller, the arguments, and each row before and after', async () => {
    const topic = await buildTopic(t.em, { labelDa: 'Gammelt navn' });
    const before = await count(t.em, 'audit_event');
    await t.api.ok(UPDATE_TOPIC, { id: gid(topic), input: { labelDa: 'Nyt navn' } });
    expect(await count(t.em, 'audit_event')).toBe(before + 1);

    const [event] = await events({ entityId: gid(topic) });
    expect(event).toMatchObject({
      action: 'updateTopic',
      arguments: { id: gid(topic), input: { labelDa: 'Nyt navn' } },
      actor: { subject: TEST_ADMIN.subject, role: 'admin', person: null },
      changes: [
        {
          table: 'topic',
          operation: 'UPDATE',
          entityType: 'Topic',
          entityId: gid(topic),
          before: { label_da: 'Gammelt navn' },
          after: { label_da: 'Nyt navn' },
        },
      ],
    });
    // Only what changed; not the timestamp every update moves, nor the derived search vector.
    expect(Object.keys(event.changes[0].after!)).toEqual(['label_da']);
    expect(Date.now() - Date.parse(event.occurredAt)).toBeLessThan(60_000);
  });

  it('records an insert whole, with the ID of what was created', async () => {
    const { createTopic } = await t.api.ok(CREATE_TOPIC, {
      input: { slug: 'audit-indsat', kind: 'DOMAIN', labelDa: 'Indsat', labelEn: 'Inserted' },
    });
    const [event] = await events({ entityId: createTopic.id });
    expect(event.action).toBe('createTopic');
    expect(event.changes).toEqual([
      expect.objectContaining({
        table: 'topic',
        operation: 'INSERT',
        entityId: createTopic.id,
        before: null,
        after: expect.objectContaining({ slug: 'audit-indsat', label_da: 'Indsat' }),
      }),
    ]);
    expect(event.changes[0].after).not.toHaveProperty('search_vector');
  });

  it('leaves no event behind when the mutation fails', async () => {
    const topic = await buildTopic(t.em);
    const [events0, changes0] = [
      await count(t.em, 'audit_event'),
      await count(t.em, 'audit_change'),
    ];
    const taken = await t.api.fail(CREATE_TOPIC, {
      input: { slug: topic.slug, kind: 'DOMAIN', labelDa: 'K', labelEn: 'K' },
    });
    expect(taken.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await count(t.em, 'audit_event')).toBe(events0);
    expect(await count(t.em, 'audit_change')).toBe(changes0);
  });

  it('finds a change to a link table under both things it links', async () => {
    const topic = await buildTopic(t.em);
    const product = await buildProduct(t.em);
    await t.api.ok(UPDATE_PRODUCT, {
      id: gid(product),
      input: { summary: 'Med emne', topicIds: [gid(topic)] },
    });
    const [byTopic] = await events({ entityId: gid(topic) });
    const [byProduct] = await events({ entityId: gid(product) });
    expect(byTopic.id).toBe(byProduct.id);
    expect(byTopic.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'product', operation: 'UPDATE', entityId: gid(product) }),
        {
          table: 'product_topics',
          operation: 'INSERT',
          entityType: null,
          entityId: null,
          before: null,
          after: { product_id: product.id, topic_id: topic.id },
        },
      ]),
    );

    const { createGroup } = await t.api.ok(
      `mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }`,
      {
        input: {
          slug: 'audit-gruppe',
          name: 'Auditgruppe',
          kind: 'NETVAERK',
          validFrom: '2024-01-01',
          topicIds: [gid(topic)],
        },
      },
    );
    const topicHistory = await events({ entityId: gid(topic) });
    expect(topicHistory.map((event) => event.action)).toEqual(['createGroup', 'updateProduct']);
    expect(topicHistory[0].changes.map((change) => change.table).sort()).toEqual([
      'group',
      'group_topics',
    ]);
    expect(topicHistory[0].changes.find((c) => c.table === 'group')?.entityId).toBe(createGroup.id);
  });

  it('filters by who did it, by action and by period', async () => {
    const person = await buildPerson(t.em, { name: 'Anne Auditor' });
    const anne = t.api.as({ subject: 'anne', role: 'admin', personId: person.id });
    const start = new Date(Date.now() - 1000).toISOString();
    await anne.ok(CREATE_KOMMUNE, {
      input: {
        code: '0998',
        name: 'Auditkommune',
        officialName: 'Auditkommune Kommune',
        region: 'Region Audit',
        regionCode: '1099',
      },
    });
    const topic = await buildTopic(t.em);
    await anne.ok(UPDATE_TOPIC, { id: gid(topic), input: { labelEn: 'Audited' } });

    const byAnne = await events({ personId: gid(person) });
    expect(byAnne.map((event) => event.action)).toEqual(['updateTopic', 'createKommune']);
    expect(byAnne[0].actor).toEqual({
      subject: 'anne',
      role: 'admin',
      person: { name: 'Anne Auditor' },
    });

    const kommuner = await events({ personId: gid(person), action: 'createKommune' });
    expect(kommuner).toHaveLength(1);
    expect(kommuner[0].changes[0]).toMatchObject({ table: 'kommune', entityType: 'Kommune' });

    const between = byAnne.map((event) => event.occurredAt).sort();
    const inPeriod = await events({ personId: gid(person), from: start, to: between[1] });
    expect(inPeriod.map((event) => event.action)).toEqual(['createKommune']);
    const from = await events({ personId: gid(person), from: between[1] });
    expect(from.map((event) => event.action)).toEqual(['updateTopic']);
    expect(await events({ personId: gid(person), to: start })).toEqual([]);

    const page = await t.api.ok(EVENTS, { filter: { personId: gid(person) }, first: 1 });
    expect(page.auditEvents.totalCount).toBe(2);
    expect(page.auditEvents.edges).toHaveLength(1);
  });

  it('refuses a malformed ID and a period that ends before it starts', async () => {
    const bad = async (filter: Record<string, unknown>) =>
      (await t.api.fail(EVENTS, { filter })).extensions;
    expect(await bad({ entityId: 'nonsense' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entityId',
    });
    const topic = await buildTopic(t.em);
    expect(await bad({ entityId: toGlobalId('Nonsense', topic.id) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entityId',
    });
    expect(await bad({ personId: gid(topic) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'personId',
    });
    expect(await bad({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'to',
    });
    expect(await bad({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'to',
    });
  });

  it('is for admins only, also through node(id)', async () => {
    const topic = await buildTopic(t.em);
    await t.api.ok(UPDATE_TOPIC, { id: gid(topic), input: { labelEn: 'Secret' } });
    const [event] = await events({ entityId: gid(topic) });
    const node = `query ($id: ID!) { node(id: $id) { ... on AuditEvent { action } } }`;
    expect(await t.api.ok(node, { id: event.id })).toEqual({ node: { action: 'updateTopic' } });

    const member = t.api.as({ subject: 'm', role: 'member' });
    const editor = t.api.as({ subject: 'e', role: 'editor', kommuneCode: '0101' });
    const anonymous = t.api.as(null);
    for (const caller of [member, editor]) {
      expect((await caller.fail(EVENTS, {})).extensions?.code).toBe('FORBIDDEN');
      expect((await caller.fail(node, { id: event.id })).extensions?.code).toBe('FORBIDDEN');
    }
    expect((await anonymous.fail(EVENTS, {})).extensions?.code).toBe('UNAUTHENTICATED');
    expect((await anonymous.fail(node, { id: event.id })).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('records nothing for writes outside a mutation: factories, seeds, bulk loads', async () => {
    const [events0, changes0] = [
      await count(t.em, 'audit_event'),
      await count(t.em, 'audit_change'),
    ];
    const group = await buildGroup(t.em);
    group.topics.add(await buildTopic(t.em));
    await t.em.flush();
    await t.em.execute(`update "group" set description = 'rå SQL' where id = ?`, [group.id]);
    expect(await count(t.em, 'audit_event')).toBe(events0);
    expect(await count(t.em, 'audit_change')).toBe(changes0);

    const seeded = await createTestDatabase('seeded');
    try {
      const em = seeded.orm.em.fork();
      const [{ people }] = await em.execute<{ people: string }[]>(
        `select count(*) as people from person`,
      );
      expect(Number(people)).toBeGreaterThan(0);
      expect(await count(em, 'audit_event')).toBe(0);
      expect(await count(em, 'audit_change')).toBe(0);
    } finally {
      await seeded.drop();
    }
  });

  it('sends one statement for the audit, however many rows the mutation changes', async () => {
    const product = await buildProduct(t.em);
    const topics = [];
    for (let i = 0; i < 10; i += 1) topics.push(await buildTopic(t.em));
    const statements: string[] = [];
    const knex = t.db.orm.em.getConnection().getKnex();
    const listen = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', listen);
    try {
      const run = async (topicIds: string[]) => {
        statements.length = 0;
        await t.api.ok(UPDATE_PRODUCT, { id: gid(product), input: { topicIds } });
        return [...statements];
      };
      const one = await run([gid(topics[0])]);
      const ten = await run(topics.map(gid));
      for (const sent of [one, ten]) {
        expect(sent.filter((sql) => /audit/.test(sql))).toHaveLength(1);
      }
      expect(ten.length).toBe(one.length);
    } finally {
      knex.off('query', listen);
    }
    const [latest] = await events({ entityId: gid(product) });
    // MikroORM rewrites a replaced collection: the audit shows what it really did.
    const links = latest.changes.filter((change) => change.table === 'product_topics');
    expect(links.filter((change) => change.operation === 'DELETE')).toHaveLength(1);
    expect(links.filter((change) => change.operation === 'INSERT')).toHaveLength(10);
  });
  it('lists events with their changes and actors in the same few statements for 2 events or 20', async () => {
    const person = await buildPerson(t.em);
    const caller = t.api.as({ subject: 'bulk', role: 'admin', personId: person.id });
    for (let i = 0; i < 20; i += 1) {
      const topic = await buildTopic(t.em);
      await caller.ok(UPDATE_TOPIC, { id: gid(topic), input: { labelEn: `Bulk ${i}` } });
    }
    const statementsFor = async (first: number) => {
      t.api.resetStatements();
      expect(await events({ personId: gid(person) }, first)).toHaveLength(first);
      return t.api.statements();
    };
    const two = await statementsFor(2);
    expect(await statementsFor(20)).toBe(two);
    expect(two).toBeLessThanOrEqual(4);
  });
});

describe('audit triggers', () => {
  /** Runs `work` as the body of a mutation would, in a transaction with an open audit event. */
  async function asMutation(
    action: string,
    args: Record<string, unknown>,
    work: (em: EntityManager) => Promise<unknown>,
  ) {
    await t.em.transactional(async (em) => {
      await openAuditEvent(em as EntityManager, action, TEST_ADMIN, args);
      await work(em as EntityManager);
    });
  }

  async function changesOf(action: string) {
    return t.em.execute<{ table_name: string; operation: string; before: any; after: any }[]>(
      `select c.table_name, c.operation, c.before, c.after from audit_change c
       join audit_event e on e.id = c.event_id where e.action = ? order by c.id`,
      [action],
    );
  }

  it('watch every table but the derived ones', async () => {
    const rows = await t.em.execute<{ table_name: string; audited: boolean }[]>(
      `select c.relname as table_name,
              exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = c.relname || '_audit') as audited
       from pg_class c where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace`,
    );
    const derived = [
      'search_lexeme',
      'search_outbox',
      'search_outbox_config',
      // What changed in the search vocabulary, for the processes' query analyses (derived).
      'search_vocabulary_change',
      'expert_evidence',
      'expert_term',
      'mikro_orm_migrations',
      'audit_event',
      'audit_change',
      // The seed's memory of what it created: written only by `npm run seed`, never audited.
      'seed_record',
      // Erasure tombstones: an audit row would tie each keyed hash to the erased person's row.
      'erased_person_key',
      // Operational state of the server processes, not the network: rate-limit counters and the
      // read-your-writes fences of replica routing (both unlogged, both rewritten per request).
      'rate_limit',
      'replica_read_fence',
    ];
    const audited = rows.filter((row) => row.audited).map((row) => row.table_name);
    const unaudited = rows.filter((row) => !row.audited).map((row) => row.table_name);
    expect(audited.sort()).toEqual([...AUDITED_TABLES].sort());
    expect(unaudited.sort()).toEqual(derived.sort());
  });

  it('record raw SQL and cascades, and skip updates that change nothing', async () => {
    const group = await buildGroup(t.em);
    const topic = await buildTopic(t.em);
    group.topics.add(topic);
    await t.em.flush();
    await asMutation('rawSql', {}, async (em) => {
      await em.execute(`update "group" set name = name where id = ?`, [group.id]);
      await em.execute(`update "group" set updated_at = now() + interval '1 day' where id = ?`, [
        group.id,
      ]);
      await em.execute(`delete from "group" where id = ?`, [group.id]);
    });
    const changes = await changesOf('rawSql');
    // Nothing for the update that changed nothing, nor for the one that only moved updated_at.
    expect(changes).toHaveLength(2);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          table_name: 'group_topics',
          operation: 'DELETE',
          before: { group_id: group.id, topic_id: topic.id },
          after: null,
        }),
        expect.objectContaining({
          table_name: 'group',
          operation: 'DELETE',
          before: expect.objectContaining({ id: group.id, name: group.name }),
        }),
      ]),
    );
    const [{ refs }] = await t.em.execute<{ refs: string[] }[]>(
      `select refs from audit_change where table_name = 'group_topics' and row_id is null
       and refs @> array[?::uuid]`,
      [topic.id],
    );
    expect([...refs].sort()).toEqual([group.id, topic.id].sort());
  });

  it('keep no secrets from the arguments', async () => {
    await asMutation(
      'rotate',
      { input: { token: 'abc', keys: [{ clientSecret: 's', name: 'n' }] } },
      () => Promise.resolve(),
    );
    const [{ args }] = await t.em.execute<{ args: any }[]>(
      `select arguments as args from audit_event where action = 'rotate'`,
    );
    expect(args).toEqual({
      input: { token: '[redacted]', keys: [{ clientSecret: '[redacted]', name: 'n' }] },
    });
  });

  it('can scrub a person’s personal data from the audit, for erasure', async () => {
    const person = await buildPerson(t.em, { name: 'Rasmus Frey', email: 'rf@aarhus.dk' });
    const group = await buildGroup(t.em);
    const personal = { name: 'Rasmus Frey', email: 'rf@aarhus.dk', phone: '+45 12345678' };
    await asMutation(
      'updatePerson',
      { id: gid(person), input: { phone: personal.phone, bio: 'Kender Rasmus Frey godt' } },
      (em) =>
        em.execute(`update person set phone = ?, bio = ? where id = ?`, [
          personal.phone,
          'Kender Rasmus Frey godt',
          person.id,
        ]),
    );
    await asMutation(
      'addMembership',
      { input: { personId: gid(person), note: ['Rasmus Frey', { by: 'rf@aarhus.dk' }] } },
      (em) =>
        em.execute(
          `insert into membership (id, person_id, group_id, role, valid_from, note)
           values (gen_random_uuid(), ?, ?, 'MEDLEM', '2024-01-01', 'Rasmus Frey')`,
          [person.id, group.id],
        ),
    );
    const pseudonym = {
      name: 'Tidligere medarbejder, Aarhus',
      email: null,
      phone: null,
      bio: null,
    };
    await asMutation('erasePerson', { id: gid(person) }, async (em) => {
      await em.execute(
        `update person set name = ?, email = null, phone = null, bio = null where id = ?`,
        [pseudonym.name, person.id],
      );
      await scrubPersonFromAudit(em, person.id, { person: pseudonym });
    });

    const [{ leaks }] = await t.em.execute<{ leaks: string }[]>(
      `select count(*) as leaks from audit_event e
       where e.arguments::text ~ ? or exists (select 1 from audit_change c
         where c.event_id = e.id and (c.before::text ~ ? or c.after::text ~ ?))`,
      Array(3).fill('Rasmus Frey|rf@aarhus\\.dk|12345678'),
    );
    expect(Number(leaks)).toBe(0);
    const erased = await changesOf('erasePerson');
    expect(erased).toEqual([
      expect.objectContaining({
        table_name: 'person',
        before: { name: pseudonym.name, email: null, phone: null, bio: null },
        after: pseudonym,
      }),
    ]);
    const [membership] = await changesOf('addMembership');
    expect(membership.after).toMatchObject({ person_id: person.id, note: pseudonym.name });
    const [{ args }] = await t.em.execute<{ args: any }[]>(
      `select arguments as args from audit_event where action = 'addMembership'`,
    );
    expect(args.input.note).toEqual([pseudonym.name, { by: null }]);
  });
});
