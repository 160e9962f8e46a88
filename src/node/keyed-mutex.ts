/**
 * The in-process half of a cross-process lock: callers of one key queue on a promise chain (so a
 * process never polls against itself), and a caller already holding a key in its async call chain
 * (tracked with `AsyncLocalStorage`) re-enters instead of deadlocking.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Takes the outer (cross-process) lock before `deadline` (a `performance.now()` time); returns its release. */
export type AcquireOuterLock = (deadline: number) => Promise<() => Promise<void>>;

interface HeldMark {
  active: boolean;
}

/** Mutual exclusion per key within this process, around an outer lock. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #held = new AsyncLocalStorage<ReadonlyMap<string, HeldMark>>();

  /**
   * Runs `fn` holding `key`: waits for earlier callers in this process, then for `acquire` (the
   * outer lock). Both waits share one `timeoutMs` budget; `timeoutError` makes the error thrown
   * when the in-process wait runs out. The outer release never masks `fn`'s outcome.
   */
  async run<T>(
    key: string,
    timeoutMs: number,
    timeoutError: () => Error,
    acquire: AcquireOuterLock,
    fn: () => Promise<T>,
  ): Promise<T> {
    const held = this.#held.getStore();
    if (held?.get(key)?.active) return fn();

    const deadline = performance.now() + timeoutMs;
    const leave = await this.#joinQueue(key, deadline, timeoutError);
    try {
      const release = await acquire(deadline);
      const mark: HeldMark = { active: true };
      const context = new Map(held ?? []);
      context.set(key, mark);
      try {
        return await this.#held.run(context, fn);
      } finally {
        mark.active = false;
        await release().catch(() => undefined);
      }
    } finally {
      leave();
    }
  }

  /** Waits for the previous caller of `key`; returns the function that lets the next one in. */
  async #joinQueue(key: string, deadline: number, timeoutError: () => Error): Promise<() => void> {
    const previous = this.#tails.get(key);
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => {
      leave = resolve;
    });
    const tail = (previous ?? Promise.resolve()).then(() => mine);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    if (previous && !(await settlesBefore(previous, deadline))) {
      // Our slot opens now, so successors wait only for `previous`.
      leave();
      throw timeoutError();
    }
    return leave;
  }
}

async function settlesBefore(promise: Promise<void>, deadline: number): Promise<boolean> {
  const remaining = deadline - performance.now();
  if (remaining <= 0) return false;
  const controller = new AbortController();
  const expired = sleep(remaining, false, { signal: controller.signal }).catch(() => false);
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    controller.abort();
  }
}
