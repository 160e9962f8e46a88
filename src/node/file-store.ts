/**
 * `FileTokenStore`: tokens in one JSON file on local disk, shared safely by every process on the
 * host.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TokenStoreError, ValidationError } from '../core/errors.js';
import type { TokenSet, TokenStore } from '../core/types.js';
import { writeFileAtomic } from './atomic-file.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { toTokenSet } from './token-record.js';
import { isJweCompact, TokenCipher, type EncryptionKey } from './token-cipher.js';
import { checkStoreKey, positiveMs } from '../auth/stores/options.js';

/**
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * const options: FileTokenStoreOptions = { path: '/var/lib/myapp/tokens.json', encryptionKey: process.env.TOKEN_KEY, lockTimeoutMs: 5_000 };
 * ```
 */
export interface FileTokenStoreOptions {
  /** The token file, e.g. `.forcelink/tokens.json`. Its directory is created (mode 0700) if missing. */
  path: string;
  /**
   * Encrypts the file at rest (JWE, `dir` + `A256GCM`): 32 bytes, or their base64url text (see
   * `generateEncryptionKey`). Without it the file is plain JSON, readable by its owner only.
   */
  encryptionKey?: EncryptionKey;
  /** How long `set`, `delete` and `withLock` wait for a lock before a `TokenStoreError`. Default 10 000. */
  lockTimeoutMs?: number;
  /** A lock file not refreshed for this long is taken over (its holder crashed). Default 30 000. */
  staleLockMs?: number;
}

const FORMAT = 'forcelink-tokens';
const VERSION = 1;

