/**
 * sObject Collections (`/composite/sobjects`) for any number of records: split into chunks of 200
 * (retrieve: 2,000 IDs), sent with a concurrency cap, results in input order.
 *
 * @module
 */
import { ForcelinkError, ValidationError, type ApiError } from '../core/errors.js';
import type { SalesforceRecord, SaveError } from '../core/types.js';
import { assertFieldName, assertRecordId, assertSObjectName } from '../http/path.js';
import type { CallOptions } from '../http/transport.js';
import { assertConcurrency, chunk, mapLimit } from './chunks.js';
import { arrayOf } from './answer-shapes.js';
import { call, dataPath, type ResourceContext } from './context.js';
import type { RecordInput } from './sobject.js';

/**
 * Records per create, update, upsert or delete request (Salesforce's limit): the size of the
 * chunks `sf.collections` sends, and of each all-or-none unit.
 *
 * @example
 * ```ts
 * const requests = Math.ceil(records.length / COLLECTION_CHUNK_SIZE);
 * ```
 */
export const COLLECTION_CHUNK_SIZE = 200;
/**
 * IDs per retrieve request (Salesforce's limit for a retrieve with a body).
 *
 * @example
 * ```ts
 * const requests = Math.ceil(ids.length / RETRIEVE_CHUNK_SIZE);
 * ```
 */
export const RETRIEVE_CHUNK_SIZE = 2000;
/** Retrieves of at most this many IDs use `GET` (its URL stays far below the 16 KB limit). */
const RETRIEVE_BY_GET = 200;
const DEFAULT_CONCURRENCY = 4;

/**
 * Options of the collections operations.
 *
 * @example
 * ```ts
 * await sf.collections.create('Lead', leads, { allOrNone: true, concurrency: 2 });
 * ```
 */
export interface CollectionOptions extends CallOptions {
  /**
   * Roll back a chunk's records when one of them fails (their results then carry
   * `ALL_OR_NONE_OPERATION_ROLLED_BACK`). Per chunk of 200 only: see the caveat on
   * {@link CollectionsResource}.
   */
  allOrNone?: boolean;
  /** Chunk requests in flight at once. Default 4. */
  concurrency?: number;
}

/**
 * Options of {@link CollectionsResource.retrieve}.
 *
 * @example
 * ```ts
 * const options: CollectionRetrieveOptions = { concurrency: 2 };
 * ```
 */
export interface CollectionRetrieveOptions extends CallOptions {
  /** Chunk requests in flight at once. Default 4. */
  concurrency?: number;
}

/**
 * One record's result. A failed create has no `id`. When a whole chunk request failed (an HTTP
 * error or a lost connection) each of its records reports that failure, with the error as
 * `chunkError` — nothing in that chunk is known to be saved, and a `ConnectionError` whose
 * `mayHaveBeenApplied` is true means it may have been.
 *
 * @example
 * ```ts
 * for (const r of results) if (!r.success) console.error(r.errors[0]?.statusCode, r.errors[0]?.message);
 * ```
 */
export type CollectionSaveResult =
  | { id: string; success: true; errors: SaveError[]; created?: boolean }
  | { id?: string; success: false; errors: SaveError[]; created?: boolean; chunkError?: ForcelinkError };

/**
 * A record of a mixed-type create or update: `attributes.type` names its object.
 *
 * @example
 * ```ts
 * const records: TypedRecord[] = [{ attributes: { type: 'Account' }, Name: 'Acme' }, { attributes: { type: 'Contact' }, LastName: 'Ng' }];
 * ```
 */
export type TypedRecord = SalesforceRecord & { attributes: { type: string } };

function options<O extends { concurrency?: number }>(given: O | undefined): { concurrency: number; rest: Omit<O, 'concurrency'> } {
  const { concurrency = DEFAULT_CONCURRENCY, ...rest } = given ?? ({} as O);
  return { concurrency: assertConcurrency(concurrency), rest };
}

function plainRecords(records: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(records)) throw new ValidationError('records must be an array');
  for (const record of records) {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new ValidationError('a record must be a plain object of field values');
  }
  return records as Array<Record<string, unknown>>;
}

/** Records with `attributes.type` set from `type` (or checked, for mixed-type calls). */
function typed(type: string | undefined, records: Array<Record<string, unknown>>): TypedRecord[] {
  return records.map((record) => {
    const given = (record.attributes as { type?: unknown } | undefined)?.type;
    if (type !== undefined) return { ...record, attributes: { ...(record.attributes as object), type: typeof given === 'string' ? given : type } };
    if (typeof given !== 'string') throw new ValidationError('each record needs attributes.type (or pass the type as the first argument)');
    assertSObjectName(given);
    return record as TypedRecord;
  });
}

