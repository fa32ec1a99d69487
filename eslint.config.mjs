// @ts-check
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.data/', 'coverage/', 'node_modules/', 'web/src/gql/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
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
