import type { FilterQuery } from '@mikro-orm/postgresql';
import {
  Arg,
  Args,
  Ctx,
  createUnionType,
  Field,
  Float,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { Context } from '../common/context';
import { Connection, PageArgs, pageWindow, toPage } from '../common/pagination';
import type { BaseEntity } from '../db/base.entity';
import { mayRead } from '../access/visibility';
import { descriptorOf, SEARCH_DESCRIPTORS, type SearchTypeName } from './registry';
import { validateSearchText } from './search.service';

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

export const SearchHitConnection = Connection(SearchHit);

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
    const { rows, total } = await ctx.searchIndex.search(text, types, window, {
      publicOnly: !ctx.access.signedIn,
    });
    const nodes = new Map<string, BaseEntity>();
    for (const type of new Set(rows.map((row) => row.type))) {
      const entity = descriptorOf(type).entity() as unknown as new () => BaseEntity;
      const ids = rows.filter((row) => row.type === type).map((row) => row.id);
      for (const found of await ctx.em.find(entity, {
        id: { $in: ids },
      } as FilterQuery<BaseEntity>)) {
        nodes.set(found.id, found);
      }
    }
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
    return toPage(hits, total, window);
  }
}
