import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.sandbox-data/**', 'apps/dashboard/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // The dashboard: plain ES modules that run in the browser as written (no build step).
    files: ['apps/dashboard/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'sessionStorage',
          'navigator',
          'fetch',
          'crypto',
          'Intl',
          'FormData',
          'URLSearchParams',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'addEventListener',
          'removeEventListener',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // The domain is plain TypeScript: the rules of card issuing, testable with no framework or database.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'fastify', '#persistence', '#http'],
              message: 'libs/domain must stay framework-free',
            },
          ],
        },
      ],
    },
  },
);
