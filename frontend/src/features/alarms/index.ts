import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'alarms',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
