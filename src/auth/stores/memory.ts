import type { TokenSet, TokenStore } from '../../core/types.js';

/**
 * Keeps tokens in this process's memory: the default store. Copies on the way in and out, so a
 * caller mutating a token cannot change the stored one.
 *
 * @example
 * ```ts
 * const tokens = new TokenManager({ oauth, store: new MemoryTokenStore(), token });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TokenSet>();

  async get(key: string): Promise<TokenSet | undefined> {
    const token = this.#tokens.get(key);
    return token && { ...token };
  }

  async set(key: string, token: TokenSet): Promise<void> {
    this.#tokens.set(key, { ...token });
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }
}
