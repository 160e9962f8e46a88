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
import type { SandboxCall } from './sandbox.js';
import { safeJsonParse } from './json.js';

/** One global variable of the script. */
export interface GlobalBinding {
  name: string;
  value: unknown;
  /** Writes the script's value back; absent for read-only globals. */
  apply?: (value: unknown) => void;
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
  encoded.writable.forEach((binding, index) => {
    const after = lines[index + 1] ?? '';
    if (after !== encoded.before[index]) binding.apply?.(after === '' ? undefined : safeJsonParse(after));
  });
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

/** Cyclr's `method_error` back into {@link ActionErrorInfo}, in place. */
function applyError(ctx: ActionContext, value: unknown): void {
  const error = requireRecord('method_error', value);
  const status = Number(error.statusCode);
  const next: ActionErrorInfo = {
    statusCode: Number.isFinite(status) ? status : (ctx.error?.statusCode ?? 0),
    reasonPhrase: error.reasonPhrase === undefined || error.reasonPhrase === null ? '' : String(error.reasonPhrase),
    content: error.content,
    isError: Boolean(error.isError),
    isWarning: Boolean(error.isWarning),
    isSuccess: Boolean(error.isSuccess),
  };
  if (ctx.error) Object.assign(ctx.error, next);
  else ctx.error = next;
}

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
    {
      name: 'method_request_headers',
      value: ctx.requestHeaders,
      apply: (v) => (ctx.requestHeaders = replaceContents(ctx.requestHeaders, stringRecord('method_request_headers', v))),
    },
    {
      name: 'method_request_parameters',
      value: ctx.requestParameters,
      apply: (v) => (ctx.requestParameters = replaceContents(ctx.requestParameters, stringRecord('method_request_parameters', v))),
    },
    { name: 'method_request', value: ctx.request, apply: (v) => (ctx.request = v) },
    {
      name: 'method_request_mergefields',
      value: ctx.mergefields,
      apply: (v) => (ctx.mergefields = replaceContents(ctx.mergefields, stringRecord('method_request_mergefields', v))),
    },
    { name: 'method_endpoint', value: ctx.endpoint, apply: (v) => (ctx.endpoint = requiredText('method_endpoint', v)) },
    { name: 'method_response', value: ctx.response, apply: (v) => (ctx.response = v) },
    {
      name: 'method_response_headers',
      value: ctx.responseHeaders,
      apply: (v) =>
        (ctx.responseHeaders =
          v === undefined || v === null
            ? undefined
            : replaceContents(ctx.responseHeaders, stringRecord('method_response_headers', v))),
    },
    { name: 'statusCode', value: ctx.statusCode, apply: (v) => (ctx.statusCode = optionalNumber('statusCode', v)) },
    { name: 'reasonPhrase', value: ctx.reasonPhrase, apply: (v) => (ctx.reasonPhrase = optionalText('reasonPhrase', v)) },
    { name: 'method_error', value: ctx.error, apply: (v) => (v === undefined ? (ctx.error = undefined) : applyError(ctx, v)) },
    {
      name: 'action_data',
      value: ctx.actionData,
      apply: (v) => (ctx.actionData = replaceContents(ctx.actionData, requireRecord('action_data', v))),
    },
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
    {
      name: 'method_request',
      value: ctx.parameters,
      apply: (v) => (ctx.parameters = replaceContents(ctx.parameters, stringRecord('method_request', v))),
    },
    {
      name: 'method_request_headers',
      value: ctx.requestHeaders,
      apply: (v) => (ctx.requestHeaders = replaceContents(ctx.requestHeaders, stringRecord('method_request_headers', v))),
    },
    { name: 'method_response', value: ctx.response, apply: (v) => (ctx.response = tokenSet(v)) },
    { name: 'method_endpoint', value: ctx.endpoint, apply: (v) => (ctx.endpoint = requiredText('method_endpoint', v)) },
    ...common(settings),
  ];
}
