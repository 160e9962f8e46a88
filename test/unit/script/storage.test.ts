import { describe, expect, it } from 'vitest';
import {
  MemoryScriptStorage,
  storageAppend,
  storageDeleteAll,
  storageIncrement,
  storageListValues,
  type ScriptStorage,
} from '../../../src/script/storage.js';

/** A store with only the four required operations, to exercise the read-modify-write fallbacks. */
function minimalStore(): ScriptStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    delete: async (key) => void map.delete(key),
    listKeys: async () => [...map.keys()],
  };
}

describe('MemoryScriptStorage', () => {
  it('gets, sets, deletes and lists', async () => {
    const storage = new MemoryScriptStorage();
    expect(await storage.get('a')).toBeUndefined();
    await storage.set('a', '1');
    await storage.set('b', '2');
    expect(await storage.get('a')).toBe('1');
    expect(await storage.listKeys()).toEqual(['a', 'b']);
    await storage.delete('a');
    expect(await storage.listKeys()).toEqual(['b']);
    await storage.deleteAll();
    expect(await storage.listKeys()).toEqual([]);
  });

  it('appends text and increments numbers', async () => {
    const storage = new MemoryScriptStorage();
    expect(await storage.append('log', 'a')).toBe('a');
    expect(await storage.append('log', 'b')).toBe('ab');
    expect(await storage.increment('n', 1)).toBe(1);
    expect(await storage.increment('n', 2.5)).toBe(3.5);
    expect(await storage.increment('n', -4)).toBe(-0.5);
    expect(await storage.get('n')).toBe('-0.5');
    await expect(storage.increment('log', 1)).rejects.toThrow(/"log" is not a number/);
  });

  it('refuses writes past maxBytes, counting keys and values as UTF-8', async () => {
    const storage = new MemoryScriptStorage({ maxBytes: 10 });
    await storage.set('k', 'é'.repeat(4)); // 1 + 8 bytes
    await expect(storage.set('x', 'yy')).rejects.toThrow(/the store is full/);
    await storage.set('k', 'short'); // replacing frees the old value
    await storage.set('x', 'yy');
    await storage.delete('k');
    await storage.append('x', 'zzzz');
    expect(await storage.get('x')).toBe('yyzzzz');
    await storage.deleteAll();
    await storage.set('a', '123456789');
  });
});

describe('storage fallbacks for stores without native operations', () => {
  it('appends, increments, lists values and deletes all by read-modify-write', async () => {
    const store = minimalStore();
    expect(await storageAppend(store, 'k', 'x')).toBe('x');
    expect(await storageAppend(store, 'k', 'y')).toBe('xy');
    expect(await storageIncrement(store, 'n', 5)).toBe(5);
    expect(await storageIncrement(store, 'n', -2)).toBe(3);
    expect(await storageListValues(store)).toEqual(['xy', '3']);
    await storageDeleteAll(store);
    expect(store.map.size).toBe(0);
  });

  it('uses native operations when the store has them', async () => {
    const calls: string[] = [];
    const store: ScriptStorage = {
      ...minimalStore(),
      append: async () => (calls.push('append'), 'native'),
      increment: async () => (calls.push('increment'), 42),
      deleteAll: async () => void calls.push('deleteAll'),
    };
    expect(await storageAppend(store, 'k', 'v')).toBe('native');
    expect(await storageIncrement(store, 'k', 1)).toBe(42);
    await storageDeleteAll(store);
    expect(calls).toEqual(['append', 'increment', 'deleteAll']);
  });
});
