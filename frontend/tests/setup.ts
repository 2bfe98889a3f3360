import { afterAll } from 'vitest'
// Screens send field writes through the offline queue, which keeps them in IndexedDB:
// every spec gets an in-memory IndexedDB (fake-indexeddb), as a browser would have one.
import 'fake-indexeddb/auto'

// Vant measures a fixed bar with a safe area (the tab bar) 100, 200 and 300 ms after it
// mounts and never clears those timers: in a file whose last test ends sooner, they would
// fire after the file's DOM is gone ("window is not defined"). Each file waits them out.
afterAll(() => new Promise<void>(resolve => setTimeout(resolve, 350)))
