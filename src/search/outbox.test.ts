import { useTestApi } from '../../test/support/api';
import { buildGroup, buildPerson, buildTopic } from '../../test/support/factories';
import { ClaimLevel, ExperienceClaim } from '../modules/claims/claims.entity';
import { Group } from '../modules/groups/groups.entity';
import { Person } from '../modules/people/people.entity';
import { Topic } from '../modules/topics/topics.entity';
import { backoffMs, OutboxWorker, rebuildExternalIndex, setOutboxEnabled } from './outbox';
import { RecordingIndex } from '../../test/support/recording-index';
import { outboxRows } from '../../test/support/row-counts';

/** A promise and the function that resolves it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('search outbox', () => {
  const t = useTestApi();

  const outbox = () => outboxRows(t.em.fork());

  it('records nothing while disabled', async () => {
    await setOutboxEnabled(t.em, false);
    await buildPerson(t.em);
    expect(await outbox()).toEqual([]);
  });

  it('survives a failed drain: nothing lost, nothing sent twice, deletions reach the engine', async () => {
    await setOutboxEnabled(t.em, true);
    const person = await buildPerson(t.em, { name: 'Outbox Person' });
    const topic = await buildTopic(t.em, { labelDa: 'Outbox-emne' });
    const group = await buildGroup(t.em, { name: 'Outbox-gruppe' });
    group.topics.add(topic); // the pivot change enqueues the group again
    person.title = 'Ny titel';
    await t.em.flush();
    const recorded = await outbox();
    expect(recorded.map((row) => row.entity_type).sort()).toEqual(
      expect.arrayContaining(['Group', 'Person', 'Topic']),
    );

    const index = new RecordingIndex();
    index.failuresLeft = 1;
    const worker = new OutboxWorker(t.db.orm.em, index);
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: recorded.length });
    const kept = await outbox();
    expect(kept).toHaveLength(recorded.length);
    expect(kept.every((row) => row.attempts === 1 && row.last_error === 'engine unavailable')).toBe(
      true,
    );
    // Backing off: nothing is due right away.
    expect(await worker.drainOnce()).toEqual({ delivered: 0, failed: 0 });

    await t.em.fork().getConnection().execute('update search_outbox set next_attempt_at = now()');
    expect(await worker.drainOnce()).toEqual({ delivered: recorded.length, failed: 0 });
    expect(await outbox()).toEqual([]);
    expect([...index.documents.keys()].sort()).toEqual(
      [`Group_${group.id}`, `Person_${person.id}`, `Topic_${topic.id}`].sort(),
    );
    expect(new Set(index.received).size).toBe(index.received.length);
    expect(index.documents.get(`Person_${person.id}`)).toMatchObject({
      title: 'Outbox Person',
      text: 'Ny titel',
    });
    expect(index.documents.get(`Group_${group.id}`)?.topics).toContain('Outbox-emne');

    await t.em.fork().nativeDelete(Group, { id: group.id });
    expect(await worker.drainOnce()).toEqual({ delivered: 2, failed: 0 }); // the group and its topic link
    expect(index.documents.has(`Group_${group.id}`)).toBe(false);
    await setOutboxEnabled(t.em, false);
  });

  it('backs off exponentially, up to a ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30)).toBe(5 * 60_000);
  });

  describe('nothing is lost or left stale', () => {
    beforeEach(() => setOutboxEnabled(t.em, true));
    afterEach(async () => {
      await setOutboxEnabled(t.em, false);
      await t.em.fork().getConnection().execute('delete from search_outbox');
    });

    /** Drains until nothing is due, and returns the index. */
    const drainAll = async (index: RecordingIndex) => {
      const worker = new OutboxWorker(t.db.orm.em, index);
      while ((await worker.drainOnce()).delivered > 0);
      return index;
    };

    it("a person's experience claims change their document's topics", async () => {
      const person = await buildPerson(t.em, { name: 'Claim Person' });
      const topic = await buildTopic(t.em, { labelDa: 'Leverandørstyring' });
      const index = await drainAll(new RecordingIndex());
      expect(index.documents.get(`Person_${person.id}`)?.topics).toEqual([]);

      const claim = Object.assign(new ExperienceClaim(), {
        person,
        topic,
        level: ClaimLevel.EXPERT,
      });
      await t.em.persistAndFlush(claim);
      await drainAll(index);
      expect(index.documents.get(`Person_${person.id}`)?.topics).toEqual(['Leverandørstyring']);

      claim.withdrawnAt = new Date();
      await t.em.flush();
      await drainAll(index);
      expect(index.documents.get(`Person_${person.id}`)?.topics).toEqual([]);
    });

    it('renaming a topic re-sends everything that carries its labels', async () => {
      const topic = await buildTopic(t.em, { labelDa: 'Gammelt navn', aliases: ['gammel'] });
      const group = await buildGroup(t.em, { name: 'Emnegruppe' });
      group.topics.add(topic);
      const person = await buildPerson(t.em, { name: 'Emneperson' });
      t.em.persist(
        Object.assign(new ExperienceClaim(), { person, topic, level: ClaimLevel.WORKING }),
      );
      await t.em.flush();
      const index = await drainAll(new RecordingIndex());

      await t.em
        .fork()
        .nativeUpdate(Topic, { id: topic.id }, { labelDa: 'Nyt navn', aliases: ['ny'] });
      await drainAll(index);
      expect(index.documents.get(`Group_${group.id}`)?.topics).toEqual(
        expect.arrayContaining(['Nyt navn', 'ny']),
      );
      expect(index.documents.get(`Group_${group.id}`)?.topics).not.toContain('Gammelt navn');
      expect(index.documents.get(`Person_${person.id}`)?.topics).toEqual(['Nyt navn']);
      // The labels are the engine's synonyms too: they are sent again.
      expect(index.synonyms.at(-1)?.['nyt navn']).toContain('ny');
    });

    it('a rebuild keeps the changes of a transaction that commits after it began', async () => {
      const person = await buildPerson(t.em, { name: 'Før' });
      const index = await drainAll(new RecordingIndex());
      const written = gate();
      const commit = gate();
      // Begun (and its outbox row written) before the rebuild, committed while it runs.
      const late = t.db.orm.em.fork().transactional(async (tx) => {
        await tx.nativeUpdate(Person, { id: person.id }, { name: 'Efter' });
        written.open();
        await commit.opened;
      });
      await written.opened;
      index.beforeSwap = async () => {
        commit.open();
        await late;
      };
      await rebuildExternalIndex(t.db.orm.em, index);
      expect(index.documents.get(`Person_${person.id}`)?.title).toBe('Før');
      await drainAll(index);
      expect(index.documents.get(`Person_${person.id}`)?.title).toBe('Efter');
    });

    it('changes made while a rebuild runs reach the index it swaps in', async () => {
      const person = await buildPerson(t.em, { name: 'Under genopbygning' });
      const index = await drainAll(new RecordingIndex());
      const read = gate();
      const swap = gate();
      index.beforeSwap = async () => {
        read.open();
        await swap.opened;
      };
      const rebuilding = rebuildExternalIndex(t.db.orm.em, index);
      await read.opened;
      await t.em.fork().nativeUpdate(Person, { id: person.id }, { title: 'Ny titel' });
      // Workers pause: what they sent now would go to the index about to be replaced.
      expect(await new OutboxWorker(t.db.orm.em, index).drainOnce()).toEqual({
        delivered: 0,
        failed: 0,
      });
      swap.open();
      await rebuilding;
      await drainAll(index);
      expect(index.documents.get(`Person_${person.id}`)?.text).toBe('Ny titel');
    });

    it('two workers never deliver an older state of one entity after a newer one', async () => {
      const person = await buildPerson(t.em, { name: 'Version 1' });
      const index = new RecordingIndex();
      const sending = gate();
      const release = gate();
      index.beforeUpsert = async (documents) => {
        if (documents.some((document) => document.title === 'Version 1')) {
          sending.open();
          await release.opened;
        }
      };
      const first = new OutboxWorker(t.db.orm.em, index).drainOnce();
      await sending.opened; // the first worker has loaded version 1 and is sending it
      await t.em.fork().nativeUpdate(Person, { id: person.id }, { name: 'Version 2' });
      const second = await new OutboxWorker(t.db.orm.em, index).drainOnce();
      expect(second).toEqual({ delivered: 0, failed: 0 }); // the entity is being sent: it waits
      release.open();
      expect(await first).toEqual({ delivered: 1, failed: 0 });
      await drainAll(index);
      expect(index.documents.get(`Person_${person.id}`)?.title).toBe('Version 2');
    });

    it('records a retry with backoff when loading the documents fails', async () => {
      await buildGroup(t.em, { name: 'Gruppe der ikke kan indlæses' });
      const connection = t.em.fork().getConnection();
      await connection.execute('alter table "group" rename column description to description_x');
      try {
        const index = new RecordingIndex();
        expect(await new OutboxWorker(t.db.orm.em, index).drainOnce()).toEqual({
          delivered: 0,
          failed: 1,
        });
        expect(await outbox()).toEqual([
          { entity_type: 'Group', attempts: 1, last_error: expect.stringMatching(/description/) },
        ]);
      } finally {
        await connection.execute('alter table "group" rename column description_x to description');
      }
    });
  });
});
