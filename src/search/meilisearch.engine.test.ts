import { useTestApi } from '../../test/support/api';
import { buildGroup, buildPerson, gid } from '../../test/support/factories';
import { MeiliStandIn } from '../../test/support/meili-standin';
import { outboxRows } from '../../test/support/row-counts';
import { searchIndexContract } from '../../test/support/search-contract';
import { pageWindow } from '../common/pagination';
import type { Group } from '../modules/groups/groups.entity';
import { KnowledgeItem, KnowledgeKind } from '../modules/knowledge/knowledge.entity';
import { allDocuments } from './documents';
import { MeiliSearchIndex } from './meilisearch.engine';
import { OutboxWorker, setOutboxEnabled } from './outbox';

const host = process.env.MEILI_HOST;

if (host) {
  searchIndexContract(
    'Meilisearch',
    (em) =>
      new MeiliSearchIndex(
        host,
        process.env.MEILI_API_KEY,
        `erfaringsnet_test_${Date.now()}`,
      ).withEntityManager(em),
    (index) => (index as MeiliSearchIndex).drop(),
  );
} else {
  describe('SearchIndex contract: Meilisearch', () => {
    // No Meilisearch server can run on these machines; set MEILI_HOST to run the same contract against one.
    it.skip('skipped: MEILI_HOST is not set', () => undefined);
    it('loads the client and builds its settings without a server', () => {
      console.log('Meilisearch contract tests skipped: MEILI_HOST is not set');
      const engine = new MeiliSearchIndex('http://127.0.0.1:1', undefined);
      expect(engine).toMatchObject({
        name: 'meilisearch',
        external: true,
        indexUid: 'erfaringsnet',
      });
    });
  });
}

/**
 * The same contract against the stand-in (which matches words by substring), so an external
 * engine's side of it (a removal the engine itself must make, the row staying in the database)
 * runs here too.
 */
describe('against the Meilisearch stand-in', () => {
  const standIn = new MeiliStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  searchIndexContract('Meilisearch stand-in', (em) =>
    new MeiliSearchIndex(standIn.host, undefined).withEntityManager(em),
  );
});

/**
 * The failure paths, against a stand-in that answers as Meilisearch documents it and fails on
 * request (a real server cannot fail on demand, and none can run on these machines).
 */
