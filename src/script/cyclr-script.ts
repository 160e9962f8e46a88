/**
 * `CyclrScript`: real Cyclr connector-script text, compiled once into a sandbox and exposed as
 * forcelink {@link Hooks}.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { ValidationError } from '../core/errors.js';
import type { ActionContext, HookEnvironment, Hooks, OAuthContext } from '../hooks/types.js';
import { failureError } from './failure.js';
import { actionGlobals, applyExit, encodeGlobals, oauthGlobals, type GlobalBinding, type ScriptSettings } from './globals.js';
import { runHostOperation } from './host-ops.js';
import { Sandbox } from './sandbox.js';
import type { SandboxLimits } from './sandbox-thread.js';
import { MemoryScriptStorage, type ScriptStorage } from './storage.js';

/**
 * Cyclr's event function names, as they appear in script text.
 *
 * @example
 * ```ts
 * if (script.events.includes('after_error')) console.log('the script reclassifies errors');
 * ```
 */
export type CyclrEvent =
  | 'before_action'
  | 'after_action'
  | 'after_action_paging'
  | 'after_error'
  | 'action_condition'
  | 'before_oauth2_authorise'
  | 'before_oauth2_token'
  | 'after_oauth2_token'
  | 'before_oauth2_refresh'
  | 'after_oauth2_refresh';

/**
 * A hook of a compiled script: always asynchronous (it runs in a worker thread).
 *
 * @example
 * ```ts
 * const hook: ScriptHook<ActionContext, boolean> | undefined = script.beforeAction;
 * if (hook && !(await hook(ctx, env))) throw new ActionCancelledError();
 * ```
 */
export type ScriptHook<C, R> = (context: C, env: HookEnvironment) => Promise<R>;

/**
 * Cyclr's `script_execution_context` values.
 *
 * @example
 * ```ts
 * await CyclrScript.compile(source, { executionContext: 'STEP_TESTING' });
 * ```
 */
export type ScriptExecutionContext = 'RUNNING_TRANSACTION' | 'CONNECTOR_TESTING' | 'STEP_TESTING';

/**
 * Options of {@link CyclrScript.compile}.
 *
 * @example
 * ```ts
 * const options: CyclrScriptOptions = {
 *   timeoutMs: 2000,
 *   scriptParameters: { isSandbox: true },
 *   storage: new MemoryScriptStorage(),
 *   logger: (line) => log.debug(line),
 *   concurrency: 4,
 * };
 * ```
 */
export interface CyclrScriptOptions {
  /**
   * Wall-clock limit of one call, helper calls (`http_request`, storage) included, time spent
   * waiting for a free worker not. Default 5000.
   */
  timeoutMs?: number;
  /** QuickJS heap limit of one call, the globals handed in included. Default 32 MiB. */
  memoryLimitBytes?: number;
  /** QuickJS stack limit, at most 256 KiB (larger stacks overflow the host's). Default 256 KiB. */
  maxStackBytes?: number;
  /** `script_parameters` (read-only for the script: changes are not kept). */
  scriptParameters?: Record<string, unknown>;
  /** `cycle_variables` (read-only for the script: changes are not kept). */
  cycleVariables?: Record<string, unknown>;
  /** Backs `cyclr_storage_*`. Default: a new {@link MemoryScriptStorage}. */
  storage?: ScriptStorage;
  /** Receives each `console.log` / `info` / `warn` / `error` line (redacted). Default: discarded. */
  logger?: (line: string) => void;
  /** `script_execution_context`. Default `RUNNING_TRANSACTION`. */
  executionContext?: ScriptExecutionContext;
  /**
   * Most calls of this script that run at once, each in its own worker thread (1 to 64). One
   * worker starts at compile time; more start only when calls overlap, and an extra worker idle
   * for 30 s exits. Each worker holds about 18 MB. `1` runs calls one after another. Default
   * `Math.min(2, os.availableParallelism())`.
   */
  concurrency?: number;
}

const EVENTS: readonly CyclrEvent[] = [
  'before_action',
  'after_action',
  'after_action_paging',
  'after_error',
  'action_condition',
  'before_oauth2_authorise',
  'before_oauth2_token',
  'after_oauth2_token',
  'before_oauth2_refresh',
  'after_oauth2_refresh',
];

const KiB = 1024;
const MiB = 1024 * KiB;

/** The largest QuickJS stack allowed (DEPENDENCIES.md: larger stacks have crashed the host). */
const MAX_STACK_BYTES = 256 * KiB;

