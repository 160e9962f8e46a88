/**
 * The key/value store behind a script's `cyclr_storage_*` functions. Cyclr scopes this data to
 * one connector; in forcelink one store belongs to one {@link CyclrScript} unless you pass the
 * same store to several. Values are strings (a script storing a number or object gets its text
 * or JSON back).
 *
 * @module
 */

/**
 * A pluggable store for `cyclr_storage_*`. Only `get`, `set`, `delete` and `listKeys` are
 * required; implement `append`, `increment` and `deleteAll` too when the backing store can do
 * them atomically (otherwise forcelink reads, changes and writes back).
 *
 * @example
 * ```ts
 * const store: ScriptStorage = {
 *   get: async (key) => (await redis.get(`cyclr:${key}`)) ?? undefined,
 *   set: async (key, value) => { await redis.set(`cyclr:${key}`, value); },
 *   delete: async (key) => { await redis.del(`cyclr:${key}`); },
 *   listKeys: async () => (await redis.keys('cyclr:*')).map((k) => k.slice(6)),
 *   increment: (key, amount) => redis.incrbyfloat(`cyclr:${key}`, amount).then(Number),
 * };
 * ```
 */
export interface ScriptStorage {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  listKeys(): Promise<string[]>;
  /** Appends `value` to the text stored under `key` (empty when missing); returns the new text. */
  append?(key: string, value: string): Promise<string>;
  /** Adds `amount` to the number stored under `key` (0 when missing); returns the new number. */
  increment?(key: string, amount: number): Promise<number>;
  /** Deletes every key. */
  deleteAll?(): Promise<void>;
}

/**
 * Options of {@link MemoryScriptStorage}.
 *
 * @example
 * ```ts
 * new MemoryScriptStorage({ maxBytes: 1024 * 1024 });
 * ```
 */
export interface MemoryScriptStorageOptions {
  /**
   * Most UTF-8 bytes (keys plus values) the store holds; a write past it throws inside the script.
   * Default 16 MiB, so a script cannot fill the host's memory through storage.
   */
  maxBytes?: number;
}

/**
 * The default {@link ScriptStorage}: an in-process `Map`, capped at `maxBytes`.
 *
 * @example
 * ```ts
 * const storage = new MemoryScriptStorage({ maxBytes: 1024 * 1024 });
 * const script = await CyclrScript.compile(source, { storage });
 * await storage.get('pageNumber');
 * ```
 */
export class MemoryScriptStorage implements ScriptStorage {
  readonly #values = new Map<string, string>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(options: MemoryScriptStorageOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.#put(key, value);
  }

  async delete(key: string): Promise<void> {
    this.#remove(key);
  }

  async listKeys(): Promise<string[]> {
    return [...this.#values.keys()];
  }

  async append(key: string, value: string): Promise<string> {
    const next = (this.#values.get(key) ?? '') + value;
    this.#put(key, next);
    return next;
  }

  async increment(key: string, amount: number): Promise<number> {
    const next = toNumber(key, this.#values.get(key)) + amount;
    this.#put(key, String(next));
    return next;
  }

  async deleteAll(): Promise<void> {
    this.#values.clear();
    this.#bytes = 0;
  }

  #size(key: string, value: string | undefined): number {
    return value === undefined ? 0 : Buffer.byteLength(key) + Buffer.byteLength(value);
  }

  #put(key: string, value: string): void {
    const bytes = this.#bytes - this.#size(key, this.#values.get(key)) + this.#size(key, value);
    if (bytes > this.#maxBytes) throw new RangeError(`cyclr_storage: the store is full (${this.#maxBytes} bytes)`);
    this.#values.set(key, value);
    this.#bytes = bytes;
  }

  #remove(key: string): void {
    this.#bytes -= this.#size(key, this.#values.get(key));
    this.#values.delete(key);
  }
}

/** The number held in a stored value (missing → 0); throws when the text is not a number. */
export function toNumber(key: string, stored: string | undefined): number {
  if (stored === undefined || stored.trim() === '') return 0;
  const value = Number(stored);
  if (!Number.isFinite(value)) throw new TypeError(`cyclr_storage: the value under "${key}" is not a number`);
  return value;
}

/** `append` through the optional native operation, or read-modify-write. */
export async function storageAppend(storage: ScriptStorage, key: string, value: string): Promise<string> {
  if (storage.append) return storage.append(key, value);
  const next = ((await storage.get(key)) ?? '') + value;
  await storage.set(key, next);
  return next;
}

/** `increment` through the optional native operation, or read-modify-write. */
export async function storageIncrement(storage: ScriptStorage, key: string, amount: number): Promise<number> {
  if (storage.increment) return storage.increment(key, amount);
  const next = toNumber(key, await storage.get(key)) + amount;
  await storage.set(key, String(next));
  return next;
}

/** `deleteAll` through the optional native operation, or key by key. */
export async function storageDeleteAll(storage: ScriptStorage): Promise<void> {
  if (storage.deleteAll) return storage.deleteAll();
  for (const key of await storage.listKeys()) await storage.delete(key);
}

/** Every stored value, in the order of `listKeys()` (keys deleted meanwhile are skipped). */
export async function storageListValues(storage: ScriptStorage): Promise<string[]> {
  const values = await Promise.all((await storage.listKeys()).map((key) => storage.get(key)));
  return values.filter((value): value is string => value !== undefined);
}
