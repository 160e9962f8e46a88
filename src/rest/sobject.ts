/**
 * sObject rows: create, retrieve, update, upsert by external ID, delete, and a cached describe.
 *
 * @module
 */
import { ValidationError, type ApiError } from '../core/errors.js';
import type { SalesforceRecord, SaveResult } from '../core/types.js';
import { ifModifiedSince, ifNoneMatch } from '../headers/index.js';
import { assertFieldName, assertRecordId, assertSObjectName, encodePathSegment } from '../http/path.js';
import type { ActionSpec, CallOptions } from '../http/transport.js';
import { call, callFull, dataPath, type ResourceContext } from './context.js';
import type { DescribeCache, SObjectDescribe } from './describe-cache.js';
import { getDeleted, getUpdated, type DeletedResult, type UpdatedResult } from './updated-deleted.js';
import { RECORD, SAVE_RESULT, UPSERT_RESULT } from './response-shape.js';

/** Options of {@link SObjectResource.retrieve}. */
export interface RetrieveOptions extends CallOptions {
  /** Only these fields (validated names). */
  fields?: readonly string[];
}

/**
 * Options of {@link SObjectResource.retrieveIfChanged}: the copy you hold, by `etag` (Account
 * rows carry one) and/or by the time you read it (`since`).
 *
 * @example
 * ```ts
 * const options: RetrieveIfChangedOptions = { etag: '"U5iWijwWbQD18jeiXwsqxeGpZQk=-gzip"', fields: ['Name'] };
 * ```
 */
export interface RetrieveIfChangedOptions extends RetrieveOptions {
  /** `If-None-Match`: the ETag of the copy you hold. */
  etag?: string;
  /** `If-Modified-Since`: when your copy was read (whole seconds count). */
  since?: Date | number | string;
}

/**
 * The answer to {@link SObjectResource.retrieveIfChanged}: `modified: false` when your copy is
 * current (Salesforce answered 304), else the record with its new ETag (Account rows only).
 *
 * @example
 * ```ts
 * const answer = await sf.sobject('Account').retrieveIfChanged(id, { etag });
 * if (answer.modified) etag = answer.etag;
 * ```
 */
export type ConditionalRecord<R> = { modified: false; etag?: string } | { modified: true; record: R; etag?: string };

/** A record body for create/update: fields only, no `attributes` or `Id`. */
export type RecordInput<R> = Partial<Omit<R, 'attributes' | 'Id'>> & Record<string, unknown>;

/**
 * One sObject type's rows.
 *
 * @example
 * ```ts
 * const leads = sf.sobject('Lead');
 * const { id } = await leads.create({ LastName: 'Ng', Company: 'Acme' }, { headers: autoAssign(false) });
 * const lead = await leads.retrieve(id, { fields: ['Id', 'OwnerId'] });
 * ```
 */
export class SObjectResource<R extends object = SalesforceRecord> {
  readonly type: string;
  readonly #ctx: ResourceContext;
  readonly #describeCache: DescribeCache;

  constructor(ctx: ResourceContext, type: string, describeCache: DescribeCache) {
    assertSObjectName(type);
    this.type = type;
    this.#ctx = ctx;
    this.#describeCache = describeCache;
  }

  #path(suffix = ''): string {
    return dataPath(this.#ctx, `/sobjects/${this.type}${suffix}`);
  }

