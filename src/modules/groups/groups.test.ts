import { useTestApi } from '../../../test/support/api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { Loaders } from '../../common/loaders';
import { Period } from '../../common/temporal';
import { Group, Membership, MembershipRole, SEAT_ORDER } from './groups.entity';

const t = useTestApi();

const CREATE_GROUP = `mutation ($input: CreateGroupInput!) {
  createGroup(input: $input) { id slug name kind validFrom validTo isCurrent product { slug } topics { slug } }
}`;
const ADD_MEMBER = `mutation ($input: AddMembershipInput!) {
  addMembership(input: $input) { id role validFrom validTo person { name } group { slug } representingKommune { code } }
}`;

async function rowCounts() {
  const [groups, memberships] = await Promise.all([
    t.em.fork().count(Group),
    t.em.fork().count(Membership),
  ]);
  return { groups, memberships };
}

describe('groups', () => {
  it('creates a group for a product with topics, and reads it back by id, slug and list', async () => {
    const product = await buildProduct(t.em, { slug: 'os2kravmotor', name: 'OS2kravmotor' });
    const topic = await buildTopic(t.em, { slug: 'nonfunktionelle-krav' });
    const { createGroup } = await t.api.ok(CREATE_GROUP, {
      input: {
        slug: 'os2kravmotor-kravredaktion',
        name: 'Kravredaktionen',
        kind: 'KRAVREDAKTION',
        productId: gid(product),
        topicIds: [gid(topic)],
        validFrom: '2015-01-01',
      },
    });
    expect(createGroup).toMatchObject({
      slug: 'os2kravmotor-kravredaktion',
      kind: 'KRAVREDAKTION',
      validTo: null,
      isCurrent: true,
      product: { slug: 'os2kravmotor' },
      topics: [{ slug: 'nonfunktionelle-krav' }],
    });
    const byId = await t.api.ok(`query ($id: ID!) { group(id: $id) { name } }`, {
      id: createGroup.id,
    });
    expect(byId.group.name).toBe('Kravredaktionen');
    const bySlug = await t.api.ok(`{ groupBySlug(slug: "os2kravmotor-kravredaktion") { id } }`);
    expect(bySlug.groupBySlug.id).toBe(createGroup.id);
    const list = await t.api.ok(
      `query ($p: ID) { groups(productId: $p, kind: KRAVREDAKTION) { totalCount edges { node { slug } } } }`,
      {
        p: gid(product),
      },
    );
    expect(list.groups.totalCount).toBe(1);
  });

  it('rejects bad input with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await rowCounts();
    const base = {
      slug: 'ok-slug',
      name: 'Gruppe',
      kind: 'ARBEJDSGRUPPE',
      validFrom: '2020-01-01',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: 'x'.repeat(201) }, 'name'],
      [{ ...base, slug: 'Not A Slug' }, 'slug'],
      [{ ...base, kind: 'KAFFEKLUB' }, 'kind'],
      [{ ...base, validFrom: '2020-02-30' }, 'validFrom'],
      [{ ...base, validTo: '2019-12-31' }, 'validTo'],
      [{ ...base, description: 'x'.repeat(20_001) }, 'description'],
      [{ ...base, productId: 'not-an-id' }, 'productId'],
    ];
    for (const [input, field] of cases) {
      const error = await t.api.fail(CREATE_GROUP, { input });
      expect({ field, code: error.extensions?.code, got: error.extensions?.field }).toEqual({
        field,
        code: 'BAD_USER_INPUT',
        got: field,
      });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('says NOT_FOUND for an unknown product and CONFLICT for a taken slug', async () => {
    const product = await buildProduct(t.em);
    t.em.remove(product);
    await t.em.flush();
    const missing = await t.api.fail(CREATE_GROUP, {
      input: {
        slug: 'g-missing',
        name: 'G',
        kind: 'STYREGRUPPE',
        validFrom: '2020-01-01',
        productId: gid(product),
      },
    });
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'productId' });

    await buildGroup(t.em, { slug: 'taken' });
    const taken = await t.api.fail(CREATE_GROUP, {
      input: { slug: 'taken', name: 'G', kind: 'STYREGRUPPE', validFrom: '2020-01-01' },
    });
    expect(taken.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
  });

  it('adds members, refuses the same person twice at the same time, and allows a later seat', async () => {
    const group = await buildGroup(t.em, { validFrom: '2018-01-01' });
    const person = await buildPerson(t.em, { name: 'Henrik Bojsen' });
    const syddjurs = await buildKommune(t.em, { code: '0706', name: 'Syddjurs' });
    const { addMembership } = await t.api.ok(ADD_MEMBER, {
      input: {
        groupId: gid(group),
        personId: gid(person),
        role: 'TOVHOLDER',
        representingKommuneId: gid(syddjurs),
        validFrom: '2018-03-01',
        validTo: '2021-01-01',
      },
    });
    expect(addMembership).toMatchObject({
      role: 'TOVHOLDER',
      person: { name: 'Henrik Bojsen' },
      representingKommune: { code: '0706' },
    });

    const before = await rowCounts();
    const twice = await t.api.fail(ADD_MEMBER, {
      input: { groupId: gid(group), personId: gid(person), validFrom: '2020-06-01' },
    });
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', field: 'personId' });
    expect(await rowCounts()).toEqual(before);

    const later = await t.api.ok(ADD_MEMBER, {
      input: { groupId: gid(group), personId: gid(person), validFrom: '2021-01-01' },
    });
    expect(later.addMembership.role).toBe('MEDLEM');
  });

  it('refuses a seat before the group was formed or after it was dissolved', async () => {
    const group = await buildGroup(t.em, { validFrom: '2019-01-01', validTo: '2022-01-01' });
    const person = await buildPerson(t.em);
    const early = await t.api.fail(ADD_MEMBER, {
      input: { groupId: gid(group), personId: gid(person), validFrom: '2018-01-01' },
    });
    expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validFrom' });
    const late = await t.api.fail(ADD_MEMBER, {
      input: { groupId: gid(group), personId: gid(person), validFrom: '2022-05-01' },
    });
    expect(late.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validFrom' });
  });

  it('changes a role from a date, keeping the old seat as history', async () => {
    const group = await buildGroup(t.em);
    const person = await buildPerson(t.em);
    const seat = await buildMembership(t.em, group, person, { validFrom: '2020-01-01' });
    const { changeMembershipRole } = await t.api.ok(
      `mutation ($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { role validFrom validTo } }`,
      { input: { membershipId: gid(seat), role: 'TOVHOLDER', from: '2022-01-01' } },
    );
    expect(changeMembershipRole).toEqual({
      role: 'TOVHOLDER',
      validFrom: '2022-01-01',
      validTo: null,
    });
    const history = await t.api.ok(
      `query ($id: ID!) { group(id: $id) {
        now: members { role }
        then: members(asOf: "2021-06-01") { role }
        all: members(period: ALL) { role validFrom validTo }
        formerMembers { role validTo }
      } }`,
      { id: gid(group) },
    );
    expect(history.group.now).toEqual([{ role: 'TOVHOLDER' }]);
    expect(history.group.then).toEqual([{ role: 'MEDLEM' }]);
    expect(history.group.all).toHaveLength(2);
    expect(history.group.formerMembers).toEqual([{ role: 'MEDLEM', validTo: '2022-01-01' }]);

    const same = await t.api.fail(
      `mutation ($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { role } }`,
      {
        input: {
          membershipId: changeMembershipRole && history ? gid(seat) : '',
          role: 'MEDLEM',
          from: '2022-02-01',
        },
      },
    );
    expect(same.extensions?.code).toBe('CONFLICT');
  });

  it('ends a membership once: a second end is a CONFLICT; an end before the start is refused', async () => {
    const group = await buildGroup(t.em);
    const person = await buildPerson(t.em);
    const seat = await buildMembership(t.em, group, person, { validFrom: '2020-01-01' });
    const END = `mutation ($input: EndInput!) { endMembership(input: $input) { validTo isCurrent } }`;
    const early = await t.api.fail(END, { input: { id: gid(seat), on: '2019-06-01' } });
    expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    const ended = await t.api.ok(END, {
      input: { id: gid(seat), on: '2023-05-01', note: 'Ny stilling' },
    });
    expect(ended.endMembership).toEqual({ validTo: '2023-05-01', isCurrent: false });
    const again = await t.api.fail(END, { input: { id: gid(seat), on: '2023-06-01' } });
    expect(again.extensions?.code).toBe('CONFLICT');
    const wrongType = await t.api.fail(END, { input: { id: gid(group), on: '2023-06-01' } });
    expect(wrongType.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('dissolving a group ends its open seats on the same day', async () => {
    const group = await buildGroup(t.em, { validFrom: '2019-01-01' });
    const a = await buildMembership(t.em, group, await buildPerson(t.em), {
      validFrom: '2019-01-01',
    });
    const b = await buildMembership(t.em, group, await buildPerson(t.em), {
      validFrom: '2019-01-01',
      validTo: '2020-01-01',
    });
    await t.api.ok(`mutation ($input: EndInput!) { endGroup(input: $input) { validTo } }`, {
      input: { id: gid(group), on: '2024-01-01' },
    });
    const fresh = t.em.fork();
    expect((await fresh.findOneOrFail(Membership, a.id)).validTo).toBe('2024-01-01');
    expect((await fresh.findOneOrFail(Membership, b.id)).validTo).toBe('2020-01-01');
    const groups = await t.api.ok(
      `query { current: groups { totalCount } past: groups(period: PAST) { totalCount } }`,
    );
    expect(groups.past.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('finds groups by kommune through members affiliated with it', async () => {
    const kommune = await buildKommune(t.em);
    const person = await buildPerson(t.em);
    await buildAffiliation(t.em, person, kommune, { validFrom: '2015-01-01' });
    const group = await buildGroup(t.em, { name: 'Koordinationsgruppen for OS2skoledata' });
    await buildMembership(t.em, group, person, { role: MembershipRole.KOORDINATOR });
    const result = await t.api.ok(
      `query ($k: ID!) { groups(kommuneId: $k) { edges { node { name } } } kommune(id: $k) { groups { totalCount } } }`,
      {
        k: gid(kommune),
      },
    );
    expect(result.groups.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      'Koordinationsgruppen for OS2skoledata',
    ]);
    expect(result.kommune.groups.totalCount).toBe(1);
  });

  it('updates a group and rejects clearing its name', async () => {
    const group = await buildGroup(t.em);
    const UPDATE = `mutation ($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { name description } }`;
    const updated = await t.api.ok(UPDATE, {
      id: gid(group),
      input: { name: ' Styregruppen ', description: 'Beslutter retning' },
    });
    expect(updated.updateGroup).toEqual({ name: 'Styregruppen', description: 'Beslutter retning' });
    const cleared = await t.api.fail(UPDATE, { id: gid(group), input: { name: null } });
    expect(cleared.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });
});

describe('the seats of a group read in two orders at once', () => {
  it('come in each order asked, whichever is asked first (one loader per order)', async () => {
    const group = await buildGroup(t.em, { validFrom: '2009-01-01' });
    // The seat that began first ended first: by start is not newest end first.
    const first = await buildMembership(t.em, group, await buildPerson(t.em), {
      validFrom: '2010-01-01',
      validTo: '2020-01-01',
    });
    const last = await buildMembership(t.em, group, await buildPerson(t.em), {
      validFrom: '2015-01-01',
      validTo: '2023-01-01',
    });
    const past = { period: Period.PAST };
    for (const startFirst of [true, false]) {
      const loaders = new Loaders(t.em.fork());
      const read = (orderBy: Record<string, 'asc' | 'desc'>) =>
        loaders.during(Membership, 'group', group.id, past, orderBy);
      // Asked in the same tick, as two fields of one query are; answered by start, then by end.
      const orders = [SEAT_ORDER, { validTo: 'desc' as const }];
      const pending = (startFirst ? orders : [...orders].reverse()).map(read);
      const [byStart, byEnd] = await Promise.all(startFirst ? pending : pending.reverse());
      expect(byStart.map((seat) => seat.id)).toEqual([first.id, last.id]);
      expect(byEnd.map((seat) => seat.id)).toEqual([last.id, first.id]);
    }
  });
});

describe('dissolving a group with seats planned after the date', () => {
  it('is a CONFLICT and changes nothing', async () => {
    const group = await buildGroup(t.em, { validFrom: '2019-01-01' });
    const seat = await buildMembership(t.em, group, await buildPerson(t.em), {
      validFrom: '2025-01-01',
    });
    const error = await t.api.fail(
      `mutation ($input: EndInput!) { endGroup(input: $input) { validTo } }`,
      {
        input: { id: gid(group), on: '2024-01-01' },
      },
    );
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', field: 'on' });
    const fresh = t.em.fork();
    expect((await fresh.findOneOrFail(Group, group.id)).validTo).toBeNull();
    expect((await fresh.findOneOrFail(Membership, seat.id)).validTo).toBeNull();
  });
});

describe('membership indexes', () => {
  /** The indexes PostgreSQL's plan for `sql` scans, planned without the parameter's value. */
  async function indexesOf(sql: string): Promise<string[]> {
    return t.em.fork().transactional(async (em) => {
      // Only index scans count here; on a small table the planner would rather read it all.
      await em.execute('set local enable_seqscan = off');
      const [row] = await em.execute<{ 'QUERY PLAN': unknown }[]>(
        `explain (generic_plan, format json) ${sql}`,
      );
      return [...JSON.stringify(row['QUERY PLAN']).matchAll(/"Index Name":"([^"]+)"/g)].map(
        (match) => match[1],
      );
    });
  }

  it('finds the seats of a group by an index led by group_id, even in a generic plan', async () => {
    const group = await buildGroup(t.em);
    for (let i = 0; i < 20; i += 1) {
      await buildMembership(t.em, group, await buildPerson(t.em));
    }
    await t.em.execute('analyze membership');
    const current = `valid_from <= current_date and (valid_to is null or valid_to > current_date)`;
    const [index] = await indexesOf(`select id from membership where group_id = $1 and ${current}`);
    // The exclusion constraint's index, if chosen, must lead with group_id, or it is read whole.
    const [{ definition }] = await t.em.execute<{ definition: string }[]>(
      `select pg_get_indexdef(?::regclass) as definition`,
      [index],
    );
    expect(definition).toMatch(/\(group_id(\)|,)/);
  });

  it('finds the seats of a person by the btree on person_id, never the exclusion index', async () => {
    // The exclusion index holds person_id too; PostgreSQL priced a lookup through it a shade
    // cheaper than the btree and then read all of it (43 ms at 100,000 people).
    const person = await buildPerson(t.em);
    for (let i = 0; i < 20; i += 1) {
      await buildMembership(
        t.em,
        await buildGroup(t.em),
        i === 0 ? person : await buildPerson(t.em),
      );
    }
    await t.em.execute('analyze membership');
    const current = `valid_from <= $2 and (valid_to is null or valid_to > $2)`;
    for (const where of [`person_id = $1`, `person_id = any($1::uuid[])`]) {
      const indexes = await indexesOf(
        `select id from membership where ${where} and ${current} order by valid_from desc`,
      );
      expect(indexes).toEqual(['membership_person_id_index']);
    }
  });
});
