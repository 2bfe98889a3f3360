import { fileURLToPath, URL } from 'node:url'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import type { Plugin as PostcssPlugin } from 'postcss'
import pxToRem from 'postcss-pxtorem'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'

// In development the gateway serves /api; override to point at a different stack.
const apiTarget = process.env.WEIMIN_API_PROXY ?? 'http://127.0.0.1:8000'

// Vant embeds its icon font (a woff2 data: URL) and names a copy on a public CDN as the
// fallback, which browsers still request. The platform works offline and its
// Content-Security-Policy allows fonts from itself only, so remote font sources are dropped.
const REMOTE_URL = /url\(\s*['"]?(?:https?:)?\/\//
const dropRemoteFonts: PostcssPlugin = {
  postcssPlugin: 'weimin-drop-remote-fonts',
  AtRule: {
    'font-face': (rule) => {
      rule.walkDecls('src', (decl) => {
        decl.value = decl.value
          .split(/,(?=\s*url\()/)
          .filter(source => !REMOTE_URL.test(source))
          .join(',')
      })
    },
  },
}

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({ resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  css: {
    postcss: {
      // Sizes are written in px at the browser's default 16 px and turned into rem, so they
      // follow the reader's font-size setting and never the width of the screen. Hairlines
      // (1 px borders) stay px.
      plugins: [
        pxToRem({ rootValue: 16, propList: ['*'], minPixelValue: 2 }),
        dropRemoteFonts,
      ],
    },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: { outDir: 'dist' },
  test: {
    environment: 'happy-dom',
    environmentOptions: { happyDOM: { url: 'http://weimin.test/' } },
    include: ['tests/**/*.spec.ts'],
    restoreMocks: true,
    // Vant's ES build imports its CSS; let Vite handle it instead of Node.
    server: { deps: { inline: ['vant'] } },
  },
})
