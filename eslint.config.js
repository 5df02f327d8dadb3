import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// `import { z }` keeps all of zod, every locale included, in each bundle; property reads off a namespace
// import let esbuild drop what is unused: the CLI's command chunk went from 1.27 MB to 0.70 MB (compiled
// on every start, about 25 ms less), the window's bundle from 988 KB to 624 KB.
const zodNamespaceOnly = {
  selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier",
  message: "Write `import * as z from 'zod'`: a named import bundles all of zod's locales.",
};

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', 'test-results/', 'release/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      // External links go through electron/externalLinks.ts, which allows only http, https and mailto.
      'no-restricted-properties': ['error', { object: 'shell', property: 'openExternal', message: 'Use openExternalSafely from electron/externalLinks.ts.' }],
      'no-restricted-syntax': ['error', zodNamespaceOnly],
    },
  },
  {
    // The core runs in plain Node (CLI, tests, browser mode, worker): Electron must never leak into it.
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'electron/core must run in plain Node: keep Electron in electron/main.ts and electron/preload.ts.' }] },
      ],
    },
  },
  {
    // electron-builder hooks that must be CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
