import { randomUUID } from 'node:crypto';
import { fromGlobalId, parseGlobalId, toGlobalId } from './global-id';

/** Global IDs are remembered once made or read: the answers must stay those of encoding anew. */
describe('global IDs', () => {
  it('encodes and reads back the same ID, again and again', () => {
    const id = randomUUID();
    const globalId = toGlobalId('Person', id);
    expect(globalId).toBe(Buffer.from(`Person:${id}`).toString('base64url'));
    expect(toGlobalId('Person', id)).toBe(globalId);
    expect(toGlobalId('Group', id)).not.toBe(globalId);
    expect(parseGlobalId(globalId)).toEqual({ type: 'Person', id });
    expect(parseGlobalId(globalId)).toEqual({ type: 'Person', id });
    expect(Object.isFrozen(parseGlobalId(globalId))).toBe(true);
    expect(fromGlobalId(globalId, 'Person', 'id')).toBe(id);
    expect(() => fromGlobalId(globalId, 'Group', 'id')).toThrow('id is not a valid Group id');
  });

  it('keeps refusing what is not an ID, and stays right past the most it remembers', () => {
    expect(parseGlobalId('not an id')).toBeNull();
    expect(parseGlobalId(Buffer.from('Person:1').toString('base64url'))).toBeNull();
    const ids = Array.from({ length: 12_000 }, () => randomUUID());
    for (const id of ids) expect(parseGlobalId(toGlobalId('Person', id))?.id).toBe(id);
    expect(parseGlobalId(toGlobalId('Person', ids[0]))?.id).toBe(ids[0]);
    expect(toGlobalId('Person', ids[0])).toBe(
      Buffer.from(`Person:${ids[0]}`).toString('base64url'),
    );
  });
});
