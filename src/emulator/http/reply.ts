/**
 * What a route answers: status, headers and an already-serialised body. Builders for the shapes
 * the emulator sends.
 *
 * @module
 */

/** An HTTP answer. Header names are lower case. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Salesforce's JSON content type. */
export const JSON_TYPE = 'application/json;charset=UTF-8';

/** A JSON answer. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return jsonText(status, JSON.stringify(value), headers);
}

/** A JSON answer from already-serialised text (e.g. a cached describe). */
export function jsonText(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body };
}

/** An answer without a body (204, 304, …). */
export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

/** A plain-text answer. */
export function text(status: number, body: string, contentType = 'text/plain;charset=UTF-8'): Reply {
  return { status, headers: { 'content-type': contentType }, body };
}

/** A `302 Found` redirect. */
export function redirect(location: string): Reply {
  return { status: 302, headers: { location } };
}
