/**
 * One `cyclr_storage_*` operation at a time per store. Calls of a script may run in parallel on
 * several workers (and several scripts may share one store), and some operations take more than
 * one call to the store: `append` and `increment` read, change and write back when the store has
 * no native operation, `delete_all` deletes key by key, `list_values` reads every key. Running
 * each operation alone on its store, in this process, makes every operation atomic with respect
 * to the others. It does not make a script's own sequence of operations atomic: a
 * `cyclr_storage_get` followed by a `cyclr_storage_set` may interleave with another call's.
 *
 * An operation holds its store for at most `maxHoldMs` (the script's time limit: by then the call
 * that asked for it has ended), so a store that never answers cannot stall every later call.
 *
 * @module
 */
import type { ScriptStorage } from './storage.js';

/** The end of each store's queue of operations. */
const tails = new WeakMap<ScriptStorage, Promise<void>>();

/**
 * Runs `operation` once every earlier operation on `storage` has finished (or held it for
 * `maxHoldMs`); resolves or rejects with its result.
 *
 * @example
 * ```ts
 * const next = await exclusive(storage, 5000, () => storageIncrement(storage, 'count', 1));
 * ```
 */
export function exclusive<T>(storage: ScriptStorage, maxHoldMs: number, operation: () => Promise<T>): Promise<T> {
  const previous = tails.get(storage) ?? Promise.resolve();
  const result = previous.then(operation);
  const released = previous.then(
    () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxHoldMs);
        timer.unref();
        const release = (): void => {
          clearTimeout(timer);
          resolve();
        };
        result.then(release, release);
      }),
  );
  tails.set(storage, released);
  return result;
}
