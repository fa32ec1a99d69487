import { searchable } from '../../search/descriptor';
import { Product } from './products.entity';

/**
 * Products in the general search, by name and their Danish and English summaries; their English
 * name, aliases and topics stand for them too.
 */
export const productSearch = searchable('Product', () => Product, {
  title: 'x.name',
  body: "concat_ws(' – ', x.summary_da, x.summary)",
  terms: 'array_remove(array[x.name_en], null) || x.aliases',
  topics: 'linked',
});
