import type {
  GraphQLCompositeType,
  GraphQLResolveInfo,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  BREAK,
  isInterfaceType,
  isObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/**
 * Whether the operation asks, below the field being resolved, for the field `name` without
 * arguments (so with their defaults), directly or through fragments. A resolver can then read
 * what that field will need together with its own row, in one statement, instead of leaving it to
 * a loader's statement of its own.
 */
export function selectsWithDefaults(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      switch (selection.kind) {
        case Kind.FIELD:
          return selection.name.value === name && (selection.arguments ?? []).length === 0;
        case Kind.INLINE_FRAGMENT:
          return visit(selection.selectionSet);
        case Kind.FRAGMENT_SPREAD:
          return visit(info.fragments[selection.name.value]?.selectionSet);
      }
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/**
 * Whether every field the operation selects on the object type `type`, anywhere in it (in any
 * fragment too, used or not), is one of `fields` (`__typename` always is). A resolver can then
 * read only the columns those fields show, for the objects of that type it alone hands out.
 * Worked out once per operation.
 */
export function selectsOnlyOn(
  info: GraphQLResolveInfo,
  type: string,
  fields: ReadonlySet<string>,
): boolean {
  let byType = onlyFields.get(info.operation);
  if (!byType) onlyFields.set(info.operation, (byType = new Map()));
  const key = `${type}:${[...fields].join(',')}`;
  let answer = byType.get(key);
  if (answer === undefined) {
    answer = true;
    const { schema } = info;
    const target = schema.getType(type);
    // A field selected on an interface of the type (`... on Node { id }`) is selected on it too.
    const on = (parent: GraphQLCompositeType | null | undefined) =>
      parent === target ||
      (isObjectType(target) && isInterfaceType(parent) && schema.isSubType(parent, target));
    const typeInfo = new TypeInfo(schema);
    const visitor = visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (!on(typeInfo.getParentType())) return;
        const name = node.name.value;
        if (name !== '__typename' && !fields.has(name)) {
          answer = false;
          return BREAK;
        }
      },
    });
    for (const node of [info.operation, ...Object.values(info.fragments)]) {
      visit(node, visitor);
      if (!answer) break;
    }
    byType.set(key, answer);
  }
  return answer;
}

/** {@link selectsOnlyOn}'s answers, by operation (its parsed document is cached by Apollo). */
const onlyFields = new WeakMap<OperationDefinitionNode, Map<string, boolean>>();
