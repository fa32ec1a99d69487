import type { EntityClass } from '@mikro-orm/postgresql';
import {
  Arg,
  Args,
  Ctx,
  createUnionType,
  Field,
  Float,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { Context } from '../common/context';
import { type Page, PageArgs, PageInfo, pageWindow, toPage } from '../common/pagination';
import type { BaseEntity } from '../db/base.entity';
import { mayRead } from '../access/visibility';
import { descriptorOf, SEARCH_DESCRIPTORS, type SearchTypeName } from './registry';
import { SEARCH_COUNT_LIMIT, validateSearchText } from './search.service';

/** The kinds of thing the general search finds: one member per search descriptor. */
export const SearchType = Object.fromEntries(
  SEARCH_DESCRIPTORS.map((descriptor) => [descriptor.key, descriptor.key]),
) as { [K in SearchTypeName]: K };

registerEnumType(SearchType, {
  name: 'SearchType',
  description: 'The kinds of thing the general search finds.',
  valuesConfig: Object.fromEntries(
    SEARCH_DESCRIPTORS.map(({ key, type }) => [key, { description: `${type} hits.` }]),
  ),
});

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'Anything the general search can find.',
  types: () => SEARCH_DESCRIPTORS.map((descriptor) => descriptor.entity()),
  resolveType: (value) => value.constructor.name,
});

/** One hit of the general search. */
@ObjectType({
  description: 'One hit of the general search: what was found, how well it matched, and where.',
})
export class SearchHit {
  @Field(() => SearchResult, { description: 'What was found.' })
  node!: typeof SearchResult;

  @Field(() => Float, { description: 'How well it matched (higher is better).' })
  score!: number;

  @Field(() => String, {
    description: 'A snippet of its text, HTML-escaped, with the matching words in <mark>…</mark>.',
  })
  snippet!: string;
}

@ObjectType({ description: 'One SearchHit in a list, with its cursor.' })
class SearchHitEdge {
  @Field(() => String, { description: 'Opaque position of this item; pass it as `after`.' })
  cursor!: string;

  @Field(() => SearchHit, { description: 'The SearchHit.' })
  node!: SearchHit;
}

const LIMIT = SEARCH_COUNT_LIMIT.toLocaleString('en');

/** A page of hits, with a count that stops at a limit (as large search APIs count). */
@ObjectType({ description: 'A page of SearchHit items (Relay connection).' })
export class SearchHitConnection implements Page<SearchHit> {
  @Field(() => [SearchHitEdge], { description: 'The items on this page.' })
  edges!: SearchHitEdge[];

  @Field(() => PageInfo, { description: 'Paging information.' })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description: `How many hits there are: exact when \`totalCountIsLowerBound\` is false; when it is true, there are more than this many (the built-in engine counts each kind of thing's hits up to ${LIMIT}, and then says ${LIMIT}).`,
  })
  totalCount!: number;

  @Field(() => Boolean, {
    description: `Whether there are more hits than \`totalCount\`: true when a kind of thing has more than ${LIMIT} hits (the count stopped there), or when an external engine could only estimate the count. Paging still reaches every hit: follow \`pageInfo.hasNextPage\`.`,
  })
  totalCountIsLowerBound!: boolean;
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchHitConnection, {
    description:
      'Searches people, groups, products, procurements, requirements, knowledge notes and topics at once, in Danish or English, best match first. Anonymous callers find only public things: groups, products, topics and shared requirements.',
  })
  async search(
    @Arg('query', () => String, { description: 'What to look for.' }) query: string,
    @Arg('types', () => [SearchType], { nullable: true, description: 'Only these kinds of thing.' })
    types: SearchTypeName[] | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    const window = pageWindow(page);
    const text = validateSearchText(query);
    const { rows, total, totalIsLowerBound, hasMore } = await ctx.searchIndex.search(
      text,
      types,
      window,
      {
        publicOnly: !ctx.access.signedIn,
      },
    );
    // One prepared statement per kind of thing on the page (the loaders batch them).
    const nodes = new Map<string, BaseEntity>();
    const found = await Promise.all(
      rows.map((row) =>
        ctx.loaders.one(descriptorOf(row.type).entity() as unknown as EntityClass<BaseEntity>, {
          id: row.id,
        }),
      ),
    );
    for (const node of found) if (node) nodes.set(node.id, node);
    // The engine narrows for anonymous callers; an external one may lag behind a change (a
    // requirement no longer shared), so what is shown is checked against the database itself.
    const hits = rows
      .filter((row) => nodes.has(row.id) && mayRead(ctx.access, nodes.get(row.id)!))
      .map((row) =>
        Object.assign(new SearchHit(), {
          node: nodes.get(row.id),
          score: row.score,
          snippet: row.snippet,
        }),
      );
    const connection = toPage(hits, total, window);
    return {
      ...connection,
      pageInfo: { ...connection.pageInfo, hasNextPage: hasMore },
      totalCountIsLowerBound: totalIsLowerBound,
    };
  }
}
