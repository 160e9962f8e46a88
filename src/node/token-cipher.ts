/**
 * Encryption at rest for token stores: JWE compact serialization, `alg: dir`, `enc: A256GCM`
 * (jose). The protected header carries a `kid` — a short fingerprint of the key, not the key — so
 * a wrong key is told apart from a tampered or corrupt ciphertext. AES-GCM authenticates the
 * header and the content: any flipped byte fails decryption.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { TokenStoreError, ValidationError } from '../core/errors.js';

/**
 * A 32-byte key: raw bytes, or the base64url text of 32 bytes (43 characters).
 *
 * @example
 * ```ts
 * const key: EncryptionKey = process.env.FORCELINK_TOKEN_KEY ?? crypto.getRandomValues(new Uint8Array(32));
 * ```
 */
export type EncryptionKey = Uint8Array | string;

const KEY_BYTES = 32;
const BASE64URL_KEY = /^[A-Za-z0-9_-]{43}=?$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Makes a fresh random encryption key for `FileTokenStore` or `RedisTokenStore`, as base64url
 * text. Keep it outside the store (an environment variable or a secret manager).
 *
 * @example
 * ```ts
 * console.log(generateEncryptionKey()); // put the output in FORCELINK_TOKEN_KEY
 * const store = new FileTokenStore({ path: '.forcelink/tokens.json', encryptionKey: process.env.FORCELINK_TOKEN_KEY });
 * ```
 */
export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

/** Encrypts and decrypts store contents with one key (internal to the stores). */
export class TokenCipher {
  readonly #key: Uint8Array;
  readonly #kid: string;

  private constructor(key: Uint8Array) {
    this.#key = key;
    this.#kid = createHash('sha256').update('forcelink token key\0').update(key).digest('base64url').slice(0, 16);
  }

  /** Validates `key` (32 bytes, or base64url of 32 bytes); a bad key is a `ValidationError`. */
  static from(key: EncryptionKey): TokenCipher {
    if (typeof key === 'string') {
      if (!BASE64URL_KEY.test(key)) {
        throw new ValidationError('encryptionKey must be 32 bytes or their base64url text (43 characters)');
      }
      return new TokenCipher(new Uint8Array(Buffer.from(key.replace(/=$/, ''), 'base64url')));
    }
    if (!(key instanceof Uint8Array) || key.byteLength !== KEY_BYTES) {
      throw new ValidationError(`encryptionKey must be exactly ${KEY_BYTES} bytes`);
    }
    return new TokenCipher(new Uint8Array(key));
  }

  /** Encrypts `plaintext` into a JWE compact string. */
  async encrypt(plaintext: string): Promise<string> {
    return new CompactEncrypt(encoder.encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: this.#kid })
      .encrypt(this.#key);
  }

  /**
   * Decrypts a JWE compact string. `where` names the file or key in error messages. Throws a
   * `TokenStoreError` for a wrong key, a tampered or corrupt ciphertext, or anything not a JWE.
   */
  async decrypt(jwe: string, where: string): Promise<string> {
    let kid: unknown;
    try {
      const header = decodeProtectedHeader(jwe);
      if (header.alg !== 'dir' || header.enc !== 'A256GCM') throw new Error('unexpected algorithm');
      kid = header.kid;
    } catch {
      throw new TokenStoreError(`${where} is corrupt: it is not a forcelink-encrypted token record`);
    }
    if (kid !== this.#kid) {
      throw new TokenStoreError(
        `${where} was encrypted with a different encryptionKey: use the key it was written with, or delete it`,
      );
    }
    let plaintext: Uint8Array;
    try {
      ({ plaintext } = await compactDecrypt(jwe, this.#key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
      }));
    } catch {
      throw new TokenStoreError(`${where} failed authentication: the ciphertext was modified or is corrupt`);
    }
    try {
      return decoder.decode(plaintext);
    } catch {
      throw new TokenStoreError(`${where} is corrupt: its decrypted content is not UTF-8`);
    }
  }
}

/** True if `text` looks like a JWE compact string rather than JSON. */
export function isJweCompact(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(text);
}
