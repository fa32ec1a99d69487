import { GraphQLError } from 'graphql';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createErrorFormatter } from './format-error';
import { DriverException } from '@mikro-orm/core';
import { mapDatabaseError, NotFoundError } from './errors';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'error' }, stream), lines };
}

describe('error formatting', () => {
  it('logs and masks an unexpected error', () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger, false);
    const original = new Error('connection string postgres://secret@db leaked');
    const wrapped = new GraphQLError(original.message, {
      originalError: original,
      path: ['person'],
    });
    const result = format(
      {
        message: original.message,
        path: ['person'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
      wrapped,
    );
    expect(result).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: ['person'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines.join('')).toContain('leaked');
  });

  it('passes the errors meant for the user unchanged', () => {
    const { logger, lines } = capturingLogger();
    const format = createErrorFormatter(logger, false);
    const error = new NotFoundError('Person', 'abc', 'id');
    const formatted = { message: error.message, extensions: { ...error.extensions } };
    expect(format(formatted, new GraphQLError(error.message, { originalError: error }))).toEqual(
      formatted,
    );
    expect(lines).toEqual([]);
  });
});

describe('database errors a user can act on', () => {
  it('turns a deadlock or serialization failure into CONFLICT: try again', () => {
    for (const code of ['40P01', '40001']) {
      const error = new DriverException(Object.assign(new Error('deadlock detected'), { code }));
      expect(mapDatabaseError(error)?.extensions).toEqual({ code: 'CONFLICT' });
    }
    const other = new DriverException(Object.assign(new Error('disk full'), { code: '53100' }));
    expect(mapDatabaseError(other)).toBeUndefined();
  });
});
