import { Writable } from 'node:stream';
import { Client } from 'pg';
import pino from 'pino';
import { useTestApi } from '../../test/support/api';
import { connect } from './orm';

describe('the database connection', () => {
  const t = useTestApi();

  it('logs a pooled connection the database ended through the application logger, not the console', async () => {
    const lines: { level: number; component?: string; msg: string }[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
    const console = jest.spyOn(global.console, 'log').mockImplementation(() => undefined);
    const orm = await connect(t.db.url, logger);
    const admin = new Client({ connectionString: t.db.url });
    await admin.connect();
    try {
      const [{ pid }] = await orm.em.getConnection().execute('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1, 10000)', [pid]);
      // The pool notices the ended connection when it is next used, and replaces it.
      await expect(orm.em.getConnection().execute('select 1 as one')).resolves.toEqual([
        { one: 1 },
      ]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          component: 'knex',
          msg: expect.stringMatching(/^Connection Error/),
        }),
      );
      expect(console).not.toHaveBeenCalled();
    } finally {
      console.mockRestore();
      await admin.end();
      await orm.close();
    }
  });
});
