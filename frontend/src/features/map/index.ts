import { defineFeature } from '../feature'

const zhCN = {}

export default defineFeature({
  name: 'map',
  routes: [],
  messages: { 'zh-CN': zhCN, 'en-US': zhCN },
})
