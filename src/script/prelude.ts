/**
 * JavaScript that runs inside the QuickJS sandbox before the user's script, on every call. It
 * receives one host function, `host(op, argsJson) → answer` (answer `V<json>` or `E<message>`),
 * and from it defines Cyclr's helpers as ordinary global functions: `btoa`, `atob`,
 * `http_request`, `cyclr_sign`, `cyclr_csv_parse`, `cyclr_storage_*`, `console`, and the
 * `AuthRefreshException` / `AuthSessionException` classes. It also removes `Atomics` and
 * `SharedArrayBuffer` if the engine has them.
 *
 * It returns `{ enter, exit, classify }` to the worker (never made global):
 * - `enter(namesJson, writableJson, valuesText)` defines each global from one JSON line per name
 *   (an empty line is `undefined`);
 * - `exit(returned)` returns the handler's result (`''`, `'true'` or `'false'`) and the JSON of
 *   every writable global, one per line (JSON text never holds a raw line break);
 * - `classify(error)` describes a thrown value as JSON `{ kind, name, message, stack }`.
 *
 * Everything it needs after the user's script has run is captured up front, so a script that
 * replaces `JSON`, `String` or prototypes only affects its own values.
 *
 * @module
 */
export const PRELUDE = String.raw`(function (host) {
  'use strict';
  var g = globalThis;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var defineProperty = Object.defineProperty;
  var ErrorCtor = Error;
  var StringCtor = String;
  var writable = [];

  function call(op, args) {
    var answer = host(op, stringify(args));
    if (answer.charAt(0) === 'E') throw new ErrorCtor(answer.slice(1));
    return answer.length > 1 ? parse(answer.slice(1)) : undefined;
  }
  function text(value) {
    if (typeof value === 'string') return value;
    if (value !== null && typeof value === 'object') return stringify(value);
    return StringCtor(value);
  }
  function optional(value) {
    return value === undefined || value === null ? null : StringCtor(value);
  }
  function define(name, value) {
    defineProperty(g, name, { value: value, writable: true, enumerable: false, configurable: true });
  }

  delete g.Atomics;
  delete g.SharedArrayBuffer;

  define('btoa', function btoa(value, charset) { return call('btoa', [StringCtor(value), optional(charset)]); });
  define('atob', function atob(value, charset) { return call('atob', [StringCtor(value), optional(charset)]); });
  define('cyclr_sign', function cyclr_sign(algorithm, key, value) {
    return call('sign', [StringCtor(algorithm), StringCtor(key), StringCtor(value)]);
  });
  define('cyclr_csv_parse', function cyclr_csv_parse(csv, delimiter, hasHeader) {
    return call('csv', [StringCtor(csv), optional(delimiter), !!hasHeader]);
  });
  define('http_request', function http_request(request) { return call('http', [request]); });

  define('cyclr_storage_get', function cyclr_storage_get(key) { return call('storage.get', [StringCtor(key)]); });
  define('cyclr_storage_set', function cyclr_storage_set(key, value) { call('storage.set', [StringCtor(key), text(value)]); });
  define('cyclr_storage_delete', function cyclr_storage_delete(key) { call('storage.delete', [StringCtor(key)]); });
  define('cyclr_storage_append', function cyclr_storage_append(key, value) {
    return call('storage.append', [StringCtor(key), text(value)]);
  });
  define('cyclr_storage_increment', function cyclr_storage_increment(key, amount) {
    return call('storage.increment', [StringCtor(key), amount === undefined ? 1 : Number(amount)]);
  });
  define('cyclr_storage_decrement', function cyclr_storage_decrement(key, amount) {
    return call('storage.increment', [StringCtor(key), amount === undefined ? -1 : -Number(amount)]);
  });
  define('cyclr_storage_list_keys', function cyclr_storage_list_keys() { return call('storage.list_keys', []); });
  define('cyclr_storage_list_values', function cyclr_storage_list_values() { return call('storage.list_values', []); });
  define('cyclr_storage_delete_all', function cyclr_storage_delete_all() { call('storage.delete_all', []); });

  function format(args) {
    var line = '';
    for (var i = 0; i < args.length; i++) {
      var value = args[i];
      var part;
      if (typeof value === 'string') part = value;
      else {
        try { part = stringify(value); } catch (e) { part = undefined; }
        if (part === undefined) part = StringCtor(value);
      }
      line += (i === 0 ? '' : ' ') + part;
    }
    return line;
  }
  function log() { call('log', [format(arguments)]); }
  define('console', { log: log, info: log, warn: log, error: log, debug: log, trace: log });

  class AuthRefreshException extends ErrorCtor {
    constructor(message) { super(message === undefined ? 'the script asked for a token refresh' : message); }
  }
  class AuthSessionException extends ErrorCtor {
    constructor(message) { super(message === undefined ? 'the script asked for a new session' : message); }
  }
  defineProperty(AuthRefreshException.prototype, 'name', { value: 'AuthRefreshException', writable: true, configurable: true });
  defineProperty(AuthSessionException.prototype, 'name', { value: 'AuthSessionException', writable: true, configurable: true });
  define('AuthRefreshException', AuthRefreshException);
  define('AuthSessionException', AuthSessionException);

  function enter(namesJson, writableJson, valuesText) {
    var names = parse(namesJson);
    var values = valuesText.split('\n');
    writable = parse(writableJson);
    for (var i = 0; i < names.length; i++) {
      var line = values[i];
      defineProperty(g, names[i], {
        value: line === '' || line === undefined ? undefined : parse(line),
        writable: true, enumerable: true, configurable: true
      });
    }
  }
  function exit(returned) {
    var out = returned === undefined ? '' : returned ? 'true' : 'false';
    for (var i = 0; i < writable.length; i++) {
      var value = g[writable[i]];
      var json = value === undefined ? undefined : stringify(value);
      out += '\n' + (json === undefined ? '' : json);
    }
    return out;
  }
  function read(value) {
    return value === undefined || value === null ? '' : StringCtor(value);
  }
  function classify(error) {
    var kind = error instanceof AuthRefreshException ? 'refresh'
      : error instanceof AuthSessionException ? 'session' : 'throw';
    var name = '', message = '', stack = '';
    if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
      name = read(error.name);
      message = read(error.message);
      stack = read(error.stack);
      if (message === '' && !(error instanceof ErrorCtor)) {
        try { message = read(stringify(error)); } catch (e) { message = ''; }
      }
    } else {
      message = StringCtor(error);
    }
    return stringify({ kind: kind, name: name, message: message, stack: stack });
  }
  return { enter: enter, exit: exit, classify: classify };
})`;
