import { searchable } from '../../search/descriptor';
import { Group } from './groups.entity';

/** Groups in the general search, by name and description, and by their topics. */
export const groupSearch = searchable('Group', () => Group, {
  title: 'x.name',
  body: "coalesce(x.description, '')",
  topics: 'linked',
});
