import { useTestApi } from '../../test/support/api';
import { buildPerson } from '../../test/support/factories';
import { preparedReadAsArrays } from '../db/prepared';
import { Person } from '../modules/people/people.entity';
import { columnsOf, readOnlyAll, readOnlyFrom } from './joined-rows';

/** Read-only instances from joined rows: what `find` would give, without the ORM tracking them. */
describe('read-only rows', () => {
  const t = useTestApi();

  it('gives the properties find gives, timestamps as dates when read', async () => {
    const built = await buildPerson(t.em, { name: 'Række Person', title: 'Arkitekt' });
    const sql = `select ${columnsOf(t.em, Person, 'p')} from person p where p.id = $1`;
    const table = await preparedReadAsArrays(t.em, 'test_person', sql, [built.id]);
    const person = readOnlyFrom(t.em, Person, table, 0, 'p') as Person;
    const found = await t.db.orm.em.fork().findOneOrFail(Person, built.id);

    expect(person).toBeInstanceOf(Person);
    expect(t.em.getUnitOfWork().getById(Person.name, person.id)).not.toBe(person);
    expect({ name: person.name, title: person.title, status: person.status }).toEqual({
      name: found.name,
      title: found.title,
      status: found.status,
    });
    // Kept as text until read, then the same instant as the ORM's.
    expect(person.createdAt).toBeInstanceOf(Date);
    expect(person.createdAt.getTime()).toBe(found.createdAt.getTime());
    expect(person.updatedAt.getTime()).toBe(found.updatedAt.getTime());
    expect(person.createdAt).toBe(person.createdAt);
    const later = new Date('2030-01-01T00:00:00Z');
    person.updatedAt = later;
    expect(person.updatedAt).toBe(later);
    // Each instance keeps its own.
    const [again] = readOnlyAll(t.em, Person, table, 'p');
    expect(again.updatedAt.getTime()).toBe(found.updatedAt.getTime());
  });

  it('sends an entity a join repeats on its first row alone when asked to', async () => {
    const one = await buildPerson(t.em);
    const sql = `select ${columnsOf(t.em, Person, 'p', 'x.n = 1')}, x.n
      from person p cross join generate_series(1, 3) as x (n) where p.id = $1`;
    const table = await preparedReadAsArrays(t.em, 'test_person_once', sql, [one.id]);
    expect(table.rows).toHaveLength(3);
    expect(readOnlyAll(t.em, Person, table, 'p').map((person) => person.id)).toEqual([one.id]);
    // The plain columns of the same entity keep their own list.
    expect(columnsOf(t.em, Person, 'p')).not.toContain('x.n = 1');
  });
});
