import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './eslint-rules/boundaries.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'artifacts/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', document: 'readonly', window: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // The rooms and who may import what (docs/architecture.md); eslint-rules/boundaries.test.ts proves each fires.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { boundaries },
    rules: {
      'boundaries/display-no-bridges': 'error',
      'boundaries/no-cross-bridge': 'error',
      'boundaries/bridge-display-kit-only': 'error',
      'boundaries/sqlite-only-in-store': 'error',
      'boundaries/store-db-private': 'error',
    },
  },
  {
    files: ['scripts/**', 'display/assets/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The camera player's parts are joined into one script (display/assets.ts): each is a
    // script, naming what it shares in /* exported */ and what it uses from the others in /* global */.
    files: ['display/assets/camera-player/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // Stand-ins for programs a test machine lacks (fake-arecord.cjs): Node scripts run as executables, CommonJS.
    files: ['scripts/rig/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __filename: 'readonly', process: 'readonly', Buffer: 'readonly', setInterval: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
