/**
 * A Bulk API 2.0 query as a stream: the job is created, polled until complete, then its results
 * are read page by page (`results?locator=…&maxRecords=…`), each page parsed into records. Memory
 * holds one page, never the result.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { BulkJobError, ValidationError } from '../../core/errors.js';
import { path } from '../../http/path.js';
import type { CallOptions } from '../../http/transport.js';
import { call, callFull, dataPath, type ResourceContext } from '../context.js';
import { csvFormat, type ColumnDelimiter, type LineEnding } from './csv-format.js';
import { CSV_TEXT, JOB_INFO, type QueryJobInfo, type QueryOperation } from './job-info.js';
import { pollUntilFinal, resolvePolling, type Polling, type PollingOptions } from './poll.js';
import { csvObjects, delimiterOf, queryRecord, type Bulk2Record } from './results.js';

/**
 * Options of `sf.bulk2.query()`.
 *
 * @example
 * ```ts
 * const options: Bulk2QueryOptions = { operation: 'queryAll', maxRecords: 50_000, pollIntervalMs: 2000 };
 * ```
 */
export interface Bulk2QueryOptions extends CallOptions, PollingOptions {
  /** `queryAll` includes deleted and archived records. Default `query`. */
  operation?: QueryOperation;
  /** Records per page (`maxRecords`). Default: Salesforce decides (pages can be large). */
  maxRecords?: number;
  /** Delimiter of the result files. Default `COMMA`. */
  columnDelimiter?: ColumnDelimiter;
  /** Line ending of the result files. Default `LF`. */
  lineEnding?: LineEnding;
}

/**
 * One page of results.
 *
 * @example
 * ```ts
 * for await (const page of sf.bulk2.query('SELECT Id FROM Lead').pages()) console.log(page.numberOfRecords, page.locator);
 * ```
 */
export interface Bulk2QueryPage<R> {
  jobId: string;
  records: R[];
  /** `Sforce-NumberOfRecords`: records in this page. */
  numberOfRecords: number;
  /** The locator of the next page (`Sforce-Locator`), `null` on the last. */
  locator: string | null;
}

/**
 * Events of a {@link Bulk2QueryStream}.
 *
 * @example
 * ```ts
 * stream.on('created', (info) => console.log('query job', info.id));
 * ```
 */
export interface Bulk2QueryEvents {
  /** The query job was created. */
  created: (info: QueryJobInfo) => void;
  /** The job's description, on every check. */
  progress: (info: QueryJobInfo) => void;
}

/**
 * A bulk query's records: `for await` them or walk `.pages()`. Nothing is sent until iteration
 * starts; a stream is iterated once. Values are text as Salesforce sends them (`null` for empty).
 *
 * @example
 * ```ts
 * for await (const lead of sf.bulk2.query<{ Id: string; Email: string | null }>('SELECT Id, Email FROM Lead')) {
 *   console.log(lead.Id, lead.Email);
 * }
 * ```
 */
export class Bulk2QueryStream<R = Bulk2Record> extends EventEmitter<Bulk2QueryEvents> implements AsyncIterable<R> {
  readonly soql: string;
  readonly #ctx: ResourceContext;
  readonly #options: Bulk2QueryOptions;
  readonly #call: CallOptions;
  readonly #polling: Polling;
  #job: QueryJobInfo | undefined;
  #consumed = false;

  constructor(ctx: ResourceContext, soql: string, options: Bulk2QueryOptions = {}) {
    super();
    if (typeof soql !== 'string' || soql.trim() === '') throw new ValidationError('a SOQL query must be a non-empty string');
    const operation = options.operation ?? 'query';
    if (operation !== 'query' && operation !== 'queryAll') throw new ValidationError('operation must be query or queryAll');
    if (options.maxRecords !== undefined && (!Number.isInteger(options.maxRecords) || options.maxRecords < 1)) {
      throw new ValidationError('maxRecords must be a positive integer');
    }
    csvFormat(options.columnDelimiter, options.lineEnding);
    this.soql = soql;
    this.#ctx = ctx;
    this.#options = options;
    this.#polling = resolvePolling(options);
    const { headers, hooks, signal, timeoutMs, retry } = options;
    this.#call = { headers, hooks, signal, timeoutMs, retry };
  }

