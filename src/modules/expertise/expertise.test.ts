import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestApi, type TestApi } from '../../../test/support/api';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases';
import { buildGroup, buildPerson, buildTopic, gid } from '../../../test/support/factories';
import { ClaimEndorsement, ExperienceClaim } from './expertise.entity';

let db: TestDatabase;
let api: TestApi;
let em: EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await createTestApi(db.orm);
});
afterAll(() => db.drop());
beforeEach(() => {
  em = db.orm.em.fork();
});

const ADD = `mutation ($input: AddExperienceClaimInput!) {
  addExperienceClaim(input: $input) { id level narrative validFrom confirmedOn person { name } topic { slug } group { slug } }
}`;
const ENDORSE = `mutation ($input: EndorseExperienceClaimInput!) {
  endorseExperienceClaim(input: $input) { endorsementCount endorsements { comment endorser { name } endorsedAt } }
}`;
const WITHDRAW = `mutation ($id: ID!) { withdrawExperienceClaim(id: $id) { withdrawnAt } }`;

describe('experience claims', () => {
  it('adds a claim, is endorsed by a peer once, and can be withdrawn once', async () => {
    const henrik = await buildPerson(em, { name: 'Henrik Bojsen' });
    const peer = await buildPerson(em, { name: 'Jon Badstue Pedersen' });
    const topic = await buildTopic(em, { slug: 'leverandoerstyring' });
    const group = await buildGroup(em, { slug: 'os2opgavefordeler-koordinationsgruppe' });
    const { addExperienceClaim: claim } = await api.ok(ADD, {
      input: {
        personId: gid(henrik),
        topicId: gid(topic),
        level: 'WORKING',
        narrative:
          'Dialogen i koordinationsgruppen har givet god læring omkring leverandørstyring.',
        validFrom: '2015-03-01',
        groupId: gid(group),
      },
    });
    expect(claim).toMatchObject({
      level: 'WORKING',
      person: { name: 'Henrik Bojsen' },
      group: { slug: group.slug },
    });
    expect(claim.confirmedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const twice = await api.fail(ADD, {
      input: { personId: gid(henrik), topicId: gid(topic), level: 'EXPERT' },
    });
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', field: 'topicId' });

    const endorsed = await api.ok(ENDORSE, {
      input: { claimId: claim.id, endorserId: gid(peer), comment: 'Set det i praksis' },
    });
    expect(endorsed.endorseExperienceClaim).toMatchObject({
      endorsementCount: 1,
      endorsements: [{ comment: 'Set det i praksis', endorser: { name: 'Jon Badstue Pedersen' } }],
    });
    const again = await api.fail(ENDORSE, { input: { claimId: claim.id, endorserId: gid(peer) } });
    expect(again.extensions?.code).toBe('CONFLICT');
    const self = await api.fail(ENDORSE, { input: { claimId: claim.id, endorserId: gid(henrik) } });
    expect(self.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endorserId' });
    expect(await em.fork().count(ClaimEndorsement)).toBe(1);

    const withdrawn = await api.ok(WITHDRAW, { id: claim.id });
    expect(withdrawn.withdrawExperienceClaim.withdrawnAt).toBeTruthy();
    expect((await api.fail(WITHDRAW, { id: claim.id })).extensions?.code).toBe('CONFLICT');
    const { person } = await api.ok(
      `query ($id: ID!) { person(id: $id) { claims { id } all: claims(includeWithdrawn: true) { id } } }`,
      {
        id: gid(henrik),
      },
    );
    expect(person).toEqual({ claims: [], all: [{ id: claim.id }] });
    // Withdrawn, a new claim on the same topic may be made.
    await api.ok(ADD, { input: { personId: gid(henrik), topicId: gid(topic), level: 'EXPERT' } });
  });

  it('updates a claim, confirming it, and rejects bad periods and levels', async () => {
    const person = await buildPerson(em);
    const topic = await buildTopic(em);
    const claim = Object.assign(new ExperienceClaim(), {
      person,
      topic,
      level: 'BASIC',
      confirmedOn: '2020-01-01',
    });
    await em.persistAndFlush(claim);
    const UPDATE = `mutation ($id: ID!, $input: UpdateExperienceClaimInput!) { updateExperienceClaim(id: $id, input: $input) { level confirmedOn } }`;
    const updated = await api.ok(UPDATE, { id: gid(claim), input: { level: 'EXPERT' } });
    expect(updated.updateExperienceClaim.level).toBe('EXPERT');
    expect(updated.updateExperienceClaim.confirmedOn > '2020-01-01').toBe(true);
    const reversed = await api.fail(UPDATE, {
      id: gid(claim),
      input: { validFrom: '2020-01-01', validTo: '2019-01-01' },
    });
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    const future = await api.fail(UPDATE, { id: gid(claim), input: { validFrom: '2999-01-01' } });
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validFrom' });
    const level = await api.fail(UPDATE, { id: gid(claim), input: { level: 'GURU' } });
    expect(level.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
  });
});
