import { useTestApi } from '../../../test/support/api';
import { buildGroup, buildPerson, buildTopic, gid } from '../../../test/support/factories';
import { ClaimEndorsement, ExperienceClaim } from './claims.entity';

const t = useTestApi();

const ADD = `mutation ($input: AddExperienceClaimInput!) {
  addExperienceClaim(input: $input) { id level narrative validFrom confirmedOn person { name } topic { slug } group { slug } }
}`;
const ENDORSE = `mutation ($input: EndorseExperienceClaimInput!) {
  endorseExperienceClaim(input: $input) { endorsementCount endorsements { comment endorser { name } endorsedAt } }
}`;
const WITHDRAW = `mutation ($id: ID!) { withdrawExperienceClaim(id: $id) { withdrawnAt } }`;

describe('experience claims', () => {
  it('adds a claim, is endorsed by a peer once, and can be withdrawn once', async () => {
    const henrik = await buildPerson(t.em, { name: 'Henrik Bojsen' });
    const peer = await buildPerson(t.em, { name: 'Jon Badstue Pedersen' });
    const topic = await buildTopic(t.em, { slug: 'leverandoerstyring' });
    const group = await buildGroup(t.em, { slug: 'os2opgavefordeler-koordinationsgruppe' });
    const { addExperienceClaim: claim } = await t.api.ok(ADD, {
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

    const twice = await t.api.fail(ADD, {
      input: { personId: gid(henrik), topicId: gid(topic), level: 'EXPERT' },
    });
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', field: 'topicId' });

    const endorsed = await t.api.ok(ENDORSE, {
      input: { claimId: claim.id, endorserId: gid(peer), comment: 'Set det i praksis' },
    });
    expect(endorsed.endorseExperienceClaim).toMatchObject({
      endorsementCount: 1,
      endorsements: [{ comment: 'Set det i praksis', endorser: { name: 'Jon Badstue Pedersen' } }],
    });
    const again = await t.api.fail(ENDORSE, {
      input: { claimId: claim.id, endorserId: gid(peer) },
    });
    expect(again.extensions?.code).toBe('CONFLICT');
    const self = await t.api.fail(ENDORSE, {
      input: { claimId: claim.id, endorserId: gid(henrik) },
    });
    expect(self.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endorserId' });
    expect(await t.em.fork().count(ClaimEndorsement)).toBe(1);

    const withdrawn = await t.api.ok(WITHDRAW, { id: claim.id });
    expect(withdrawn.withdrawExperienceClaim.withdrawnAt).toBeTruthy();
    expect((await t.api.fail(WITHDRAW, { id: claim.id })).extensions?.code).toBe('CONFLICT');
    const { person } = await t.api.ok(
      `query ($id: ID!) { person(id: $id) { claims { id } all: claims(includeWithdrawn: true) { id } } }`,
      {
        id: gid(henrik),
      },
    );
    expect(person).toEqual({ claims: [], all: [{ id: claim.id }] });
    // Withdrawn, a new claim on the same topic may be made.
    await t.api.ok(ADD, { input: { personId: gid(henrik), topicId: gid(topic), level: 'EXPERT' } });
  });

  it('updates a claim, confirming it, and rejects bad periods and levels', async () => {
    const person = await buildPerson(t.em);
    const topic = await buildTopic(t.em);
    const claim = Object.assign(new ExperienceClaim(), {
      person,
      topic,
      level: 'BASIC',
      confirmedOn: '2020-01-01',
    });
    await t.em.persistAndFlush(claim);
    const UPDATE = `mutation ($id: ID!, $input: UpdateExperienceClaimInput!) { updateExperienceClaim(id: $id, input: $input) { level confirmedOn } }`;
    const updated = await t.api.ok(UPDATE, { id: gid(claim), input: { level: 'EXPERT' } });
    expect(updated.updateExperienceClaim.level).toBe('EXPERT');
    expect(updated.updateExperienceClaim.confirmedOn > '2020-01-01').toBe(true);
    const reversed = await t.api.fail(UPDATE, {
      id: gid(claim),
      input: { validFrom: '2020-01-01', validTo: '2019-01-01' },
    });
    expect(reversed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validTo' });
    const future = await t.api.fail(UPDATE, { id: gid(claim), input: { validFrom: '2999-01-01' } });
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validFrom' });
    const level = await t.api.fail(UPDATE, { id: gid(claim), input: { level: 'GURU' } });
    expect(level.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
  });
});