/** What a failed chunk request means for each of its records. */
function chunkFailure(error: unknown, count: number, ids?: readonly (string | undefined)[]): CollectionSaveResult[] {
  if (!ForcelinkError.is(error)) throw error;
  const statusCode = (error as Partial<ApiError>).errorCode ?? error.code;
  return Array.from({ length: count }, (_, i) => {
    const id = ids?.[i];
    return {
      ...(id === undefined ? {} : { id }),
      success: false as const,
      errors: [{ statusCode, message: error.message, fields: [] }],
      chunkError: error,
    };
  });
}

/**
 * sObject Collections for any number of records. Writes go in chunks of 200 records, reads in
 * chunks of up to 2,000 IDs, at most `concurrency` (default 4) requests at once; the results come
 * back in input order, one per record, and a record's failure is reported in its result (the call
 * itself only rejects for invalid input).
 *
 * **allOrNone is per chunk.** Salesforce applies it to one request, so with more than 200
 * records each chunk of 200 is all-or-none on its own: when a later chunk fails, the chunks
 * before it (and any running alongside it) stay committed. Send at most 200 records per call, or
 * use `sf.composite()` with `allOrNone`, when the whole set must succeed or fail together.
 *
 * @example
 * ```ts
 * const results = await sf.collections.create('Lead', leads);           // any number of leads
 * const failed = results.filter((r) => !r.success);
 * await sf.collections.upsert('Account', 'External_Id__c', accounts);   // retried on transient faults
 * const rows = await sf.collections.retrieve('Account', ids, ['Name']); // null where not found
 * ```
 */
export class CollectionsResource {
  readonly #ctx: ResourceContext;

  constructor(ctx: ResourceContext) {
    this.#ctx = ctx;
  }

