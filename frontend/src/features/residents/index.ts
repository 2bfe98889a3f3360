import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'residents',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
