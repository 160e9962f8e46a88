import { describe, expect, it } from 'vitest';
import { exclusive } from '../../../src/script/storage-lock.js';
import { MemoryScriptStorage } from '../../../src/script/storage.js';

describe('exclusive (one storage operation at a time per store)', () => {
  it('runs operations on one store one after another, in order', async () => {
    const storage = new MemoryScriptStorage();
    const log: string[] = [];
    const operation = (name: string) => async (): Promise<string> => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([exclusive(storage, 1000, operation('a')), exclusive(storage, 1000, operation('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('does not make different stores wait for each other', async () => {
    const first = new MemoryScriptStorage();
    const second = new MemoryScriptStorage();
    let release: () => void = () => undefined;
    const held = exclusive(first, 5000, () => new Promise<void>((resolve) => (release = resolve)));
    await expect(exclusive(second, 5000, async () => 'free')).resolves.toBe('free');
    release();
    await held;
  });

  it('passes a failure to its caller and goes on with the next operation', async () => {
    const storage = new MemoryScriptStorage();
    const failed = exclusive(storage, 1000, async () => {
      throw new RangeError('full');
    });
    const next = exclusive(storage, 1000, async () => 'next');
    await expect(failed).rejects.toThrow('full');
    await expect(next).resolves.toBe('next');
  });

  it('frees the store after maxHoldMs when an operation never finishes', async () => {
    const storage = new MemoryScriptStorage();
    void exclusive(storage, 50, () => new Promise<never>(() => undefined));
    await expect(exclusive(storage, 50, async () => 'served')).resolves.toBe('served');
  });
});
