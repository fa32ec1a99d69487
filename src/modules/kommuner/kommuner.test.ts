import { useTestApi } from '../../../test/support/api';
import {
  buildAffiliation,
  buildKommune,
  buildOrganization,
  buildPerson,
  buildProduct,
  gid,
} from '../../../test/support/factories';
import { Product, ProductAdoption, AdoptionStatus } from '../products/products.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreateKommuneInput!) { createKommune(input: $input) { id code name officialName region regionCode } }`;
const kommune = (overrides: Record<string, unknown> = {}) => ({
  code: '0751',
  name: 'Aarhus',
  officialName: 'Aarhus Kommune',
  region: 'Region Midtjylland',
  regionCode: '1082',
  ...overrides,
});

describe('kommuner', () => {
  it('creates a kommune, finds it by code, id and region, and corrects it', async () => {
    const { createKommune } = await t.api.ok(CREATE, { input: kommune() });
    expect(createKommune).toMatchObject({ code: '0751', name: 'Aarhus' });
    const read = await t.api.ok(
      `query ($id: ID!) {
      kommune(id: $id) { name }
      kommuneByCode(code: "0751") { id }
      missing: kommuneByCode(code: "9999") { id }
      kommuner(region: "Region Midtjylland", search: "aar") { totalCount edges { node { code } } }
    }`,
      { id: createKommune.id },
    );
    expect(read).toEqual({
      kommune: { name: 'Aarhus' },
      kommuneByCode: { id: createKommune.id },
      missing: null,
      kommuner: { totalCount: 1, edges: [{ node: { code: '0751' } }] },
    });
    const { updateKommune } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdateKommuneInput!) { updateKommune(id: $id, input: $input) { officialName } }`,
      { id: createKommune.id, input: { officialName: 'Aarhus Kommune (Århus)' } },
    );
    expect(updateKommune.officialName).toBe('Aarhus Kommune (Århus)');
  });

  it('refuses a taken code (CONFLICT), a malformed code and blank names (BAD_USER_INPUT)', async () => {
    await buildKommune(t.em, { code: '0727' });
    expect(
      (await t.api.fail(CREATE, { input: kommune({ code: '0727' }) })).extensions,
    ).toMatchObject({
      code: 'CONFLICT',
      field: 'code',
    });
    expect(
      (await t.api.fail(CREATE, { input: kommune({ code: '727' }) })).extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'code',
    });
    expect(
      (await t.api.fail(CREATE, { input: kommune({ code: '0728', officialName: ' ' }) }))
        .extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'officialName',
    });
    const missing = await t.api.fail(CREATE, { input: { code: '0729', name: 'X' } });
    expect(missing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'officialName' });
  });

  it('says NOT_FOUND for an unknown kommune and BAD_USER_INPUT for a malformed id', async () => {
    const ghost = await buildKommune(t.em);
    await t.em.removeAndFlush(ghost);
    const notFound = await t.api.fail(`query ($id: ID!) { kommune(id: $id) { name } }`, {
      id: gid(ghost),
    });
    expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const malformed = await t.api.fail(`query { kommune(id: "0101") { name } }`);
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });

  it('shows a kommune’s people and its products', async () => {
    const k = await buildKommune(t.em, { name: 'Rebild' });
    const person = await buildPerson(t.em, { name: 'Charlotte George' });
    await buildAffiliation(t.em, person, k, { title: 'Projektleder', validFrom: '2012-01-01' });
    const product: Product = await buildProduct(t.em, { name: 'OS2skoledata' });
    t.em.persist(
      Object.assign(new ProductAdoption(), {
        kommune: k,
        product,
        status: AdoptionStatus.FUNDING,
        validFrom: '2022-01-01',
      }),
    );
    await t.em.flush();
    const { kommune: read } = await t.api.ok(
      `query ($id: ID!) { kommune(id: $id) {
      people { totalCount edges { node { name } } }
      affiliations { title person { name } }
      productAdoptions { status product { name } }
    } }`,
      { id: gid(k) },
    );
    expect(read).toEqual({
      people: { totalCount: 1, edges: [{ node: { name: 'Charlotte George' } }] },
      affiliations: [{ title: 'Projektleder', person: { name: 'Charlotte George' } }],
      productAdoptions: [{ status: 'FUNDING', product: { name: 'OS2skoledata' } }],
    });
  });
});

describe('organisations', () => {
  const CREATE_ORG = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id slug name kind cvr } }`;

  it('creates, lists, updates and refuses duplicates and bad CVR numbers', async () => {
    const { createOrganization } = await t.api.ok(CREATE_ORG, {
      input: {
        slug: 'os2-sekretariatet',
        name: 'OS2-sekretariatet',
        kind: 'SECRETARIAT',
        cvr: '12345678',
      },
    });
    expect(createOrganization).toMatchObject({ slug: 'os2-sekretariatet', kind: 'SECRETARIAT' });
    const list = await t.api.ok(`{ organizations(kind: SECRETARIAT) { totalCount } }`);
    expect(list.organizations.totalCount).toBe(1);
    const dup = await t.api.fail(CREATE_ORG, {
      input: { slug: 'os2-sekretariatet', name: 'Igen', kind: 'OTHER' },
    });
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    const cvr = await t.api.fail(CREATE_ORG, {
      input: { slug: 'x', name: 'X', kind: 'OTHER', cvr: '12-34' },
    });
    expect(cvr.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cvr' });
    // A web site is a link someone will click: no javascript: or other schemes.
    for (const website of ['javascript:alert(1)', 'os2.eu', 'ftp://os2.eu']) {
      const link = await t.api.fail(CREATE_ORG, {
        input: { slug: 'y', name: 'Y', kind: 'OTHER', website },
      });
      expect(link.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'website' });
    }
    const { updateOrganization } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { name cvr } }`,
      {
        id: createOrganization.id,
        input: { name: 'OS2 – Offentligt digitaliseringsfællesskab', cvr: null },
      },
    );
    expect(updateOrganization).toEqual({
      name: 'OS2 – Offentligt digitaliseringsfællesskab',
      cvr: null,
    });
  });

  it('lists the products an organisation supplies and the people it employs', async () => {
    const supplier = await buildOrganization(t.em, { name: 'Leverandør A/S' });
    const product = await buildProduct(t.em);
    product.suppliers.add(supplier);
    await buildAffiliation(t.em, await buildPerson(t.em, { name: 'Udvikler' }), supplier);
    await t.em.flush();
    const { organization } = await t.api.ok(
      `query ($id: ID!) { organization(id: $id) { suppliedProducts { slug } affiliations { person { name } } } }`,
      { id: gid(supplier) },
    );
    expect(organization).toEqual({
      suppliedProducts: [{ slug: product.slug }],
      affiliations: [{ person: { name: 'Udvikler' } }],
    });
  });
});
