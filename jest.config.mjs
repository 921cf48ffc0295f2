// Jest runs as ESM (Nest 12 is ESM-only); swc compiles tests the same way it compiles the app.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    sourceMaps: 'inline',
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^#domain$': '<rootDir>/libs/domain/src/index.ts',
    '^#persistence$': '<rootDir>/libs/persistence/src/index.ts',
    '^#persistence/embedded$': '<rootDir>/libs/persistence/src/embedded-start.ts',
    '^#platform$': '<rootDir>/libs/platform/src/index.ts',
    '^#lithic-wire$': '<rootDir>/libs/lithic-wire/src/index.ts',
    '^#privacy-wire$': '<rootDir>/libs/privacy-wire/src/index.ts',
    '^#testing$': '<rootDir>/sdk/sandbox-testing.mjs',
  },
};
export default {
  // Only the top-level value applies (not a project's); booting a sandbox in beforeAll needs seconds.
  testTimeout: 60_000,
  // Two test files at once even on two cores (jest's default there is one): the e2e files spend
  // most of their time waiting on a database, a browser or a child process, so two halve the run.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/build-dist.mjs',
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      // The use cases run from source; the build is for the schema template, from which each
      // file's fresh embedded database starts instead of running initdb and the migrations.
      globalSetup: '<rootDir>/test/support/build-dist.mjs',
    },
  ],
};
