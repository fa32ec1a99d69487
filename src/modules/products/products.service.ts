import type { Access } from '../../auth/access';
import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../db/base.entity';
import { BadUserInputError, ConflictError } from '../../common/errors';
import type { EndInput } from '../../common/end.inputs';
import { containsPattern, getAllByGlobalIds, getByGlobalId, queryPage } from '../../common/lookup';
import { endValidity, Period, periodFilter, validOnSql } from '../../common/temporal';
import { applyChanges } from '../../common/validation';
import { Kommune, Organization } from '../kommuner/kommuner.entity';
import { Topic } from '../topics/topics.entity';
import { Product, ProductAdoption } from './products.entity';
import type {
  CreateProductInput,
  ProductListArgs,
  RecordProductAdoptionInput,
  UpdateProductInput,
} from './products.inputs';

/** The filters of a list of products, by database id (resolvers decode the arguments' global ids). */
export type ProductFilter = ProductListArgs;

/** Lists products by category, stage, topic, adopting kommune, supplier and name. */
export function listProducts(em: EntityManager, args: ProductFilter) {
  const { topicId, kommuneId, supplierId } = args;
  const qb = em.createQueryBuilder(Product, 'p');
  const day = today();
  if (args.category) qb.andWhere({ category: args.category });
  if (args.stage) qb.andWhere({ stage: args.stage });
  if (topicId)
    qb.andWhere('p.id in (select pt.product_id from product_topics pt where pt.topic_id = ?)', [
      topicId,
    ]);
  if (supplierId) {
    qb.andWhere(
      'p.id in (select ps.product_id from product_suppliers ps where ps.organization_id = ?)',
      [supplierId],
    );
  }
  if (kommuneId) {
    qb.andWhere(
      `p.id in (select pa.product_id from product_adoption pa where pa.kommune_id = ? and pa.status <> 'LEFT'
         and ${validOnSql('pa', '?')})`,
      [kommuneId, day, day],
    );
  }
  if (args.search) qb.andWhere({ name: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ name: 'asc' });
  return queryPage(qb, args);
}

/** Aliases as stored: trimmed, without empty ones or repeats. */
const cleanAliases = (aliases: string[]) => [
  ...new Set(aliases.map((alias) => alias.trim()).filter(Boolean)),
];

export async function createProduct(em: EntityManager, input: CreateProductInput) {
  const { supplierIds, topicIds, aliases, ...fields } = input;
  const product = applyChanges(new Product(), fields);
  product.aliases = cleanAliases(aliases ?? []);
  product.suppliers.set(
    await getAllByGlobalIds(em, Organization, supplierIds ?? [], 'supplierIds'),
  );
  product.topics.set(await getAllByGlobalIds(em, Topic, topicIds ?? [], 'topicIds'));
  em.persist(product);
  await em.flush();
  return product;
}

export async function updateProduct(em: EntityManager, id: string, input: UpdateProductInput) {
  const product = await getByGlobalId(em, Product, id, 'id');
  const { supplierIds, topicIds, aliases, ...fields } = input;
  applyChanges(product, fields, ['name', 'stage']);
  if (aliases != null) product.aliases = cleanAliases(aliases);
  if (supplierIds != null) {
    product.suppliers.set(await getAllByGlobalIds(em, Organization, supplierIds, 'supplierIds'));
  }
  if (topicIds != null)
    product.topics.set(await getAllByGlobalIds(em, Topic, topicIds, 'topicIds'));
  await em.flush();
  return product;
}

/**
 * A kommune's adoption reaches a new status from a date: the record valid then ends and a new one
 * starts, so the path from interest to production stays in the history.
 */
export async function recordProductAdoption(
  em: EntityManager,
  access: Access,
  input: RecordProductAdoptionInput,
) {
  const from = input.from ?? today();
  const kommune = await getByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  await access.requireEditorOf({ kommuneIds: [kommune.id] }, 'record this kommune’s adoption');
  const product = await getByGlobalId(em, Product, input.productId, 'productId');
  const current = await em.findOne(ProductAdoption, {
    kommune,
    product,
    ...periodFilter(Period.CURRENT, from),
  });
  if (current?.status === input.status) {
    throw new ConflictError(
      `${kommune.name} already has status ${input.status} for ${product.name}`,
      'status',
    );
  }
  const latest = await em.findOne(
    ProductAdoption,
    { kommune, product },
    { orderBy: { validFrom: 'desc' } },
  );
  if (latest && latest.validFrom >= from) {
    throw new BadUserInputError(
      'from',
      `The latest status (${latest.status}) started on ${latest.validFrom}; a new status must come after it`,
    );
  }
  const next = new ProductAdoption();
  next.kommune = kommune;
  next.product = product;
  next.status = input.status;
  next.validFrom = from;
  next.validTo = current?.validTo ?? null;
  next.note = input.note?.trim() || null;
  if (current) {
    current.validTo = from;
    await em.flush();
  }
  em.persist(next);
  await em.flush();
  return next;
}

export async function endProductAdoption(em: EntityManager, access: Access, input: EndInput) {
  const adoption = await getByGlobalId(em, ProductAdoption, input.id, 'id', { lock: true });
  await access.requireEditorOf({ kommuneIds: [adoption.kommune.id] }, 'end this adoption');
  endValidity(adoption, input.on ?? today(), 'The adoption');
  if (input.note) adoption.note = input.note.trim();
  await em.flush();
  return adoption;
}
