// The inbox's texts; zh-CN is the reference shape, en-US must match it.
export const zhCN = {
  title: '我的消息',
  incidents: '事件通知',
  volunteering: '志愿服务通知',
  unreadOnly: '只看未读',
  markRead: '标为已读',
  read: '已读',
  unread: '未读',
  empty: '暂无消息',
  loadFailed: '消息加载失败',
  retry: '重试',
  loadMore: '加载更多',
  desk: {
    account: '我的',
    community_desk: '社区值班台',
    street_desk: '街道值班台',
  },
  kinds: {
    incident_state_changed: '事件进展',
    satisfaction_question: '满意度回访',
    incident_overdue: '事件超时',
  },
}

export type NotificationsMessages = typeof zhCN

export const enUS: NotificationsMessages = {
  title: 'My messages',
  incidents: 'Incident notices',
  volunteering: 'Volunteering notices',
  unreadOnly: 'Unread only',
  markRead: 'Mark as read',
  read: 'Read',
  unread: 'Unread',
  empty: 'No messages',
  loadFailed: 'Could not load the messages',
  retry: 'Retry',
  loadMore: 'Load more',
  desk: {
    account: 'Mine',
    community_desk: 'Community desk',
    street_desk: 'Street desk',
  },
  kinds: {
    incident_state_changed: 'Incident progress',
    satisfaction_question: 'Satisfaction follow-up',
    incident_overdue: 'Incident overdue',
  },
}
