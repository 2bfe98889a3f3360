import type { Resident } from '../api'
import { watch } from 'vue'
import { useAsync } from '@/composables/useAsync'
import { useResidentsApi } from '../api'

/** The masked record a form works on (its `version` goes into If-Match). */
export function useResidentRecord(residentId: () => string) {
  const residents = useResidentsApi()
  const record = useAsync<Resident>(() => residents.resident(residentId()))
  watch(residentId, () => void record.run(), { immediate: true })
  return record
}
