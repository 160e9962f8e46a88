/**
 * SOQL queries as streams: records are yielded page by page, so memory holds one page, not the
 * result. `toArray` is the explicit opt-in to hold everything, and it refuses (rather than
 * silently truncating) a result larger than its `max`.
 *
 * @module
 */
import { MaxRecordsExceededError, ValidationError } from '../core/errors.js';
import type { QueryResult, SalesforceRecord } from '../core/types.js';
import { queryOptions } from '../headers/index.js';
import { hasHandler, runActionEvent } from '../hooks/pipeline.js';
import type { ActionContext } from '../hooks/types.js';
import type { ActionSpec, CallOptions } from '../http/transport.js';
import { call, dataPath, type ResourceContext } from './context.js';
import { QUERY_PAGE } from './response-shape.js';

/** Options of `sf.query()`. */
export interface QueryOptions extends CallOptions {
  /** Records per page, 200..2000 (Salesforce treats it as a hint). */
  batchSize?: number;
  /** Include deleted and archived records (`queryAll`). */
  includeDeleted?: boolean;
  /**
   * Stop after this many records. The stream then reports `stopped: 'maxRecords'` and the
   * `totalSize` it did not deliver; iteration itself never truncates silently.
   */
  maxRecords?: number;
}

/**
 * A SOQL query's records: `for await` them, walk `.pages()`, or collect with `.toArray()`.
 *
 * @example
 * ```ts
 * for await (const lead of sf.query<Lead>(soql`SELECT Id, Email FROM Lead WHERE Status = ${'Open'}`)) {
 *   console.log(lead.Email);
 * }
 * ```
 */
export class QueryStream<R = SalesforceRecord> implements AsyncIterable<R> {
  readonly soql: string;
  /** Set once iteration stopped early because of `maxRecords`. */
  stopped: 'maxRecords' | undefined;
  readonly #ctx: ResourceContext;
  readonly #options: QueryOptions;
  #first: Promise<QueryResult<R>> | undefined;
  #consumed = false;

  constructor(ctx: ResourceContext, soql: string, options: QueryOptions = {}) {
    if (typeof soql !== 'string' || soql.trim() === '') throw new ValidationError('a SOQL query must be a non-empty string');
    if (options.maxRecords !== undefined && (!Number.isInteger(options.maxRecords) || options.maxRecords < 0)) {
      throw new ValidationError('maxRecords must be a non-negative integer');
    }
    this.#ctx = ctx;
    this.soql = soql;
    this.#options = options;
    if (options.batchSize !== undefined) queryOptions({ batchSize: options.batchSize });
  }

  #callOptions(): CallOptions {
    const { batchSize, includeDeleted: _i, maxRecords: _m, ...rest } = this.#options;
    return batchSize === undefined ? rest : { ...rest, headers: { ...queryOptions({ batchSize }), ...rest.headers } };
  }

  #fetch(spec: Omit<ActionSpec, 'operation' | 'method'>, actionData: Record<string, unknown>): Promise<QueryResult<R>> {
    const operation = this.#options.includeDeleted ? 'queryAll' : 'query';
    return call<QueryResult<R>>(this.#ctx, { operation, method: 'GET', actionData, expect: QUERY_PAGE, ...spec }, this.#callOptions());
  }

  #firstPage(actionData: Record<string, unknown>): Promise<QueryResult<R>> {
    this.#first ??= this.#fetch(
      { path: dataPath(this.#ctx, this.#options.includeDeleted ? '/queryAll/' : '/query/'), params: { q: this.soql } },
      actionData,
    );
    return this.#first;
  }

  #actionData: Record<string, unknown> = {};

  /**
   * The number of records the query matches (from its first page, which iteration then reuses).
   *
   * @example
   * ```ts
   * const n = await sf.query('SELECT Id FROM Lead').totalSize();
   * ```
   */
  async totalSize(): Promise<number> {
    return (await this.#firstPage(this.#actionData)).totalSize;
  }

  /**
   * The raw pages, one request each, following `nextRecordsUrl`. Hooks run on every page;
   * `afterActionPaging` runs once after the last.
   *
   * @example
   * ```ts
   * for await (const page of sf.query('SELECT Id FROM Lead').pages()) console.log(page.records.length);
   * ```
   */
  async *pages(): AsyncGenerator<QueryResult<R>, void, undefined> {
    if (this.#consumed) throw new ValidationError('a query stream can be iterated once; call sf.query() again');
    this.#consumed = true;
    const actionData = this.#actionData;
    let page = await this.#firstPage(actionData);
    let seen = 0;
    let pageCount = 0;
    for (;;) {
      pageCount++;
      const max = this.#options.maxRecords;
      if (max !== undefined && seen + page.records.length >= max && (!page.done || seen + page.records.length > max)) {
        this.stopped = 'maxRecords';
        yield { ...page, records: page.records.slice(0, max - seen), done: true };
        break;
      }
      seen += page.records.length;
      yield page;
      if (page.done || !page.nextRecordsUrl) break;
      page = await this.#fetch({ path: page.nextRecordsUrl }, actionData);
    }
    await this.#afterPaging(actionData, page.totalSize, pageCount);
  }

  async #afterPaging(actionData: Record<string, unknown>, totalSize: number, pageCount: number): Promise<void> {
    const transport = this.#ctx.transport;
    const spec: ActionSpec = { operation: 'query', method: 'GET', path: '' };
    const levels = transport.levels(spec, this.#options);
    if (!hasHandler('afterActionPaging', levels)) return;
    const ctx: ActionContext = {
      operation: this.#options.includeDeleted ? 'queryAll' : 'query',
      method: 'GET',
      endpoint: dataPath(this.#ctx, '/query/'),
      requestHeaders: {},
      requestParameters: { q: this.soql },
      request: undefined,
      mergefields: {},
      actionData,
      response: { totalSize, done: true, pageCount },
    };
    await runActionEvent('afterActionPaging', levels, ctx, transport.hookEnvironment);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    for await (const page of this.pages()) yield* page.records;
  }

  /**
   * Every record in one array. With `max`, a result larger than `max` throws
   * {@link MaxRecordsExceededError} before anything beyond the first page is fetched.
   *
   * @example
   * ```ts
   * const leads = await sf.query('SELECT Id FROM Lead').toArray({ max: 50_000 });
   * ```
   */
  async toArray(options: { max?: number } = {}): Promise<R[]> {
    const first = await this.#firstPage(this.#actionData);
    if (options.max !== undefined && first.totalSize > options.max) throw new MaxRecordsExceededError(options.max, first.totalSize);
    const out: R[] = [];
    for await (const page of this.pages()) out.push(...page.records);
    return out;
  }
}
