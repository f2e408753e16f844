// @ts-check
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Every folder under services/ is one service, published as `@fai/<folder>`. */
const SERVICES = readdirSync(join(import.meta.dirname, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Deepest folder nesting inside a package that the boundary rules cover. */
const MAX_DEPTH = 12;

const DOMAIN_FILES = [
  '**/*.decider.ts',
  '**/domain/**/*.ts',
  'libs/decider/**/*.ts',
  'libs/contracts/**/*.ts',
];

// Domain code is pure: no framework, driver, file system or infrastructure lib (ARCHITECTURE.md, STYLE.md).
const DOMAIN_RESTRICTIONS = {
  patterns: [
    {
      regex: '^(@nestjs|@electric-sql|@opentelemetry)/',
      message:
        'Domain code uses no framework or telemetry SDK: keep Nest and OpenTelemetry in the service edge.',
    },
    {
      regex: '^(pg|nats|typeorm|express|winston)(/.*)?$',
      message:
        'Domain code uses no driver or logger: take what it needs as data and do the I/O in the service edge.',
    },
    {
      regex: '^(node:)?fs(/.*)?$',
      message: 'Domain code does no file I/O: read files in the service edge and pass their content in.',
    },
    {
      regex: '^@fai/(event-store|messaging|service-kit)(/.*)?$',
      message: 'Domain code depends only on contracts and the decider kit, never on infrastructure libs.',
    },
  ],
};

/** A relative import climbing `depth + 1` levels from a file `depth` folders inside a package leaves the package. */
function leavesPackage(depth) {
  return {
    regex: `^(\\.\\./){${depth + 1},}`,
    message: 'Import another package by its @fai/<name>, never by a relative path out of this package.',
  };
}

function serviceBoundaries(service, depth) {
  const others = SERVICES.filter((name) => name !== service);
  return {
    files: [`services/${service}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(others.length > 0
              ? [
                  {
                    regex: `^@fai/(${others.join('|')})(/.*)?$`,
                    message:
                      'A service never imports another service: it learns through events and sends commands.',
                  },
                ]
              : []),
            leavesPackage(depth),
          ],
        },
      ],
    },
  };
}

function libBoundaries(depth) {
  return {
    files: [`libs/*/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^@fai/(${SERVICES.join('|')})(/.*)?$`,
              message: 'Libs never import services: services depend on libs, not the other way round.',
            },
            leavesPackage(depth),
          ],
        },
      ],
    },
  };
}

const depths = [...Array(MAX_DEPTH + 1).keys()];

export default defineConfig(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'out/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const _: never = command` is the exhaustiveness check STYLE.md asks for.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    // CommonJS files load modules with require().
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Domain purity has a rule name of its own so that it adds to, never replaces, the boundary rules below.
  {
    files: DOMAIN_FILES,
    // The schema snapshot guard is build tooling that lives beside the contracts it guards.
    ignores: ['**/*.spec.ts', 'libs/contracts/src/schema-snapshots.ts', 'libs/contracts/src/snapshot-schemas.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', DOMAIN_RESTRICTIONS] },
  },
  ...SERVICES.flatMap((service) => depths.map((depth) => serviceBoundaries(service, depth))),
  ...depths.map(libBoundaries),
);