function positiveInteger(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`CyclrScript: ${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A JSON copy of a read-only global, taken at compile time. */
function snapshot(name: string, value: Record<string, unknown> | undefined): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError(`CyclrScript: ${name} must be JSON-serialisable`, { cause: error });
  }
}

/** Most workers one script may use. */
const MAX_CONCURRENCY = 64;

function limitsOf(options: CyclrScriptOptions): SandboxLimits {
  return {
    timeoutMs: positiveInteger('timeoutMs', options.timeoutMs, 5000, 1, 2 ** 31 - 1),
    memoryLimitBytes: positiveInteger('memoryLimitBytes', options.memoryLimitBytes, 32 * MiB, MiB, 2 * 1024 * MiB),
    maxStackBytes: positiveInteger('maxStackBytes', options.maxStackBytes, MAX_STACK_BYTES, 16 * KiB, MAX_STACK_BYTES),
  };
}

/**
 * A compiled Cyclr script. It implements {@link Hooks}: each hook exists only when the script
 * declares the matching Cyclr function (`before_action` → `beforeAction`, …), so attach it with
 * `sf.use(script)` or per call. Every call runs in a fresh QuickJS context in a warm worker
 * thread: globals are rebuilt from the context each time, and only `cyclr_storage_*` keeps data
 * between calls. Calls that overlap run in parallel on up to `concurrency` workers (started only
 * when calls overlap; default two, one on a single core); further calls wait for a free worker. Each `cyclr_storage_*`
 * operation is atomic, but a script's read-then-write across two operations is not: parallel
 * calls may interleave between them, as in Cyclr.
 *
 * Globals in action events: `method_request_headers`, `method_request_parameters`,
 * `method_request`, `method_request_mergefields`, `method_endpoint`, `method_response`,
 * `method_response_headers`, `statusCode`, `reasonPhrase`, `method_error`, `action_data` (all
 * written back when changed), and `script_parameters`, `cycle_variables`,
 * `script_execution_context` (read-only). OAuth events see `method_request` (the form or query
 * parameters), `method_request_headers`, `method_response` (the token set) and `method_endpoint`.
 *
 * Helpers: `http_request` (synchronous, sent by the client through the hook environment), `btoa`
 * and `atob` (optional charset), `cyclr_sign` (Base64 output), `cyclr_csv_parse`,
 * `cyclr_storage_*`, `console.*` (to `logger`), `AuthRefreshException` and
 * `AuthSessionException` (both reject with `AuthRefreshRequestedError`). Not provided:
 * `cyclr_xml_*`, `cycle_storage_*`, `moment`, `crypto-js`, the UTF-7 charset.
 *
 * Failures: a `throw` rejects with `ScriptError` carrying the script's message (redacted; the
 * script's stack is the `cause`); the time limit with `ScriptTimeoutError`; the memory and stack
 * limits with `ScriptError`s whose messages start with `out of memory` / `stack overflow` (QuickJS
 * throws `null` when memory is so exhausted it cannot build an error, so a thrown `null` is
 * reported as out of memory too). Data larger than the memory limit (globals, an `http_request`
 * answer) is refused before it enters the sandbox. A worker that had to be terminated fails only
 * the call it was running and is replaced when a call needs it.
 *
 * Event functions must be declared (`function before_action() {…}`, or `var`/`let`/`const`); the
 * script's top-level code runs before every call, never at compile time.
 *
 * @example
 * ```ts
 * const script = await CyclrScript.compile(`
 *   function before_action() {
 *     method_request_headers['Sforce-Auto-Assign'] = 'FALSE';
 *     return true;
 *   }`);
 * sf.use(script);
 * // …
 * await script.dispose();
 * ```
 */
export class CyclrScript implements Hooks {
  /** The Cyclr event functions the script declares. */
  readonly events: readonly CyclrEvent[];

  /** `before_action`: resolves `false` when the script returned `false` (cancel), else `true`. */
  declare beforeAction?: ScriptHook<ActionContext, boolean>;
  declare afterAction?: ScriptHook<ActionContext, void>;
  declare afterActionPaging?: ScriptHook<ActionContext, void>;
  declare afterError?: ScriptHook<ActionContext, void>;
  /** `action_condition`: resolves with the truthiness of what the script returned. */
  declare actionCondition?: ScriptHook<ActionContext, boolean>;
  declare beforeOAuth2Authorise?: ScriptHook<OAuthContext, void>;
  declare beforeOAuth2Token?: ScriptHook<OAuthContext, void>;
  declare afterOAuth2Token?: ScriptHook<OAuthContext, void>;
  declare beforeOAuth2Refresh?: ScriptHook<OAuthContext, void>;
  declare afterOAuth2Refresh?: ScriptHook<OAuthContext, void>;

  readonly #sandbox: Sandbox;
  readonly #limits: SandboxLimits;
  readonly #settings: ScriptSettings;
  readonly #storage: ScriptStorage;

  private constructor(
    sandbox: Sandbox,
    events: readonly CyclrEvent[],
    limits: SandboxLimits,
    settings: ScriptSettings,
    storage: ScriptStorage,
  ) {
    this.#sandbox = sandbox;
    this.#limits = limits;
    this.#settings = settings;
    this.#storage = storage;
    this.events = events;
    const has = (event: CyclrEvent): boolean => events.includes(event);
    const action = (event: CyclrEvent) => (ctx: ActionContext, env: HookEnvironment) =>
      this.#call(event, actionGlobals(ctx, this.#settings), env);
    const oauth = (event: CyclrEvent) => async (ctx: OAuthContext, env: HookEnvironment): Promise<void> => {
      await this.#call(event, oauthGlobals(ctx, this.#settings), env);
    };
    const after = (event: CyclrEvent) => async (ctx: ActionContext, env: HookEnvironment): Promise<void> => {
      await action(event)(ctx, env);
    };
    if (has('before_action')) {
      this.beforeAction = async (ctx, env) => (await action('before_action')(ctx, env)) !== false;
    }
    if (has('after_action')) this.afterAction = after('after_action');
    if (has('after_action_paging')) this.afterActionPaging = after('after_action_paging');
    if (has('after_error')) this.afterError = after('after_error');
    if (has('action_condition')) {
      this.actionCondition = async (ctx, env) => (await action('action_condition')(ctx, env)) === true;
    }
    if (has('before_oauth2_authorise')) this.beforeOAuth2Authorise = oauth('before_oauth2_authorise');
    if (has('before_oauth2_token')) this.beforeOAuth2Token = oauth('before_oauth2_token');
    if (has('after_oauth2_token')) this.afterOAuth2Token = oauth('after_oauth2_token');
    if (has('before_oauth2_refresh')) this.beforeOAuth2Refresh = oauth('before_oauth2_refresh');
    if (has('after_oauth2_refresh')) this.afterOAuth2Refresh = oauth('after_oauth2_refresh');
  }

  /**
   * Compiles `source` in a new sandbox worker. Rejects with `ScriptError` when the text does not
   * compile and with `ValidationError` for bad options. No script code runs at compile time.
   *
   * @example
   * ```ts
   * const script = await CyclrScript.compile(source, { timeoutMs: 2000, scriptParameters: { isSandbox: true } });
   * script.events; // ['before_action']
   * ```
   */
  static async compile(source: string, options: CyclrScriptOptions = {}): Promise<CyclrScript> {
    if (typeof source !== 'string') throw new ValidationError('CyclrScript: the source must be a string');
    const limits = limitsOf(options);
    const settings: ScriptSettings = {
      scriptParameters: snapshot('scriptParameters', options.scriptParameters),
      cycleVariables: snapshot('cycleVariables', options.cycleVariables),
      executionContext: options.executionContext ?? 'RUNNING_TRANSACTION',
    };
    const concurrency = positiveInteger('concurrency', options.concurrency, Math.min(2, availableParallelism()), 1, MAX_CONCURRENCY);
    const { sandbox, events } = await Sandbox.open({ ...limits, concurrency, source, events: EVENTS, logger: options.logger });
    const declared = EVENTS.filter((event) => events.includes(event));
    return new CyclrScript(sandbox, declared, limits, settings, options.storage ?? new MemoryScriptStorage());
  }

  /**
   * Stops every worker thread: running and waiting calls reject, and so do calls made afterwards
   * (`ScriptError`).
   *
   * @example
   * ```ts
   * await script.dispose();
   * ```
   */
  async dispose(): Promise<void> {
    await this.#sandbox.dispose();
  }

  /** Runs `event` with `bindings`; resolves with the handler's return value. */
  async #call(event: CyclrEvent, bindings: GlobalBinding[], env: HookEnvironment | undefined): Promise<boolean | undefined> {
    const encoded = encodeGlobals(bindings);
    const scope = { env, storage: this.#storage, timeoutMs: this.#limits.timeoutMs };
    const outcome = await this.#sandbox.run({ event, ...encoded.call }, (op, args) => runHostOperation(op, args, scope));
    if (outcome.status === 'error') throw failureError(outcome, this.#limits);
    return applyExit(outcome.text, encoded);
  }
}
