import type { components, paths } from '@/api/generated/schema'

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never
type Schemas = components['schemas']

export type IncidentNotification = JsonOf<paths['/api/v1/incident-notifications']['get']['responses'][200]>['items'][number]
export type VolunteerNotification = JsonOf<paths['/api/v1/volunteers/me/notifications']['get']['responses'][200]>['items'][number]

/** One notice of the person's inbox (the notifications service), already in their language. */
export type Notice = Schemas['Notifications_NotificationRead']
export type NotificationPreferences = Schemas['PreferencesRead']
export type PreferencesUpdate = Schemas['PreferencesUpdate']
export type Contact = Schemas['ContactRead']
export type ContactChannel = Schemas['ContactCreate']['channel']
export type ChannelMode = NotificationPreferences['channels'][string]
export type NoticeLanguage = NotificationPreferences['language']

/** Every personal channel, in the order the settings list them. */
export const PERSONAL_CHANNELS = ['web_push', 'wecom', 'dingtalk', 'wechat_oa', 'sms'] as const
export type PersonalChannel = typeof PERSONAL_CHANNELS[number]
export const CHANNEL_MODES: readonly ChannelMode[] = ['all', 'urgent', 'off']
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['sms', 'wecom', 'dingtalk', 'wechat_oa']
