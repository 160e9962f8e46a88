/**
 * The org's records: one map per object, found from an ID's key prefix, so every lookup by ID is O(1).
 * Deleted records stay (with `IsDeleted: true`) for `queryAll` and `ENTITY_IS_DELETED`. It is also
 * the SOQL engine's data source.
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../soql/ids.js';
import type { ObjectModel, SchemaCatalog } from './catalog.js';
import type { ObjectSchema, SoqlDataSource, StoredRecord } from './schema.js';
import { ValueIndex } from './value-index.js';

const RECENT_ITEMS = 10;

/** All records of the org. */
export class RecordStore implements SoqlDataSource {
  private readonly tables = new Map<ObjectModel, Map<string, StoredRecord>>();
  private readonly indexes = new Map<ObjectModel, Map<string, ValueIndex>>();
  private readonly recentIds = new Map<ObjectModel, string[]>();

  constructor(readonly catalog: SchemaCatalog) {}

  schema(objectName: string): ObjectSchema | undefined {
    return this.catalog.get(objectName)?.schema;
  }

  records(objectName: string): Iterable<StoredRecord> {
    const model = this.catalog.get(objectName);
    return model ? this.table(model).values() : [];
  }

  /** The record with this 15- or 18-character ID, deleted or not. */
  byId(id: string): StoredRecord | undefined {
    const model = this.catalog.forPrefix(id.slice(0, 3));
    const table = model && this.tables.get(model);
    if (!table) return undefined;
    if (id.length === 18) return table.get(id) ?? table.get(id.slice(0, 15) + id.slice(15).toUpperCase());
    return isSalesforceId(id) ? table.get(toId18(id)) : undefined;
  }

  /** The model of a stored record (from its key prefix). */
  modelOf(record: StoredRecord): ObjectModel {
    const model = this.catalog.forPrefix(record.Id.slice(0, 3));
    if (!model) throw new Error(`no object for key prefix ${record.Id.slice(0, 3)}`);
    return model;
  }

  /** Adds a new record (its `Id` must be fresh). */
  insert(model: ObjectModel, record: StoredRecord): void {
    this.table(model).set(record.Id, record);
    for (const index of this.indexes.get(model)?.values() ?? []) index.add(record);
    this.touch(model, record.Id, true);
  }

  /** Applies `changes` to a stored record, keeping indexes current. */
  update(record: StoredRecord, changes: Record<string, unknown>): void {
    const model = this.modelOf(record);
    const indexes = this.indexes.get(model);
    const touched = indexes ? [...indexes.values()].filter((i) => i.field in changes) : [];
    for (const index of touched) index.remove(record);
    Object.assign(record, changes);
    for (const index of touched) index.add(record);
    this.touch(model, record.Id);
  }

  /** Moves a record to the recycle bin: it stays readable by ID and by `queryAll`. */
  delete(record: StoredRecord, changes: Record<string, unknown>): void {
    const model = this.modelOf(record);
    for (const index of this.indexes.get(model)?.values() ?? []) index.remove(record);
    Object.assign(record, changes, { IsDeleted: true });
    const recent = this.recentIds.get(model);
    if (recent?.includes(record.Id)) recent.splice(recent.indexOf(record.Id), 1);
  }

  /** Takes a record out as if it had never been inserted (a rolled-back insert); absent records are ignored. */
  remove(record: StoredRecord): void {
    const model = this.modelOf(record);
    if (!this.tables.get(model)?.delete(record.Id)) return;
    if (!record.IsDeleted) for (const index of this.indexes.get(model)?.values() ?? []) index.remove(record);
    const recent = this.recentIds.get(model);
    if (recent?.includes(record.Id)) recent.splice(recent.indexOf(record.Id), 1);
  }

  /** Puts a stored record back to an earlier copy of itself (a rolled-back update or delete). */
  restore(record: StoredRecord, snapshot: Readonly<StoredRecord>): void {
    const model = this.modelOf(record);
    const indexes = [...(this.indexes.get(model)?.values() ?? [])];
    if (!record.IsDeleted) for (const index of indexes) index.remove(record);
    for (const key of Object.keys(record)) if (!(key in snapshot)) delete record[key];
    Object.assign(record, snapshot);
    if (!record.IsDeleted) for (const index of indexes) index.add(record);
  }

  /** Live (not deleted) records of `model` whose `field` equals `value` (text ignoring case). */
  matching(model: ObjectModel, field: string, value: unknown): StoredRecord[] {
    let indexes = this.indexes.get(model);
    if (!indexes) this.indexes.set(model, (indexes = new Map()));
    let index = indexes.get(field);
    if (!index) {
      index = new ValueIndex(field);
      for (const record of this.table(model).values()) if (!record.IsDeleted) index.add(record);
      indexes.set(field, index);
    }
    const table = this.table(model);
    return [...index.lookup(value)].map((id) => table.get(id) as StoredRecord);
  }

  /** The live records of `model` most recently created or changed, newest first. */
  recent(model: ObjectModel): StoredRecord[] {
    const table = this.table(model);
    return (this.recentIds.get(model) ?? []).map((id) => table.get(id) as StoredRecord);
  }

  /** How many records the org holds, deleted ones included. */
  get size(): number {
    let size = 0;
    for (const table of this.tables.values()) size += table.size;
    return size;
  }

  private table(model: ObjectModel): Map<string, StoredRecord> {
    let table = this.tables.get(model);
    if (!table) this.tables.set(model, (table = new Map()));
    return table;
  }

  private touch(model: ObjectModel, id: string, isNew = false): void {
    let recent = this.recentIds.get(model);
    if (!recent) this.recentIds.set(model, (recent = []));
    const at = isNew ? -1 : recent.indexOf(id);
    if (at >= 0) recent.splice(at, 1);
    recent.unshift(id);
    if (recent.length > RECENT_ITEMS) recent.pop();
  }
}
