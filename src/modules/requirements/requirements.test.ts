import { useTestApi } from '../../../test/support/api';
import { buildKommune, buildPerson, buildTopic, gid } from '../../../test/support/factories';
import { Procurement, ProcurementProcedure } from '../procurements/procurements.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreateRequirementInput!) {
  createRequirement(input: $input) { id title text importance kind sharing kleDomains externalId owningKommune { name } authors { name } topics { slug } }
}`;

describe('requirements', () => {
  it('creates a requirement with authors and topics, records a usage, and lists by filters', async () => {
    const syddjurs = await buildKommune(t.em, { name: 'Syddjurs' });
    const author = await buildPerson(t.em, { name: 'Henrik Bojsen' });
    const topic = await buildTopic(t.em, { slug: 'logning' });
    const { createRequirement: r } = await t.api.ok(CREATE, {
      input: {
        title: 'Logning af brugeradgang',
        text: 'Systemet skal logge al adgang til personoplysninger. '.repeat(20),
        category: 'Logning',
        importance: 'ABSOLUTE',
        kleDomains: ['85.02'],
        externalId: 'kravmotor-123',
        owningKommuneId: gid(syddjurs),
        authorIds: [gid(author)],
        topicIds: [gid(topic)],
      },
    });
    expect(r).toMatchObject({
      importance: 'ABSOLUTE',
      kind: 'NON_FUNCTIONAL',
      sharing: 'LOCAL',
      owningKommune: { name: 'Syddjurs' },
    });
    const procurement = Object.assign(new Procurement(), {
      title: 'Udbud',
      procedure: ProcurementProcedure.UDBUD,
    });
    procurement.kommuner.add(syddjurs);
    await t.em.persistAndFlush(procurement);
    const { recordRequirementUsage } = await t.api.ok(
      `mutation ($input: RecordRequirementUsageInput!) { recordRequirementUsage(input: $input) { outcome requirement { title } procurement { title } } }`,
      {
        input: {
          requirementId: r.id,
          procurementId: gid(procurement),
          kommuneId: gid(syddjurs),
          outcome: 'Alle leverandører kunne opfylde det',
        },
      },
    );
    expect(recordRequirementUsage).toMatchObject({
      requirement: { title: 'Logning af brugeradgang' },
      procurement: { title: 'Udbud' },
    });
    const read = await t.api.ok(
      `query ($t: ID, $k: ID) {
      requirements(topicId: $t, kommuneId: $k, importance: ABSOLUTE, search: "brugeradgang") { edges { node { usages { outcome } } } }
    }`,
      { t: gid(topic), k: gid(syddjurs) },
    );
    expect(read.requirements.edges).toEqual([
      { node: { usages: [{ outcome: 'Alle leverandører kunne opfylde det' }] } },
    ]);
    // The author's page lists what they wrote; someone else wrote nothing.
    const other = await buildPerson(t.em);
    const written = await t.api.ok(
      `query ($a: ID!, $b: ID!) {
        a: person(id: $a) { requirementsWritten { title } }
        b: person(id: $b) { requirementsWritten { title } }
      }`,
      { a: gid(author), b: gid(other) },
    );
    expect(written.a.requirementsWritten).toEqual([{ title: 'Logning af brugeradgang' }]);
    expect(written.b.requirementsWritten).toEqual([]);
  });

  it('rejects empty text, bad KLE numbers, a usage with neither procurement nor kommune, and duplicate external ids', async () => {
    const empty = await t.api.fail(CREATE, { input: { title: 'T', text: '  ' } });
    expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const kle = await t.api.fail(CREATE, {
      input: { title: 'T', text: 'x', kleDomains: ['sundhed'] },
    });
    expect(kle.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kleDomains' });
    const { createRequirement } = await t.api.ok(CREATE, {
      input: { title: 'T', text: 'x', externalId: 'dup-1' },
    });
    const dup = await t.api.fail(CREATE, {
      input: { title: 'T2', text: 'y', externalId: 'dup-1' },
    });
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', field: 'externalId' });
    for (const list of ['kleDomains', 'tags', 'architecturePrinciples']) {
      const cleared = await t.api.fail(
        `mutation ($id: ID!, $input: UpdateRequirementInput!) { updateRequirement(id: $id, input: $input) { id } }`,
        { id: createRequirement.id, input: { [list]: null } },
      );
      // An empty list clears it; null is refused, naming the field.
      expect(cleared.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: list });
    }
    const usage = await t.api.fail(
      `mutation ($input: RecordRequirementUsageInput!) { recordRequirementUsage(input: $input) { outcome } }`,
      { input: { requirementId: createRequirement.id, outcome: 'x' } },
    );
    expect(usage.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'procurementId' });
    const { proposeRequirementForSharing } = await t.api.ok(
      `mutation ($id: ID!) { proposeRequirementForSharing(id: $id) { sharing } }`,
      { id: createRequirement.id },
    );
    expect(proposeRequirementForSharing.sharing).toBe('PROPOSED');
  });
});
