// One Jest run over every project; levels are told apart by file suffix
// (*.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts) so each can be selected alone.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    // Keep import() as is: Jest then loads ES-only packages (pdf.js) through its ES module loader.
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@fai/([a-z-]+)$': '<rootDir>/libs/$1/src',
    // Test-only helpers a lib keeps out of its build (e.g. `@fai/decider/testing`).
    '^@fai/([a-z-]+)/testing$': '<rootDir>/libs/$1/src/testing',
  },
  testEnvironment: 'node',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  // Two workers on two cores. Global-log readers see only transactions older than the oldest one
  // open anywhere on the server, so tests that read the log poll with a deadline instead of
  // trusting a single read.
  maxWorkers: 2,
  // Global only (Jest ignores it per project): generous for integration tests on a loaded 2-core machine.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,bench,test}/**/*.unit.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{libs,services,test}/**/*.int.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/retry-once.setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{services,test}/**/*.e2e.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/retry-once.setup.ts', '<rootDir>/test/e2e-exclusive.setup.ts'],
    },
  ],
};
