import { Client } from 'pg';
import { useTestApi } from '../../test/support/api';
import { buildTopic } from '../../test/support/factories';
import { connect, statementCounter } from '../db/orm';
import type { MikroORM } from '@mikro-orm/postgresql';
import { TopicKind } from '../modules/topics/topics.entity';
import { concerns } from './analysis-cache';
import { analyzeQuery } from './query';

/**
 * Query analyses kept in memory: the same text again costs one small statement, and a change of
 * the vocabulary that concerns it, made by this process or another and committed in any order,
 * is seen by the next analysis.
 */
describe('analysis cache', () => {
  const t = useTestApi();
  /** A second server process on the same database: an ORM (a pool, so a cache) of its own. */
  let other: MikroORM;

  beforeAll(async () => {
    other = await connect(t.db.url);
    await t.db.orm.em
      .fork()
      .getConnection()
      .execute(`insert into search_lexeme (lexeme) values ('kontrakt'), ('styring')`);
  });
  afterAll(() => other.close());

  /** The analysis of `text` on `orm`, and how many statements it sent. */
  const analyse = async (orm: MikroORM, text: string) => {
    const counter = statementCounter(orm);
    const analysis = await analyzeQuery(orm.em.fork(), text);
    return { tsquery: analysis.tsquery, topics: analysis.topicIds, statements: counter.count() };
  };
  const addWord = (orm: MikroORM, lexeme: string) =>
    orm.em
      .fork()
      .getConnection()
      .execute(`insert into search_lexeme (lexeme) values (?) on conflict do nothing`, [lexeme]);

  it('tells which changed words concern an analysis', () => {
    const read = { letters: 'leverandoerstyring', corrected: ['leverandoerstyring'] };
    // A stem of the word, a part of a compound, a word one or two edits from a corrected stem.
    expect(concerns(read, 'leverando')).toBe(true);
    expect(concerns(read, 'styring')).toBe(true);
    expect(concerns(read, 'leverandorstyring')).toBe(true);
    expect(concerns(read, 'kontrakt')).toBe(false);
    expect(concerns({ letters: 'kontrakt', corrected: [] }, 'kontrakter')).toBe(false);
  });

  it('answers the same text again from memory, after one statement that finds nothing changed', async () => {
    const first = await analyse(t.db.orm, 'kontraktstyring');
    expect(first.statements).toBe(3);
    const again = await analyse(t.db.orm, 'kontraktstyring');
    expect(again).toEqual({ ...first, statements: 1 });
    // A word it does not concern keeps it.
    await addWord(t.db.orm, 'borgerservice');
    expect((await analyse(t.db.orm, 'kontraktstyring')).statements).toBe(1);
  });

  it('sees a word another process added that corrects a typo of the query', async () => {
    const before = await analyse(t.db.orm, 'dokumentstyrring');
    expect((await analyse(t.db.orm, 'dokumentstyrring')).statements).toBe(1);
    expect(before.tsquery).not.toContain(`'dokumentstyring'`);
    await addWord(other, 'dokumentstyring');
    const after = await analyse(t.db.orm, 'dokumentstyrring');
    expect(after.statements).toBe(3);
    expect(after.tsquery).toContain(`'dokumentstyring'`);
  });

  it('sees a change whose transaction began before another change and committed after it', async () => {
    expect((await analyse(t.db.orm, 'projektstyrring')).tsquery).not.toContain(`'projektstyring'`);
    const slow = new Client({ connectionString: t.db.url });
    await slow.connect();
    try {
      await slow.query('begin');
      await slow.query(`insert into search_lexeme (lexeme) values ('projektstyring')`);
      // Later changes commit and are read while the first is still open.
      await addWord(other, 'kommunikationsplan');
      expect((await analyse(t.db.orm, 'projektstyrring')).statements).toBe(1);
      await slow.query('commit');
    } finally {
      await slow.end();
    }
    const after = await analyse(t.db.orm, 'projektstyrring');
    expect(after.statements).toBe(3);
    expect(after.tsquery).toContain(`'projektstyring'`);
  });

  it('drops every analysis when many words change at once', async () => {
    await analyse(t.db.orm, 'kontraktstyring');
    expect((await analyse(t.db.orm, 'kontraktstyring')).statements).toBe(1);
    // Words that do not concern it, but more than are checked one by one (an import, say).
    await other.em
      .fork()
      .getConnection()
      .execute(
        `insert into search_lexeme (lexeme) select 'ord' || n from generate_series(1, 300) as n`,
      );
    expect((await analyse(t.db.orm, 'kontraktstyring')).statements).toBe(3);
  });

  it('drops every analysis when a topic changes', async () => {
    const before = await analyse(t.db.orm, 'sikker kontrakt');
    expect(before.topics).toEqual([]);
    await buildTopic(other.em.fork(), {
      slug: 'sikker-kontrakt',
      kind: TopicKind.METHOD,
      labelDa: 'Sikker kontrakt',
      labelEn: 'Secure contract',
      aliases: [],
    });
    const after = await analyse(t.db.orm, 'sikker kontrakt');
    expect(after.statements).toBe(3);
    expect(after.topics).toHaveLength(1);
  });
});
