import type { KioskPairingCode, KioskRead } from './types'
import { computed, ref, shallowRef } from 'vue'
import { ApiError } from '@/api'
import { unwrap } from '@/api/client'
import { useAuthStore } from '@/stores/auth'

/** The staff's kiosk devices: list, register, rename, pair again, revoke. */
export function useKioskDevices() {
  const auth = useAuthStore()
  const devices = ref<KioskRead[]>([])
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** The code just issued, shown until the screen is left (never stored). */
  const issued = shallowRef<KioskPairingCode | null>(null)
  /** The community a community secretary looks after (from the token's scopes). */
  const communityId = computed(() => {
    const scope = auth.account?.scopes.find(s => s.startsWith('community:'))
    return scope ? scope.slice('community:'.length) : null
  })
  const community = computed(() => (communityId.value ? { community_id: communityId.value } : null))
  let streetId: string | null = null

  /** The community's street, which a device is registered under (read off a grid unit). */
  async function streetOf(community: string): Promise<string | null> {
    if (!streetId) {
      const units = unwrap(await auth.api.GET('/api/v1/grid-units', { params: { query: { community_id: community, limit: 1 } } }))
      streetId = units.items[0]?.street_id ?? null
    }
    return streetId
  }

  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    try {
      return await work()
    }
    catch (caught) {
      if (!(caught instanceof ApiError))
        throw caught
      error.value = caught
      return undefined
    }
  }

  async function load(): Promise<void> {
    loading.value = true
    await guarded(async () => {
      devices.value = unwrap(await auth.api.GET('/api/v1/kiosk-devices', { params: { query: { limit: 100 } } })).items
    })
    loading.value = false
  }

  function replace(device: KioskRead): void {
    const known = devices.value.some(d => d.id === device.id)
    devices.value = known ? devices.value.map(d => (d.id === device.id ? device : d)) : [device, ...devices.value]
  }

  async function register(name: string): Promise<boolean> {
    const community = communityId.value
    if (!community)
      return false
    const created = await guarded(async () => {
      const street = await streetOf(community)
      if (!street)
        throw new ApiError({ status: 422, code: 'community-out-of-scope', title: '' })
      return unwrap(await auth.api.POST('/api/v1/kiosk-devices', { body: { street_id: street, community_id: community, name } }))
    })
    if (created) {
      issued.value = created
      replace(created)
    }
    return created !== undefined
  }

  async function pairAgain(device: KioskRead): Promise<void> {
    const fresh = await guarded(async () => unwrap(await auth.api.POST('/api/v1/kiosk-devices/{device_id}/pairing-code', {
      params: { path: { device_id: device.id } },
    })))
    if (fresh) {
      issued.value = fresh
      replace(fresh)
    }
  }

  async function rename(device: KioskRead, name: string): Promise<boolean> {
    const renamed = await guarded(async () => unwrap(await auth.api.PATCH('/api/v1/kiosk-devices/{device_id}', {
      params: { path: { device_id: device.id } },
      body: { name },
    })))
    if (renamed)
      replace(renamed)
    return renamed !== undefined
  }

  async function revoke(device: KioskRead): Promise<void> {
    const revoked = await guarded(async () => unwrap(await auth.api.POST('/api/v1/kiosk-devices/{device_id}/revoke', {
      params: { path: { device_id: device.id } },
    })))
    if (revoked) {
      replace(revoked)
      if (issued.value?.id === revoked.id)
        issued.value = null
    }
  }

  return { devices, loading, error, issued, community, load, register, pairAgain, rename, revoke }
}
