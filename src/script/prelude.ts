/**
 * JavaScript that runs inside the QuickJS sandbox. QuickJS (as WASM) parses at roughly 70–90 µs
 * per KiB and every call starts from a fresh context, so the text parsed on every call is kept
 * small: {@link PRELUDE} always, {@link HELPERS} only when the script touches a helper or one of
 * the two exception classes, and {@link CLASSIFY} only when a call fails.
 *
 * {@link PRELUDE} receives one host function, `host(op, argsJson) → answer` (answer `V<json>`,
 * `V` for `undefined`, or `E<message>`; `host('helpers', '')` instead returns the compiled
 * {@link HELPERS} function). It defines Cyclr's helpers — `btoa`, `atob`, `cyclr_sign`,
 * `cyclr_csv_parse`, `http_request`, `console`,
 * `cyclr_storage_{get,set,delete,append,increment,decrement,list_keys,list_values,delete_all}` —
 * and the `AuthRefreshException` / `AuthSessionException` classes as global accessors: the first
 * read of any of them loads {@link HELPERS}, and each accessor replaces itself with a plain
 * writable property when read (a script that assigns or declares one of these names simply gets
 * its own value). It deletes
 * `Atomics` and `SharedArrayBuffer` if the engine has them. It returns `[enter, invoke, exit, kit]`
 * to the worker (never made global):
 * - `enter(namesJson, writableJson, valuesText)` defines each global from one JSON line per name
 *   (an empty line is `undefined`);
 * - `invoke(event)` calls the global function `event` if there is one and returns its result;
 * - `exit(returned)` returns the handler's result (`''`, `'true'` or `'false'`) and the JSON of
 *   every writable global, one per line (JSON text never holds a raw line break);
 * - `kit` holds the two exception classes (filled in by {@link HELPERS}; empty before) and the
 *   original `JSON.stringify`, `String` and `Error`, for {@link CLASSIFY}.
 *
 * What `exit`, the helpers and `CLASSIFY` need is captured before the user's script runs, so a
 * script that replaces `JSON` or `String` only affects its own values.
 *
 * @module
 */
export const PRELUDE = String.raw`(function (host) {
'use strict';
var g = globalThis, J = JSON.stringify, P = JSON.parse, D = Object.defineProperty;
var W = [], kit = [undefined, undefined, J, String, Error], made;
var names = ('btoa atob cyclr_sign cyclr_csv_parse http_request console AuthRefreshException AuthSessionException ' +
  'cyclr_storage_get cyclr_storage_set cyclr_storage_delete cyclr_storage_append cyclr_storage_increment ' +
  'cyclr_storage_decrement cyclr_storage_list_keys cyclr_storage_list_values cyclr_storage_delete_all').split(' ');
function def(name, value) { D(g, name, { value: value, writable: true, configurable: true }); }
function later(name) {
  D(g, name, {
    get: function () { made = made || host('helpers', '')(host, kit, P, D); def(name, made[name]); return made[name]; },
    set: function (v) { def(name, v); },
    configurable: true
  });
}
for (var i = 0; i < names.length; i++) later(names[i]);
delete g.Atomics;
delete g.SharedArrayBuffer;
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
return [enter, invoke, exit, kit];
})`;

/**
 * Cyclr's helper functions and exception classes, parsed only when a script first touches one of
 * them (see {@link PRELUDE}). Called as `make(host, kit, P, D)` with the prelude's host function,
 * its `kit` (original `JSON.stringify`, `String`, `Error` in slots 2–4; the two classes are stored
 * in slots 0–1), `JSON.parse` and `Object.defineProperty`; returns `{ name: value }`.
 *
 * Helpers are described by one string, `name op types`, so they cost the parser almost nothing.
 * Each letter of `types` converts one argument (table `C`): `s` text, `o` optional text (null for
 * undefined/null), `v` any JSON value, `t` text with objects as JSON (storage values), `b`
 * boolean, `n`/`m` a number (default 1) and its negation (decrement).
 */
export const HELPERS = String.raw`(function (host, kit, P, D) {
'use strict';
var J = kit[2], S = kit[3], E = kit[4], out = {};
function call(op, args) {
  var a = host(op, J(args));
  if (a.charAt(0) === 'E') throw new E(a.slice(1));
  return a.length > 1 ? P(a.slice(1)) : undefined;
}
function exception(name, fallback) {
  var X = class extends E { constructor(m) { super(m === undefined ? fallback : m); } };
  D(X, 'name', { value: name });
  D(X.prototype, 'name', { value: name, writable: true, configurable: true });
  out[name] = X;
}
exception('AuthRefreshException', 'the script asked for a token refresh');
exception('AuthSessionException', 'the script asked for a new session');
kit[0] = out.AuthRefreshException;
kit[1] = out.AuthSessionException;
function num(x) { return x === undefined ? 1 : Number(x); }
var C = {
  s: S, v: function (x) { return x; }, b: function (x) { return !!x; }, n: num, m: function (x) { return -num(x); },
  o: function (x) { return x == null ? null : S(x); },
  t: function (x) { return typeof x === 'string' ? x : x !== null && typeof x === 'object' ? J(x) : S(x); }
};
function helper(spec) {
  var op = spec[1], types = spec[2] || '';
  out[spec[0]] = function () {
    var args = [];
    for (var i = 0; i < types.length; i++) args.push(C[types.charAt(i)](arguments[i]));
    return call(op, args);
  };
}
var specs = ('btoa btoa so|atob atob so|cyclr_sign sign sss|cyclr_csv_parse csv sob|http_request http v|' +
  'cyclr_storage_get storage.get s|cyclr_storage_set storage.set st|cyclr_storage_delete storage.delete s|' +
  'cyclr_storage_append storage.append st|cyclr_storage_increment storage.increment sn|' +
  'cyclr_storage_decrement storage.increment sm|cyclr_storage_list_keys storage.list_keys|' +
  'cyclr_storage_list_values storage.list_values|cyclr_storage_delete_all storage.delete_all').split('|');
for (var i = 0; i < specs.length; i++) helper(specs[i].split(' '));
function log() {
  var line = '';
  for (var i = 0; i < arguments.length; i++) {
    var x = arguments[i], p;
    if (typeof x !== 'string') { try { p = J(x); } catch (e) {} }
    line += (i ? ' ' : '') + (typeof x === 'string' ? x : p === undefined ? S(x) : p);
  }
  call('log', [line]);
}
out.console = { log: log, info: log, warn: log, error: log, debug: log, trace: log };
return out;
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
var kind = Refresh && error instanceof Refresh ? 'refresh' : Session && error instanceof Session ? 'session' : 'throw';
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
