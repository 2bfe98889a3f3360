import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'notifications',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
