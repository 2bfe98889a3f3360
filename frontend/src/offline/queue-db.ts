import type { DBSchema, IDBPDatabase } from 'idb'
import type { QueuedWrite } from './queue'
import { openDB } from 'idb'

/**
 * The phone's copy of writes not yet accepted by the server (IndexedDB, via `idb`).
 * Entries are keyed by an auto-incremented `seq`, so reading the store in key order is
 * the order the worker made them in.
 */

/** A photo as stored: bytes and type. Safari has lost Blobs stored in IndexedDB; an
 * ArrayBuffer survives everywhere and becomes a Blob again when sent. */
export interface StoredPhoto {
  type: string
  bytes: ArrayBuffer
  /** The server's id once uploaded, so a retry does not upload it again. */
  uploadedId?: string
}

export interface StoredWrite extends Omit<QueuedWrite, 'photos'> {
  seq?: number
  /** The account that made it: only that account's session ever sends it. */
  owner: string
  storedPhotos: StoredPhoto[]
  /** Not before this time (ISO), after a server error. */
  notBefore?: string
}

interface QueueSchema extends DBSchema {
  writes: { key: number, value: StoredWrite, indexes: { 'by-id': string } }
  /** id of a sent write → id of the record it created, for `{ref:<id>}` paths. */
  created: { key: string, value: { writeId: string, recordId: string } }
}

const DB_NAME = 'weimin-offline'
let opened: Promise<IDBPDatabase<QueueSchema>> | null = null

export function queueDb(): Promise<IDBPDatabase<QueueSchema>> {
  opened ??= openDB<QueueSchema>(DB_NAME, 1, {
    upgrade(db) {
      const writes = db.createObjectStore('writes', { keyPath: 'seq', autoIncrement: true })
      writes.createIndex('by-id', 'id', { unique: true })
      db.createObjectStore('created', { keyPath: 'writeId' })
    },
  })
  return opened
}

/** Tests start from an empty database. */
export async function closeQueueDb(): Promise<void> {
  if (opened)
    (await opened).close()
  opened = null
}

export async function allWrites(): Promise<StoredWrite[]> {
  return (await queueDb()).getAll('writes')
}

export async function writeById(id: string): Promise<StoredWrite | undefined> {
  return (await queueDb()).getFromIndex('writes', 'by-id', id)
}

export async function addWrite(write: StoredWrite): Promise<void> {
  await (await queueDb()).add('writes', write)
}

export async function saveWrite(write: StoredWrite): Promise<void> {
  await (await queueDb()).put('writes', write)
}

export async function removeWrite(write: StoredWrite): Promise<void> {
  if (write.seq !== undefined)
    await (await queueDb()).delete('writes', write.seq)
}

/** Removes the write and remembers what it created, in one transaction: a reload between
 * the two can neither resend it nor lose the id later writes refer to. */
export async function completeWrite(write: StoredWrite, recordId: string | undefined): Promise<void> {
  const db = await queueDb()
  const tx = db.transaction(['writes', 'created'], 'readwrite')
  if (write.seq !== undefined)
    await tx.objectStore('writes').delete(write.seq)
  if (recordId)
    await tx.objectStore('created').put({ writeId: write.id, recordId })
  await tx.done
}

export async function createdRecordId(writeId: string): Promise<string | undefined> {
  return (await (await queueDb()).get('created', writeId))?.recordId
}
