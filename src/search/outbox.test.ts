import { useTestApi } from '../../test/support/api';
import { buildGroup, buildPerson, buildTopic } from '../../test/support/factories';
import { Group } from '../modules/groups/groups.entity';
import { backoffMs, OutboxWorker, setOutboxEnabled } from './outbox';
import { RecordingIndex } from '../../test/support/recording-index';

describe('search outbox', () => {
  const t = useTestApi();

  const outbox = async () =>
    (await t.em
      .fork()
      .getConnection()
      .execute('select entity_type, attempts, last_error from search_outbox order by id')) as {
      entity_type: string;
      attempts: number;
      last_error: string | null;
    }[];

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
});
