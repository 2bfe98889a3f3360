// ESLint 9 flat config: Vue's recommended rules and typescript-eslint's for the SPA, and
// ESLint's recommended rules for the Node scripts beside it. vue-tsc (`npm run typecheck`)
// checks the types; this checks everything else.
import js from '@eslint/js'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

export default defineConfigWithVueTs(
  {
    name: 'weimin/ignored',
    // Generated from openapi.json, and build output.
    ignores: ['dist/**', 'src/api/generated/**', 'coverage/**'],
  },
  {
    name: 'weimin/node-scripts',
    files: ['**/*.{js,mjs}'],
    ...js.configs.recommended,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'weimin/service-worker',
    // Loaded by the generated service worker (importScripts), not by Node.
    files: ['public/push-sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    name: 'weimin/deliberate',
    rules: {
      // Layout, not correctness: the templates keep short attribute lists on one line, as
      // the rest of the code does; no formatter rewrites them.
      'vue/max-attributes-per-line': 'off',
    },
  },
  {
    name: 'weimin/route-pages',
    files: ['src/pages/**/*.vue'],
    // A page is named after its route (home, login, me), which clashes with no HTML element.
    rules: { 'vue/multi-word-component-names': 'off' },
  },
)
