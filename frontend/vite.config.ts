import { fileURLToPath, URL } from 'node:url'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import type { Plugin as PostcssPlugin } from 'postcss'
import pxToRem from 'postcss-pxtorem'
import Components from 'unplugin-vue-components/vite'
import { compression } from 'vite-plugin-compression2'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
import { isCacheableApiRequest, refuseUnstorable } from './src/offline/api-cache-rules'

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

const THEME_COLOUR = '#c8161d'

// Only libraries the first screen needs whole: Vant's components stay with the screens
// that use them, so a screen's own components still load with that screen.
const VENDOR_CHUNKS: [chunk: string, packages: RegExp][] = [
  ['vue', /node_modules\/(@vue|vue|vue-router|pinia)\//],
  ['i18n', /node_modules\/(vue-i18n|@intlify)\//],
]

function vendorChunk(id: string): string | undefined {
  return VENDOR_CHUNKS.find(([, packages]) => packages.test(id))?.[0]
}

// The installable app: a manifest, and a service worker that precaches the app shell (so
// the app opens with no signal) and keeps the masked grid reads the offline screens need
// (rules and their reasons in src/offline/api-cache-rules.ts). It takes over at once
// (autoUpdate): hashed assets make an old page and a new worker safe together.
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: false, // registered from main.ts once the page has loaded
  strategies: 'generateSW',
  filename: 'sw.js',
  manifestFilename: 'manifest.webmanifest',
  includeAssets: ['icons/apple-touch-icon-180.png'],
  manifest: {
    id: '/',
    name: '为民',
    short_name: '为民',
    description: '社区治理服务平台：网格员的离线优先工作台',
    lang: 'zh-CN',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: THEME_COLOUR,
    background_color: '#f5f6f8',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,png,svg,woff2,webmanifest}'],
    cleanupOutdatedCaches: true,
    // Web Push (notices and taps on them): a plain script in public/, loaded by sw.js.
    importScripts: ['/push-sw.js'],
    // Controls the page that installed it, so the first visit already works offline.
    clientsClaim: true,
    skipWaiting: true,
    // Any page path opens the cached shell offline; the router takes it from there.
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/\.well-known\//, /^\/(?:healthz|readyz|metrics)$/],
    runtimeCaching: [
      {
        urlPattern: isCacheableApiRequest,
        method: 'GET',
        // Fresh data when there is signal; the last copy when there is none or it is too slow.
        handler: 'NetworkFirst',
        options: {
          cacheName: 'weimin-api',
          networkTimeoutSeconds: 5,
          // Answers vary by language and token; offline, the last copy is the one to show.
          matchOptions: { ignoreVary: true },
          plugins: [{ cacheWillUpdate: refuseUnstorable }],
        },
      },
    ],
  },
})

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({ resolvers: [VantResolver()], dts: 'src/components.d.ts' }),
    pwa,
    // .br and .gz beside each hashed asset; the gateway serves the best one a browser
    // accepts (gateway/src/weimin_gateway/spa.py).
    compression({
      include: /assets\/[^/]+\.(?:js|css|svg)$/,
      algorithms: ['gzip', 'brotliCompress'],
      threshold: 1024,
    }),
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
  // The manifest lets scripts/check-budget.mjs find the entry chunk and its static imports.
  // The wish-wall kiosk runs on cheap Android TV boxes (Chrome / WebView 87): script and CSS
  // syntax newer than that is lowered at build time (first load +0.3 KB gzipped). Runtime
  // APIs are not polyfilled; the wall's own (EventSource, flex gap, inset) are all in 87.
  build: {
    outDir: 'dist',
    manifest: true,
    target: ['chrome87', 'edge88', 'firefox78', 'safari14'],
    rollupOptions: {
      output: {
        // The libraries in chunks of their own: a phone parses, runs and caches each
        // as its own shorter task (one 290 KB entry was one long task that kept taps
        // waiting on a mid-range phone), and they stay cached across releases that
        // change only our code.
        manualChunks: vendorChunk,
      },
    },
  },
  test: {
    environment: 'happy-dom',
    environmentOptions: { happyDOM: { url: 'http://weimin.test/' } },
    include: ['tests/**/*.spec.ts'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
    // Vant's ES build imports its CSS; let Vite handle it instead of Node.
    server: { deps: { inline: ['vant'] } },
  },
})
