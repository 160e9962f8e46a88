/**
 * `SalesforceClient`: wires tokens, transport, hooks and resources together.
 *
 * @module
 */
import axios, { type AxiosInstance } from 'axios';
import { EventEmitter } from 'eventemitter3';
import { ValidationError } from './core/errors.js';
import type { HeaderMap, HttpMethod, SalesforceRecord, TokenSet } from './core/types.js';
import type { TokenSource } from './auth/token-manager.js';
import { assertSafeHeaders, parseLimitInfo, type LimitInfo } from './headers/index.js';
import { runActionCondition } from './hooks/pipeline.js';
import type { ActionContext, Hooks } from './hooks/types.js';
import { assertApiVersion } from './http/path.js';
import { resolveRetryOptions, type RetryOptions } from './http/retry.js';
import { Transport, type ActionResult, type CallOptions } from './http/transport.js';
import { ApexResource } from './rest/apex.js';
import { batch, type BatchOptions, type BatchResponse, type BatchSubrequest } from './rest/batch.js';
import { Bulk2Resource } from './rest/bulk2.js';
import { CollectionsResource } from './rest/collections.js';
import { composite, type CompositeOptions, type CompositeResponses } from './rest/composite.js';
import { call, dataPath, type ResourceContext } from './rest/context.js';
import { DescribeCache, type DescribeGlobalResult } from './rest/describe-cache.js';
import { QueryStream, type QueryOptions } from './rest/query.js';
import { childRecords, type ChildRecords } from './rest/query-extras.js';
import { parameterizedSearch, search, type ParameterizedSearch, type SearchResult } from './rest/search.js';
import { SObjectResource } from './rest/sobject.js';
import type { CompositeSubrequest } from './rest/subrequest.js';
import { tree, type TreeRecord, type TreeResult } from './rest/tree.js';

