import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'incidents',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
