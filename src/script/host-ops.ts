/**
 * The host side of the sandbox's helper functions. The sandbox calls `host(op, argsJson)`
 * synchronously; the worker forwards the call here (main thread), where it may await the
 * client's `env.httpRequest` or the {@link ScriptStorage}. Arguments arrive as untrusted JSON and
 * are checked before use. Storage operations run one at a time per store (`storage-lock.ts`), so
 * calls running in parallel on several workers cannot interleave inside one operation.
 *
 * @module
 */
import type { HookEnvironment, HookHttpRequest, HookHttpResponse } from '../hooks/types.js';
import { base64Decode, base64Encode } from './charset.js';
import { parseCsv } from './csv.js';
import { cyclrSign } from './sign.js';
import { exclusive } from './storage-lock.js';
import {
  storageAppend,
  storageDeleteAll,
  storageIncrement,
  storageListValues,
  type ScriptStorage,
} from './storage.js';

/** What a host operation may use during one hook call. */
export interface HostScope {
  /** The environment the client passed to the hook (absent when a hook is called by hand). */
  env: HookEnvironment | undefined;
  storage: ScriptStorage;
  /** The script's time limit: the longest one storage operation may hold the store. */
  timeoutMs: number;
}

type Args = readonly unknown[];

function text(args: Args, index: number, what: string): string {
  const value = args[index];
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  return value;
}

function optionalText(args: Args, index: number, what: string): string | undefined {
  const value = args[index];
  return value === undefined || value === null ? undefined : text(args, index, what);
}

function finite(args: Args, index: number, what: string): number {
  const value = args[index];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what} must be a finite number`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Name → value pairs with every value turned into text (null and undefined dropped). */
function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new TypeError(`${what} must be an object`);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) continue;
    out[key] = typeof item === 'object' ? JSON.stringify(item) : String(item);
  }
  return out;
}

/** Checks and normalises the object a script passes to `http_request`. */
function httpRequest(value: unknown): HookHttpRequest {
  if (!isRecord(value)) throw new TypeError('http_request expects an object { method, url, parameters, headers, data }');
  if (typeof value.url !== 'string' || value.url === '') throw new TypeError('http_request: url must be a non-empty string');
  if (value.method !== undefined && typeof value.method !== 'string') {
    throw new TypeError('http_request: method must be a string');
  }
  const request: HookHttpRequest = { method: (value.method ?? 'GET').toUpperCase(), url: value.url };
  const parameters = stringRecord(value.parameters, 'http_request: parameters');
  const headers = stringRecord(value.headers, 'http_request: headers');
  if (parameters) request.parameters = parameters;
  if (headers) request.headers = headers;
  if (value.data !== undefined && value.data !== null) request.data = value.data;
  return request;
}

async function sendHttp(scope: HostScope, value: unknown): Promise<HookHttpResponse> {
  const request = httpRequest(value);
  if (!scope.env) throw new Error('http_request is not available: the hook was called without a HookEnvironment');
  const response = await scope.env.httpRequest(request);
  return { status_code: response.status_code, headers: response.headers, content: response.content };
}

/** Runs a storage operation alone on its store (see `storage-lock.ts`). */
function locked<T>(scope: HostScope, operation: (storage: ScriptStorage) => Promise<T>): Promise<T> {
  return exclusive(scope.storage, scope.timeoutMs, () => operation(scope.storage));
}

/** The operations a sandbox may ask for, by name. */
const OPERATIONS: Readonly<Record<string, (args: Args, scope: HostScope) => unknown>> = {
  btoa: (args) => base64Encode(text(args, 0, 'btoa: text'), optionalText(args, 1, 'btoa: charset')),
  atob: (args) => base64Decode(text(args, 0, 'atob: text'), optionalText(args, 1, 'atob: charset')),
  sign: (args) =>
    cyclrSign(text(args, 0, 'cyclr_sign: algorithm'), text(args, 1, 'cyclr_sign: key'), text(args, 2, 'cyclr_sign: value')),
  csv: (args) =>
    parseCsv(text(args, 0, 'cyclr_csv_parse: csv'), optionalText(args, 1, 'cyclr_csv_parse: delimiter') ?? ',', args[2] === true),
  http: (args, scope) => sendHttp(scope, args[0]),
  'storage.get': (args, scope) => locked(scope, async (storage) => (await storage.get(text(args, 0, 'cyclr_storage_get: key'))) ?? null),
  'storage.set': (args, scope) =>
    locked(scope, (storage) => storage.set(text(args, 0, 'cyclr_storage_set: key'), text(args, 1, 'cyclr_storage_set: value'))),
  'storage.delete': (args, scope) => locked(scope, (storage) => storage.delete(text(args, 0, 'cyclr_storage_delete: key'))),
  'storage.append': (args, scope) =>
    locked(scope, (storage) =>
      storageAppend(storage, text(args, 0, 'cyclr_storage_append: key'), text(args, 1, 'cyclr_storage_append: value')),
    ),
  'storage.increment': (args, scope) =>
    locked(scope, (storage) =>
      storageIncrement(storage, text(args, 0, 'cyclr_storage_increment: key'), finite(args, 1, 'cyclr_storage_increment: amount')),
    ),
  'storage.list_keys': (_args, scope) => locked(scope, (storage) => storage.listKeys()),
  'storage.list_values': (_args, scope) => locked(scope, storageListValues),
  'storage.delete_all': (_args, scope) => locked(scope, storageDeleteAll),
};

/**
 * Runs the helper operation `op` with `args` (parsed from the sandbox's JSON) and resolves with
 * its JSON-safe result. Unknown operations and bad arguments reject with a `TypeError`.
 */
export async function runHostOperation(op: string, args: unknown, scope: HostScope): Promise<unknown> {
  const operation = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined;
  if (!operation) throw new TypeError(`unknown host operation "${op}"`);
  if (!Array.isArray(args)) throw new TypeError('host operation arguments must be an array');
  return operation(args, scope);
}
