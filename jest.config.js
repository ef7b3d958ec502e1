// Unit specs sit beside the code; e2e specs under test/ drive real processes.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const moduleNameMapper = {
  '^@movie/(contracts|ddd|runtime|persistence|messaging)$': '<rootDir>/libs/$1/src',
  '^@movie/(contracts|ddd|runtime|persistence|messaging)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// A few ESM-only dependencies (content-disposition, pulled in by @fastify/static) need transforming.
const esmOnly = ['content-disposition', 'jose'];
const common = {
  transform: { '^.+\\.ts$': swc, [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'] },
    // Offline checks of the Dockerfile, k8s/ manifests and CI workflow (no engine or cluster here).
    { ...common, displayName: 'ops', testMatch: ['<rootDir>/test/ops/**/*.spec.ts'], testTimeout: 60000 },
  ],
};
