/** An in-memory stand-in for the browser's CacheStorage (happy-dom has none): enough of
 * `keys`, `open`, `delete` and `has` for the cache wipe to be tested on real entries. */
export class MemoryCacheStorage {
  readonly stores = new Map<string, Map<string, Response>>()

  async keys(): Promise<string[]> {
    return [...this.stores.keys()]
  }

  async has(name: string): Promise<boolean> {
    return this.stores.has(name)
  }

  async open(name: string) {
    const store = this.stores.get(name) ?? new Map<string, Response>()
    this.stores.set(name, store)
    return {
      put: async (url: string, response: Response) => void store.set(url, response),
      match: async (url: string) => store.get(url),
    }
  }

  async delete(name: string): Promise<boolean> {
    return this.stores.delete(name)
  }
}
