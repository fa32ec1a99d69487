// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries: a file in `src/modules/<a>/` may import from another module `<b>` only its
 * entities (`*.entity`), GraphQL types and inputs (`*.types`, `*.inputs`) and its declared public
 * entry (`<b>/public`), never a resolver, service, queries or any other file of it. A module that
 * needs a field on another module's type adds it with a resolver of its own
 * (`@Resolver(() => Group)` + `@FieldResolver`). `test/module-boundaries.test.ts` proves it fires.
 */
const CROSS_MODULE_IMPORT =
  '^(?:\\.\\./|(?:\\.\\./)+modules/)(?!\\.)[^/]+/(?!public$)(?!.*\\.(?:entity|types|inputs)$).+$';

/** The rule, with `allowed` imports (exact paths) that are known exceptions. */
function moduleBoundaries(allowed = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: allowed.length
              ? `^(?!(?:${allowed.map((path) => path.replace(/[.]/g, '\\.')).join('|')})$)${CROSS_MODULE_IMPORT.slice(1)}`
              : CROSS_MODULE_IMPORT,
            message:
              'Import only the *.entity, *.types, *.inputs or public entry of another module; let the module that owns a field or function add it (see src/schema/resolvers.ts).',
          },
        ],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/', '.data/', 'coverage/', 'node_modules/', 'web/src/gql/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/modules/**/*.ts'], rules: moduleBoundaries() },
  {
    // Infrastructure knows no feature: a feature hooks into it (a mutation transaction hook, an
    // after-migrate step), and app.ts or the schema wires them. The ORM's list of entities is the
    // one place it names the features' entity classes.
    files: ['src/common/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any path into src/modules, except an `*.entity` file.
              regex: '(^|/)modules/(?!.*\\.entity$)',
              message:
                'src/common and src/db are infrastructure and must not import a feature module: let the feature register a hook (see onMutationTransaction, AfterMigrate), wired in src/app.ts or src/schema.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read GraphQL responses whose shape the query itself states.
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    // The web app runs in the browser; its config files run in Node.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
);
