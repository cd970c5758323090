/**
 * Where texts too large for localStorage go: IndexedDB, the browser's own database, whose
 * quota is a share of the disk rather than localStorage's few megabytes. One object store of
 * strings by key. Tests (Node has no IndexedDB) put a Map in its place with `setBigStore`.
 */

export interface BigStore {
  get(key: string): Promise<string | undefined>;
  /** Rejects with a BigStoreError when the text cannot be kept. */
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Why IndexedDB did not keep a text: no room left, or no database at all (privacy settings, old browser). */
export class BigStoreError extends Error {
  constructor(readonly problem: 'quota' | 'unavailable') {
    super(`IndexedDB: ${problem}`);
  }
}

const DB = 'podpath';
const STORE = 'texts';

let override: BigStore | null | undefined;
let opened: BigStore | undefined;

/** The store in use, or undefined where the browser has no IndexedDB. */
export function bigStore(): BigStore | undefined {
  if (override !== undefined) return override ?? undefined;
  if (typeof indexedDB === 'undefined') return undefined;
  return (opened ??= indexedDbStore());
}

/** Tests: a store of their own (null: none at all); undefined goes back to IndexedDB. */
export function setBigStore(store: BigStore | null | undefined): void {
  override = store;
}

function problemOf(e: unknown): BigStoreError {
  if (e instanceof BigStoreError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  return new BigStoreError(name === 'QuotaExceededError' ? 'quota' : 'unavailable');
}

function indexedDbStore(): BigStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = () =>
    (db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(problemOf(req.error));
      req.onblocked = () => reject(new BigStoreError('unavailable'));
    }).catch((e: unknown) => {
      // A failed open may succeed later (another tab upgrading): try again next time.
      db = undefined;
      throw problemOf(e);
    }));
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<T> => {
    const database = await open();
    return new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction;
      let req: IDBRequest;
      try {
        tx = database.transaction(STORE, mode);
        req = work(tx.objectStore(STORE));
      } catch (e) {
        // The connection was closed under us (the browser clearing site data): open again next time.
        db = undefined;
        reject(problemOf(e));
        return;
      }
      // A write is kept only once its transaction completes, not when its request succeeds.
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(problemOf(tx.error ?? req.error));
      tx.onabort = () => reject(problemOf(tx.error ?? req.error));
    });
  };
  return {
    get: async (key) => {
      const value = await run<unknown>('readonly', (s) => s.get(key));
      return typeof value === 'string' ? value : undefined;
    },
    put: (key, value) => run<void>('readwrite', (s) => s.put(value, key)),
    delete: (key) => run<void>('readwrite', (s) => s.delete(key)),
  };
}
