/**
 * sObject Tree (`POST /composite/tree/X`): up to 200 records with nested children, inserted all
 * or nothing, each named by `attributes.referenceId`.
 *
 * @module
 */
import { ApiError, ValidationError } from '../core/errors.js';
import type { SaveError } from '../core/types.js';
import { assertSObjectName } from '../http/path.js';
import type { CallOptions } from '../http/transport.js';
import { RESULTS_ANSWER } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';
import { assertReferenceId } from './subrequest.js';

/**
 * Salesforce's limit of records (nested ones included) per tree request (checked before sending).
 *
 * @example
 * ```ts
 * for (let i = 0; i < flat.length; i += MAX_TREE_RECORDS) await sf.tree('Account', flat.slice(i, i + MAX_TREE_RECORDS));
 * ```
 */
export const MAX_TREE_RECORDS = 200;
const MAX_DEPTH = 5;

/**
 * A record of an sObject tree: `attributes` with its type and a reference ID unique in the
 * request, its fields, and child relationships as `{ records: [...] }`.
 *
 * @example
 * ```ts
 * const acme: TreeRecord = {
 *   attributes: { type: 'Account', referenceId: 'acme' },
 *   Name: 'Acme',
 *   Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'ng' }, LastName: 'Ng' }] },
 * };
 * ```
 */
export interface TreeRecord {
  attributes: { type: string; referenceId: string };
  [field: string]: unknown;
}

/**
 * The answer to `sf.tree()`: every reference ID with its new ID, or (nothing saved) only the
 * records that failed, with their errors.
 *
 * @example
 * ```ts
 * const result = await sf.tree('Account', [acme]);
 * if (result.hasErrors) for (const r of result.results) console.error(r.referenceId, r.errors);
 * else console.log(result.results.map((r) => r.id));
 * ```
 */
export type TreeResult =
  | { hasErrors: false; results: Array<{ referenceId: string; id: string }> }
  | { hasErrors: true; results: Array<{ referenceId: string; errors: SaveError[] }> };

function isChildList(value: unknown): value is { records: unknown[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { records?: unknown }).records);
}

/** Checks every record (types, unique reference IDs, depth) and returns how many there are. */
function check(records: readonly unknown[], depth: number, seen: Set<string>): number {
  if (depth > MAX_DEPTH) throw new ValidationError(`an sObject tree has at most ${MAX_DEPTH} levels`);
  let count = 0;
  for (const raw of records) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError('a tree record must be a plain object');
    const record = raw as Partial<TreeRecord>;
    const attributes = record.attributes;
    if (!attributes || typeof attributes !== 'object') throw new ValidationError('every tree record needs attributes { type, referenceId }');
    assertSObjectName(attributes.type);
    assertReferenceId(attributes.referenceId);
    if (seen.has(attributes.referenceId)) throw new ValidationError(`duplicate referenceId ${attributes.referenceId}`);
    seen.add(attributes.referenceId);
    count++;
    for (const value of Object.values(record)) if (isChildList(value)) count += check(value.records, depth + 1, seen);
  }
  return count;
}

function isTreeAnswer(body: unknown): body is TreeResult {
  return typeof body === 'object' && body !== null && Array.isArray((body as { results?: unknown }).results);
}

/**
 * Sends an sObject tree; see `SalesforceClient.tree`.
 *
 * @example
 * ```ts
 * const result = await tree(ctx, 'Account', [acme], {});
 * ```
 */
export async function tree(ctx: ResourceContext, type: string, records: readonly TreeRecord[], options: CallOptions = {}): Promise<TreeResult> {
  assertSObjectName(type);
  if (!Array.isArray(records) || records.length === 0) throw new ValidationError('tree needs at least one record');
  const count = check(records, 1, new Set());
  if (count > MAX_TREE_RECORDS) throw new ValidationError(`an sObject tree takes at most ${MAX_TREE_RECORDS} records, got ${count}`);
  for (const record of records) {
    if (record.attributes.type.toLowerCase() !== type.toLowerCase()) {
      throw new ValidationError(`top-level tree records must be of type ${type}, got ${record.attributes.type}`);
    }
  }
  try {
    return await call<TreeResult>(ctx, { operation: 'tree', method: 'POST', path: dataPath(ctx, `/composite/tree/${type}/`), body: { records }, expect: RESULTS_ANSWER }, options);
  } catch (error) {
    // A tree that failed answers 400 with the failing records (nothing was saved): a result, not an exception.
    if (error instanceof ApiError && error.status === 400 && isTreeAnswer(error.body)) return error.body;
    throw error;
  }
}
