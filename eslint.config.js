// ESLint flat config: typescript-eslint's recommended rules, and `import type` for type-only imports (the
// style's rule; tsconfig's verbatimModuleSyntax needs it too). Formatting is Prettier's (`npm run format`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/build/',
    '**/dist/',
    '**/.next/',
    '.helios/',
    'coverage/',
    'fixtures/',
    'dashboard/next-env.d.ts',
    'functions/core/drizzle/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      // `typeof import('…')` stays allowed: tests type a module they import only after setting its environment.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // `const { dropped, ...rest } = object` is how a property is left out; `_` marks an unused argument.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // scripts/check-node.cjs is CommonJS on purpose: it must run on any Node to say which one is needed.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
