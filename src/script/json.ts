/**
 * JSON parsing for values that come out of the sandbox.
 *
 * @module
 */

/**
 * `JSON.parse` that drops every `__proto__` key, so data a script produced can never be copied
 * onto a prototype later (for example by `Object.assign` or a deep merge).
 *
 * @example
 * ```ts
 * safeJsonParse('{"__proto__":{"admin":true},"a":1}'); // { a: 1 }
 * ```
 */
export function safeJsonParse(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}
