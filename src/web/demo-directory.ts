import type { EntityManager } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Kommune } from '../modules/kommuner/kommuner.entity';
import { Person, PersonStatus } from '../modules/people/people.entity';

/** A person the demo sign-in can act as. */
export interface DemoPerson {
  /** The person's database id. */
  id: string;
  name: string;
  title: string | null;
}

/** A kommune whose editor the demo sign-in can act as. */
export interface DemoKommune {
  code: string;
  name: string;
}

/**
 * Who the demo sign-in offers to act as: the people and kommuner of the database it runs on (the
 * demo network). Erased people are never offered, people who left are (their pages still exist).
 */
export interface DemoDirectory {
  people(): Promise<DemoPerson[]>;
  kommuner(): Promise<DemoKommune[]>;
  person(id: string): Promise<DemoPerson | null>;
  kommune(code: string): Promise<DemoKommune | null>;
}

/** At most this many people are listed: the demo network has a few dozen, an import may have more. */
export const DEMO_PEOPLE_LIMIT = 500;

/** Names in the order a Danish reader expects them (æ, ø, å last). */
const DANISH = new Intl.Collator('da');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDemoDirectory(orm: MikroORM): DemoDirectory {
  const em = (): EntityManager => orm.em.fork();
  const person = (found: Person): DemoPerson => ({
    id: found.id,
    name: found.name,
    title: found.title ?? null,
  });
  return {
    async people() {
      const found = await em().find(
        Person,
        { status: { $ne: PersonStatus.ERASED } },
        { orderBy: { name: 'asc', id: 'asc' }, limit: DEMO_PEOPLE_LIMIT },
      );
      return found.map(person).sort((a, b) => DANISH.compare(a.name, b.name));
    },
    async kommuner() {
      const found = await em().find(Kommune, {}, { orderBy: { name: 'asc' } });
      return found
        .map(({ code, name }) => ({ code, name }))
        .sort((a, b) => DANISH.compare(a.name, b.name));
    },
    async person(id) {
      if (!UUID.test(id)) return null;
      const found = await em().findOne(Person, { id, status: { $ne: PersonStatus.ERASED } });
      return found ? person(found) : null;
    },
    async kommune(code) {
      if (!/^\d{4}$/.test(code)) return null;
      const found = await em().findOne(Kommune, { code });
      return found ? { code: found.code, name: found.name } : null;
    },
  };
}
