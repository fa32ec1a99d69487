import { searchable } from '../../search/descriptor';
import { Procurement } from './procurements.entity';

/** Procurements in the general search, by title, description and lessons learned, and topics. */
export const procurementSearch = searchable('Procurement', () => Procurement, {
  title: 'x.title',
  body: "concat_ws(' – ', x.description, x.lessons_learned)",
  topics: 'linked',
});
