import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'sync',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
