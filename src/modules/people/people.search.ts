import { searchable } from '../../search/descriptor';
import { Person } from './people.entity';

/**
 * People in the general search, by name, title and bio; the topics of their current experience
 * claims stand for them too. An erased person is not found at all.
 */
export const personSearch = searchable('Person', () => Person, {
  title: 'x.name',
  body: "concat_ws(' – ', x.title, x.bio)",
  terms: `coalesce((select array_agg(t.label_da) from experience_claim c join topic t on t.id = c.topic_id
      where c.person_id = x.id and c.withdrawn_at is null), '{}')`,
  where: "x.status <> 'ERASED'",
});
