import { useI18n } from 'vue-i18n'

/** Roles the locale files name; a role the server adds later shows as its raw code. */
export function useRoleNames() {
  const { t, te } = useI18n()
  return (role: string) => (te(`roles.${role}`) ? t(`roles.${role}`) : role)
}
