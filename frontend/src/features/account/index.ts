import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'account',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
