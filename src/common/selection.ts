import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

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
