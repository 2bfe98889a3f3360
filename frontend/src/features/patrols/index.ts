import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'patrols',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
