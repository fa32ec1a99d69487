import { useTestApi } from '../../test/support/api';
import { buildPerson } from '../../test/support/factories';
import { Person } from '../modules/people/people.entity';
import { joinedColumns, joinedOnce, readJoined, readOnlyAll, readOnlyFrom } from './joined-rows';

/** Read-only instances from joined rows: what `find` would give, without the ORM tracking them. */
describe('read-only rows', () => {
  const t = useTestApi();

  /** The properties of a person as the ORM's `find` reads them (references as their ids). */
  const propertiesOf = (person: Person) => {
    const props = t.em.getMetadata().get(Person.name).props;
    return Object.fromEntries(
      props
        .filter((prop) => prop.persist !== false && !prop.lazy && prop.kind === 'scalar')
        .map((prop) => {
          const value = (person as unknown as Record<string, unknown>)[prop.name];
          return [prop.name, value instanceof Date ? value.toISOString() : value];
        }),
    );
  };

  it.each([true, false])('gives every property find gives, packed or not (%s)', async (pack) => {
    const built = await buildPerson(t.em, {
      name: 'Række Person',
      title: 'Arkitekt',
      bio: 'Æ, ø og å; "citat" og \\ skråstreg.',
      languages: ['da', 'en'],
      openToQuestions: true,
      departedOn: '2026-01-31',
    });
    const statement = joinedOnce(
      [{ entity: Person, alias: 'p' }],
      (select) => `select ${select} from person p where p.id = $1`,
      { pack },
    )(t.em);
    const table = await readJoined(t.em, `test_person_${pack}`, statement, [built.id]);
    const person = readOnlyFrom(t.em, Person, table, 0, 'p') as Person;
    const found = await t.db.orm.em.fork().findOneOrFail(Person, built.id);

    expect(person).toBeInstanceOf(Person);
    expect(t.em.getUnitOfWork().getById(Person.name, person.id)).not.toBe(person);
    expect(propertiesOf(person)).toEqual(propertiesOf(found));
    expect(person.languages).toEqual(['da', 'en']);
    // Kept as text until read, then the same instant as the ORM's.
    expect(person.createdAt).toBeInstanceOf(Date);
    expect(person.createdAt.getTime()).toBe(found.createdAt.getTime());
    expect(person.createdAt).toBe(person.createdAt);
    const later = new Date('2030-01-01T00:00:00Z');
    person.updatedAt = later;
    expect(person.updatedAt).toBe(later);
    // Each instance keeps its own.
    const [again] = readOnlyAll(t.em, Person, table, 'p');
    expect(again.updatedAt.getTime()).toBe(found.updatedAt.getTime());
  });

  it.each([true, false])(
    'sends an entity a join repeats on its first row alone (%s)',
    async (pack) => {
      const one = await buildPerson(t.em);
      const statement = joinedOnce(
        [{ entity: Person, alias: 'p', onlyWhere: 'x.n = 1' }],
        (select) => `select ${select}
        from person p cross join generate_series(1, 3) as x (n) where p.id = $1`,
        { pack },
      )(t.em);
      const table = await readJoined(t.em, `test_person_once_${pack}`, statement, [one.id]);
      expect(table.rows).toHaveLength(3);
      expect(readOnlyAll(t.em, Person, table, 'p').map((person) => person.id)).toEqual([one.id]);
    },
  );

  it('packs more than a function takes into several arrays, and unpacks them in order', async () => {
    const [first, second] = [await buildPerson(t.em), await buildPerson(t.em)];
    const aliases = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const parts = aliases.map((alias) => ({ entity: Person, alias }));
    expect(joinedColumns(t.em, parts, true).select).toContain('"joined_1"');
    const statement = joinedOnce(
      parts,
      (select) =>
        `select ${select} from ${aliases
          .map((alias, i) =>
            `person ${alias}`.concat(i > 0 ? ` on ${alias}.id = $${1 + (i % 2)}` : ''),
          )
          .join(' join ')} where p0.id = $1`,
      { pack: true },
    )(t.em);
    const table = await readJoined(t.em, 'test_people_wide', statement, [first.id, second.id]);
    const ids = aliases.map((alias) => (readOnlyFrom(t.em, Person, table, 0, alias) as Person).id);
    expect(ids).toEqual([first, second, first, second, first, second, first].map((p) => p.id));
    const names = aliases.map(
      (alias) => (readOnlyFrom(t.em, Person, table, 0, alias) as Person).name,
    );
    expect(names[6]).toBe(first.name);
  });
});
