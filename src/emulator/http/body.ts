/**
 * Request bodies: reading with a size cap (gzip and deflate request bodies are inflated, as
 * Salesforce does) and parsing JSON into Salesforce's `JSON_PARSER_ERROR` on failure.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { restError, RestFailure } from './errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** Thrown when a body is larger than the cap. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** The whole request body, at most `maxBytes` long (before and after inflating). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
  if (raw.length === 0 || (encoding !== 'gzip' && encoding !== 'deflate')) return raw;
  const inflated = encoding === 'gzip' ? await gunzipAsync(raw, { maxOutputLength: maxBytes }) : await inflateAsync(raw, { maxOutputLength: maxBytes });
  return inflated;
}

/** `text` parsed as JSON, or a `400 JSON_PARSER_ERROR` worded like Salesforce's (Jackson's) messages. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw jsonError('No content to map due to end-of-input at [line:1, column:0]');
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String((error as Error).message));
    const at = position ? Number(position[1]) : text.length;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    const ch = text[at];
    const what = ch === undefined ? 'end-of-input' : `character ('${ch}' (code ${ch.charCodeAt(0)}))`;
    throw jsonError(`Unexpected ${what} at [line:${line}, column:${column}]`);
  }
}

/** `400 JSON_PARSER_ERROR` with this message. */
export function jsonError(message: string): RestFailure {
  return restError(400, 'JSON_PARSER_ERROR', message);
}
