import { searchable } from '../../search/descriptor';
import { Product } from './products.entity';

/**
 * Products in the general search, by name and their Danish and English summaries; their English
 * name, aliases and topics stand for them too.
 */
export const productSearch = searchable({
  type: 'Product',
  key: 'PRODUCT',
  entity: () => Product,
  table: 'product',
  title: 'x.name',
  body: "concat_ws(' – ', x.summary_da, x.summary)",
  terms: 'array_remove(array[x.name_en], null) || x.aliases',
  topicLinks: { pivot: 'product_topics', owner: 'product_id' },
});
