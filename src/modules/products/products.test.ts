import { useTestApi } from '../../../test/support/api';
import {
  buildGroup,
  buildKommune,
  buildOrganization,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { ProductAdoption } from './products.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreateProductInput!) {
  createProduct(input: $input) { id slug name stage suppliers { slug } topics { slug } }
}`;
const RECORD = `mutation ($input: RecordProductAdoptionInput!) {
  recordProductAdoption(input: $input) { id status validFrom validTo kommune { name } product { slug } }
}`;

describe('products', () => {
  it('creates a product with suppliers and topics, and refuses a taken slug', async () => {
    const supplier = await buildOrganization(t.em);
    const topic = await buildTopic(t.em);
    const { createProduct } = await t.api.ok(CREATE, {
      input: {
        slug: 'os2skoledata',
        name: 'OS2skoledata',
        stage: 'DEVELOPMENT',
        supplierIds: [gid(supplier)],
        topicIds: [gid(topic)],
      },
    });
    expect(createProduct).toMatchObject({
      slug: 'os2skoledata',
      stage: 'DEVELOPMENT',
      suppliers: [{ slug: supplier.slug }],
      topics: [{ slug: topic.slug }],
    });
    const dup = await t.api.fail(CREATE, { input: { slug: 'os2skoledata', name: 'Igen' } });
    expect(dup.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
    const badUrl = await t.api.fail(CREATE, {
      input: { slug: 'x-y', name: 'X', repository: 'not a url' },
    });
    expect(badUrl.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'repository' });
    const badStage = await t.api.fail(CREATE, { input: { slug: 'x-z', name: 'X', stage: 'BETA' } });
    expect(badStage.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
  });

  it('keeps an English name and aliases, by which the search finds the product', async () => {
    const { createProduct } = await t.api.ok(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id nameEn aliases } }`,
      {
        input: {
          slug: 'os2rollekatalog',
          name: 'OS2rollekatalog',
          nameEn: 'Role catalogue',
          aliases: [' rollekatalog ', 'role catalog', 'rollekatalog', ''],
        },
      },
    );
    expect(createProduct).toMatchObject({
      nameEn: 'Role catalogue',
      aliases: ['rollekatalog', 'role catalog'],
    });
    const found = await t.api.ok(
      `{ search(query: "role catalogue", first: 5) { edges { node { node { ... on Product { slug } } } } } }`,
    );
    expect(found.search.edges.map((edge: any) => edge.node.node.slug)).toContain('os2rollekatalog');
    const { updateProduct } = await t.api.ok(
      `mutation ($id: ID!) { updateProduct(id: $id, input: { aliases: ["rollestyringskatalog"] }) { nameEn aliases } }`,
      { id: createProduct.id },
    );
    expect(updateProduct).toEqual({ nameEn: 'Role catalogue', aliases: ['rollestyringskatalog'] });
  });

  it('retires a product through updateProduct and filters by stage and topic', async () => {
    const topic = await buildTopic(t.em);
    const product = await buildProduct(t.em);
    const { updateProduct } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { stage topics { slug } } }`,
      { id: gid(product), input: { stage: 'RETIRED', topicIds: [gid(topic)] } },
    );
    expect(updateProduct).toEqual({ stage: 'RETIRED', topics: [{ slug: topic.slug }] });
    const list = await t.api.ok(
      `query ($t: ID) { products(stage: RETIRED, topicId: $t) { edges { node { slug } } } }`,
      {
        t: gid(topic),
      },
    );
    expect(list.products.edges).toEqual([{ node: { slug: product.slug } }]);
  });

  it('records a kommune’s path from interest to production, keeping the history', async () => {
    const kommune = await buildKommune(t.em, { name: 'Ishøj' });
    const product = await buildProduct(t.em);
    const ids = { kommuneId: gid(kommune), productId: gid(product) };
    await t.api.ok(RECORD, { input: { ...ids, status: 'INTERESTED', from: '2022-01-01' } });
    await t.api.ok(RECORD, { input: { ...ids, status: 'FUNDING', from: '2022-06-01' } });
    await t.api.ok(RECORD, { input: { ...ids, status: 'IN_PRODUCTION', from: '2023-09-01' } });
    const again = await t.api.fail(RECORD, {
      input: { ...ids, status: 'IN_PRODUCTION', from: '2024-01-01' },
    });
    expect(again.extensions?.code).toBe('CONFLICT');
    const backwards = await t.api.fail(RECORD, {
      input: { ...ids, status: 'LEFT', from: '2023-01-01' },
    });
    expect(backwards.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const { product: read } = await t.api.ok(
      `query ($id: ID!) { product(id: $id) {
      now: adoptions { status kommune { name } }
      then: adoptions(asOf: "2022-07-01") { status }
      all: adoptions(period: ALL) { status validFrom validTo }
    } }`,
      { id: gid(product) },
    );
    expect(read.now).toEqual([{ status: 'IN_PRODUCTION', kommune: { name: 'Ishøj' } }]);
    expect(read.then).toEqual([{ status: 'FUNDING' }]);
    expect(read.all).toEqual([
      { status: 'INTERESTED', validFrom: '2022-01-01', validTo: '2022-06-01' },
      { status: 'FUNDING', validFrom: '2022-06-01', validTo: '2023-09-01' },
      { status: 'IN_PRODUCTION', validFrom: '2023-09-01', validTo: null },
    ]);
    const adopted = await t.api.ok(`query ($k: ID) { products(kommuneId: $k) { totalCount } }`, {
      k: gid(kommune),
    });
    expect(adopted.products.totalCount).toBe(1);
    const current = await t.em
      .fork()
      .findOneOrFail(ProductAdoption, { status: 'IN_PRODUCTION' as never });
    const ended = await t.api.ok(
      `mutation ($input: EndInput!) { endProductAdoption(input: $input) { validTo } }`,
      {
        input: { id: gid(current), on: '2025-01-01' },
      },
    );
    expect(ended.endProductAdoption.validTo).toBe('2025-01-01');
  });

  it('lists the groups that run a product', async () => {
    const product = await buildProduct(t.em);
    await buildGroup(t.em, { product, name: 'Styregruppen' });
    await buildGroup(t.em, {
      product,
      name: 'Gammel gruppe',
      validFrom: '2015-01-01',
      validTo: '2017-01-01',
    });
    const { product: read } = await t.api.ok(
      `query ($id: ID!) { product(id: $id) { groups { name } all: groups(period: ALL) { name } } }`,
      { id: gid(product) },
    );
    expect(read.groups).toEqual([{ name: 'Styregruppen' }]);
    expect(read.all).toHaveLength(2);
  });
});
