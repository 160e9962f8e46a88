/**
 * The write path of every record: field checks and conversion, defaults, audit fields, derived
 * fields, auto-numbers, assignment rules, required fields — then the store. REST routes and any
 * internal loader go through here, so every record obeys the same rules.
 *
 * @module
 */
import type { ObjectModel, SchemaCatalog } from '../catalog.js';
import { formatDateTime } from '../dates.js';
import { restError } from '../http/errors.js';
import type { IdFactory } from '../id-factory.js';
import type { StoredRecord } from '../schema.js';
import type { RecordStore } from '../store.js';
import type { AssignmentRules } from './assignment.js';
import { derivedFields } from './derived.js';
import { toStoredValue } from './field-values.js';

/** Who writes and how. */
export interface WriteOptions {
  /** The running user: `CreatedById`, `LastModifiedById` and the default `OwnerId`. */
  userId: string;
  /** The `Sforce-Auto-Assign` header value (absent means TRUE). */
  autoAssign?: string | undefined;
  /** Internal loads (users, queues): skips the object-level create/update/delete permission. */
  trusted?: boolean;
}

/** What the writer works with. */
export interface WriterDeps {
  catalog: SchemaCatalog;
  store: RecordStore;
  ids: IdFactory;
  assignment: AssignmentRules;
  now: () => number;
}

/** Creates, updates and deletes records. */
export class RecordWriter {
  private readonly autoNumbers = new Map<ObjectModel, number>();
  private lastStamp = { ms: NaN, text: '' };

  constructor(private readonly deps: WriterDeps) {}

  /** Inserts a record built from `input` (a JSON object of field → value). */
  create(model: ObjectModel, input: Record<string, unknown>, options: WriteOptions): StoredRecord {
    if (!model.schema.createable && !options.trusted) throw operationRefused('inserted', model);
    const fields = this.convert(model, input, 'create');
    const now = this.timestamp();
    const record: StoredRecord = { Id: this.deps.ids.next(model.keyPrefix), IsDeleted: false };
    for (const [name, value] of model.defaults) record[name] = value;
    if (model.field('OwnerId')) record.OwnerId = options.userId;
    Object.assign(record, fields, {
      CreatedDate: now, CreatedById: options.userId, LastModifiedDate: now, LastModifiedById: options.userId, SystemModstamp: now,
    });
    if (model.autoNumberField) record[model.autoNumberField] = this.nextAutoNumber(model);
    Object.assign(record, derivedFields(model, record, now));
    this.assign(model, record, options);
    const missing = model.requiredFields.filter((f) => record[f.name] === undefined || record[f.name] === null);
    if (missing.length > 0) throw requiredMissing(missing.map((f) => f.name));
    this.deps.store.insert(model, record);
    return record;
  }

  /** Applies `input` to a live record. */
  update(record: StoredRecord, input: Record<string, unknown>, options: WriteOptions): void {
    const model = this.deps.store.modelOf(record);
    if (!model.schema.updateable && !options.trusted) throw operationRefused('updated', model);
    const changes = this.convert(model, input, 'update');
    const cleared = model.requiredFields.filter((f) => f.name in changes && changes[f.name] === null);
    if (cleared.length > 0) throw requiredMissing(cleared.map((f) => f.name));
    const now = this.timestamp();
    Object.assign(changes, { LastModifiedDate: now, LastModifiedById: options.userId, SystemModstamp: now });
    Object.assign(changes, derivedFields(model, { ...record, ...changes }, now));
    this.assign(model, changes, options);
    this.deps.store.update(record, changes);
  }

  /** Moves a live record to the recycle bin. */
  delete(record: StoredRecord, options: WriteOptions): void {
    const model = this.deps.store.modelOf(record);
    if (!model.schema.deletable && !options.trusted) throw operationRefused('deleted', model);
    const now = this.timestamp();
    this.deps.store.delete(record, { LastModifiedDate: now, LastModifiedById: options.userId, SystemModstamp: now });
  }

  /** Checks and converts every field of `input` to its stored form. */
  private convert(model: ObjectModel, input: Record<string, unknown>, mode: 'create' | 'update'): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const readOnly: string[] = [];
    for (const [key, value] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const f = model.field(key);
      if (!f) throw restError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${model.name}`);
      if (f.name === 'Id' && mode === 'update') continue;
      if (!(mode === 'create' ? f.createable : f.updateable)) {
        readOnly.push(f.name);
        continue;
      }
      out[f.name] = toStoredValue(f, value, this.deps.store);
    }
    if (readOnly.length > 0) {
      throw restError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${readOnly.join(', ')}. ` +
        'Please check the security settings of this field and verify that it is read/write for your profile or permission set.', readOnly);
    }
    return out;
  }

  private assign(model: ObjectModel, target: Record<string, unknown>, options: WriteOptions): void {
    const owner = this.deps.assignment.ownerFor(model.name, options.autoAssign);
    if (owner !== undefined) target.OwnerId = owner;
  }

  /** Now as a datetime string (bulk loads write many records in the same millisecond). */
  private timestamp(): string {
    const ms = this.deps.now();
    if (ms !== this.lastStamp.ms) this.lastStamp = { ms, text: formatDateTime(ms) };
    return this.lastStamp.text;
  }

  private nextAutoNumber(model: ObjectModel): string {
    const n = (this.autoNumbers.get(model) ?? 1000) + 1;
    this.autoNumbers.set(model, n);
    return String(n).padStart(8, '0');
  }
}

function requiredMissing(fields: string[]) {
  return restError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${fields.join(', ')}]`, fields);
}

function operationRefused(verb: string, model: ObjectModel) {
  return restError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type cannot be ${verb}: ${model.name}`);
}
