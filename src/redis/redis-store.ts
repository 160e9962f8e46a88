/**
 * `RedisTokenStore`: tokens and refresh locks in Redis, shared by a fleet of workers.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { TokenStoreError, ValidationError } from '../core/errors.js';
import type { TokenSet, TokenStore } from '../core/types.js';
import { KeyedMutex } from '../node/keyed-mutex.js';
import { toTokenSet } from '../node/token-record.js';
import { isJweCompact, TokenCipher, type EncryptionKey } from '../node/token-cipher.js';
import { checkStoreKey, positiveMs } from '../auth/stores/options.js';

/**
 * The commands `RedisTokenStore` sends. An ioredis `Redis` or `Cluster` instance fits (each command
 * touches one key, so a cluster is fine).
 *
 * @example
 * ```ts
 * import { Cluster } from 'ioredis';
 * const client: RedisClientLike = new Cluster([{ host: 'redis-1', port: 6379 }]);
 * ```
 */
export interface RedisClientLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
  eval(script: string, numkeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/**
 * Options shared by both ways of giving {@link RedisTokenStore} a connection.
 *
 * @example
 * ```ts
 * const base: RedisTokenStoreBaseOptions = { prefix: 'myapp:sf:', lockTtlMs: 30_000 };
 * const store = new RedisTokenStore({ ...base, client });
 * ```
 */
export interface RedisTokenStoreBaseOptions {
  /** Prefix of every key this store writes. Default `forcelink:`. */
  prefix?: string;
  /** Lifetime of a lock, renewed every third of it while held. Default 15 000. */
  lockTtlMs?: number;
  /** How long `withLock` waits before a `TokenStoreError`. Default 10 000. */
  lockTimeoutMs?: number;
  /** Encrypts each stored token (JWE, `dir` + `A256GCM`): 32 bytes or their base64url text. */
  encryptionKey?: EncryptionKey;
}

/**
 * Options of {@link RedisTokenStore}: your ioredis `client` (you connect and close it), or a `url`
 * (the store loads ioredis on first use, owns that connection, and `close()` ends it).
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { url: process.env.REDIS_URL!, encryptionKey: process.env.TOKEN_KEY };
 * ```
 */
export type RedisTokenStoreOptions = RedisTokenStoreBaseOptions &
  ({ client: RedisClientLike; url?: undefined } | { url: string; client?: undefined });

/** Deletes the lock only if it still holds our token. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/** Extends the lock only if it still holds our token. */
const EXTEND_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

const MIN_DELAY_MS = 10;
const MAX_DELAY_MS = 200;

/**
 * A {@link TokenStore} in Redis: any number of processes and hosts share one Salesforce
 * authorization and refresh it once.
 *
 * - **Tokens** live at `prefix + 'token:' + key` as `TokenSet` JSON, or (with `encryptionKey`) as a
 *   JWE compact string whose plaintext also names the key, so a value copied to another key is
 *   refused. A value that cannot be read (corrupt, tampered, wrong key) makes `get` throw
 *   `TokenStoreError`; `set` overwrites a key's value without reading it.
 * - **`withLock(key, fn)`** takes `prefix + 'lock:' + key` with `SET NX PX lockTtlMs` and a random
 *   owner token, polling with jittered backoff (10 ms doubling to 200 ms) until `lockTimeoutMs`.
 *   While `fn` runs, a watchdog extends the lock every `lockTtlMs / 3` (only while it is still
 *   ours); a crashed holder stops extending, and its lock expires after at most `lockTtlMs`. Release
 *   is a Lua script that deletes the lock only if it holds our token. If Redis is unreachable for
 *   longer than `lockTtlMs` while `fn` runs, the lock can lapse and another worker may enter:
 *   keep `lockTtlMs` well above your Redis failover time. Re-entrant within one async call chain.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisTokenStore } from 'forcelink/redis';
 * const store = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL!), prefix: 'myapp:sf:' });
 * const tokens = new TokenManager({ oauth, store, key: 'acme' });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  /** Prefix of every key this store writes. */
  readonly prefix: string;
  readonly #lockTtlMs: number;
  readonly #lockTimeoutMs: number;
  readonly #cipher: TokenCipher | undefined;
  readonly #mutex = new KeyedMutex();
  readonly #client: RedisClientLike | undefined;
  readonly #url: string | undefined;
  #owned: Promise<Redis> | undefined;

  constructor(options: RedisTokenStoreOptions) {
    if (options?.client !== undefined) {
      const client = options.client as Partial<RedisClientLike>;
      if (typeof client.get !== 'function' || typeof client.set !== 'function' || typeof client.eval !== 'function') {
        throw new ValidationError('RedisTokenStore: client must be an ioredis Redis or Cluster instance');
      }
      this.#client = options.client;
    } else if (typeof options?.url === 'string' && options.url !== '') {
      this.#url = options.url;
    } else {
      throw new ValidationError('RedisTokenStore needs a client (an ioredis instance) or a url');
    }
    this.prefix = options.prefix ?? 'forcelink:';
    if (typeof this.prefix !== 'string') throw new ValidationError('RedisTokenStore: prefix must be a string');
    this.#lockTtlMs = positiveMs(options.lockTtlMs, 15_000, 'lockTtlMs');
    this.#lockTimeoutMs = positiveMs(options.lockTimeoutMs, 10_000, 'lockTimeoutMs');
    this.#cipher = options.encryptionKey === undefined ? undefined : TokenCipher.from(options.encryptionKey);
  }

  /**
   * The token stored under `key`, or undefined.
   *
   * @example
   * ```ts
   * const token = await store.get('acme');
   * ```
   */
  async get(key: string): Promise<TokenSet | undefined> {
    const redisKey = this.#tokenKey(key);
    const client = await this.#connection();
    const raw = await command('GET', () => client.get(redisKey));
    return raw === null ? undefined : await this.#decode(key, redisKey, raw);
  }

  /**
   * Stores `token` under `key` (no expiry: a refresh token outlives its access token).
   *
   * @example
   * ```ts
   * await store.set('acme', await oauth.exchangeCode(code));
   * ```
   */
  async set(key: string, token: TokenSet): Promise<void> {
    const redisKey = this.#tokenKey(key);
    const copy = toTokenSet(token);
    if (typeof copy === 'string') throw new ValidationError(`cannot store the token for "${key}": ${copy}`);
    const value = this.#cipher
      ? await this.#cipher.encrypt(JSON.stringify({ key, token: copy }))
      : JSON.stringify(copy);
    const client = await this.#connection();
    await command('SET', () => client.set(redisKey, value));
  }

  /**
   * Removes the token stored under `key`, if any.
   *
   * @example
   * ```ts
   * await store.delete('acme');
   * ```
   */
  async delete(key: string): Promise<void> {
    const redisKey = this.#tokenKey(key);
    const client = await this.#connection();
    await command('DEL', () => client.del(redisKey));
  }

  /**
   * Runs `fn` holding `key`'s lock across every worker that shares this Redis and prefix.
   *
   * @example
   * ```ts
   * await store.withLock('acme', async () => {
   *   const current = await store.get('acme');   // re-read: another worker may have refreshed it
   *   if (current?.accessToken !== staleAccessToken) return;
   *   await store.set('acme', await oauth.refresh(current.refreshToken!));
   * });
   * ```
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    checkStoreKey(key);
    const lockKey = `${this.prefix}lock:${key}`;
    return this.#mutex.run(
      lockKey,
      this.#lockTimeoutMs,
      () => this.#timeout(lockKey, 'another caller in this process'),
      (deadline) => this.#acquire(lockKey, deadline),
      fn,
    );
  }

  /**
   * Ends the connection this store opened from `url`. A `client` you passed in is yours to close.
   *
   * @example
   * ```ts
   * const store = new RedisTokenStore({ url: 'redis://127.0.0.1:6379' });
   * try { await store.get('acme'); } finally { await store.close(); }
   * ```
   */
  async close(): Promise<void> {
    const owned = this.#owned;
    this.#owned = undefined;
    if (owned) await (await owned).quit().catch(() => undefined);
  }

  async #acquire(lockKey: string, deadline: number): Promise<() => Promise<void>> {
    const client = await this.#connection();
    const owner = randomBytes(16).toString('hex');
    let delay = MIN_DELAY_MS;
    for (;;) {
      const taken = await command('SET NX', () => client.set(lockKey, owner, 'PX', this.#lockTtlMs, 'NX'));
      if (taken === 'OK') return this.#hold(client, lockKey, owner);
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw this.#timeout(lockKey, 'another worker');
      await sleep(Math.min(delay + Math.random() * delay, remaining));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }

  /** Starts the watchdog; returns the release function. */
  #hold(client: RedisClientLike, lockKey: string, owner: string): () => Promise<void> {
    const ttl = this.#lockTtlMs;
    const timer = setInterval(() => {
      client.eval(EXTEND_SCRIPT, 1, lockKey, owner, ttl).then(
        (extended) => {
          if (extended !== 1) clearInterval(timer);
        },
        () => undefined,
      );
    }, Math.max(Math.floor(ttl / 3), 10));
    timer.unref();
    return async () => {
      clearInterval(timer);
      await command('EVAL release', () => client.eval(RELEASE_SCRIPT, 1, lockKey, owner));
    };
  }

  async #decode(key: string, redisKey: string, raw: string): Promise<TokenSet> {
    const where = `Redis key ${redisKey}`;
    if (!this.#cipher) {
      if (isJweCompact(raw)) throw new TokenStoreError(`${where} is encrypted but no encryptionKey was given`);
      return readToken(where, raw);
    }
    if (!isJweCompact(raw)) {
      throw new TokenStoreError(`${where} is not encrypted but an encryptionKey was given`);
    }
    const { key: boundKey, token } = parseJson(where, await this.#cipher.decrypt(raw, where)) as {
      key?: unknown;
      token?: unknown;
    };
    if (boundKey !== key) throw new TokenStoreError(`${where} holds a token encrypted for another key`);
    return checkToken(where, token);
  }

  #tokenKey(key: string): string {
    checkStoreKey(key);
    return `${this.prefix}token:${key}`;
  }

  async #connection(): Promise<RedisClientLike> {
    if (this.#client) return this.#client;
    this.#owned ??= connect(this.#url as string);
    return this.#owned;
  }

  #timeout(lockKey: string, holder: string): TokenStoreError {
    return new TokenStoreError(
      `timed out after ${this.#lockTimeoutMs} ms waiting for the Redis lock ${lockKey} (held by ${holder})`,
    );
  }
}

/** Loads ioredis (an optional peer dependency) and connects to `url`. */
async function connect(url: string): Promise<Redis> {
  let ioredis: typeof import('ioredis');
  try {
    ioredis = await import('ioredis');
  } catch (error) {
    throw new TokenStoreError('RedisTokenStore({ url }) needs the ioredis package: npm install ioredis', {
      cause: error,
    });
  }
  return new ioredis.Redis(url);
}

/**
 * Runs one Redis command, turning its failure into a `TokenStoreError`. The original error is not
 * kept as `cause`: ioredis may attach the command's arguments (a token) to it.
 */
async function command<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TokenStoreError(`Redis ${name} failed: ${reason}`);
  }
}

function readToken(where: string, raw: string): TokenSet {
  return checkToken(where, parseJson(where, raw));
}

function parseJson(where: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TokenStoreError(`${where} is corrupt (not valid JSON)`);
  }
}

function checkToken(where: string, value: unknown): TokenSet {
  const token = toTokenSet(value);
  if (typeof token === 'string') throw new TokenStoreError(`${where} does not hold a valid token (${token})`);
  return token;
}

