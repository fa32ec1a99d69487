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
import { toGlobalId } from '../../common/global-id';
import { ClaimLevel, ExperienceClaim } from '../claims/claims.entity';
import { GroupKind, MembershipRole } from '../groups/groups.entity';
import type { Membership } from '../groups/groups.entity';
import { KnowledgeItem, KnowledgeKind } from '../knowledge/knowledge.entity';
import { Person, PersonStatus } from '../people/people.entity';
import type { Topic } from '../topics/topics.entity';

const CANDIDATES = `query ($person: ID, $seat: ID, $first: Int) {
  successorCandidates(personId: $person, membershipId: $seat, first: $first) { score reasons person { name } }
}`;
const DEPART = `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { status } } }`;
const REVERT = `mutation ($id: ID!) { revertDeparture(personId: $id) { status } }`;

/**
 * A hand-built drift team in which a project lead knows whom to ask: Anne sits with the leaver in
 * both of her groups, in the same kommune, knows the same product and topics, and is free. The
 * others each have less of that, and the ones who share nothing, have left or are not listed as
 * experts are not candidates at all.
 */
describe('successor candidates', () => {
  const t = useTestApi();
  let leaver: Person;
  let seat: Membership;
  let people: Record<string, Person>;
  let handedOver: Topic;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const favrskov = await buildKommune(em, { name: 'Favrskov' });
    const odder = await buildKommune(em, { name: 'Odder' });
    const topic = async (labelDa: string) => buildTopic(em, { labelDa });
    const [logning, sla, migrering, drift, udbud] = [
      await topic('Logning'),
      await topic('SLA'),
      await topic('Migrering'),
      await topic('Drift'),
      await topic('Udbud'),
    ];
    handedOver = migrering;
    const product = await buildProduct(em, { name: 'OS2drift' });
    product.topics.add(drift);
    const driftsgruppen = await buildGroup(em, { name: 'Driftsgruppen', product });
    driftsgruppen.topics.add(logning, sla);
    const styregruppen = await buildGroup(em, {
      name: 'Styregruppen for OS2drift',
      kind: GroupKind.STYREGRUPPE,
      product,
    });
    const person = (name: string, extra: Partial<Person> = {}) =>
      buildPerson(em, { name, openToQuestions: false, ...extra });
    leaver = await person('Lone Leaver', { openToQuestions: true });
    people = {
      anne: await person('Anne Oplagt', { openToQuestions: true }),
      bent: await person('Bent Delvis', { openToQuestions: true }),
      erik: await person('Erik Travl', { openToQuestions: true }),
      jens: await person('Jens Noteskriver'),
      karen: await person('Karen Kommune'),
      palle: await person('Palle Produkt'),
      olga: await person('Olga Ens'),
      otto: await person('Otto Ens'),
      hanne: await person('Hanne Kun Kollega', { openToQuestions: true }),
      carl: await person('Carl Udenfor', { openToQuestions: true }),
      dorte: await person('Dorte Stoppet', { status: PersonStatus.LEFT }),
      ida: await person('Ida Ikke Ekspert', { listedAsExpert: false }),
    };
    const { anne, bent, erik, jens, karen, palle, olga, otto, hanne, dorte, ida } = people;
    for (const p of [leaver, anne, jens, karen, hanne]) await buildAffiliation(em, p, favrskov);
    for (const p of [bent, erik, palle, olga, otto]) await buildAffiliation(em, p, odder);

    seat = await buildMembership(em, driftsgruppen, leaver, { role: MembershipRole.TOVHOLDER });
    await buildMembership(em, styregruppen, leaver, { role: MembershipRole.MEDLEM });
    await buildMembership(em, driftsgruppen, anne);
    await buildMembership(em, styregruppen, anne);
    await buildMembership(em, driftsgruppen, dorte);
    await buildMembership(em, driftsgruppen, ida);
    for (let i = 0; i < 3; i += 1) {
      await buildMembership(em, await buildGroup(em), erik, { role: MembershipRole.TOVHOLDER });
    }

    const claim = (who: Person, what: Topic, extra: Partial<ExperienceClaim> = {}) =>
      em.persist(
        Object.assign(new ExperienceClaim(), {
          person: who,
          topic: what,
          level: ClaimLevel.WORKING,
          ...extra,
        }),
      );
    claim(leaver, logning, { level: ClaimLevel.EXPERT, product });
    claim(leaver, sla);
    claim(leaver, migrering);
    claim(anne, logning);
    claim(anne, sla);
    claim(bent, logning);
    claim(erik, logning);
    claim(erik, sla);
    claim(erik, migrering);
    claim(dorte, logning);
    claim(ida, logning);
    claim(ida, sla);
    // Karen and Palle share the same topic; one is in the leaver's kommune, the other knows
    // the product: equal scores, and the product counts first.
    claim(karen, udbud);
    claim(palle, udbud, { product });
    // Olga and Otto share exactly the same: equal in everything, by name.
    claim(olga, migrering);
    claim(otto, migrering);
    claim(leaver, udbud);
    claim(people.carl, await topic('Jura'));
    // The leaver and Jens wrote about migration and logging; Jens has no claim or seat at all.
    const lesson = Object.assign(new KnowledgeItem(), {
      kind: KnowledgeKind.LESSON,
      title: 'Migrering af logdata',
      body: 'Sådan flyttede vi loggen.',
    });
    lesson.authors.add(leaver);
    lesson.topics.add(migrering, logning);
    const theirs = Object.assign(new KnowledgeItem(), {
      kind: KnowledgeKind.LESSON,
      title: 'Log og migrering i praksis',
      body: 'Erfaringer fra Favrskov.',
    });
    theirs.authors.add(jens);
    theirs.topics.add(migrering, logning);
    em.persist([lesson, theirs]);
    await em.flush();
  });

  const ask = async (variables: Record<string, unknown>) =>
    (await t.api.ok(CANDIDATES, variables)).successorCandidates as {
      score: number;
      reasons: string[];
      person: { name: string };
    }[];
  const names = (candidates: { person: { name: string } }[]) =>
    candidates.map((c) => c.person.name);

  it('puts the obvious candidate first, breaks ties as a project lead would, and says why', async () => {
    const candidates = await ask({ person: gid(leaver), first: 20 });
    expect(names(candidates)[0]).toBe('Anne Oplagt');
    expect(candidates[0].reasons).toEqual([
      'Deler 3 af 5 emner (70 % af erfaringen): Logning, Drift, SLA',
      'Sidder i de samme grupper: Driftsgruppen, Styregruppen for OS2drift',
      'Kender de samme produkter: OS2drift',
      'Samme kommune: Favrskov',
      'Vil gerne svare på spørgsmål',
    ]);
    // Every candidate shares something, and says so.
    for (const candidate of candidates) {
      expect(candidate.reasons.some((reason) => /^(Deler|Sidder|Kender)/.test(reason))).toBe(true);
    }
    const scores = candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // Equal scores: the one who knows the product before the one in the same kommune…
    const order = names(candidates);
    const karen = candidates.find((c) => c.person.name === 'Karen Kommune')!;
    const palle = candidates.find((c) => c.person.name === 'Palle Produkt')!;
    expect(palle.score).toBeCloseTo(karen.score, 9);
    expect(order.indexOf('Palle Produkt')).toBeLessThan(order.indexOf('Karen Kommune'));
    expect(palle.reasons).toContain('Kender de samme produkter: OS2drift');
    expect(karen.reasons).toContain('Samme kommune: Favrskov');
    // …and two who are equal in everything by name, not at random.
    expect(order.indexOf('Olga Ens')).toBe(order.indexOf('Otto Ens') - 1);

    // Someone whose evidence is only a note he wrote counts like anyone else.
    const jens = candidates.find((c) => c.person.name === 'Jens Noteskriver')!;
    expect(jens.reasons).toEqual([
      'Deler 2 af 5 emner (50 % af erfaringen): Logning, Migrering',
      'Samme kommune: Favrskov',
    ]);
    // Busy people are told apart from free ones.
    const erik = candidates.find((c) => c.person.name === 'Erik Travl')!;
    expect(erik.reasons).toContain(
      'Har allerede 3 roller som tovholder, koordinator eller formand',
    );
    expect(order.indexOf('Erik Travl')).toBeGreaterThan(0);

    // Sharing nothing but the kommune, having left, or not being listed: not a candidate.
    for (const name of [
      'Hanne Kun Kollega',
      'Carl Udenfor',
      'Dorte Stoppet',
      'Ida Ikke Ekspert',
      'Lone Leaver',
    ]) {
      expect(order).not.toContain(name);
    }
  });

  it('for a seat, favours who already sits in the group', async () => {
    const candidates = await ask({ seat: gid(seat), first: 1 });
    expect(candidates).toHaveLength(1);
    expect(candidates[0].person.name).toBe('Anne Oplagt');
    expect(candidates[0].reasons[0]).toBe('Sidder allerede i gruppen');
  });

  it('after she has left, ranks as on her last day and puts a named successor forward', async () => {
    const before = names(await ask({ person: gid(leaver), first: 20 }));
    await t.api.ok(DEPART, {
      input: {
        personId: gid(leaver),
        date: '2025-06-01',
        handovers: [{ topicId: gid(handedOver), successorId: gid(people.bent) }],
      },
    });
    const after = await ask({ person: gid(leaver), first: 20 });
    expect(names(after)[0]).toBe('Anne Oplagt');
    // Her seats and employment ended on the date, but on her last day they were shared.
    expect(after[0].reasons).toEqual(
      expect.arrayContaining([
        'Sidder i de samme grupper: Driftsgruppen, Styregruppen for OS2drift',
        'Samme kommune: Favrskov',
      ]),
    );
    const bent = after.find((c) => c.person.name === 'Bent Delvis')!;
    expect(bent.reasons[0]).toBe('Har allerede overtaget Migrering');
    expect(names(after).indexOf('Bent Delvis')).toBeLessThan(before.indexOf('Bent Delvis'));
    await t.api.ok(REVERT, { id: gid(leaver) });
  });

  it('asks for exactly one of person and seat, and a sensible first', async () => {
    expect((await t.api.fail(CANDIDATES, {})).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'personId',
    });
    expect(
      (await t.api.fail(CANDIDATES, { person: gid(leaver), seat: gid(seat) })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'personId',
    });
    expect(
      (await t.api.fail(CANDIDATES, { person: gid(leaver), first: 0 })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'first',
    });
  });
});

