/** Type-checking is `npm run typecheck`; with tsconfig's isolatedModules the transformer only strips types, so the suite stays fast. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 120000,
  // Jest's default (cores - 1) runs one file at a time on a 2-core machine; the files are CPU-bound.
  maxWorkers: Math.max(2, require('node:os').cpus().length - 1),
};
