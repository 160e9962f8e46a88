/**
 * JavaScript that runs inside the QuickJS sandbox. QuickJS (as WASM) parses at roughly 90 µs per
 * KiB and every call starts from a fresh context, so this text is kept small: it is parsed on
 * every call, while {@link CLASSIFY} is parsed only when a call fails.
 *
 * {@link PRELUDE} receives one host function, `host(op, argsJson) → answer` (answer `V<json>`,
 * `V` for `undefined`, or `E<message>`) and from it defines Cyclr's helpers as ordinary global
 * functions: `btoa`, `atob`, `cyclr_sign`, `cyclr_csv_parse`, `http_request`,
 * `cyclr_storage_{get,set,delete,append,increment,decrement,list_keys,list_values,delete_all}`,
 * `console.{log,info,warn,error,debug,trace}`, and the `AuthRefreshException` /
 * `AuthSessionException` classes. It deletes `Atomics` and `SharedArrayBuffer` if the engine has
 * them. It returns `[enter, invoke, exit, kit]` to the worker (never made global):
 * - `enter(namesJson, writableJson, valuesText)` defines each global from one JSON line per name
 *   (an empty line is `undefined`);
 * - `invoke(event)` calls the global function `event` if there is one and returns its result;
 * - `exit(returned)` returns the handler's result (`''`, `'true'` or `'false'`) and the JSON of
 *   every writable global, one per line (JSON text never holds a raw line break);
 * - `kit` holds the two exception classes and the original `JSON.stringify`, `String` and
 *   `Error`, for {@link CLASSIFY}.
 *
 * What `exit` and `CLASSIFY` need is captured before the user's script runs, so a script that replaces `JSON`
 * or `String` only affects its own values.
 *
 * Argument conversions (table `C`): `s` text, `o` optional text (null for undefined/null), `v`
 * any JSON value, `t` text with objects as JSON (storage values), `b` boolean, `n`/`m` a number
 * (default 1) and its negation (decrement).
 *
 * @module
 */
export const PRELUDE = String.raw`(function (host) {
'use strict';
var g = globalThis, J = JSON.stringify, P = JSON.parse, D = Object.defineProperty, E = Error, S = String, W = [];
function call(op, args) {
  var a = host(op, J(args));
  if (a.charAt(0) === 'E') throw new E(a.slice(1));
  return a.length > 1 ? P(a.slice(1)) : undefined;
}
function num(x) { return x === undefined ? 1 : Number(x); }
var C = {
  s: S, v: function (x) { return x; }, b: function (x) { return !!x; }, n: num,
  m: function (x) { return -num(x); },
  o: function (x) { return x === undefined || x === null ? null : S(x); },
  t: function (x) { return typeof x === 'string' ? x : x !== null && typeof x === 'object' ? J(x) : S(x); }
};
function def(name, value) { D(g, name, { value: value, writable: true, configurable: true }); }
function helper(name, op, spec) {
  def(name, function () {
    var args = [];
    for (var i = 0; i < spec.length; i++) args.push(C[spec.charAt(i)](arguments[i]));
    return call(op, args);
  });
}
delete g.Atomics;
delete g.SharedArrayBuffer;
helper('btoa', 'btoa', 'so');
helper('atob', 'atob', 'so');
helper('cyclr_sign', 'sign', 'sss');
helper('cyclr_csv_parse', 'csv', 'sob');
helper('http_request', 'http', 'v');
var st = 'cyclr_storage_', ops = ['get', 's', 'set', 'st', 'delete', 's', 'append', 'st', 'increment', 'sn',
  'list_keys', '', 'list_values', '', 'delete_all', ''];
for (var i = 0; i < ops.length; i += 2) helper(st + ops[i], 'storage.' + ops[i], ops[i + 1]);
helper(st + 'decrement', 'storage.increment', 'sm');
function log() {
  var line = '';
  for (var i = 0; i < arguments.length; i++) {
    var x = arguments[i], p;
    if (typeof x !== 'string') { try { p = J(x); } catch (e) {} }
    line += (i ? ' ' : '') + (typeof x === 'string' ? x : p === undefined ? S(x) : p);
  }
  call('log', [line]);
}
def('console', { log: log, info: log, warn: log, error: log, debug: log, trace: log });
class AuthRefreshException extends E {
  constructor(m) { super(m === undefined ? 'the script asked for a token refresh' : m); }
}
class AuthSessionException extends E {
  constructor(m) { super(m === undefined ? 'the script asked for a new session' : m); }
}
D(AuthRefreshException.prototype, 'name', { value: 'AuthRefreshException', writable: true, configurable: true });
D(AuthSessionException.prototype, 'name', { value: 'AuthSessionException', writable: true, configurable: true });
def('AuthRefreshException', AuthRefreshException);
def('AuthSessionException', AuthSessionException);
function enter(names, writable, values) {
  var n = P(names), v = values.split('\n');
  W = P(writable);
  for (var i = 0; i < n.length; i++) {
    D(g, n[i], { value: v[i] ? P(v[i]) : undefined, writable: true, enumerable: true, configurable: true });
  }
}
function invoke(name) {
  var f = g[name];
  return typeof f === 'function' ? f() : undefined;
}
function exit(r) {
  var out = r === undefined ? '' : r ? 'true' : 'false';
  for (var i = 0; i < W.length; i++) {
    var x = g[W[i]], j = x === undefined ? undefined : J(x);
    out += '\n' + (j === undefined ? '' : j);
  }
  return out;
}
return [enter, invoke, exit, [AuthRefreshException, AuthSessionException, J, S, E]];
})`;

/**
 * Describes a thrown value as JSON `{ kind, name, message, stack, nil }`, `kind` being `refresh`
 * or `session` for the two Cyclr exceptions and `throw` otherwise; `nil` is true for a thrown
 * `null`, which is what QuickJS throws when it runs out of memory so completely that it cannot
 * allocate the error object. Called as `classify(error, kit)` with the prelude's `kit`.
 */
export const CLASSIFY = String.raw`(function (error, kit) {
'use strict';
var Refresh = kit[0], Session = kit[1], J = kit[2], S = kit[3], E = kit[4];
function read(x) { return x === undefined || x === null ? '' : S(x); }
var kind = error instanceof Refresh ? 'refresh' : error instanceof Session ? 'session' : 'throw';
var name = '', message = '', stack = '';
if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
  name = read(error.name);
  message = read(error.message);
  stack = read(error.stack);
  if (message === '' && !(error instanceof E)) { try { message = read(J(error)); } catch (e) {} }
} else {
  message = S(error);
}
return J({ kind: kind, name: name, message: message, stack: stack, nil: error === null });
})`;
