/**
 * ORDER BY: sort keys are computed once per row up front, then an index array is sorted, so a
 * million rows sort without re-reading (or re-folding) a value per comparison.
 *
 * @module
 */
import type { Key } from './values.js';

/** One ORDER BY item, compiled. */
export interface SortSpec<Row> {
  key(row: Row): Key | null;
  descending: boolean;
  nullsFirst: boolean;
}

/**
 * `rows` in ORDER BY order; ties keep their original order.
 *
 * @example
 * ```ts
 * sortRows(records, [{ key: (r) => r.Name, descending: false, nullsFirst: true }]);
 * ```
 */
export function sortRows<Row>(rows: readonly Row[], specs: readonly SortSpec<Row>[]): Row[] {
  if (specs.length === 0 || rows.length < 2) return rows.slice();
  const keys = specs.map((spec) => rows.map((row) => spec.key(row)));
  const order = specs.map((s) => (s.descending ? -1 : 1));
  const nullsFirst = specs.map((s) => s.nullsFirst);
  const indices = Array.from({ length: rows.length }, (_, i) => i);
  indices.sort((i, j) => {
    for (let s = 0; s < keys.length; s++) {
      const column = keys[s] as (Key | null)[];
      const a = column[i] as Key | null;
      const b = column[j] as Key | null;
      if (a === b) continue;
      if (a === null) return nullsFirst[s] ? -1 : 1;
      if (b === null) return nullsFirst[s] ? 1 : -1;
      return a < b ? -(order[s] as number) : (order[s] as number);
    }
    return i - j;
  });
  return indices.map((i) => rows[i] as Row);
}
