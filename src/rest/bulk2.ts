/**
 * Bulk API 2.0 (`sf.bulk2`): ingest jobs that stream records or CSV in, and queries that stream
 * records out page by page. The pieces live in `rest/bulk2/`.
 *
 * @module
 */
import type { ResourceContext } from './context.js';
import { IngestJob, type IngestOptions } from './bulk2/ingest-job.js';
import { Bulk2QueryStream, type Bulk2QueryOptions } from './bulk2/query-stream.js';
import type { Bulk2Record } from './bulk2/results.js';

/**
 * Bulk API 2.0, for data too large for REST calls: Salesforce processes it asynchronously in
 * its own engine.
 *
 * @example
 * ```ts
 * const job = sf.bulk2.ingest({ object: 'Contact', operation: 'insert', records: contacts });
 * const { numberRecordsFailed } = await job.done();
 * for await (const row of sf.bulk2.query('SELECT Id, Email FROM Contact')) console.log(row.Id, row.Email);
 * ```
 */
export class Bulk2Resource {
  readonly #ctx: ResourceContext;

  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  /**
   * Starts an ingest job (several, when the data exceeds `maxUploadBytes`): insert, update,
   * upsert, delete or hardDelete. Returns at once; await `done()` for the outcome, iterate
   * `successfulResults()` / `failedResults()` / `unprocessedRecords()` for the rows.
   *
   * @throws ValidationError synchronously for invalid options.
   * @example
   * ```ts
   * const job = sf.bulk2.ingest({
   *   object: 'Account', operation: 'upsert', externalIdFieldName: 'External_Id__c',
   *   csv: createReadStream('accounts.csv', 'utf8'),
   * });
   * job.on('progress', (info) => console.log(info.state, info.numberRecordsProcessed));
   * await job.done();
   * ```
   */
  ingest(options: IngestOptions): IngestJob {
    return new IngestJob(this.#ctx, options);
  }

  /**
   * A bulk SOQL query, streamed page by page. Bulk queries take plain field lists (no
   * subqueries, aggregates or `FIELDS()`).
   *
   * @example
   * ```ts
   * for await (const page of sf.bulk2.query('SELECT Id, Name FROM Account', { maxRecords: 50_000 }).pages()) {
   *   console.log(page.records.length, page.locator);
   * }
   * ```
   */
  query<R = Bulk2Record>(soql: string | { toString(): string }, options?: Bulk2QueryOptions): Bulk2QueryStream<R> {
    return new Bulk2QueryStream<R>(this.#ctx, String(soql), options);
  }
}
