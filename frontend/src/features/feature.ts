import type { RouteRecordRaw } from 'vue-router'

/**
 * One area of the app (the map, residents, incidents...): its screens and its texts.
 * Each lives in `features/<name>/` and is listed once in `features/index.ts`, so areas
 * grow side by side without touching each other's files.
 */
export interface Feature<M extends object = object> {
  /** The key its texts live under: `t('<name>.title')`. */
  name: string
  /** Screens inside the app frame (nav bar and tab bar), paths relative to `/`. */
  routes: RouteRecordRaw[]
  /** Full-screen routes outside the frame (rare: a camera, a map in full screen). */
  bareRoutes?: RouteRecordRaw[]
  messages: { 'zh-CN': M, 'en-US': M }
}

export function defineFeature<M extends object>(feature: Feature<M>): Feature<M> {
  return feature
}