/**
 * A {@link TokenStore} in one file holding every key's token: for CLIs and for several processes
 * on one host (a fleet shares `RedisTokenStore` instead).
 *
 * - **File**: `{ "format": "forcelink-tokens", "version": 1, "tokens": { key: TokenSet } }`, or that
 *   JSON encrypted as one JWE compact string when `encryptionKey` is set. Mode 0600.
 * - **Writes** are atomic (temporary file in the same directory, fsync, rename) and are serialized
 *   across processes by the lock file `<path>.lock`, so concurrent writers of different keys never
 *   lose each other's update and readers never see a torn file. `get` takes no lock.
 * - **Refusal**: a file that is corrupt, tampered with, encrypted with another key, encrypted when no
 *   key is given (or plain when one is) makes `get`, `set` and `delete` throw `TokenStoreError`;
 *   forcelink never overwrites it. Fix the key or delete the file.
 * - **`withLock(key, fn)`** holds the lock file `<path>.key-<hash>.lock` (one per key; the lock
 *   protocol is described in `file-lock.ts`): a token refresh is single-flight across processes.
 *   It is re-entrant within one async call chain; `set`/`delete` inside it are fine. Taking two
 *   keys' locks in opposite orders in two processes ends in a lock timeout, not a deadlock.
 *
 * @example
 * ```ts
 * import { FileTokenStore } from 'forcelink/node';
 * const store = new FileTokenStore({ path: '.forcelink/tokens.json', encryptionKey: process.env.FORCELINK_TOKEN_KEY });
 * const tokens = new TokenManager({ oauth, store, key: 'acme' });
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** The absolute path of the token file. */
  readonly path: string;
  readonly #cipher: TokenCipher | undefined;
  readonly #lock: FileLockOptions;

  constructor(options: FileTokenStoreOptions) {
    if (typeof options?.path !== 'string' || options.path === '') {
      throw new ValidationError('FileTokenStore needs a path');
    }
    this.path = resolve(options.path);
    this.#cipher = options.encryptionKey === undefined ? undefined : TokenCipher.from(options.encryptionKey);
    this.#lock = {
      timeoutMs: positiveMs(options.lockTimeoutMs, 10_000, 'lockTimeoutMs'),
      staleMs: positiveMs(options.staleLockMs, 30_000, 'staleLockMs'),
    };
  }

  /**
   * The token stored under `key`, or undefined.
   *
   * @example
   * ```ts
   * const token = await store.get('default');
   * ```
   */
  async get(key: string): Promise<TokenSet | undefined> {
    checkStoreKey(key);
    return (await this.#read()).get(key);
  }

  /**
   * Stores `token` under `key` (an atomic rewrite of the file under its write lock).
   *
   * @example
   * ```ts
   * await store.set('default', await oauth.exchangeCode(code));
   * ```
   */
  async set(key: string, token: TokenSet): Promise<void> {
    checkStoreKey(key);
    const copy = toTokenSet(token);
    if (typeof copy === 'string') throw new ValidationError(`cannot store the token for "${key}": ${copy}`);
    await withFileLock(`${this.path}.lock`, this.#lock, async () => {
      const tokens = await this.#read();
      tokens.set(key, copy);
      await this.#write(tokens);
    });
  }

  /**
   * Removes the token stored under `key`, if any.
   *
   * @example
   * ```ts
   * await store.delete('default');
   * ```
   */
  async delete(key: string): Promise<void> {
    checkStoreKey(key);
    await withFileLock(`${this.path}.lock`, this.#lock, async () => {
      const tokens = await this.#read();
      if (tokens.delete(key)) await this.#write(tokens);
    });
  }

  /**
   * Runs `fn` holding `key`'s lock across every process that uses this file.
   *
   * @example
   * ```ts
   * const token = await store.withLock('default', async () => {
   *   const current = await store.get('default');
   *   if (current && !isExpired(current)) return current;   // another process already refreshed
   *   const fresh = await oauth.refresh(current!.refreshToken!);
   *   await store.set('default', fresh);
   *   return fresh;
   * });
   * ```
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    checkStoreKey(key);
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 24);
    return withFileLock(`${this.path}.key-${hash}.lock`, this.#lock, fn);
  }

  async #read(): Promise<Map<string, TokenSet>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT') return new Map();
      throw new TokenStoreError(`cannot read the token file ${this.path} (${String(code ?? 'unknown error')})`, {
        cause: error,
      });
    }
    return this.#parse(text.trim());
  }

  async #parse(text: string): Promise<Map<string, TokenSet>> {
    let json = text;
    if (isJweCompact(text)) {
      if (!this.#cipher) throw this.#refuse('is encrypted but no encryptionKey was given');
      json = await this.#cipher.decrypt(text, `the token file ${this.path}`);
    } else if (this.#cipher) {
      throw this.#refuse(text.startsWith('{') ? 'is not encrypted but an encryptionKey was given' : 'is corrupt');
    }
    let document: unknown;
    try {
      document = JSON.parse(json);
    } catch {
      throw this.#refuse('is corrupt (not valid JSON)');
    }
    const { format, version, tokens } = (document ?? {}) as Record<string, unknown>;
    if (format !== FORMAT || version !== VERSION || typeof tokens !== 'object' || tokens === null) {
      throw this.#refuse(`is not a forcelink token file (version ${VERSION})`);
    }
    const out = new Map<string, TokenSet>();
    for (const [key, value] of Object.entries(tokens)) {
      const token = toTokenSet(value);
      if (typeof token === 'string') throw this.#refuse(`is corrupt: the token for "${key}" is invalid (${token})`);
      out.set(key, token);
    }
    return out;
  }

  async #write(tokens: Map<string, TokenSet>): Promise<void> {
    const json = JSON.stringify({ format: FORMAT, version: VERSION, tokens: Object.fromEntries(tokens) }, null, 2);
    const data = this.#cipher ? await this.#cipher.encrypt(json) : json;
    try {
      await writeFileAtomic(this.path, `${data}\n`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new TokenStoreError(`cannot write the token file ${this.path} (${String(code ?? 'unknown error')})`, {
        cause: error,
      });
    }
  }

  #refuse(reason: string): TokenStoreError {
    return new TokenStoreError(
      `the token file ${this.path} ${reason}; it is left untouched: fix the encryptionKey or the file, or delete it`,
    );
  }
}

