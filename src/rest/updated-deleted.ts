/**
 * Replication: the IDs of records of one type changed (`/sobjects/X/updated/`) or deleted
 * (`/sobjects/X/deleted/`) in a time window. Salesforce ignores the seconds of both ends and
 * looks back at most 30 days.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { CallOptions } from '../http/transport.js';
import { DELETED_ANSWER, UPDATED_ANSWER } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';

/**
 * The answer to `getUpdated`.
 *
 * @example
 * ```ts
 * const { ids, latestDateCovered } = await sf.sobject('Account').getUpdated(since, new Date());
 * ```
 */
export interface UpdatedResult {
  ids: string[];
  /** Up to when the answer is complete (resume from here). */
  latestDateCovered: string;
}

/**
 * The answer to `getDeleted`.
 *
 * @example
 * ```ts
 * const { deletedRecords } = await sf.sobject('Account').getDeleted(since, new Date());
 * ```
 */
export interface DeletedResult {
  deletedRecords: Array<{ id: string; deletedDate: string }>;
  /** The oldest point Salesforce can still answer for. */
  earliestDateAvailable: string;
  latestDateCovered: string;
}

function isoDate(value: Date | string, name: string): string {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`${name} must be a Date or an ISO 8601 date-time`);
  return date.toISOString();
}

/** `start` and `end` as ISO strings, `start` at least a minute before `end` (seconds are ignored). */
function window(start: Date | string, end: Date | string): { start: string; end: string } {
  const from = isoDate(start, 'start');
  const to = isoDate(end, 'end');
  const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
  if (minute(to) <= minute(from)) throw new ValidationError('end must be at least one whole minute after start (seconds are ignored)');
  return { start: from, end: to };
}

/**
 * Records of `type` created or changed between `start` and `end`.
 *
 * @example
 * ```ts
 * const { ids } = await getUpdated(ctx, 'Account', new Date(Date.now() - 3600_000), new Date(), {});
 * ```
 */
export async function getUpdated(ctx: ResourceContext, type: string, start: Date | string, end: Date | string, options: CallOptions = {}): Promise<UpdatedResult> {
  return call<UpdatedResult>(
    ctx,
    { operation: 'sobject.getUpdated', method: 'GET', path: dataPath(ctx, `/sobjects/${type}/updated/`), params: window(start, end), expect: UPDATED_ANSWER },
    options,
  );
}

/**
 * Records of `type` deleted between `start` and `end`.
 *
 * @example
 * ```ts
 * const { deletedRecords } = await getDeleted(ctx, 'Account', since, new Date(), {});
 * ```
 */
export async function getDeleted(ctx: ResourceContext, type: string, start: Date | string, end: Date | string, options: CallOptions = {}): Promise<DeletedResult> {
  return call<DeletedResult>(
    ctx,
    { operation: 'sobject.getDeleted', method: 'GET', path: dataPath(ctx, `/sobjects/${type}/deleted/`), params: window(start, end), expect: DELETED_ANSWER },
    options,
  );
}
