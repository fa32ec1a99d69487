import {
  getNamedType,
  type GraphQLField,
  type GraphQLObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { testSchema } from '../../test/support/api';
import type { Access } from '../auth/access';
import { mayReadType } from './visibility';

const anonymous = { signedIn: false } as Access;

/** Fields that answer null to anonymous callers by what they are: `viewer` is the caller. */
const NULL_WHEN_ANONYMOUS = new Set(['Query.viewer']);

/**
 * The GraphQL edge agrees with the visibility policy: from `Query`, every field an anonymous
 * caller may call (no `@Authorized`) leads only to types the policy lets them read. Unions and
 * interfaces (`node`, `search`) are checked against the policy when they resolve, so the walk
 * does not enter them.
 */
describe('visibility policy', () => {
  it('lets no field without @Authorized lead anonymous callers to a members-only type', async () => {
    const schema = await testSchema();
    const storage = getMetadataStorage();
    const authorized = new Set<string>();
    for (const query of storage.queries) {
      if (query.roles) authorized.add(`Query.${query.schemaName}`);
    }
    for (const type of storage.objectTypes) {
      for (const field of type.fields ?? []) {
        if (field.roles) authorized.add(`${type.name}.${field.schemaName}`);
      }
    }
    const isNode = (type: GraphQLObjectType) =>
      type.getInterfaces().some((node) => node.name === 'Node');
    const reached = new Set<string>();
    const leaks: string[] = [];
    const walk = (type: GraphQLObjectType, path: string) => {
      if (reached.has(type.name)) return;
      reached.add(type.name);
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        const name = `${type.name}.${field.name}`;
        if (authorized.has(name) || NULL_WHEN_ANONYMOUS.has(name)) continue;
        const target = getNamedType(field.type);
        if (!isObjectType(target) || isInterfaceType(target)) continue;
        const via = `${path}.${field.name}`;
        if (isNode(target) && !mayReadType(anonymous, target.name)) {
          leaks.push(`${via}: ${target.name}`);
          continue;
        }
        walk(target, `${target.name}`);
      }
    };
    walk(schema.getQueryType()!, 'Query');
    expect(leaks).toEqual([]);
    // The walk reached the public types, so the check above could fail.
    expect([...reached]).toEqual(expect.arrayContaining(['Kommune', 'Group', 'Requirement']));
  });
});
