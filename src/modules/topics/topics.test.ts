import { useTestApi } from '../../../test/support/api';
import { buildGroup, buildProduct, buildTopic, gid } from '../../../test/support/factories';

const t = useTestApi();

const CREATE = `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { id slug labelDa aliases parent { slug } } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTopicInput!) { updateTopic(id: $id, input: $input) { parent { slug } aliases } }`;

describe('topics', () => {
  it('builds a taxonomy with parents and finds topics by label or alias, accents ignored', async () => {
    const parent = await t.api.ok(CREATE, {
      input: {
        slug: 'identitet-og-adgang',
        kind: 'ARCHITECTURE',
        labelDa: 'Identitet og adgang',
        labelEn: 'Identity and access',
      },
    });
    const child = await t.api.ok(CREATE, {
      input: {
        slug: 'mfa',
        kind: 'TECHNOLOGY',
        labelDa: 'Tofaktorgodkendelse',
        labelEn: 'Multi-factor authentication',
        aliases: [' MFA ', 'to-faktor', '2FA'],
        parentId: parent.createTopic.id,
      },
    });
    expect(child.createTopic).toMatchObject({
      aliases: ['MFA', 'to-faktor', '2FA'],
      parent: { slug: 'identitet-og-adgang' },
    });
    const found = await t.api.ok(`{
      alias: topics(search: "to-faktor") { edges { node { slug } } }
      english: topics(search: "multi-factor") { edges { node { slug } } }
      kind: topics(kind: ARCHITECTURE) { totalCount }
      tree: topicBySlug(slug: "identitet-og-adgang") { children { slug } }
    }`);
    expect(found.alias.edges).toEqual([{ node: { slug: 'mfa' } }]);
    expect(found.english.edges).toEqual([{ node: { slug: 'mfa' } }]);
    expect(found.kind.totalCount).toBe(1);
    expect(found.tree.children).toEqual([{ slug: 'mfa' }]);
    const accents = await t.api.ok(`{ topics(search: "identitet og adgang") { totalCount } }`);
    expect(accents.topics.totalCount).toBe(1);
  });

  it('refuses a cycle, a bad KLE number and a taken slug', async () => {
    const a = await buildTopic(t.em);
    const b = await buildTopic(t.em, { parent: a });
    const cycle = await t.api.fail(UPDATE, { id: gid(a), input: { parentId: gid(b) } });
    expect(cycle.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    const self = await t.api.fail(UPDATE, { id: gid(a), input: { parentId: gid(a) } });
    expect(self.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
    const kle = await t.api.fail(CREATE, {
      input: { slug: 'k', kind: 'DOMAIN', labelDa: 'K', labelEn: 'K', kleNumber: 'abc' },
    });
    expect(kle.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kleNumber' });
    const taken = await t.api.fail(CREATE, {
      input: { slug: a.slug, kind: 'DOMAIN', labelDa: 'K', labelEn: 'K' },
    });
    expect(taken.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
  });

  it('lists the products and groups on a topic', async () => {
    const topic = await buildTopic(t.em);
    const product = await buildProduct(t.em);
    const group = await buildGroup(t.em);
    product.topics.add(topic);
    group.topics.add(topic);
    await t.em.flush();
    const { topic: read } = await t.api.ok(
      `query ($id: ID!) { topic(id: $id) { products { slug } groups { slug } } }`,
      {
        id: gid(topic),
      },
    );
    expect(read).toEqual({ products: [{ slug: product.slug }], groups: [{ slug: group.slug }] });
  });
});