describe('Meilisearch engine: failures (against a stand-in)', () => {
  const t = useTestApi();
  let standIn: MeiliStandIn;
  let engine: MeiliSearchIndex;

  beforeEach(async () => {
    standIn = await new MeiliStandIn().start();
    engine = new MeiliSearchIndex(standIn.host, undefined).withEntityManager(t.em);
    await setOutboxEnabled(t.em, true);
  });
  afterEach(async () => {
    await standIn.stop();
    await setOutboxEnabled(t.em, false);
    await t.em.fork().getConnection().execute('delete from search_outbox');
  });

  const outbox = () => outboxRows(t.em.fork());
  const due = () =>
    t.em.fork().getConnection().execute('update search_outbox set next_attempt_at = now()');
  const live = () => standIn.indexes.get('erfaringsnet');
  const titles = async (query: string, types?: ('GROUP' | 'PERSON' | 'KNOWLEDGE_ITEM')[]) =>
    (await engine.search(query, types, pageWindow({ first: 10 }))).rows;

  it('counts a failed task or a 5xx answer as a failure with Meilisearch’s message: the outbox keeps its rows', async () => {
    const worker = new OutboxWorker(t.db.orm.em, engine);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 0 }); // applies the settings
    const group = await buildGroup(t.em, { name: 'Afvist gruppe' });
    standIn.failNextRequests(1);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(await outbox()).toEqual([
      { entity_type: 'Group', attempts: 1, last_error: 'Injected: service unavailable' },
    ]);

    await due();
    standIn.failNextTask('documentAdditionOrUpdate', {
      code: 'invalid_document_fields',
      message: 'The document could not be indexed.',
    });
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(await outbox()).toEqual([
      {
        entity_type: 'Group',
        attempts: 2,
        last_error: expect.stringContaining(
          'The document could not be indexed. [invalid_document_fields]',
        ),
      },
    ]);
    expect(live()?.documents.has(`Group_${group.id}`)).toBe(false);

    await due();
    expect(await worker.drainOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(await outbox()).toEqual([]);
    expect(live()?.documents.has(`Group_${group.id}`)).toBe(true);
  });

  it('sends the rest of a batch when Meilisearch refuses one document in it', async () => {
    const worker = new OutboxWorker(t.db.orm.em, engine);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 0 }); // applies the settings
    const groups: Group[] = [];
    for (const name of ['Gruppe A', 'Gruppe B', 'Gruppe C', 'Gruppe D', 'Gruppe E']) {
      groups.push(await buildGroup(t.em, { name }));
    }
    standIn.refuseDocument(`Group_${groups[1].id}`);
    expect(await worker.drainOnce()).toEqual({ delivered: 4, failed: 1 });
    expect(await outbox()).toEqual([
      {
        entity_type: 'Group',
        attempts: 1,
        last_error: expect.stringContaining(`Document \`Group_${groups[1].id}\` was refused.`),
      },
    ]);
    expect([...live()!.documents.keys()].sort()).toEqual(
      [0, 2, 3, 4].map((i) => `Group_${groups[i].id}`).sort(),
    );
  });

  it.each([
    ['settingsUpdate', 'erfaringsnet_rebuild'],
    ['documentAdditionOrUpdate', 'erfaringsnet_rebuild'],
    ['indexSwap', undefined],
  ] as const)(
    'a rebuild whose %s fails throws Meilisearch’s message, keeps the live index and leaves no half-built one',
    async (type, indexUid) => {
      await buildGroup(t.em, { name: 'Genopbygget gruppe' });
      await engine.init({});
      await engine.upsert([
        {
          id: 'Topic_00000000-0000-0000-0000-000000000001',
          type: 'Topic',
          entityId: '00000000-0000-0000-0000-000000000001',
          title: 'Før genopbygningen',
          text: '',
          topics: [],
          updatedAt: 0,
          public: true,
        },
      ]);
      standIn.failNextTask(
        type,
        { code: 'internal', message: `Injected ${type} failure` },
        indexUid,
      );
      await expect(engine.rebuild(allDocuments(t.em), {})).rejects.toThrow(
        `Injected ${type} failure [internal]`,
      );
      await standIn.settled();
      expect([...standIn.indexes.keys()]).toEqual(['erfaringsnet']);
      expect([...live()!.documents.keys()]).toEqual(['Topic_00000000-0000-0000-0000-000000000001']);
    },
  );

  it('waits as long as a slow rebuild needs, then swaps and cleans up', async () => {
    const group = await buildGroup(t.em, { name: 'Langsom gruppe' });
    // Longer than the client's default wait of 5 s.
    standIn.processingMs.documentAdditionOrUpdate = 5_500;
    expect(await engine.rebuild(allDocuments(t.em), {})).toBeGreaterThan(0);
    expect([...standIn.indexes.keys()]).toEqual(['erfaringsnet']);
    expect(live()?.documents.has(`Group_${group.id}`)).toBe(true);
  }, 30_000);

  it('stops waiting for a slow task at shutdown: the batch stays in the outbox', async () => {
    const worker = new OutboxWorker(t.db.orm.em, engine);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 0 }); // applies the settings
    await buildGroup(t.em, { name: 'Langsomt sendt' });
    standIn.processingMs.documentAdditionOrUpdate = 60_000;
    const draining = worker.drainOnce();
    while (!standIn.requests.includes('POST /indexes/erfaringsnet/documents')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const closed = Date.now();
    engine.close();
    expect(await draining).toEqual({ delivered: 0, failed: 1 });
    expect(Date.now() - closed).toBeLessThan(2_000);
    expect(await outbox()).toEqual([
      { entity_type: 'Group', attempts: 1, last_error: expect.any(String) },
    ]);
  });

  it('applies the settings before the first send when Meilisearch is unreachable at start, and again when they are lost', async () => {
    standIn.down = true;
    await expect(engine.init({})).rejects.toThrow();
    const group = await buildGroup(t.em, { name: 'Ventende gruppe' });
    const worker = new OutboxWorker(t.db.orm.em, engine);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(await outbox()).toHaveLength(1);

    standIn.down = false;
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the worker's first backoff
    expect(await worker.drainOnce()).toEqual({ delivered: 1, failed: 0 });
    const sends = standIn.requests.filter((request) => request.startsWith('POST'));
    expect(standIn.requests.indexOf('PATCH /indexes/erfaringsnet/settings')).toBeLessThan(
      standIn.requests.indexOf(sends.find((request) => request.includes('/documents'))!),
    );
    expect((await titles('Ventende', ['GROUP'])).map((row) => row.id)).toEqual([group.id]);
    expect(
      (await engine.search('Ventende', undefined, pageWindow({ first: 5 }), { publicOnly: true }))
        .rows,
    ).toHaveLength(1);

    // Meilisearch lost its data: nothing is sent to an index it would create with its defaults.
    standIn.indexes.clear();
    group.name = 'Ventende gruppe, igen';
    await t.em.flush();
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(standIn.indexes.size).toBe(0);
    await due();
    expect(await worker.drainOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(live()?.settings.filterableAttributes).toEqual(['type', 'public']);
    expect((await titles('igen', ['GROUP'])).map((row) => row.id)).toEqual([group.id]);
  });

  it('never shows an erased person, nor text changed since it was sent, in the meantime', async () => {
    const person = await buildPerson(t.em, { name: 'Jens Hansen', bio: 'Kender Jens-sagerne.' });
    const note = Object.assign(new KnowledgeItem(), {
      kind: KnowledgeKind.LESSON,
      title: 'Overdragelse fra Jens Hansen',
      body: 'Jens Hansen skrev drejebogen.',
    });
    note.authors.add(person);
    await t.em.persistAndFlush(note);
    await engine.init({});
    const worker = new OutboxWorker(t.db.orm.em, engine);
    while ((await worker.drainOnce()).delivered > 0);
    expect((await titles('Jens')).map((row) => row.type).sort()).toEqual([
      'KnowledgeItem',
      'Person',
    ]);

    await t.api.ok(`mutation ($id: ID!) { erasePerson(personId: $id) { person { id } } }`, {
      id: gid(person),
    });
    // The outbox has not been drained: the index still holds the name.
    expect(live()?.documents.get(`Person_${person.id}`)?.title).toBe('Jens Hansen');
    const meanwhile = await titles('Jens');
    expect(meanwhile.map((row) => row.type)).not.toContain('Person');
    expect(meanwhile.map((row) => row.snippet).join(' ')).not.toMatch(/Jens/);

    while ((await worker.drainOnce()).delivered > 0);
    expect(live()?.documents.has(`Person_${person.id}`)).toBe(false);
    expect(await titles('Jens')).toEqual([]);
  });
});
