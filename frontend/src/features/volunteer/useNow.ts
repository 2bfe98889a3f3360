import { onBeforeUnmount, onMounted, ref } from 'vue'

/** The current time, ticking every `everyMs` while the component is mounted (countdowns). */
export function useNow(everyMs = 1000) {
  const now = ref(new Date())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    timer = setInterval(() => {
      now.value = new Date()
    }, everyMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
