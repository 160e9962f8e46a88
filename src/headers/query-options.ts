import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { singleHeader } from './safe.js';

/**
 * `Sforce-Query-Options`: the page size Salesforce should use for a query (an integer from 200 to
 * 2,000; the default is 2,000). Salesforce treats it as a hint and may return other page sizes.
 *
 * @throws ValidationError when `batchSize` is not an integer in 200..2000.
 * @example
 * ```ts
 * for await (const lead of sf.query(q, { headers: queryOptions({ batchSize: 500 }) })) { … }
 * queryOptions({ batchSize: 500 }); // { 'Sforce-Query-Options': 'batchSize=500' }
 * ```
 */
export function queryOptions(options: { batchSize: number }): HeaderMap {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 200 || batchSize > 2000) {
    throw new ValidationError(`queryOptions: batchSize must be an integer from 200 to 2000, got ${String(batchSize)}`);
  }
  return singleHeader('Sforce-Query-Options', `batchSize=${batchSize}`);
}
