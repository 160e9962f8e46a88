/**
 * One sandbox worker thread running QuickJS (see `worker-source.ts`), and the call it is running.
 * While a call runs, the worker may ask for helper operations; they are answered here (they may
 * await the network or a store) and handed back through the thread's own `MessagePort` plus a
 * shared flag the worker sleeps on, so threads never see each other's answers.
 *
 * Limits: the worker's interrupt handler stops a script at its deadline; if the worker is still
 * busy {@link HARD_KILL_GRACE_MS} later (long built-in work the interrupt cannot see, or a helper
 * answer that never comes), it is terminated and the call fails with {@link ScriptTimeoutError}.
 * A worker that dies any other way (V8 heap limit, engine trap) fails its call the same way; the
 * pool (`sandbox.ts`) drops dead threads and starts new ones.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ScriptError, ScriptTimeoutError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import { safeJsonParse } from './json.js';
import { CLASSIFY, HELPERS, PRELUDE } from './prelude.js';
import { WORKER_SOURCE } from './worker-source.js';

/** How long past its deadline a busy worker may run before it is terminated. */
export const HARD_KILL_GRACE_MS = 500;

/** How long a new worker may take to load QuickJS and compile the script. */
const STARTUP_TIMEOUT_MS = 30_000;

/** Native stack of the worker thread: WASM frames are larger than QuickJS's own accounting. */
const WORKER_STACK_MB = 32;

/** Most characters of `console` output one call may send to the logger. */
const LOG_LIMIT_CHARS = 1024 * 1024;

/** Limits applied to every call. */
export interface SandboxLimits {
  timeoutMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
}

/** Everything a sandbox needs to start. */
export interface SandboxConfig extends SandboxLimits {
  source: string;
  /** Event function names to look for in the source. */
  events: readonly string[];
  logger?: ((line: string) => void) | undefined;
}

/** One event call, with its globals already encoded (see `globals.ts`). */
export interface SandboxCall {
  event: string;
  /** JSON array of every global's name. */
  names: string;
  /** JSON array of the names to read back after the call. */
  writable: string;
  /** One JSON text per name, joined with `\n` (empty for `undefined`). */
  values: string;
}

/** Answers a helper operation the script asked for. */
export type HostHandler = (op: string, args: unknown) => Promise<unknown>;

/** How a thrown or failed call ended, as the worker classified it. */
export type FailureKind = 'throw' | 'refresh' | 'session' | 'timeout' | 'oom' | 'stack' | 'fatal';

/** The worker's report on one call. */
export type SandboxOutcome =
  | { status: 'ok'; text: string }
  | { status: 'error'; kind: FailureKind; name: string; message: string; stack: string };

type WorkerMessage =
  | { type: 'ready'; events: string[] }
  | { type: 'compile-error'; message: string }
  | { type: 'fatal'; message: string }
  | { type: 'host'; op: string; args: string }
  | { type: 'log'; line: string }
  | { type: 'result'; id: number; outcome: SandboxOutcome; retire: boolean };

interface PendingCall {
  id: number;
  host: HostHandler;
  timer: NodeJS.Timeout;
  resolve: (result: { outcome: SandboxOutcome; retire: boolean }) => void;
  reject: (error: Error) => void;
}

interface QuickJsPaths {
  corePath: string;
  variantPath: string;
}

let quickJsPaths: QuickJsPaths | undefined;

/** Absolute paths of the QuickJS packages, resolved from this module (ESM or CJS build). */
function resolveQuickJs(): QuickJsPaths {
  if (!quickJsPaths) {
    const base = typeof __filename === 'string' ? __filename : import.meta.url;
    const require = createRequire(base);
    quickJsPaths = {
      corePath: require.resolve('quickjs-emscripten-core'),
      variantPath: require.resolve('@jitl/quickjs-wasmfile-release-sync'),
    };
  }
  return quickJsPaths;
}

export function tooLarge(what: string, length: number, limit: number): string {
  return `${what} (${length} characters) does not fit in the script's ${limit}-byte memory limit`;
}

function messageOf(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}

/**
 * One worker thread and the call it is running.
 *
 * @example
 * ```ts
 * const thread = new SandboxThread(config);
 * const events = await thread.ready;
 * const { outcome, retire } = await thread.call(1, call, Date.now() + 5000, host, 5000);
 * ```
 */
export class SandboxThread {
  readonly ready: Promise<string[]>;
  #worker: Worker;
  #flag: Int32Array;
  #replies: MessagePort;
  #logger: ((line: string) => void) | undefined;
  #maxChars: number;
  #current: PendingCall | undefined;
  #dead = false;
  #settle: { resolve: (events: string[]) => void; reject: (error: Error) => void } | undefined;

