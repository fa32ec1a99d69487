import { searchable } from '../../search/descriptor';
import { Group } from './groups.entity';

/** Groups in the general search, by name and description, and by their topics. */
export const groupSearch = searchable({
  type: 'Group',
  key: 'GROUP',
  entity: () => Group,
  table: '"group"',
  title: 'x.name',
  body: "coalesce(x.description, '')",
  topicLinks: { pivot: 'group_topics', owner: 'group_id' },
});
