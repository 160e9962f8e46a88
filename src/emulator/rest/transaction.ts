/**
 * All-or-none work: a transaction journals every record write made through its context and can
 * undo them all — inserts are taken out as if they never happened, updates and deletes go back to
 * the record's earlier copy. Composite (`allOrNone`), sObject Tree and sObject Collections
 * (`allOrNone`) run their writes in one. Transactions nest: an inner one writes through the outer
 * one's journal, so rolling back the outer also undoes what the inner committed.
 *
 * @module
 */
import type { RestContext } from '../http/context.js';
import type { Org } from '../org.js';
import type { RecordWriter } from '../records/writer.js';
import type { StoredRecord } from '../schema.js';

const ALL_OR_NONE = Symbol('allOrNone');

/** True inside an all-or-none composite request: sObject Collections then act all-or-none too. */
export function inAllOrNoneScope(ctx: RestContext): boolean {
  return (ctx as RestContext & { [ALL_OR_NONE]?: boolean })[ALL_OR_NONE] === true;
}

/** A journal of record writes that can be rolled back. */
export class Transaction {
  private readonly undo: Array<() => void> = [];
  private readonly org: Org;

  constructor(org: Org) {
    const base = org.writer;
    const store = org.store;
    const undo = this.undo;
    const writer: RecordWriter = Object.create(base);
    writer.create = (model, input, options) => {
      const record = base.create(model, input, options);
      undo.push(() => store.remove(record));
      return record;
    };
    writer.update = (record, input, options) => {
      const before = snapshot(record);
      base.update(record, input, options);
      undo.push(() => store.restore(record, before));
    };
    writer.delete = (record, options) => {
      const before = snapshot(record);
      base.delete(record, options);
      undo.push(() => store.restore(record, before));
    };
    this.org = Object.create(org, { writer: { value: writer } });
  }

  /**
   * `ctx` with every write journaled by this transaction; with `allOrNone`, sub-requests run in
   * it see {@link inAllOrNoneScope}.
   */
  bind<C extends RestContext>(ctx: C, options: { allOrNone?: boolean } = {}): C {
    return options.allOrNone ? { ...ctx, org: this.org, [ALL_OR_NONE]: true } : { ...ctx, org: this.org };
  }

  /** Undoes every journaled write, newest first. */
  rollback(): void {
    for (let step = this.undo.pop(); step; step = this.undo.pop()) step();
  }
}

function snapshot(record: StoredRecord): StoredRecord {
  return { ...record };
}
