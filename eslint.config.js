// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-check/', 'coverage/', 'node_modules/', 'data/', 'bin/', 'reports/', '.stryker-tmp/', 'src/web/assets/'] },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'stryker.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // The layers (ADR 0010): core at the bottom, then store, service, and web and cli on top, every
  // arrow pointing down. Type-only imports count too.
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(store|service|web|cli|config|tools|bench|start)(/|\\.js$)',
              message: 'src/core imports nothing outside src/core (ADR 0010).',
            },
            {
              regex: '^(?!\\.|zod$|luxon$|date-holidays$)',
              message: 'src/core has no I/O: only zod, luxon and date-holidays, no node: modules or other packages (ADR 0010).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(service|web|cli)/', message: 'src/store may not import the service, web or CLI layers (ADR 0010).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/service/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(web|cli)/', message: 'src/service may not import the web or CLI layers (ADR 0010).' },
            { regex: '^(fastify|@fastify/)', message: 'Fastify adapters live in src/web; the service stays framework-free (ADR 0010).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+store/',
              message: 'src/web sees services only: ask a service in src/service, never src/store (ADR 0010).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**', 'src/bench/**', 'src/start.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['eslint.config.js', 'stryker.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
