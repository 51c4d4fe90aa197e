import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Boundaries (DESIGN.md): src-shared runs everywhere, so it imports no Node, Electron or DOM-only
// module; the renderer never imports the main process; nothing imports the renderer.
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'worker_threads', 'url', 'stream', 'zlib', 'util', 'events', 'buffer'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'contracts/**', 'coverage/**', 'test-results/**', 'artifacts/**', 'src-shared/chain/bindings/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': ['error', { destructuring: 'all' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'no eval' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src-shared must stay pure: no Node built-ins (it runs in the renderer and workers).' },
            { group: ['electron', 'electron/*'], message: 'src-shared must not import electron.' },
            { group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**', 'react', 'react-dom', 'react-dom/*'], message: 'src-shared imports nothing from the runtimes.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'window', message: 'no DOM in src-shared' }, { name: 'document', message: 'no DOM in src-shared' }, { name: 'process', message: 'no Node globals in src-shared' }, { name: 'require', message: 'no require in src-shared' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**', '**/src-preload/**'], message: 'the renderer talks to the main process only through the API contract (src-shared/api).' },
            { group: [...nodeBuiltins, 'electron', 'better-sqlite3'], message: 'the renderer has no Node or Electron access.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src-renderer/**'], message: 'main never imports the renderer.' }] }],
    },
  },
);
