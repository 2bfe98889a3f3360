/// <reference types="vite/client" />

declare module 'postcss-px-to-viewport-8-plugin' {
  import type { Plugin } from 'postcss'
  export default function pxToViewport(options?: Record<string, unknown>): Plugin
}
