/**
 * An index from one field's values to the IDs of the records holding them, for upsert and
 * retrieve by external ID. Text matches ignore case, as Salesforce's external IDs do by default.
 *
 * @module
 */
import type { StoredRecord } from './schema.js';

/** The lookup key of a field value, or undefined for blank values (never matched). */
export function indexKey(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value.toLowerCase() : String(value);
}

/** Value → record IDs, for one field of one object. */
export class ValueIndex {
  private readonly ids = new Map<string, Set<string>>();

  constructor(readonly field: string) {}

  add(record: StoredRecord): void {
    const key = indexKey(record[this.field]);
    if (key === undefined) return;
    let set = this.ids.get(key);
    if (!set) this.ids.set(key, (set = new Set()));
    set.add(record.Id);
  }

  remove(record: StoredRecord): void {
    const key = indexKey(record[this.field]);
    if (key === undefined) return;
    const set = this.ids.get(key);
    set?.delete(record.Id);
    if (set?.size === 0) this.ids.delete(key);
  }

  /** IDs of the records whose field equals `value`. */
  lookup(value: unknown): ReadonlySet<string> {
    const key = indexKey(value);
    return (key === undefined ? undefined : this.ids.get(key)) ?? new Set();
  }
}
