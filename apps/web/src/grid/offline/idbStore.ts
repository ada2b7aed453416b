import type { QueueItem, QueueStore } from './queue';

/**
 * A small IndexedDB wrapper (no library): database `safegrid-offline` with three stores —
 * `outbox` (queue items by clientId, photos kept as Blobs), `results` (clientId → server id of a
 * queued report) and `cache` (the last answer of the GETs the inspector needs offline).
 */
const DB_NAME = 'safegrid-offline';
const DB_VERSION = 1;
const OUTBOX = 'outbox';
const RESULTS = 'results';
const CACHE = 'cache';

let opening: Promise<IDBDatabase> | null = null;

export function idbAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'clientId' });
      if (!db.objectStoreNames.contains(RESULTS)) db.createObjectStore(RESULTS);
      if (!db.objectStoreNames.contains(CACHE)) db.createObjectStore(CACHE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
    request.onblocked = () => reject(new Error('indexedDB.open blocked'));
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB request failed'));
  });
}

/** Runs `work` in one transaction and resolves when it has committed. */
async function withStore<T>(
  name: string,
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const request = work(tx.objectStore(name));
    let value: T;
    promised(request).then((v) => {
      value = v;
    }, reject);
    tx.oncomplete = () => resolve(value);
    tx.onerror = () => reject(tx.error ?? new Error('indexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('indexedDB transaction aborted'));
  });
}

export class IdbQueueStore implements QueueStore {
  async list(): Promise<QueueItem[]> {
    const items = await withStore<QueueItem[]>(
      OUTBOX,
      'readonly',
      (s) => s.getAll() as IDBRequest<QueueItem[]>,
    );
    return items.sort((a, b) => a.seq - b.seq);
  }
  async put(item: QueueItem): Promise<void> {
    await withStore(OUTBOX, 'readwrite', (s) => s.put(item));
  }
  async remove(clientId: string): Promise<void> {
    await withStore(OUTBOX, 'readwrite', (s) => s.delete(clientId));
  }
  async getResult(clientId: string): Promise<string | undefined> {
    return withStore<string | undefined>(
      RESULTS,
      'readonly',
      (s) => s.get(clientId) as IDBRequest<string | undefined>,
    );
  }
  async setResult(clientId: string, serverId: string): Promise<void> {
    await withStore(RESULTS, 'readwrite', (s) => s.put(serverId, clientId));
  }
}

export interface CachedEntry<T> {
  data: T;
  savedAt: string;
}

/** The last answer stored for a cache key (undefined when none, or without IndexedDB). */
export async function readCache<T>(key: string): Promise<CachedEntry<T> | undefined> {
  if (!idbAvailable()) return undefined;
  try {
    return await withStore<CachedEntry<T> | undefined>(
      CACHE,
      'readonly',
      (s) => s.get(key) as IDBRequest<CachedEntry<T> | undefined>,
    );
  } catch {
    return undefined;
  }
}

export async function writeCache<T>(key: string, data: T, now: Date = new Date()): Promise<void> {
  if (!idbAvailable()) return;
  try {
    await withStore(CACHE, 'readwrite', (s) => s.put({ data, savedAt: now.toISOString() }, key));
  } catch {
    // A full or unavailable store only costs offline use of this page.
  }
}