/** `value` if it is a number within [min, max] (an integer when asked), `fallback` when absent. */
function inRange(value: number | undefined, name: string, fallback: number, min: number, max: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    throw new ValidationError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

/** Options of {@link SalesforceClient}. Give `tokens` (refreshing) or `token` (static). */
export interface SalesforceClientOptions {
  /** A token manager (refreshes on expiry and on 401). */
  tokens?: TokenSource;
  /** A fixed token: no refresh, a 401 is final. */
  token?: TokenSet;
  /** REST API version. Default `62.0`. */
  apiVersion?: string;
  /** Headers sent with every request (e.g. `autoAssign(false)`). */
  headers?: HeaderMap;
  /** Client-level (connector-level) hooks. */
  hooks?: Hooks | Hooks[];
  /** Retry policy; `false` turns retries off. */
  retry?: Partial<RetryOptions> | false;
  /** Time limit of one request, body included. Default 120 s. */
  timeoutMs?: number;
  /** The axios instance to send with. */
  httpClient?: AxiosInstance;
  /** Requests in flight at once (bounds sockets). Default 64. */
  maxConcurrentRequests?: number;
  /** Emit `apiUsageThreshold` when `Sforce-Limit-Info` usage crosses this ratio (0..1). Default 0.8. */
  apiUsageWarningRatio?: number;
}

/** Events of {@link SalesforceClient}. */
export interface SalesforceClientEvents {
  /** Every parsed `Sforce-Limit-Info` header. */
  limitInfo: (info: LimitInfo) => void;
  /** API usage crossed `apiUsageWarningRatio` (emitted when it goes from below to at-or-above). */
  apiUsageThreshold: (info: LimitInfo) => void;
}

/** A raw request through the client (`sf.request`). */
export interface RawRequest {
  method?: HttpMethod;
  /** Path on the instance (`/services/data/v62.0/…`) or an absolute URL on it. */
  url: string;
  params?: Record<string, string>;
  data?: unknown;
  headers?: HeaderMap;
}

/** A REST API version as `/services/data/` lists it. */
export interface ApiVersion {
  label: string;
  url: string;
  version: string;
}

/** One entry of `/limits/`. */
export interface LimitEntry {
  Max: number;
  Remaining: number;
  [key: string]: unknown;
}

/**
 * What an sObject map must be: object names to record types (an interface, as `forcelink types`
 * writes it, fits).
 *
 * @example
 * ```ts
 * interface MyOrg { Lead: { Id: string; Email?: string | null } }
 * const sf = new SalesforceClient<MyOrg>({ tokens }); // MyOrg satisfies SObjectMapConstraint<MyOrg>
 * ```
 */
export type SObjectMapConstraint<M> = { [K in keyof M]: object };

/**
 * The Salesforce REST client. Give it an sObject map (as `forcelink types` generates) to type
 * `sf.sobject('Lead')` by name; without one, records are `SalesforceRecord`s.
 *
 * @example
 * ```ts
 * const sf = new SalesforceClient({ tokens });
 * const { id } = await sf.sobject('Lead').create({ LastName: 'Ng', Company: 'Acme' }, { headers: autoAssign(false) });
 * for await (const lead of sf.query('SELECT Id, Name FROM Lead')) console.log(lead.Name);
 *
 * // with generated types: import type { SObjectMap } from './salesforce.js';
 * const typed = new SalesforceClient<SObjectMap>({ tokens });
 * const lead = await typed.sobject('Lead').retrieve(id); // a Lead
 * ```
 */
export class SalesforceClient<M extends SObjectMapConstraint<M> = Record<never, never>> extends EventEmitter<SalesforceClientEvents> {
  readonly apiVersion: string;
  /**
   * sObject Collections for any number of records, in chunks of 200 sent concurrently (see
   * {@link CollectionsResource} for how `allOrNone` works across chunks).
   */
  readonly collections: CollectionsResource;
  /** Apex REST: `sf.apex.get|post|put|patch|delete(path, body?, options?)` on `/services/apexrest/…`. */
  readonly apex: ApexResource;
  /**
   * Bulk API 2.0: `sf.bulk2.ingest({ object, operation, records | csv })` and
   * `sf.bulk2.query(soql)` (see {@link Bulk2Resource}).
   */
  readonly bulk2: Bulk2Resource;
  readonly #tokens: TokenSource;
  readonly #hooks: Hooks[];
  readonly #ctx: ResourceContext;
  readonly #describeCache: DescribeCache;
  readonly #warningRatio: number;
  #limitInfo: LimitInfo | undefined;

  constructor(options: SalesforceClientOptions) {
    super();
    if (!options.tokens && !options.token) throw new ValidationError('SalesforceClient needs `tokens` (a TokenManager) or a static `token`');
    const fixed = options.token;
    this.#tokens = options.tokens ?? { getToken: async () => fixed as TokenSet };
    this.apiVersion = assertApiVersion(options.apiVersion ?? '62.0');
    this.#hooks = options.hooks === undefined ? [] : Array.isArray(options.hooks) ? [...options.hooks] : [options.hooks];
    this.#warningRatio = inRange(options.apiUsageWarningRatio, 'apiUsageWarningRatio', 0.8, 0, 1);
    const headers = { ...options.headers };
    assertSafeHeaders(headers);
    const transport = new Transport({
      http: options.httpClient ?? axios.create(),
      tokens: this.#tokens,
      hooks: this.#hooks,
      headers,
      retry: resolveRetryOptions(options.retry),
      timeoutMs: inRange(options.timeoutMs, 'timeoutMs', 120_000, 1, 2_147_483_647),
      maxConcurrentRequests: inRange(options.maxConcurrentRequests, 'maxConcurrentRequests', 64, 1, 10_000, true),
      onResponseHeaders: (h) => this.#onHeaders(h),
    });
    this.#ctx = { transport, apiVersion: this.apiVersion };
    this.#describeCache = new DescribeCache(this.#ctx);
    this.collections = new CollectionsResource(this.#ctx);
    this.apex = new ApexResource(this.#ctx);
    this.bulk2 = new Bulk2Resource(this.#ctx);
  }

  /** The last parsed `Sforce-Limit-Info` (API usage against the org's limit). */
  get limitInfo(): LimitInfo | undefined {
    return this.#limitInfo;
  }

  #onHeaders(headers: Record<string, string>): void {
    const raw = headers['sforce-limit-info'];
    if (!raw) return;
    const previous = this.#limitInfo?.apiUsage;
    const info = parseLimitInfo(raw);
    this.#limitInfo = info;
    this.emit('limitInfo', info);
    const usage = info.apiUsage;
    if (usage && usage.max > 0) {
      const wasBelow = !previous || previous.used / previous.max < this.#warningRatio;
      if (wasBelow && usage.used / usage.max >= this.#warningRatio) this.emit('apiUsageThreshold', info);
    }
  }

  /**
   * Attaches client-level hooks (a `Hooks` object or a compiled `CyclrScript`).
   *
   * @example
   * ```ts
   * sf.use({ beforeAction(ctx) { ctx.requestHeaders['Sforce-Auto-Assign'] = 'FALSE'; } });
   * ```
   */
  use(hooks: Hooks): this {
    this.#hooks.push(hooks);
    return this;
  }

  /**
   * One sObject type's rows. With an sObject map (`SalesforceClient<SObjectMap>`) the record type
   * follows the name; otherwise give it as a type argument.
   *
   * @example
   * ```ts
   * await sf.sobject('Lead').update(id, { Status: 'Working' });
   * const lead = await sf.sobject<{ Id: string; Email: string | null }>('Lead').retrieve(id);
   * ```
   */
  sobject<K extends keyof M & string>(type: K): SObjectResource<M[K]>;
  sobject<R extends object = SalesforceRecord>(type: string): SObjectResource<R>;
  sobject(type: string): SObjectResource<object> {
    return new SObjectResource(this.#ctx, type, this.#describeCache);
  }

  /**
   * Streams a SOQL query's records page by page.
   *
   * @example
   * ```ts
   * const open = await sf.query('SELECT Id FROM Case WHERE IsClosed = false').toArray({ max: 10_000 });
   * ```
   */
  query<R = SalesforceRecord>(soql: string | { toString(): string }, options?: QueryOptions): QueryStream<R> {
    return new QueryStream<R>(this.#ctx, String(soql), options);
  }

  /**
   * Like {@link SalesforceClient.query}, including deleted and archived records.
   *
   * @example
   * ```ts
   * for await (const row of sf.queryAll('SELECT Id, IsDeleted FROM Lead')) console.log(row.IsDeleted);
   * ```
   */
  queryAll<R = SalesforceRecord>(soql: string | { toString(): string }, options?: QueryOptions): QueryStream<R> {
    return new QueryStream<R>(this.#ctx, String(soql), { ...options, includeDeleted: true });
  }

  /**
   * Every child record of a child-relationship subquery value, following its `nextRecordsUrl`
   * when Salesforce paged it.
   *
   * @example
   * ```ts
   * for await (const account of sf.query<{ Contacts: ChildRecords<{ LastName: string }> }>(
   *   'SELECT Id, (SELECT LastName FROM Contacts) FROM Account')) {
   *   for await (const contact of sf.childRecords(account.Contacts)) console.log(contact.LastName);
   * }
   * ```
   */
  childRecords<R>(subquery: ChildRecords<R> | undefined, options?: CallOptions): AsyncGenerator<R, void, undefined> {
    return childRecords(this.#ctx, subquery, options);
  }

  /**
   * A SOSL search (`FIND {…} IN … FIELDS RETURNING …`). Build it with the `sosl` tag so that
   * user input cannot change the search.
   *
   * @example
   * ```ts
   * const { searchRecords } = await sf.search(sosl`FIND {${term}} IN NAME FIELDS RETURNING Account(Id, Name)`);
   * ```
   */
  search<R = SalesforceRecord>(sosl: string | { toString(): string }, options?: CallOptions): Promise<SearchResult<R>> {
    return search<R>(this.#ctx, sosl, options);
  }

  /**
   * A search without SOSL (`POST /parameterizedSearch`): search text, scope, objects and fields.
   *
   * @example
   * ```ts
   * const { searchRecords } = await sf.parameterizedSearch({ q: sosl.escape(term), sobjects: [{ name: 'Contact', fields: ['Name', 'Email'] }] });
   * ```
   */
  parameterizedSearch<R = SalesforceRecord>(params: ParameterizedSearch, options?: CallOptions): Promise<SearchResult<R>> {
    return parameterizedSearch<R>(this.#ctx, params, options);
  }

  /**
   * Composite: up to 25 sub-requests (checked before sending) in one call, later ones using
   * earlier answers through `ref('referenceId', 'path')`. Answers come back in order, typed per
   * sub-request when built with `subrequest.*`. With `allOrNone` they all succeed or all roll back
   * (the others then answer `PROCESSING_HALTED`). Retried only when every sub-request is a GET.
   *
   * @example
   * ```ts
   * const [acct, person] = await sf.composite([
   *   subrequest.create('acct', 'Account', { Name: 'Acme' }),
   *   subrequest.create('person', 'Contact', { LastName: 'Ng', AccountId: ref('acct', 'id') }),
   * ], { allOrNone: true });
   * if (!person.ok) console.error(person.body[0]?.errorCode);
   * ```
   */
  composite<const T extends readonly CompositeSubrequest<unknown>[]>(subrequests: T, options?: CompositeOptions): Promise<CompositeResponses<T>> {
    return composite(this.#ctx, subrequests, options);
  }

  /**
   * Composite batch: up to 25 independent sub-requests in one round trip, each in its own
   * transaction. With `haltOnError` the ones after a failure answer `412 BATCH_PROCESSING_HALTED`.
   *
   * @example
   * ```ts
   * const { hasErrors, results } = await sf.batch([
   *   { method: 'GET', url: '/limits/' },
   *   subrequest.query('leads', 'SELECT Id FROM Lead LIMIT 5'),
   * ], { haltOnError: true });
   * ```
   */
  batch<const T extends readonly BatchSubrequest<unknown>[]>(requests: T, options?: BatchOptions): Promise<BatchResponse<T>> {
    return batch(this.#ctx, requests, options);
  }

  /**
   * sObject Tree: up to 200 records of `type` with nested children, inserted all or nothing.
   * A failed tree is a result (`hasErrors: true`, only the failing reference IDs), not a throw.
   *
   * @example
   * ```ts
   * const result = await sf.tree('Account', [{
   *   attributes: { type: 'Account', referenceId: 'acme' }, Name: 'Acme',
   *   Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'ng' }, LastName: 'Ng' }] },
   * }]);
   * ```
   */
  tree(type: string, records: readonly TreeRecord[], options?: CallOptions): Promise<TreeResult> {
    return tree(this.#ctx, type, records, options);
  }

  /**
   * Any REST request, through hooks, auth and retries. Returns the parsed body.
   *
   * @example
   * ```ts
   * const limits = await sf.request({ url: '/services/data/v62.0/limits/' });
   * ```
   */
  async request<T = unknown>(request: RawRequest, options?: CallOptions): Promise<T> {
    return (await this.requestFull(request, options)).body as T;
  }

  /**
   * Like {@link SalesforceClient.request}, with status and headers.
   *
   * @example
   * ```ts
   * const { status, headers } = await sf.requestFull({ method: 'HEAD', url: `/services/data/v62.0/sobjects/Account/${id}` });
   * ```
   */
  requestFull(request: RawRequest, options?: CallOptions): Promise<ActionResult> {
    if (!request || typeof request.url !== 'string' || request.url === '') throw new ValidationError('request needs a url');
    return this.#ctx.transport.execute(
      {
        operation: 'request',
        method: request.method ?? 'GET',
        path: request.url,
        params: request.params,
        body: request.data,
        headers: request.headers,
      },
      options ?? {},
    );
  }

  /**
   * Evaluates Cyclr's `action_condition` hooks for an action context (true when all agree).
   *
   * @example
   * ```ts
   * const route = await sf.condition({ response: lead });
   * ```
   */
  condition(context: Partial<ActionContext>, options: CallOptions = {}): Promise<boolean> {
    const transport = this.#ctx.transport;
    const ctx: ActionContext = {
      operation: 'condition',
      method: 'GET',
      endpoint: '',
      requestHeaders: {},
      requestParameters: {},
      request: undefined,
      mergefields: {},
      actionData: {},
      ...context,
    };
    return runActionCondition(transport.levels({ operation: 'condition', method: 'GET', path: '' }, options), ctx, transport.hookEnvironment);
  }

  /**
   * Every sObject type of the org (cached, revalidated with `If-Modified-Since`).
   *
   * @example
   * ```ts
   * const names = (await sf.describeGlobal()).sobjects.map((s) => s.name);
   * ```
   */
  describeGlobal(options?: CallOptions): Promise<DescribeGlobalResult> {
    return this.#describeCache.get(dataPath(this.#ctx, '/sobjects/'), 'describeGlobal', options) as Promise<DescribeGlobalResult>;
  }

  /**
   * The org's limits (`DailyApiRequests`, …).
   *
   * @example
   * ```ts
   * const { DailyApiRequests } = await sf.limits();
   * ```
   */
  limits(options?: CallOptions): Promise<Record<string, LimitEntry>> {
    return call(this.#ctx, { operation: 'limits', method: 'GET', path: dataPath(this.#ctx, '/limits/') }, options);
  }

  /**
   * The REST API versions the org serves.
   *
   * @example
   * ```ts
   * const latest = (await sf.versions()).at(-1)?.version;
   * ```
   */
  versions(options?: CallOptions): Promise<ApiVersion[]> {
    return call(this.#ctx, { operation: 'versions', method: 'GET', path: '/services/data/' }, options);
  }

  /**
   * The identity of the token's user (the token's `id` URL).
   *
   * @example
   * ```ts
   * const { username } = await sf.identity();
   * ```
   */
  async identity(options?: CallOptions): Promise<Record<string, unknown>> {
    const token = await this.#tokens.getToken();
    if (!token.id) throw new ValidationError('the token has no identity URL (id)');
    return call(this.#ctx, { operation: 'identity', method: 'GET', path: token.id }, options);
  }
}
