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
  // What may import what (ARCHITECTURE.md): arrows point inward, apps -> libs/platform and libs/lithic-wire
  // -> libs/persistence -> libs/domain, and the two services share nothing but libs. Below the HTTP layer
  // (domain, persistence) nothing knows Lithic's JSON or the platform.
  boundary(
    ['libs/domain/**/*.ts'],
    [
      '@nestjs/*',
      'typeorm',
      'pg',
      'fastify',
      '#persistence',
      '#platform',
      '#lithic-wire',
      '#privacy-wire',
      '**/apps/**',
    ],
    'libs/domain is plain TypeScript: the rules of card issuing, with no framework or database',
  ),
  boundary(
    ['libs/persistence/**/*.ts'],
    [
      '#platform',
      '#lithic-wire',
      '#privacy-wire',
      'fastify',
      '@nestjs/core',
      '@nestjs/platform-*',
      '@nestjs/swagger',
      '**/apps/**',
    ],
    'libs/persistence loads and stores; it never calls up into the HTTP layer, the wire or the apps',
  ),
  boundary(
    ['libs/platform/**/*.ts'],
    ['#lithic-wire', '#privacy-wire', '**/apps/**'],
    'libs/platform is the shared edge below the apps: it imports persistence and domain, never the wire or an app',
  ),
  {
    // An allow-list: #domain, node: built-ins and its own files; records come in by shape, not as entities.
    files: ['libs/lithic-wire/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!#domain$|node:|\\./)',
              message:
                'libs/lithic-wire maps records to Lithic JSON: it imports only #domain and node built-ins',
            },
          ],
        },
      ],
    },
  },
  {
    // The same allow-list, and Lithic's record shapes: both wires read the same rows.
    files: ['libs/privacy-wire/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!#domain$|#lithic-wire$|node:|\\./)',
              message:
                'libs/privacy-wire maps records to Privacy JSON: it imports only #domain, the record shapes of #lithic-wire and node built-ins',
            },
          ],
        },
      ],
    },
  },
  boundary(
    ['apps/authorizer/**/*.ts'],
    ['**/issuer/**'],
    'the authorizer and the issuer are separate services: what both need lives in libs',
  ),
  boundary(
    ['apps/issuer/**/*.ts'],
    ['**/authorizer/**'],
    'the issuer and the authorizer are separate services: what both need lives in libs',
  ),
);

function boundary(files, forbidden, message) {
  // `#lib` names go in `paths`: in a gitignore-style pattern a leading # starts a comment.
  const paths = forbidden.filter((name) => name.startsWith('#')).map((name) => ({ name, message }));
  const group = forbidden.filter((name) => !name.startsWith('#'));
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns: [{ group, message }] }] } };
}
