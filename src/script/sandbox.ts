/**
 * The main-thread half of the sandbox: a small pool of warm worker threads for one compiled
 * script (one thread is `sandbox-thread.ts`, its program `worker-source.ts`). Each thread runs one
 * call at a time; calls are handed to a free thread, or wait, in order, for the first one to free
 * up.
 *
 * The pool starts with one thread, at compile time. Another starts only when a call finds every
 * thread busy (calls really overlap), up to `concurrency`. A thread that has been idle for
 * `idleMs` exits while others remain; the last one stays, unreferenced, so an idle pool holds
 * one thread and does not keep the process alive. Free threads are reused most recently freed
 * first, so under light load the others go idle and exit.
 *
 * A thread that dies (terminated past its deadline, crashed, or retired after an engine failure)
 * fails only the call it was running; the pool drops it and starts a new thread when a call needs
 * one. Calls on other threads are not affected.
 *
 * @module
 */
import { ScriptError } from '../core/errors.js';
import { SandboxThread, tooLarge, type HostHandler, type SandboxCall, type SandboxConfig, type SandboxOutcome } from './sandbox-thread.js';

/** How long an extra thread may stay idle before it exits. */
const IDLE_WORKER_MS = 30_000;

/** Everything a pool needs to start. */
export interface SandboxPoolConfig extends SandboxConfig {
  /** Most threads running calls at once (at least 1). */
  concurrency: number;
  /** How long an extra thread may stay idle before it exits. Default 30 s. */
  idleMs?: number;
}

interface Waiter {
  resolve: (thread: SandboxThread) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of warm QuickJS worker threads for one script source.
 *
 * @example
 * ```ts
 * const { sandbox, events } = await Sandbox.open({ source, events: ['before_action'], timeoutMs: 5000,
 *   memoryLimitBytes: 32 << 20, maxStackBytes: 256 << 10, concurrency: 2 });
 * const outcome = await sandbox.run(call, async (op, args) => runHostOperation(op, args, scope));
 * ```
 */
export class Sandbox {
  readonly #config: SandboxPoolConfig;
  readonly #idleMs: number;
  /** Ready threads without a call, the most recently freed last. */
  #idle: SandboxThread[] = [];
  readonly #busy = new Set<SandboxThread>();
  readonly #starting = new Set<SandboxThread>();
  readonly #waiting: Waiter[] = [];
  readonly #timers = new Map<SandboxThread, NodeJS.Timeout>();
  #nextId = 1;
  #disposed = false;

  private constructor(config: SandboxPoolConfig, thread: SandboxThread) {
    this.#config = config;
    this.#idleMs = config.idleMs ?? IDLE_WORKER_MS;
    this.#idle.push(thread);
  }

  /** Starts the first thread and compiles `config.source`; rejects with {@link ScriptError} if it does not compile. */
  static async open(config: SandboxPoolConfig): Promise<{ sandbox: Sandbox; events: string[] }> {
    if (config.source.length > config.memoryLimitBytes) {
      throw new ScriptError(tooLarge('the script', config.source.length, config.memoryLimitBytes));
    }
    const thread = new SandboxThread(config);
    try {
      const events = await thread.ready;
      return { sandbox: new Sandbox(config, thread), events };
    } catch (error) {
      await thread.kill();
      throw error;
    }
  }

  /** Threads alive or starting: for tests and diagnostics. */
  get workers(): number {
    return this.#live();
  }

  /** Runs one call on the first free thread; resolves with the worker's outcome. */
  async run(call: SandboxCall, host: HostHandler): Promise<SandboxOutcome> {
    if (this.#disposed) throw new ScriptError('the script has been disposed');
    const size = call.names.length + call.writable.length + call.values.length;
    if (size > this.#config.memoryLimitBytes) {
      throw new ScriptError(tooLarge('the globals', size, this.#config.memoryLimitBytes));
    }
    const thread = await this.#acquire();
    let retire = true;
    try {
      const deadline = Date.now() + this.#config.timeoutMs;
      const result = await thread.call(this.#nextId++, call, deadline, host, this.#config.timeoutMs);
      retire = result.retire;
      return result.outcome;
    } finally {
      this.#release(thread, retire);
    }
  }

  /** Stops every thread; running and waiting calls reject, later calls reject with {@link ScriptError}. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const error = new ScriptError('the script has been disposed');
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    const threads = [...this.#idle, ...this.#busy, ...this.#starting];
    this.#idle = [];
    this.#busy.clear();
    this.#starting.clear();
    await Promise.all(threads.map((thread) => thread.kill()));
  }

  #live(): number {
    let idle = 0;
    for (const thread of this.#idle) if (!thread.dead) idle++;
    return idle + this.#busy.size + this.#starting.size;
  }

  /** A free thread now, or a promise for the first one freed or started. */
  #acquire(): Promise<SandboxThread> {
    const thread = this.#takeIdle();
    if (thread) return Promise.resolve(thread);
    return new Promise<SandboxThread>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#grow();
    });
  }

  #takeIdle(): SandboxThread | undefined {
    for (let thread = this.#idle.pop(); thread; thread = this.#idle.pop()) {
      clearTimeout(this.#timers.get(thread));
      this.#timers.delete(thread);
      if (!thread.dead) {
        this.#busy.add(thread);
        return thread;
      }
    }
    return undefined;
  }

  /** Takes a thread back after a call (or after it started): reuses it, or drops it when dead or retired. */
  #release(thread: SandboxThread, retire: boolean): void {
    this.#busy.delete(thread);
    if (retire || thread.dead || this.#disposed) void thread.kill();
    else this.#idle.push(thread);
    while (this.#waiting.length > 0) {
      const next = this.#takeIdle();
      if (!next) break;
      this.#waiting.shift()?.resolve(next);
    }
    this.#grow();
    this.#armIdleTimers();
  }

  /** Starts threads for calls that no free or starting thread will serve, up to `concurrency`. */
  #grow(): void {
    while (!this.#disposed && this.#waiting.length > this.#starting.size && this.#live() < this.#config.concurrency) {
      const thread = new SandboxThread(this.#config);
      this.#starting.add(thread);
      thread.ready.then(
        () => {
          if (!this.#starting.delete(thread)) return;
          this.#release(thread, false);
        },
        (error: Error) => {
          this.#starting.delete(thread);
          void thread.kill();
          // Nothing left to serve the waiting calls: they fail as a lone call would.
          if (this.#live() === 0) for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
        },
      );
    }
  }

  /** While more than one thread is alive, every idle one gets a timer to exit. */
  #armIdleTimers(): void {
    if (this.#disposed || this.#live() <= 1) return;
    for (const thread of this.#idle) {
      if (this.#timers.has(thread)) continue;
      const timer = setTimeout(() => this.#expire(thread), this.#idleMs);
      timer.unref();
      this.#timers.set(thread, timer);
    }
  }

  #expire(thread: SandboxThread): void {
    this.#timers.delete(thread);
    const index = this.#idle.indexOf(thread);
    if (index === -1 || this.#live() <= 1) return;
    this.#idle.splice(index, 1);
    void thread.kill();
  }
}