  /** The query job, once created (its latest known description). */
  get job(): QueryJobInfo | undefined {
    return this.#job;
  }

  /**
   * The result pages, one request each, following `Sforce-Locator` until it is `null`.
   *
   * @throws BulkJobError when the job fails or is aborted (or `pollTimeoutMs` runs out).
   * @example
   * ```ts
   * for await (const page of sf.bulk2.query('SELECT Id FROM Account', { maxRecords: 10_000 }).pages()) {
   *   await save(page.records);
   * }
   * ```
   */
  async *pages(): AsyncGenerator<Bulk2QueryPage<R>, void, undefined> {
    if (this.#consumed) throw new ValidationError('a bulk query stream can be iterated once; call sf.bulk2.query() again');
    this.#consumed = true;
    const job = await this.#complete(await this.#create());
    const delimiter = delimiterOf(job.columnDelimiter);
    let locator: string | undefined;
    for (;;) {
      const params: Record<string, string> = {};
      if (this.#options.maxRecords !== undefined) params.maxRecords = String(this.#options.maxRecords);
      if (locator !== undefined) params.locator = locator;
      const answer = await callFull(this.#ctx, {
        operation: 'bulk2.query.results',
        method: 'GET',
        path: dataPath(this.#ctx, path`/jobs/query/${job.id}/results`),
        params,
        headers: { Accept: 'text/csv' },
        expect: CSV_TEXT,
      }, this.#call);
      const records = [...csvObjects((answer.body as string | undefined) ?? '', delimiter)].map((row) => queryRecord(row) as R);
      const next = answer.headers['sforce-locator'];
      const more = next !== undefined && next !== '' && next !== 'null';
      const counted = Number(answer.headers['sforce-numberofrecords']);
      yield { jobId: job.id, records, numberOfRecords: Number.isFinite(counted) ? counted : records.length, locator: more ? next : null };
      if (!more) return;
      locator = next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for await (const page of this.pages()) yield* page.records;
  }

  async #create(): Promise<QueryJobInfo> {
    const { operation = 'query', columnDelimiter = 'COMMA', lineEnding = 'LF' } = this.#options;
    const info = await call<QueryJobInfo>(this.#ctx, {
      operation: 'bulk2.query.create',
      method: 'POST',
      path: dataPath(this.#ctx, '/jobs/query'),
      body: { operation, query: this.soql, contentType: 'CSV', columnDelimiter, lineEnding },
      expect: JOB_INFO,
    }, this.#call);
    this.#job = info;
    this.emit('created', info);
    return info;
  }

  async #complete(created: QueryJobInfo): Promise<QueryJobInfo> {
    const [job] = await pollUntilFinal([created], (id) => this.#info(id), this.#polling, this.#call.signal, (info) => {
      this.#job = info;
      this.emit('progress', info);
    });
    const final = job as QueryJobInfo;
    if (final.state !== 'JobComplete') {
      const failed = final.state === 'Failed';
      throw new BulkJobError(`bulk query job ${final.id} ${failed ? `failed: ${final.errorMessage ?? 'Salesforce gave no reason'}` : 'was aborted'}`, {
        jobId: final.id, state: final.state, reason: failed ? 'failed' : 'aborted', ...(final.errorMessage === undefined ? {} : { errorMessage: final.errorMessage }),
      });
    }
    return final;
  }

  #info(id: string): Promise<QueryJobInfo> {
    return call<QueryJobInfo>(this.#ctx, {
      operation: 'bulk2.query.info', method: 'GET', path: dataPath(this.#ctx, path`/jobs/query/${id}`), expect: JOB_INFO,
    }, this.#call);
  }
}
