import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { beginAuthorization, type OAuth2Like } from '../../../src/node/authorization.js';
import { MemoryStateStore } from '../../../src/node/state-store.js';

describe('MemoryStateStore', () => {
  it('hands out each state once', () => {
    const store = new MemoryStateStore();
    store.put('s1', { codeVerifier: 'v1', pkce: true, expiresAt: Date.now() + 60_000 });
    expect(store.take('s1')).toEqual({ codeVerifier: 'v1', pkce: true, expiresAt: expect.any(Number) });
    expect(store.take('s1')).toBeUndefined();
    expect(store.take('never-put')).toBeUndefined();
  });

  it('refuses and forgets expired states', () => {
    let now = 1_000;
    const store = new MemoryStateStore({ now: () => now });
    store.put('old', { pkce: true, codeVerifier: 'v', expiresAt: 2_000 });
    now = 2_000;
    expect(store.take('old')).toBeUndefined();
    expect(store.size).toBe(0);
    store.put('a', { pkce: false, expiresAt: 2_500 });
    now = 3_000;
    store.put('b', { pkce: false, expiresAt: 9_000 });
    expect(store.size).toBe(1);
  });

  it('stays bounded, dropping the oldest first', () => {
    const store = new MemoryStateStore({ maxEntries: 3 });
    const expiresAt = Date.now() + 60_000;
    for (const state of ['a', 'b', 'c', 'd']) store.put(state, { pkce: false, expiresAt });
    expect(store.size).toBe(3);
    expect(store.take('a')).toBeUndefined();
    expect(store.take('d')).toBeDefined();
  });

  it('keeps its own copy of an entry', () => {
    const store = new MemoryStateStore();
    const pending = { codeVerifier: 'v', pkce: true, expiresAt: Date.now() + 60_000 };
    store.put('s', pending);
    pending.codeVerifier = 'changed';
    expect(store.take('s')?.codeVerifier).toBe('v');
  });
});

describe('beginAuthorization', () => {
  const oauth = (result: Partial<{ url: string; state: string; codeVerifier: string }>): OAuth2Like => ({
    authorizeUrl: (opts) => ({ url: 'https://login.example.test/authorize', state: opts?.state ?? '', ...result }),
    exchangeCode: async () => Promise.reject(new Error('unused')),
  });

  it('asks for a fresh 256-bit state with PKCE and remembers the verifier with its expiry and key', async () => {
    const store = new MemoryStateStore({ now: () => 5_500 });
    const seen: unknown[] = [];
    const client: OAuth2Like = {
      authorizeUrl: async (opts) => {
        seen.push(opts);
        return { url: 'https://login.example.test/authorize', state: opts?.state as string, codeVerifier: 'verifier' };
      },
      exchangeCode: async () => Promise.reject(new Error('unused')),
    };
    const first = await beginAuthorization(client, store, { pkce: true, ttlMs: 1_000, key: 'k', now: () => 5_000, prompt: 'login' });
    const second = await beginAuthorization(client, store, { pkce: true, ttlMs: 1_000, now: () => 5_000 });
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.state).not.toBe(second.state);
    expect(seen[0]).toEqual({ state: first.state, pkce: true, prompt: 'login' });
    expect(store.take(first.state)).toEqual({ codeVerifier: 'verifier', pkce: true, key: 'k', expiresAt: 6_000 });
  });

  it('refuses a missing verifier when PKCE is on, and a weak state', async () => {
    const store = new MemoryStateStore();
    const options = { pkce: true, ttlMs: 1_000, now: Date.now };
    await expect(beginAuthorization(oauth({}), store, options)).rejects.toThrow(/no PKCE codeVerifier/);
    await expect(beginAuthorization(oauth({ state: 'short', codeVerifier: 'v' }), store, options)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(beginAuthorization(oauth({}), store, { ...options, pkce: false })).resolves.toMatchObject({
      url: 'https://login.example.test/authorize',
    });
  });
});
