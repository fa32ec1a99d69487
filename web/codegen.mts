import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the web app, generated from the API's SDL (`npm run web:codegen`). The
 * documents sit next to the components that use them; test/web/codegen.test.ts fails when the
 * committed output differs from what this config produces, or a document no longer validates.
 */
export const codegenConfig: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/src/**/*.tsx', 'web/src/**/*.ts', '!web/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          LocalDate: 'string',
          DateTimeISO: 'string',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default codegenConfig;
