import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { Context } from '../common/context';
import { UnauthenticatedError } from '../common/errors';
import { buildGraphQLSchema } from './build';

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

  it('leaves a field with a resolver of its own to type-graphql', () => {
    // `Membership.person` loads the person: type-graphql's handler, a promise.
    const person = resolverOf('Membership', 'person');
    const answer = person({ person: { id: 'p1' } }, false);
    expect(answer).toBeInstanceOf(Promise);
    return (answer as Promise<unknown>).catch(() => undefined);
  });
});
