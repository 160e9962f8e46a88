/**
 * Open query locators (`01g…`): the prepared query behind a `nextRecordsUrl`, kept while it is
 * used — they expire after 15 idle minutes, as Salesforce's do — and bounded in number (the
 * least recently used goes first).
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../soql/ids.js';
import type { IdFactory } from './id-factory.js';
import type { PreparedQuery } from './soql-engine.js';

const IDLE_MS = 15 * 60 * 1000;
const MAX_OPEN = 1000;

/** An open locator. */
export interface Cursor {
  query: PreparedQuery;
  batchSize: number;
  lastUsedAt: number;
}

/** The org's open query locators. */
export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => number,
  ) {}

  /** Opens a locator over `query`; returns its ID. */
  open(query: PreparedQuery, batchSize: number): string {
    this.expire();
    while (this.cursors.size >= MAX_OPEN) this.cursors.delete(this.cursors.keys().next().value as string);
    const locator = this.ids.next('01g');
    this.cursors.set(locator, { query, batchSize, lastUsedAt: this.now() });
    return locator;
  }

  /** The live cursor of `locator` (15 or 18 characters), marked as just used. */
  get(locator: string): Cursor | undefined {
    this.expire();
    const key = isSalesforceId(locator) ? toId18(locator) : locator;
    const cursor = this.cursors.get(key);
    if (!cursor) return undefined;
    this.cursors.delete(key);
    cursor.lastUsedAt = this.now();
    this.cursors.set(key, cursor);
    return cursor;
  }

  /** Drops cursors idle for too long (oldest first, so the scan stops at the first live one). */
  private expire(): void {
    const cutoff = this.now() - IDLE_MS;
    for (const [id, cursor] of this.cursors) {
      if (cursor.lastUsedAt > cutoff) break;
      this.cursors.delete(id);
    }
  }
}
