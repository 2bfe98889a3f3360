import type { Contact, ContactChannel } from '../types'
import { ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

export interface ContactDraft {
  channel: ContactChannel
  address: string
  label: string
}

/** Added, or refused: `address` holds the service's reason when it was the address. */
export type AddOutcome = { ok: true } | { ok: false, address?: string, error: ApiError }

/** Where the person is reached (masked by the service: the page never sees a full number). */
export function useContacts() {
  const auth = useAuthStore()
  const items = ref<Contact[]>([])
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      items.value = unwrap(await auth.api.GET('/api/v1/notification-contacts'))
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
    }
    finally {
      loading.value = false
    }
  }

  async function add(draft: ContactDraft): Promise<AddOutcome> {
    try {
      const label = draft.label.trim()
      const contact = unwrap(await auth.api.POST('/api/v1/notification-contacts', {
        body: { channel: draft.channel, address: draft.address.trim(), ...(label ? { label } : {}) },
      }))
      items.value = [...items.value, contact]
      return { ok: true }
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      return { ok: false, address: caught.fieldError('address'), error: caught }
    }
  }

  /** Throws the ApiError for the page to tell. */
  async function remove(contact: Contact): Promise<void> {
    // A 204 has no body: unwrap() only throws the refusal.
    unwrap(await auth.api.DELETE('/api/v1/notification-contacts/{contact_id}', {
      params: { path: { contact_id: contact.id } },
    }))
    items.value = items.value.filter(c => c.id !== contact.id)
  }

  return { items, loading, error, load, add, remove }
}
