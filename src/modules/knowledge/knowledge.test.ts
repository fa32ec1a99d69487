import { useTestApi } from '../../../test/support/api';
import {
  buildGroup,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from '../../../test/support/factories';
import { KnowledgeItem } from './knowledge.entity';

const t = useTestApi();

const CREATE = `mutation ($input: CreateKnowledgeItemInput!) {
  createKnowledgeItem(input: $input) { id kind title verifiedOn authors { name } topics { slug } product { slug } group { slug } }
}`;

describe('knowledge notes', () => {
  it('writes a lesson with authors about a product, finds it, and keeps it with its author', async () => {
    const jon = await buildPerson(t.em, { name: 'Jon Badstue Pedersen' });
    const topic = await buildTopic(t.em, { slug: 'crowdfunding' });
    const product = await buildProduct(t.em, { slug: 'os2autoproces' });
    const group = await buildGroup(t.em);
    const { createKnowledgeItem: item } = await t.api.ok(CREATE, {
      input: {
        kind: 'LESSON',
        title: 'Crowdfunding i to runder',
        body: 'Første runde finansierer løsningsbeskrivelse og mockups; anden runde er en tilslutningsaftale.',
        occurredOn: '2023-05-10',
        authorIds: [gid(jon)],
        topicIds: [gid(topic)],
        productId: gid(product),
        groupId: gid(group),
      },
    });
    expect(item).toMatchObject({
      kind: 'LESSON',
      authors: [{ name: 'Jon Badstue Pedersen' }],
      product: { slug: 'os2autoproces' },
    });
    const found = await t.api.ok(
      `query ($a: ID, $t: ID) {
      knowledgeItems(authorId: $a, topicId: $t, search: "tilslutningsaftale") { totalCount }
    }`,
      { a: gid(jon), t: gid(topic) },
    );
    expect(found.knowledgeItems.totalCount).toBe(1);
    const { person } = await t.api.ok(
      `query ($id: ID!) { person(id: $id) { authoredKnowledge { title } } }`,
      { id: gid(jon) },
    );
    expect(person.authoredKnowledge).toEqual([{ title: 'Crowdfunding i to runder' }]);
    const { product: read } = await t.api.ok(
      `query ($id: ID!) { product(id: $id) { knowledge { title } } }`,
      { id: gid(product) },
    );
    expect(read.knowledge).toEqual([{ title: 'Crowdfunding i to runder' }]);
  });

  it('needs an author, a body and a real URL; an update re-verifies the note', async () => {
    const person = await buildPerson(t.em);
    const before = await t.em.fork().count(KnowledgeItem);
    const noAuthor = await t.api.fail(CREATE, {
      input: { kind: 'NOTE', title: 'T', body: 'B', authorIds: [] },
    });
    expect(noAuthor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'authorIds' });
    const noBody = await t.api.fail(CREATE, {
      input: { kind: 'NOTE', title: 'T', body: '', authorIds: [gid(person)] },
    });
    expect(noBody.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const url = await t.api.fail(CREATE, {
      input: {
        kind: 'DOCUMENT',
        title: 'T',
        body: 'B',
        url: 'javascript:alert(1)',
        authorIds: [gid(person)],
      },
    });
    expect(url.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(await t.em.fork().count(KnowledgeItem)).toBe(before);
    const item = Object.assign(new KnowledgeItem(), {
      kind: 'NOTE',
      title: 'Gammel',
      body: 'B',
      verifiedOn: '2019-01-01',
    });
    item.authors.add(person);
    await t.em.persistAndFlush(item);
    const { updateKnowledgeItem } = await t.api.ok(
      `mutation ($id: ID!, $input: UpdateKnowledgeItemInput!) { updateKnowledgeItem(id: $id, input: $input) { title verifiedOn } }`,
      { id: gid(item), input: { title: 'Opdateret' } },
    );
    expect(updateKnowledgeItem.title).toBe('Opdateret');
    expect(updateKnowledgeItem.verifiedOn > '2019-01-01').toBe(true);
  });
});
