/**
 * Pending authorizations between the redirect to Salesforce and the callback: state → PKCE
 * verifier, one-time and expiring.
 *
 * @module
 */

/**
 * What `start()` remembers for one authorization until its callback arrives.
 *
 * @example
 * ```ts
 * const pending: PendingAuthorization = { codeVerifier, pkce: true, expiresAt: Date.now() + 600_000 };
 * ```
 */
export interface PendingAuthorization {
  /** The PKCE verifier `authorizeUrl` made, sent with the code exchange. */
  codeVerifier?: string;
  /** Whether PKCE was requested: a callback whose pending entry lacks a verifier is then refused. */
  pkce: boolean;
  /** The store key chosen when the flow started, if any (wins over the handler's `key`). */
  key?: string;
  /** When the state stops being accepted (epoch ms). */
  expiresAt: number;
}

/**
 * Where pending authorizations live. The default, {@link MemoryStateStore}, suits one process; for
 * several web servers behind a load balancer, implement this over a shared store. `take` must be
 * one-time: it returns the entry and deletes it atomically, and returns undefined once expired.
 *
 * @example
 * ```ts
 * const stateStore: OAuthStateStore = {
 *   async put(state, pending) { await redis.set(`oauth:${state}`, JSON.stringify(pending), 'PXAT', pending.expiresAt); },
 *   async take(state) { const raw = await redis.getdel(`oauth:${state}`); return raw ? JSON.parse(raw) : undefined; },
 * };
 * ```
 */
export interface OAuthStateStore {
  put(state: string, pending: PendingAuthorization): void | Promise<void>;
  take(state: string): PendingAuthorization | undefined | Promise<PendingAuthorization | undefined>;
}

/**
 * Options of {@link MemoryStateStore}.
 *
 * @example
 * ```ts
 * const stateStore = new MemoryStateStore({ maxEntries: 200 } satisfies MemoryStateStoreOptions);
 * ```
 */
export interface MemoryStateStoreOptions {
  /** At most this many pending authorizations; the oldest are dropped first. Default 1000. */
  maxEntries?: number;
  /** The clock (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/**
 * Pending authorizations in this process's memory: bounded, expiring, one-time.
 *
 * @example
 * ```ts
 * const handler = createCallbackHandler({ oauth, store, stateStore: new MemoryStateStore({ maxEntries: 100 }) });
 * ```
 */
export class MemoryStateStore implements OAuthStateStore {
  readonly #entries = new Map<string, PendingAuthorization>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: MemoryStateStoreOptions = {}) {
    this.#maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 1000));
    this.#now = options.now ?? Date.now;
  }

  /** How many authorizations are pending (expired ones included until pruned). */
  get size(): number {
    return this.#entries.size;
  }

  /** Remembers `pending` under `state`, dropping expired entries and, past `maxEntries`, the oldest. */
  put(state: string, pending: PendingAuthorization): void {
    this.#prune();
    this.#entries.delete(state);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(state, { ...pending });
  }

  /** Returns and forgets the entry for `state`; undefined if unknown, already taken or expired. */
  take(state: string): PendingAuthorization | undefined {
    const pending = this.#entries.get(state);
    if (pending === undefined) return undefined;
    this.#entries.delete(state);
    return pending.expiresAt > this.#now() ? pending : undefined;
  }

  #prune(): void {
    const now = this.#now();
    for (const [state, pending] of this.#entries) {
      if (pending.expiresAt <= now) this.#entries.delete(state);
    }
  }
}
