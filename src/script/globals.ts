/**
 * Cyclr's script globals ↔ forcelink's hook contexts. Each global is a {@link GlobalBinding}: a
 * name, the value handed in (as JSON), and for writable globals an `apply` that writes the value
 * the script left back into the context. A global is written back only when its JSON changed, so
 * values that JSON cannot carry (a `Buffer` body, say) survive a script that does not touch them.
 *
 * @module
 */
import { ScriptError } from '../core/errors.js';
import type { TokenSet } from '../core/types.js';
import type { ActionContext, ActionErrorInfo, OAuthContext } from '../hooks/types.js';
import type { SandboxCall } from './sandbox-thread.js';
import { safeJsonParse } from './json.js';

/** One global variable of the script. */
export interface GlobalBinding {
  name: string;
  value: unknown;
  /**
   * Checks the value the script left and returns the write that stores it in the context (so
   * nothing is written unless every changed global is valid); absent for read-only globals.
   */
  apply?: (value: unknown) => () => void;
}

/** Read-only globals every event gets. */
export interface ScriptSettings {
  scriptParameters: Record<string, unknown>;
  cycleVariables: Record<string, unknown>;
  executionContext: string;
}

/** Encoded globals plus what the host needs to detect changes afterwards. */
export interface EncodedGlobals {
  call: Omit<SandboxCall, 'event'>;
  /** The writable bindings, in the order the sandbox reports them. */
  writable: GlobalBinding[];
  /** The JSON each writable binding went in with. */
  before: string[];
}

function encode(binding: GlobalBinding): string {
  if (binding.value === undefined) return '';
  try {
    return JSON.stringify(binding.value) ?? '';
  } catch (error) {
    throw new ScriptError(`${binding.name} cannot be passed to the script: ${(error as Error).message}`, { cause: error });
  }
}

/** Encodes bindings for {@link SandboxCall}. */
export function encodeGlobals(bindings: readonly GlobalBinding[]): EncodedGlobals {
  const writable = bindings.filter((binding) => binding.apply);
  const lines = bindings.map(encode);
  return {
    call: {
      names: JSON.stringify(bindings.map((binding) => binding.name)),
      writable: JSON.stringify(writable.map((binding) => binding.name)),
      values: lines.join('\n'),
    },
    writable,
    before: bindings.flatMap((binding, index) => (binding.apply ? [lines[index] ?? ''] : [])),
  };
}

/**
 * Reads the sandbox's exit text (`returned` line, then one JSON line per writable global), writes
 * changed globals back and returns what the event function returned (`undefined` if nothing).
 */
