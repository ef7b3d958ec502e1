// ESLint flat config: the recommended JavaScript and TypeScript rules, without type information so
// `npm run lint` stays quick on a 2-core machine (`npm run typecheck` covers the types).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '.kafka/**', 'kafka/target/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // `_`-prefixed names mark parameters a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests and their fakes read JSON bodies whose shape the assertion itself states.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // On SQLite's one connection a bare read runs inside whichever transaction is open and can see
    // rows about to be rolled back: apps read through TransactionRunner.run or runStatement.
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[property.name=/^(manager|query|getRepository|createQueryBuilder)$/]:matches([object.name='dataSource'], [object.property.name='dataSource'])",
        message: 'go through TransactionRunner.runStatement (or run), not the data source: on SQLite a bare statement joins the open transaction',
      }],
    },
  },
  {
    // The web front-end runs in the browser.
    files: ['apps/web/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
