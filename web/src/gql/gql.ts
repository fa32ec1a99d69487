/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      role\n      person {\n        id\n        name\n      }\n      kommune {\n        id\n        name\n      }\n      organization {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query PersonPage($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      title\n      bio\n      status\n      departedOn\n      email\n      phone\n      openToQuestions\n      affiliations {\n        id\n        title\n        unit\n        validFrom\n        kommune {\n          id\n          name\n        }\n        organization {\n          id\n          name\n        }\n      }\n      memberships {\n        id\n        role\n        validFrom\n        group {\n          id\n          name\n          kind\n        }\n      }\n      claims {\n        id\n        level\n        narrative\n        endorsementCount\n        topic {\n          id\n          labelDa\n        }\n      }\n    }\n  }\n": typeof types.PersonPageDocument,
    "\n  query Experts($query: String!, $first: Int!, $after: String) {\n    experts(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          person {\n            id\n            name\n            title\n            status\n            affiliations {\n              id\n              title\n              kommune {\n                id\n                name\n              }\n              organization {\n                id\n                name\n              }\n            }\n          }\n          evidence {\n            kind\n            reason\n          }\n          successors {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.ExpertsDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      role\n      person {\n        id\n        name\n      }\n      kommune {\n        id\n        name\n      }\n      organization {\n        id\n        name\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query PersonPage($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      title\n      bio\n      status\n      departedOn\n      email\n      phone\n      openToQuestions\n      affiliations {\n        id\n        title\n        unit\n        validFrom\n        kommune {\n          id\n          name\n        }\n        organization {\n          id\n          name\n        }\n      }\n      memberships {\n        id\n        role\n        validFrom\n        group {\n          id\n          name\n          kind\n        }\n      }\n      claims {\n        id\n        level\n        narrative\n        endorsementCount\n        topic {\n          id\n          labelDa\n        }\n      }\n    }\n  }\n": types.PersonPageDocument,
    "\n  query Experts($query: String!, $first: Int!, $after: String) {\n    experts(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          person {\n            id\n            name\n            title\n            status\n            affiliations {\n              id\n              title\n              kommune {\n                id\n                name\n              }\n              organization {\n                id\n                name\n              }\n            }\n          }\n          evidence {\n            kind\n            reason\n          }\n          successors {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.ExpertsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      role\n      person {\n        id\n        name\n      }\n      kommune {\n        id\n        name\n      }\n      organization {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      role\n      person {\n        id\n        name\n      }\n      kommune {\n        id\n        name\n      }\n      organization {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonPage($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      title\n      bio\n      status\n      departedOn\n      email\n      phone\n      openToQuestions\n      affiliations {\n        id\n        title\n        unit\n        validFrom\n        kommune {\n          id\n          name\n        }\n        organization {\n          id\n          name\n        }\n      }\n      memberships {\n        id\n        role\n        validFrom\n        group {\n          id\n          name\n          kind\n        }\n      }\n      claims {\n        id\n        level\n        narrative\n        endorsementCount\n        topic {\n          id\n          labelDa\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PersonPage($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      title\n      bio\n      status\n      departedOn\n      email\n      phone\n      openToQuestions\n      affiliations {\n        id\n        title\n        unit\n        validFrom\n        kommune {\n          id\n          name\n        }\n        organization {\n          id\n          name\n        }\n      }\n      memberships {\n        id\n        role\n        validFrom\n        group {\n          id\n          name\n          kind\n        }\n      }\n      claims {\n        id\n        level\n        narrative\n        endorsementCount\n        topic {\n          id\n          labelDa\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Experts($query: String!, $first: Int!, $after: String) {\n    experts(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          person {\n            id\n            name\n            title\n            status\n            affiliations {\n              id\n              title\n              kommune {\n                id\n                name\n              }\n              organization {\n                id\n                name\n              }\n            }\n          }\n          evidence {\n            kind\n            reason\n          }\n          successors {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Experts($query: String!, $first: Int!, $after: String) {\n    experts(query: $query, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          score\n          person {\n            id\n            name\n            title\n            status\n            affiliations {\n              id\n              title\n              kommune {\n                id\n                name\n              }\n              organization {\n                id\n                name\n              }\n            }\n          }\n          evidence {\n            kind\n            reason\n          }\n          successors {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;