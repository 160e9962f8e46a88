/**
 * Checks that a value read back from a store (or handed to `set`) is a well-formed `TokenSet`, and
 * copies only its known fields. Messages name the bad field, never its value.
 *
 * @module
 */
import type { TokenSet } from '../core/types.js';

const REQUIRED_STRINGS = ['accessToken', 'instanceUrl', 'tokenType'] as const;
const OPTIONAL_STRINGS = ['refreshToken', 'id', 'scope', 'signature'] as const;

/**
 * Returns a copy of `value` as a `TokenSet`, or the reason it is not one (e.g.
 * `"accessToken is not a string"`).
 */
export function toTokenSet(value: unknown): TokenSet | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object';
  const record = value as Record<string, unknown>;
  const token: Record<string, unknown> = {};
  for (const name of REQUIRED_STRINGS) {
    if (typeof record[name] !== 'string') return `${name} is not a string`;
    token[name] = record[name];
  }
  if (typeof record.issuedAt !== 'number' || !Number.isFinite(record.issuedAt)) return 'issuedAt is not a number';
  token.issuedAt = record.issuedAt;
  for (const name of OPTIONAL_STRINGS) {
    if (record[name] === undefined) continue;
    if (typeof record[name] !== 'string') return `${name} is not a string`;
    token[name] = record[name];
  }
  if (record.expiresAt !== undefined) {
    if (typeof record.expiresAt !== 'number' || !Number.isFinite(record.expiresAt)) return 'expiresAt is not a number';
    token.expiresAt = record.expiresAt;
  }
  return token as unknown as TokenSet;
}
