// Screens send field writes through the offline queue, which keeps them in IndexedDB:
// every spec gets an in-memory IndexedDB (fake-indexeddb), as a browser would have one.
import 'fake-indexeddb/auto'