describe('successor candidates on the demo network', () => {
  const t = useTestApi('seeded');

  it('names Jon Badstue Pedersen first for Henrik Bojsen, before and after Henrik leaves', async () => {
    const id = async (name: string) =>
      toGlobalId('Person', (await t.em.findOneOrFail(Person, { name })).id);
    const henrik = await id('Henrik Bojsen');
    const check = async () => {
      const candidates = (await t.api.ok(CANDIDATES, { person: henrik })).successorCandidates;
      expect(candidates[0].person.name).toBe('Jon Badstue Pedersen');
      const reasons = candidates[0].reasons.join(' · ');
      expect(reasons).toContain('Samme kommune: Syddjurs');
      expect(reasons).toMatch(/(Kender de samme produkter|Sidder i de samme grupper): .*OS2/);
      expect(candidates[0].reasons[0]).toMatch(/^Deler \d+ af \d+ emner/);
      // No more five-way ties: every score differs or is ordered by what is shared.
      const scores = candidates.map((c: any) => c.score);
      expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
      expect(scores[0]).toBeGreaterThan(scores[1]);
    };
    await check();
    await t.api.ok(DEPART, { input: { personId: henrik, date: '2025-02-01' } });
    await check();
    await t.api.ok(REVERT, { id: henrik });
  });
});