  async #write(
    operation: string,
    method: 'POST' | 'PATCH',
    path: string,
    records: TypedRecord[],
    given: CollectionOptions | undefined,
    idempotent: boolean,
    idsOf: (chunk: TypedRecord[]) => Array<string | undefined> | undefined,
  ): Promise<CollectionSaveResult[]> {
    const { concurrency, rest } = options(given);
    const { allOrNone, ...callOptions } = rest;
    if (allOrNone !== undefined && typeof allOrNone !== 'boolean') throw new ValidationError('allOrNone must be a boolean');
    const chunks = chunk(records, COLLECTION_CHUNK_SIZE);
    const results = await mapLimit(chunks, concurrency, async (part) => {
      try {
        return await call<CollectionSaveResult[]>(
          this.#ctx,
          { operation, method, path: dataPath(this.#ctx, path), body: { allOrNone: allOrNone ?? false, records: part }, idempotent, expect: arrayOf(part.length, 'save results') },
          callOptions,
        );
      } catch (error) {
        return chunkFailure(error, part.length, idsOf(part));
      }
    });
    return results.flat();
  }

  /**
   * Creates records: `create(type, records)` or, mixed types, `create(records)` with
   * `attributes.type` on each. Not retried once it may have reached Salesforce.
   *
   * @example
   * ```ts
   * const results = await sf.collections.create('Contact', [{ LastName: 'Ng' }, { LastName: 'Okafor' }]);
   * ```
   */
  create(type: string, records: readonly RecordInput<SalesforceRecord>[], options?: CollectionOptions): Promise<CollectionSaveResult[]>;
  create(records: readonly TypedRecord[], options?: CollectionOptions): Promise<CollectionSaveResult[]>;
  async create(
    typeOrRecords: string | readonly TypedRecord[],
    recordsOrOptions?: readonly RecordInput<SalesforceRecord>[] | CollectionOptions,
    maybeOptions?: CollectionOptions,
  ): Promise<CollectionSaveResult[]> {
    const { type, records, opts } = overload(typeOrRecords, recordsOrOptions, maybeOptions);
    const list = typed(type, plainRecords(records));
    for (const record of list) {
      if (Object.keys(record).some((k) => k.toLowerCase() === 'id')) throw new ValidationError('records to create may not have an Id');
    }
    return this.#write('collections.create', 'POST', '/composite/sobjects', list, opts, false, () => undefined);
  }

  /**
   * Updates records by their `Id` (or `id`): `update(type, records)` or `update(records)` with
   * `attributes.type` on each.
   *
   * @example
   * ```ts
   * await sf.collections.update('Lead', [{ Id: a, Status: 'Working' }, { Id: b, Status: 'Working' }]);
   * ```
   */
  update(type: string, records: readonly (RecordInput<SalesforceRecord> & { Id?: string; id?: string })[], options?: CollectionOptions): Promise<CollectionSaveResult[]>;
  update(records: readonly TypedRecord[], options?: CollectionOptions): Promise<CollectionSaveResult[]>;
  async update(
    typeOrRecords: string | readonly TypedRecord[],
    recordsOrOptions?: readonly RecordInput<SalesforceRecord>[] | CollectionOptions,
    maybeOptions?: CollectionOptions,
  ): Promise<CollectionSaveResult[]> {
    const { type, records, opts } = overload(typeOrRecords, recordsOrOptions, maybeOptions);
    const list = typed(type, plainRecords(records));
    const idOf = (record: Record<string, unknown>) => (record.id ?? record.Id) as string;
    for (const record of list) assertRecordId(idOf(record));
    return this.#write('collections.update', 'PATCH', '/composite/sobjects', list, opts, false, (part) => part.map(idOf));
  }

  /**
   * Inserts or updates records of one type by an external ID field. Idempotent, so retried on
   * transient faults. Results carry `created`.
   *
   * @example
   * ```ts
   * await sf.collections.upsert('Account', 'External_Id__c', [{ External_Id__c: 'A-1', Name: 'Acme' }]);
   * ```
   */
  async upsert(
    type: string,
    externalIdField: string,
    records: readonly RecordInput<SalesforceRecord>[],
    options?: CollectionOptions,
  ): Promise<CollectionSaveResult[]> {
    assertSObjectName(type);
    assertFieldName(externalIdField);
    const list = typed(type, plainRecords(records));
    const path = `/composite/sobjects/${type}/${externalIdField}`;
    return this.#write('collections.upsert', 'PATCH', path, list, options, true, () => undefined);
  }

  /**
   * Deletes records by ID (any number, 200 per request); each result names its ID.
   *
   * @example
   * ```ts
   * const results = await sf.collections.delete(ids, { allOrNone: true });
   * ```
   */
  async delete(ids: readonly string[], given?: CollectionOptions): Promise<CollectionSaveResult[]> {
    if (!Array.isArray(ids)) throw new ValidationError('ids must be an array');
    for (const id of ids) assertRecordId(id);
    const { concurrency, rest } = options(given);
    const { allOrNone, ...callOptions } = rest;
    const results = await mapLimit(chunk(ids, COLLECTION_CHUNK_SIZE), concurrency, async (part) => {
      const params = { ids: part.join(','), allOrNone: String(allOrNone ?? false) };
      try {
        return await call<CollectionSaveResult[]>(
          this.#ctx,
          { operation: 'collections.delete', method: 'DELETE', path: dataPath(this.#ctx, '/composite/sobjects'), params, expect: arrayOf(part.length, 'save results') },
          callOptions,
        );
      } catch (error) {
        return chunkFailure(error, part.length, part);
      }
    });
    return results.flat();
  }

  /**
   * Reads records of one type by ID: one entry per ID, in order, `null` where the record does not
   * exist, was deleted or is not visible. Up to 200 IDs per `GET`, larger sets in `POST` chunks
   * of 2,000. A failed chunk rejects the call.
   *
   * @example
   * ```ts
   * const [first] = await sf.collections.retrieve<{ Name: string }>('Account', [id], ['Name']);
   * ```
   */
  async retrieve<R = SalesforceRecord>(
    type: string,
    ids: readonly string[],
    fields: readonly string[],
    given?: CollectionRetrieveOptions,
  ): Promise<Array<R | null>> {
    assertSObjectName(type);
    if (!Array.isArray(ids)) throw new ValidationError('ids must be an array');
    for (const id of ids) assertRecordId(id);
    if (!Array.isArray(fields) || fields.length === 0) throw new ValidationError('retrieve needs at least one field');
    for (const field of fields) assertFieldName(field, { relationship: true });
    const { concurrency, rest } = options(given);
    const path = dataPath(this.#ctx, `/composite/sobjects/${type}`);
    const results = await mapLimit(chunk(ids, RETRIEVE_CHUNK_SIZE), concurrency, (part) =>
      part.length <= RETRIEVE_BY_GET
        ? call<Array<R | null>>(this.#ctx, {
          operation: 'collections.retrieve', method: 'GET', path, params: { ids: part.join(','), fields: fields.join(',') }, expect: arrayOf(part.length, 'records'),
        }, rest)
        : call<Array<R | null>>(this.#ctx, {
          operation: 'collections.retrieve', method: 'POST', path, body: { ids: part, fields }, idempotent: true, expect: arrayOf(part.length, 'records'),
        }, rest),
    );
    return results.flat();
  }
}

function overload(
  typeOrRecords: string | readonly TypedRecord[],
  recordsOrOptions: readonly RecordInput<SalesforceRecord>[] | CollectionOptions | undefined,
  maybeOptions: CollectionOptions | undefined,
): { type: string | undefined; records: unknown; opts: CollectionOptions | undefined } {
  if (typeof typeOrRecords === 'string') {
    assertSObjectName(typeOrRecords);
    return { type: typeOrRecords, records: recordsOrOptions, opts: maybeOptions };
  }
  return { type: undefined, records: typeOrRecords, opts: recordsOrOptions as CollectionOptions | undefined };
}
