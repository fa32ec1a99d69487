import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { Context } from '../common/context';
import { UnauthenticatedError } from '../common/errors';
import { buildGraphQLSchema } from './build';
import { resolvers } from './resolvers';

/**
 * The schema's resolvers: a plain field that needs a signed-in caller (all of `Person`'s, and a
 * seat's `note`) checks it in a plain function, not through type-graphql's middleware chain of
 * promises, with the same answers (the access suite checks them through the API).
 */
describe('schema resolvers', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildGraphQLSchema();
  });

  const resolverOf = (type: string, field: string) => {
    const resolve = (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve;
    if (!resolve) throw new Error(`${type}.${field} has no resolver`);
    return (root: object, signedIn: boolean) =>
      resolve(
        root,
        {},
        { access: { signedIn, has: () => false } } as unknown as Context,
        { parentType: schema.getType(type), fieldName: field } as GraphQLResolveInfo,
      );
  };

  it('reads an authorised plain field at once, and refuses an anonymous caller at once', () => {
    const name = resolverOf('Person', 'name');
    expect(name({ name: 'Signe' }, true)).toBe('Signe');
    expect(() => name({ name: 'Signe' }, false)).toThrow(UnauthenticatedError);
    expect(() => name({ name: 'Signe' }, false)).toThrow('Sign in to read Person.name');
    const note = resolverOf('Membership', 'note');
    expect(note({ note: 'Formand fra 2024' }, true)).toBe('Formand fra 2024');
    expect(() => note({ note: 'x' }, false)).toThrow(UnauthenticatedError);
  });

  /** The class type-graphql declares `type.field`'s `@Root` as (the copy the schema uses). */
  const declaredRoot = (type: string, field: string) => {
    const resolver = getMetadataStorage().fieldResolvers.find(
      (candidate) =>
        candidate.schemaName === field &&
        candidate.getObjectType?.()?.name === type &&
        (resolvers as unknown[]).includes(candidate.target),
    );
    const root = resolver?.params?.find((param) => param.kind === 'root') as
      { getType(): new () => object } | undefined;
    if (!root) throw new Error(`${type}.${field} has no @Root parameter`);
    return root.getType();
  };

  /** A context whose loaders answer `loaded` at once, and remember what they were asked. */
  const contextOf = (signedIn: boolean, loaded: unknown, asked: unknown[][] = []) =>
    ({
      access: { signedIn, has: () => false },
      loaders: {
        one: (...args: unknown[]) => (asked.push(args), loaded),
        during: (...args: unknown[]) => (asked.push(args), loaded),
      },
      em: {
        findOne: (...args: unknown[]) => (asked.push(args), loaded),
      },
    }) as unknown as Context;

  const call = (
    type: string,
    field: string,
    root: object,
    context: Context,
    args: Record<string, unknown> = {},
  ) =>
    (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve?.(root, args, context, {
      parentType: schema.getType(type),
      fieldName: field,
    } as GraphQLResolveInfo);

  it('calls a field resolver of @Root and @Ctx alone at once, after the same check', () => {
    // `Membership.person` loads the person through the loaders: their answer, not a promise.
    const seat = Object.assign(Object.create(declaredRoot('Membership', 'person').prototype), {
      person: { id: 'p1' },
    }) as object;
    const person = { id: 'p1', name: 'Signe' };
    expect(call('Membership', 'person', seat, contextOf(true, person))).toBe(person);
    expect(() => call('Membership', 'person', seat, contextOf(false, person))).toThrow(
      'Sign in to read Membership.person',
    );
  });

  it('gives a field resolver its @Args class as type-graphql makes it', () => {
    // `Person.affiliations(period, asOf)`: TemporalArgs, plain fields and no validation rule.
    const root = Object.assign(Object.create(declaredRoot('Person', 'affiliations').prototype), {
      id: 'p1',
    }) as object;
    const asked: unknown[][] = [];
    const rows: unknown[] = [];
    const answer = call('Person', 'affiliations', root, contextOf(true, rows, asked), {
      period: 'PAST',
    });
    expect(answer).toBe(rows);
    const args = asked[0][3] as Record<string, unknown>;
    expect(args.constructor.name).toBe('TemporalArgs');
    expect({ ...args }).toEqual({ period: 'PAST' });
    expect(() => call('Person', 'affiliations', root, contextOf(false, rows))).toThrow(
      'Sign in to read Person.affiliations',
    );
  });

  it('refuses unstorable text in the arguments of a query, as the global middleware does', () => {
    const asked: unknown[][] = [];
    const context = contextOf(true, null, asked);
    expect(call('Query', 'groupBySlug', {}, context, { slug: 'styregruppe' })).toBeNull();
    expect(asked).toHaveLength(1);
    expect(() => call('Query', 'groupBySlug', {}, context, { slug: 'a\u0000b' })).toThrow(
      'slug must not contain NUL characters or unpaired surrogates',
    );
    expect(asked).toHaveLength(1);
  });

  it('leaves other field resolvers, and calls type-graphql converts, to type-graphql', async () => {
    const person = { id: 'p1', name: 'Signe' };
    // A plain object is not a Membership: type-graphql copies it into one, in its own handler.
    const plain = call('Membership', 'person', { person: { id: 'p1' } }, contextOf(true, person));
    expect(plain).toBeInstanceOf(Promise);
    await expect(plain).resolves.toBe(person);
    // An argument given as an object is type-graphql's to convert and validate.
    const asked: unknown[][] = [];
    const slug = call('Query', 'groupBySlug', {}, contextOf(true, null, asked), {
      slug: { not: 'a string' },
    });
    expect(slug).toBeInstanceOf(Promise);
    await (slug as Promise<unknown>).catch(() => undefined);
    // `Kommune.people` takes KommunePeopleArgs, which has validation rules (`search` ≤ 200).
    const kommune = Object.create(declaredRoot('Kommune', 'people').prototype) as object;
    const people = call('Kommune', 'people', kommune, contextOf(true, []), {
      search: 'x'.repeat(201),
      first: 10,
    });
    expect(people).toBeInstanceOf(Promise);
    await expect(people).rejects.toThrow('Argument Validation Error');
  });
});