  /**
   * Creates a record. Not retried after it may have reached Salesforce (that is how duplicates
   * are made): a {@link ConnectionError} then says `mayHaveBeenApplied`.
   *
   * @example
   * ```ts
   * const { id, success } = await sf.sobject('Lead').create({ LastName: 'Ng', Company: 'Acme' });
   * ```
   */
  async create(record: RecordInput<R>, options?: CallOptions): Promise<SaveResult> {
    assertRecordBody(record);
    return call<SaveResult>(this.#ctx, { operation: 'sobject.create', method: 'POST', path: this.#path('/'), body: record, expect: SAVE_RESULT }, options);
  }

  /**
   * Reads one record by ID (15 or 18 characters).
   *
   * @example
   * ```ts
   * const lead = await sf.sobject('Lead').retrieve(id, { fields: ['LastName', 'Owner.Name'] });
   * ```
   */
  async retrieve(id: string, options: RetrieveOptions = {}): Promise<R> {
    const { fields, ...callOptions } = options;
    return call<R>(this.#ctx, this.#retrieveSpec(id, fields), callOptions);
  }

  #retrieveSpec(id: string, fields: readonly string[] | undefined): ActionSpec {
    assertRecordId(id);
    const params: Record<string, string> = {};
    if (fields?.length) {
      for (const field of fields) assertFieldName(field, { relationship: true });
      params.fields = fields.join(',');
    }
    return { operation: 'sobject.retrieve', method: 'GET', path: this.#path(`/${id}`), params, expect: RECORD };
  }

  /**
   * Reads a record only if it changed since the copy you hold: sends `If-None-Match` (`etag`)
   * and/or `If-Modified-Since` (`since`), and turns Salesforce's 304 into `{ modified: false }`.
   * Without either, it is a plain read that also returns the ETag. (To make an update
   * conditional, pass `headers: ifMatch(etag)` or `ifUnmodifiedSince(date)`: a changed record
   * then fails with {@link PreconditionFailedError}.)
   *
   * @example
   * ```ts
   * const first = await sf.sobject('Account').retrieveIfChanged(id);
   * const later = await sf.sobject('Account').retrieveIfChanged(id, { etag: first.etag });
   * if (!later.modified) console.log('unchanged');
   * ```
   */
  async retrieveIfChanged(id: string, options: RetrieveIfChangedOptions = {}): Promise<ConditionalRecord<R>> {
    const { etag, since, ...retrieveOptions } = options;
    const conditions = {
      ...(etag === undefined ? {} : ifNoneMatch(etag)),
      ...(since === undefined ? {} : ifModifiedSince(since)),
    };
    const { fields, ...callOptions } = retrieveOptions;
    const spec = this.#retrieveSpec(id, fields);
    const result = await callFull(this.#ctx, spec, { ...callOptions, headers: { ...conditions, ...callOptions.headers } });
    const tag = result.headers.etag ?? (result.status === 304 ? etag : undefined);
    const withTag = tag === undefined ? {} : { etag: tag };
    return result.status === 304 ? { modified: false, ...withTag } : { modified: true, record: result.body as R, ...withTag };
  }

  /**
   * IDs of this type's records created or changed between `start` and `end` (seconds ignored,
   * at most 30 days back).
   *
   * @example
   * ```ts
   * const { ids, latestDateCovered } = await sf.sobject('Account').getUpdated(lastSync, new Date());
   * ```
   */
  getUpdated(start: Date | string, end: Date | string, options?: CallOptions): Promise<UpdatedResult> {
    return getUpdated(this.#ctx, this.type, start, end, options);
  }

  /**
   * This type's records deleted between `start` and `end` (seconds ignored).
   *
   * @example
   * ```ts
   * const { deletedRecords } = await sf.sobject('Account').getDeleted(lastSync, new Date());
   * ```
   */
  getDeleted(start: Date | string, end: Date | string, options?: CallOptions): Promise<DeletedResult> {
    return getDeleted(this.#ctx, this.type, start, end, options);
  }

  /**
   * Updates the given fields of a record.
   *
   * @example
   * ```ts
   * await sf.sobject('Lead').update(id, { Status: 'Working' });
   * ```
   */
  async update(id: string, changes: RecordInput<R>, options?: CallOptions): Promise<void> {
    assertRecordId(id);
    assertRecordBody(changes);
    await callFull(this.#ctx, { operation: 'sobject.update', method: 'PATCH', path: this.#path(`/${id}`), body: changes }, options);
  }

  /**
   * Inserts or updates by an external ID field. Idempotent, so it is retried on transient faults.
   * Several matches raise {@link MultipleChoicesError} with their URLs.
   *
   * @example
   * ```ts
   * const { id, created } = await sf.sobject('Account').upsert('External_Id__c', 'A-42', { Name: 'Acme' });
   * ```
   */
  async upsert(externalIdField: string, externalId: string, record: RecordInput<R>, options?: CallOptions): Promise<SaveResult> {
    assertFieldName(externalIdField);
    const segment = encodePathSegment(externalId);
    assertRecordBody(record);
    const result = await callFull(
      this.#ctx,
      {
        operation: 'sobject.upsert',
        method: 'PATCH',
        path: this.#path(`/${externalIdField}/${segment}`),
        body: record,
        idempotent: true,
        expect: UPSERT_RESULT,
      },
      options,
    );
    // API versions before 46.0 answer an update with 204 and no body.
    return (result.body as SaveResult | undefined) ?? { id: '', success: true, errors: [], created: false };
  }

  /**
   * Deletes a record. Retried on transient faults; if a retry finds the record already deleted
   * after an earlier attempt that may have been applied, that attempt did it: success, not an error.
   *
   * @example
   * ```ts
   * await sf.sobject('Lead').delete(id);
   * ```
   */
  async delete(id: string, options?: CallOptions): Promise<void> {
    assertRecordId(id);
    await callFull(this.#ctx, { operation: 'sobject.delete', method: 'DELETE', path: this.#path(`/${id}`), doneEarlier: isAlreadyDeleted }, options);
  }

  /**
   * The object's describe, cached per client and revalidated with `If-Modified-Since` (a 304
   * answer reuses the cache). A token refresh does not clear it.
   *
   * @example
   * ```ts
   * const { fields } = await sf.sobject('Lead').describe();
   * ```
   */
  describe(options?: CallOptions): Promise<SObjectDescribe> {
    return this.#describeCache.get(this.#path('/describe/'), `sobject.describe`, options) as Promise<SObjectDescribe>;
  }
}

/** A retried DELETE answered so: the earlier attempt, which may have been applied, deleted the record. */
function isAlreadyDeleted(error: ApiError): boolean {
  return error.errorCode === 'ENTITY_IS_DELETED';
}

function assertRecordBody(record: unknown): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new ValidationError('a record must be a plain object of field values');
  }
}