export function applyExit(text: string, encoded: EncodedGlobals): boolean | undefined {
  const lines = text.split('\n');
  const writes = encoded.writable.flatMap((binding, index) => {
    const after = lines[index + 1] ?? '';
    if (after === encoded.before[index] || !binding.apply) return [];
    return [binding.apply(after === '' ? undefined : safeJsonParse(after))];
  });
  for (const write of writes) write();
  return lines[0] === '' ? undefined : lines[0] === 'true';
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireRecord(name: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new ScriptError(`the script left ${name} as ${describe(value)}; it must be an object`);
  return value;
}

/** Name → text pairs: null/undefined entries dropped, objects as JSON, the rest `String()`ed. */
function stringRecord(name: string, value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(requireRecord(name, value))) {
    if (item === null || item === undefined) continue;
    out[key] = typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  return out;
}

/** Makes `target` hold exactly `source`'s entries, keeping its identity; returns it. */
function replaceContents<T>(target: Record<string, T> | undefined, source: Record<string, T>): Record<string, T> {
  if (!target) return source;
  for (const key of Object.keys(target)) if (!Object.hasOwn(source, key)) delete target[key];
  Object.assign(target, source);
  return target;
}

function optionalText(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ScriptError(`the script left ${name} as ${describe(value)}; it must be a string`);
  return value;
}

function requiredText(name: string, value: unknown): string {
  const text = optionalText(name, value);
  if (text === undefined) throw new ScriptError(`the script left ${name} empty; it must be a string`);
  return text;
}

function optionalNumber(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new ScriptError(`the script left ${name} as ${describe(value)}; it must be a number`);
  return value;
}

/** Cyclr's `method_error` as {@link ActionErrorInfo} (missing status falls back to `previous`). */
function errorInfo(value: unknown, previous: ActionErrorInfo | undefined): ActionErrorInfo {
  const error = requireRecord('method_error', value);
  const status = Number(error.statusCode);
  return {
    statusCode: Number.isFinite(status) ? status : (previous?.statusCode ?? 0),
    reasonPhrase: error.reasonPhrase === undefined || error.reasonPhrase === null ? '' : String(error.reasonPhrase),
    content: error.content,
    isError: Boolean(error.isError),
    isWarning: Boolean(error.isWarning),
    isSuccess: Boolean(error.isSuccess),
  };
}

/** A writable binding: `check` validates and converts, `write` stores the result. */
function bind<T>(name: string, value: unknown, check: (value: unknown) => T, write: (value: T) => void): GlobalBinding {
  return {
    name,
    value,
    apply: (raw) => {
      const checked = check(raw);
      return () => write(checked);
    },
  };
}

/** A writable name → text map kept in the context's own object. */
function bindRecord(
  name: string,
  current: Record<string, string> | undefined,
  write: (value: Record<string, string>) => void,
): GlobalBinding {
  return bind(name, current, (v) => stringRecord(name, v), (record) => write(replaceContents(current, record)));
}

const anyValue = (value: unknown): unknown => value;

function common(settings: ScriptSettings): GlobalBinding[] {
  return [
    { name: 'script_parameters', value: settings.scriptParameters },
    { name: 'cycle_variables', value: settings.cycleVariables },
    { name: 'script_execution_context', value: settings.executionContext },
  ];
}

/**
 * The globals of an action event (`before_action`, `after_action`, `after_action_paging`,
 * `after_error`, `action_condition`).
 *
 * @example
 * ```ts
 * const bindings = actionGlobals(ctx, settings); // method_request_headers ↔ ctx.requestHeaders, …
 * ```
 */
export function actionGlobals(ctx: ActionContext, settings: ScriptSettings): GlobalBinding[] {
  return [
    bindRecord('method_request_headers', ctx.requestHeaders, (v) => (ctx.requestHeaders = v)),
    bindRecord('method_request_parameters', ctx.requestParameters, (v) => (ctx.requestParameters = v)),
    bind('method_request', ctx.request, anyValue, (v) => (ctx.request = v)),
    bindRecord('method_request_mergefields', ctx.mergefields, (v) => (ctx.mergefields = v)),
    bind('method_endpoint', ctx.endpoint, (v) => requiredText('method_endpoint', v), (v) => (ctx.endpoint = v)),
    bind('method_response', ctx.response, anyValue, (v) => (ctx.response = v)),
    bind(
      'method_response_headers',
      ctx.responseHeaders,
      (v) => (v === undefined || v === null ? undefined : stringRecord('method_response_headers', v)),
      (v) => (ctx.responseHeaders = v === undefined ? undefined : replaceContents(ctx.responseHeaders, v)),
    ),
    bind('statusCode', ctx.statusCode, (v) => optionalNumber('statusCode', v), (v) => (ctx.statusCode = v)),
    bind('reasonPhrase', ctx.reasonPhrase, (v) => optionalText('reasonPhrase', v), (v) => (ctx.reasonPhrase = v)),
    bind(
      'method_error',
      ctx.error,
      (v) => (v === undefined ? undefined : errorInfo(v, ctx.error)),
      (v) => (v === undefined || !ctx.error ? (ctx.error = v) : Object.assign(ctx.error, v)),
    ),
    bind(
      'action_data',
      ctx.actionData,
      (v) => requireRecord('action_data', v),
      (v) => (ctx.actionData = replaceContents(ctx.actionData, v)),
    ),
    ...common(settings),
  ];
}

function tokenSet(value: unknown): TokenSet | undefined {
  if (value === undefined || value === null) return undefined;
  const token = requireRecord('method_response', value);
  if (typeof token.accessToken !== 'string') {
    throw new ScriptError('the script left method_response without a string accessToken');
  }
  return token as unknown as TokenSet;
}

/**
 * The globals of an OAuth event: `method_request` ↔ the form or query parameters,
 * `method_request_headers`, `method_response` ↔ the token set, `method_endpoint`.
 *
 * @example
 * ```ts
 * const bindings = oauthGlobals(ctx, settings);
 * ```
 */
export function oauthGlobals(ctx: OAuthContext, settings: ScriptSettings): GlobalBinding[] {
  return [
    bindRecord('method_request', ctx.parameters, (v) => (ctx.parameters = v)),
    bindRecord('method_request_headers', ctx.requestHeaders, (v) => (ctx.requestHeaders = v)),
    bind('method_response', ctx.response, tokenSet, (v) => (ctx.response = v)),
    bind('method_endpoint', ctx.endpoint, (v) => requiredText('method_endpoint', v), (v) => (ctx.endpoint = v)),
    ...common(settings),
  ];
}
