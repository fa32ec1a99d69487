import { ReferenceKind } from '@mikro-orm/core';
import { useTestApi } from '../../test/support/api';
import { SEARCH_DESCRIPTORS } from './registry';

/**
 * The descriptors name their tables by MikroORM's underscore naming; this holds them to what the
 * ORM itself maps, so a renamed table or pivot fails here rather than in a search.
 */
describe('search descriptors', () => {
  const t = useTestApi();

  it.each(SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.type, descriptor] as const))(
    '%s: its table and topic links are the ones the ORM maps',
    (_type, descriptor) => {
      const meta = t.db.orm.getMetadata().get(descriptor.entity().name);
      expect(descriptor.table).toBe(`"${meta.tableName}"`);
      const topics = meta.properties['topics' as keyof typeof meta.properties];
      if (descriptor.topics === 'linked') {
        expect(topics?.kind).toBe(ReferenceKind.MANY_TO_MANY);
        expect(descriptor.topicLinks).toEqual({
          pivot: topics.pivotTable,
          owner: topics.joinColumns[0],
        });
      } else {
        expect(descriptor.topicLinks).toBeUndefined();
      }
    },
  );
});
