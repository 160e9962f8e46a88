/**
 * Splitting work into chunks and running them with a concurrency cap, results kept in input order.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Checks a concurrency option (a whole number ≥ 1). */
export function assertConcurrency(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValidationError('concurrency must be a whole number of at least 1');
  return value;
}

/** `fn` over every item, at most `limit` at once; the results in input order. Rejects with the first rejection. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