  constructor(config: SandboxConfig) {
    const signal = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    this.#flag = new Int32Array(signal);
    this.#replies = channel.port1;
    this.#logger = config.logger;
    this.ready = new Promise<string[]>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    const startup = setTimeout(
      () => this.#die(new ScriptError(`the script worker did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    );
    const clear = (): void => clearTimeout(startup);
    this.ready.then(clear, clear);
    this.#maxChars = config.memoryLimitBytes;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      env: {},
      execArgv: [],
      // No heap caps: QuickJS's WASM memory counts as external memory of the worker's heap, and
      // V8 aborts the whole process (not just the worker) when growing it hits a small cap. Data
      // entering the sandbox is bounded by the memory limit instead (see #answer and run()).
      // A deep native stack, so QuickJS's own stack check (maxStackBytes) fires before V8's.
      resourceLimits: { stackSizeMb: WORKER_STACK_MB },
      transferList: [channel.port2],
      workerData: {
        ...resolveQuickJs(),
        source: config.source,
        prelude: PRELUDE,
        classify: CLASSIFY,
        helpers: HELPERS,
        events: config.events,
        memoryLimitBytes: config.memoryLimitBytes,
        maxStackBytes: config.maxStackBytes,
        timeoutMs: config.timeoutMs,
        hasLogger: config.logger !== undefined,
        logLimit: LOG_LIMIT_CHARS,
        signal,
        replies: channel.port2,
      },
    });
    this.#worker.on('message', (message: WorkerMessage) => this.#onMessage(message));
    this.#worker.on('error', (error) => this.#die(this.#crashError(error)));
    this.#worker.on('exit', () => this.#die(new ScriptError('the script worker stopped unexpectedly')));
  }

  get dead(): boolean {
    return this.#dead;
  }

  /** Runs one call; resolves with the worker's outcome, rejects if the worker dies or overruns. */
  call(id: number, call: SandboxCall, deadline: number, host: HostHandler, timeoutMs: number): Promise<{ outcome: SandboxOutcome; retire: boolean }> {
    if (this.#dead) return Promise.reject(new ScriptError('the script worker stopped unexpectedly'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#die(new ScriptTimeoutError(`the script ran longer than its ${timeoutMs} ms time limit`));
      }, Math.max(0, deadline + HARD_KILL_GRACE_MS - Date.now()));
      this.#current = { id, host, timer, resolve, reject };
      this.#worker.postMessage({ type: 'call', id, deadline, ...call });
    });
  }

  /** Terminates the worker (idempotent). */
  async kill(): Promise<void> {
    this.#die(new ScriptError('the script was disposed'));
    await this.#worker.terminate();
  }

  #crashError(error: Error): ScriptError {
    const code = (error as Error & { code?: string }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new ScriptError('out of memory: the script worker ran out of heap', { cause: error });
    }
    return new ScriptError(`the script worker crashed: ${messageOf(error)}`, { cause: error });
  }

  #die(error: Error): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#settle?.reject(error);
    const current = this.#current;
    this.#current = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.reject(error);
    }
    this.#replies.close();
    void this.#worker.terminate();
  }

  #onMessage(message: WorkerMessage): void {
    if (this.#dead) return;
    switch (message.type) {
      case 'ready':
        // From now on an idle worker does not keep the process alive (a call's timer does).
        this.#worker.unref();
        this.#settle?.resolve(message.events);
        return;
      case 'compile-error':
        this.#die(new ScriptError(`the script does not compile: ${message.message}`));
        return;
      case 'fatal':
        this.#die(new ScriptError(`the script engine failed: ${message.message}`));
        return;
      case 'log':
        this.#log(message.line);
        return;
      case 'host':
        this.#answer(message.op, message.args);
        return;
      case 'result': {
        const current = this.#current;
        if (!current || current.id !== message.id) return;
        this.#current = undefined;
        clearTimeout(current.timer);
        current.resolve({ outcome: message.outcome, retire: message.retire });
        return;
      }
    }
  }

  #log(line: string): void {
    try {
      this.#logger?.(redactText(line));
    } catch {
      // A failing logger must not break the script.
    }
  }

  #answer(op: string, args: string): void {
    const current = this.#current;
    if (!current) return;
    const run = async (): Promise<string> => {
      try {
        const value = await current.host(op, safeJsonParse(args));
        const answer = value === undefined ? 'V' : `V${JSON.stringify(value)}`;
        return answer.length > this.#maxChars ? `E${tooLarge(`the answer of ${op}`, answer.length, this.#maxChars)}` : answer;
      } catch (error) {
        return `E${messageOf(error)}`;
      }
    };
    void run().then((answer) => {
      if (this.#dead || this.#current !== current) return;
      this.#replies.postMessage(answer);
      Atomics.store(this.#flag, 0, 1);
      Atomics.notify(this.#flag, 0);
    });
  }
}
