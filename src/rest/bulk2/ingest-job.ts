/**
 * A Bulk API 2.0 ingest: data in, jobs created, uploaded, closed, polled to the end, results out.
 *
 * Bulk API 2.0 takes one upload per job (at most 150 MB, 100 MB advised), so data larger than
 * `maxUploadBytes` goes to several jobs, in order; the result lists them all. Input is read one
 * upload at a time, never whole. Events: `created` and `uploaded` per job, `progress` on every
 * check, then `done` (or `failed`).
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { ApiError, BulkJobError, ValidationError } from '../../core/errors.js';
import { assertFieldName, assertRecordId, assertSObjectName, path } from '../../http/path.js';
import type { CallOptions } from '../../http/transport.js';
import { call, callFull, dataPath, type ResourceContext } from '../context.js';
import { csvFormat, type ColumnDelimiter, type LineEnding } from './csv-format.js';
import { CSV_TEXT, FINAL_STATES, JOB_INFO, type IngestJobInfo, type IngestOperation } from './job-info.js';
import { pollUntilFinal, resolvePolling, type Polling, type PollingOptions } from './poll.js';
import {
  csvObjects,
  delimiterOf,
  failedRecord,
  successfulRecord,
  unprocessedRecord,
  type FailedRecord,
  type SuccessfulRecord,
  type UnprocessedRecord,
} from './results.js';
import { csvParts, recordParts, type CsvSource, type RecordSource, type UploadPart } from './upload-parts.js';

/** Salesforce's limit for one upload is 150 MB after base64; it advises 100 MB of CSV. */
const MAX_UPLOAD_BYTES = 150_000_000;
const DEFAULT_UPLOAD_BYTES = 100_000_000;
const OPERATIONS: ReadonlySet<string> = new Set<IngestOperation>(['insert', 'update', 'upsert', 'delete', 'hardDelete']);

/**
 * What to ingest and how. Give `records` or `csv`, not both.
 *
 * @example
 * ```ts
 * const options: IngestOptions = {
 *   object: 'Contact', operation: 'upsert', externalIdFieldName: 'External_Id__c',
 *   records: [{ External_Id__c: 'C-1', LastName: 'Ng', Account: { External_Id__c: 'A-1' } }],
 * };
 * ```
 */
export interface IngestOptions extends CallOptions, PollingOptions {
  /** The sObject, e.g. `Contact`. */
  object: string;
  operation: IngestOperation;
  /** The external ID field an upsert matches on. */
  externalIdFieldName?: string;
  /**
   * Records as objects (any iterable or async iterable, read as uploads go out). Columns are the
   * union of their fields; `null` clears a field (`#N/A`), a missing field is left alone; nested
   * objects are relationship columns (`Account.External_Id__c`).
   */
  records?: RecordSource;
  /** CSV with a header line, whole or in chunks (e.g. a file stream read as text). */
  csv?: CsvSource;
  /** Line ending of the CSV. Default: as the CSV's header line ends (given CSV), else `LF`. */
  lineEnding?: LineEnding;
  /** Default `COMMA`. */
  columnDelimiter?: ColumnDelimiter;
  /** An assignment rule to run for Leads or Cases. */
  assignmentRuleId?: string;
  /** The largest upload; more data goes to further jobs. Default 100,000,000 (Salesforce's advice), at most 150,000,000. */
  maxUploadBytes?: number;
}

/**
 * The end of an ingest.
 *
 * @example
 * ```ts
 * const { jobs, numberRecordsFailed } = await job.done();
 * if (jobs.length > 1) console.log(`split into ${jobs.length} jobs`);
 * ```
 */
export interface IngestResult {
  /** `Aborted` when `abort()` was called, else `JobComplete`. */
  state: 'JobComplete' | 'Aborted';
  /** Every job used, in upload order: more than one when the data exceeded `maxUploadBytes`; none for no records. */
  jobs: IngestJobInfo[];
  /** Records uploaded. */
  recordsUploaded: number;
  /** Over all jobs. */
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
}

/**
 * Events of an {@link IngestJob}.
 *
 * @example
 * ```ts
 * job.on('uploaded', (info, { records, bytes }) => console.log(`${info.id}: ${records} records, ${bytes} bytes`));
 * ```
 */
export interface IngestJobEvents {
  /** A job was created (state `Open`). */
  created: (info: IngestJobInfo) => void;
  /** A job's data was uploaded and the job closed (state `UploadComplete`). */
  uploaded: (info: IngestJobInfo, upload: { records: number; bytes: number }) => void;
  /** A job's description, on every check. */
  progress: (info: IngestJobInfo) => void;
  /** Every job finished. */
  done: (result: IngestResult) => void;
  /** The ingest failed (the error `done()` rejects with). */
  failed: (error: unknown) => void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function sum(jobs: readonly IngestJobInfo[], key: 'numberRecordsProcessed' | 'numberRecordsFailed'): number {
  return jobs.reduce((total, job) => total + (typeof job[key] === 'number' ? job[key] : 0), 0);
}

/** An abort that came too late (the job had finished) or twice. */
function isStateConflict(error: unknown): boolean {
  return error instanceof ApiError && error.errorCode === 'INVALIDJOBSTATE';
}

/**
 * A running ingest (create it with `sf.bulk2.ingest()`). Work starts right away; listeners
 * attached in the same tick see every event.
 *
 * @example
 * ```ts
 * const job = sf.bulk2.ingest({ object: 'Lead', operation: 'insert', records: leads });
 * job.on('progress', (info) => console.log(info.state, info.numberRecordsProcessed));
 * const result = await job.done();
 * for await (const bad of job.failedResults()) console.error(bad.error.statusCode, bad.record);
 * ```
 */
export class IngestJob extends EventEmitter<IngestJobEvents> {
  readonly #ctx: ResourceContext;
  readonly #options: IngestOptions;
  readonly #call: CallOptions;
  readonly #polling: Polling;
  readonly #maxBytes: number;
  readonly #jobs: IngestJobInfo[] = [];
  readonly #aborting = new Set<string>();
  readonly #finals = deferred<IngestJobInfo[]>();
  readonly #result: Promise<IngestResult>;
  #uploaded = 0;
  #abortRequested = false;

  constructor(ctx: ResourceContext, options: IngestOptions) {
    super();
    if (typeof options !== 'object' || options === null) throw new ValidationError('ingest needs options: { object, operation, records | csv }');
    assertSObjectName(options.object);
    if (!OPERATIONS.has(options.operation)) throw new ValidationError(`operation must be one of ${[...OPERATIONS].join(', ')}`);
    if (options.operation === 'upsert' && options.externalIdFieldName === undefined) throw new ValidationError('an upsert needs externalIdFieldName');
    if (options.externalIdFieldName !== undefined) assertFieldName(options.externalIdFieldName);
    if (options.assignmentRuleId !== undefined) assertRecordId(options.assignmentRuleId);
    if ((options.records === undefined) === (options.csv === undefined)) throw new ValidationError('give either records or csv');
    csvFormat(options.columnDelimiter, options.lineEnding);
    const maxBytes = options.maxUploadBytes ?? DEFAULT_UPLOAD_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > MAX_UPLOAD_BYTES) {
      throw new ValidationError(`maxUploadBytes must be an integer from 1 to ${MAX_UPLOAD_BYTES}`);
    }
    this.#ctx = ctx;
    this.#options = options;
    this.#maxBytes = maxBytes;
    this.#polling = resolvePolling(options);
    const { headers, hooks, signal, timeoutMs, retry } = options;
    this.#call = { headers, hooks, signal, timeoutMs, retry };
    this.#result = Promise.resolve().then(() => this.#run());
    this.#result.then(
      (result) => this.emit('done', result),
      (error: unknown) => this.emit('failed', error),
    );
  }

  /** The jobs created so far, latest known state, in upload order. */
  get jobs(): readonly IngestJobInfo[] {
    return [...this.#jobs];
  }

  /**
   * Resolves when every job has finished. Rejects with {@link BulkJobError} when a job failed
   * or was aborted by someone else (or `pollTimeoutMs` ran out), or with the error that stopped
   * the upload. After `abort()` it resolves with `state: 'Aborted'`.
   *
   * @example
   * ```ts
   * const { numberRecordsProcessed, numberRecordsFailed } = await job.done();
   * ```
   */
  done(): Promise<IngestResult> {
    return this.#result;
  }

  /**
   * Stops the ingest: no further data is read or uploaded, and every job not finished yet is
   * aborted. Records a job already processed stay processed (Bulk API 2.0 does not roll back).
   *
   * @example
   * ```ts
   * setTimeout(() => void job.abort(), 60_000);
   * const { state } = await job.done(); // 'Aborted' (unless it finished first)
   * ```
   */
  async abort(): Promise<void> {
    this.#abortRequested = true;
    await this.#abortJobs();
  }

  /**
   * The records the jobs saved, job after job (waits for them to finish). Each job's result
   * file is fetched whole and read a row at a time.
   *
   * @example
   * ```ts
   * const ids = new Map<string, string>();
   * for await (const ok of job.successfulResults()) ids.set(ok.record.External_Id__c ?? '', ok.id);
   * ```
   */
  successfulResults(): AsyncGenerator<SuccessfulRecord, void, undefined> {
    return this.#results('successfulResults', successfulRecord);
  }

  /**
   * The records the jobs could not save, with Salesforce's error for each.
   *
   * @example
   * ```ts
   * for await (const bad of job.failedResults()) console.error(bad.error.statusCode, bad.error.fields, bad.record);
   * ```
   */
  failedResults(): AsyncGenerator<FailedRecord, void, undefined> {
    return this.#results('failedResults', failedRecord);
  }

  /**
   * The records no job reached (after a failure or an abort), as uploaded.
   *
   * @example
   * ```ts
   * for await (const rest of job.unprocessedRecords()) retryLater(rest.record);
   * ```
   */
  unprocessedRecords(): AsyncGenerator<UnprocessedRecord, void, undefined> {
    return this.#results('unprocessedrecords', unprocessedRecord);
  }

  async *#results<T>(kind: string, read: (jobId: string, row: Record<string, string>) => T): AsyncGenerator<T, void, undefined> {
    const jobs = await this.#finals.promise;
    for (const job of jobs) {
      const text = await call<string | undefined>(this.#ctx, {
        operation: `bulk2.ingest.${kind}`,
        method: 'GET',
        path: dataPath(this.#ctx, path`/jobs/ingest/${job.id}/${kind}/`),
        headers: { Accept: 'text/csv' },
        expect: CSV_TEXT,
      }, this.#call);
      for (const row of csvObjects(text ?? '', delimiterOf(job.columnDelimiter))) yield read(job.id, row);
    }
  }

  async #run(): Promise<IngestResult> {
    let finals: IngestJobInfo[];
    try {
      await this.#uploadAll();
      if (this.#abortRequested) await this.#abortJobs();
      finals = await pollUntilFinal(this.#jobs, (id) => this.#info(id), this.#polling, this.#call.signal, (info) => {
        this.#remember(info);
        this.emit('progress', info);
      });
      this.#finals.resolve(finals);
    } catch (error) {
      this.#finals.reject(error);
      throw error;
    }
    return this.#verdict(finals);
  }

  #parts(): AsyncGenerator<UploadPart, void, undefined> {
    const { records, csv, columnDelimiter, lineEnding } = this.#options;
    if (records !== undefined) return recordParts(records, csvFormat(columnDelimiter, lineEnding), this.#maxBytes);
    return csvParts(csv as CsvSource, this.#maxBytes);
  }

  async #uploadAll(): Promise<void> {
    try {
      for await (const part of this.#parts()) {
        if (this.#abortRequested) return;
        const created = await this.#create(this.#options.lineEnding ?? part.lineEnding ?? 'LF');
        this.#jobs.push(created);
        this.emit('created', created);
        if (this.#abortRequested) return;
        let closed: IngestJobInfo;
        try {
          await this.#upload(created.id, part.csv);
          closed = await this.#setState(created.id, 'UploadComplete');
        } catch (error) {
          if (this.#abortRequested) return;
          throw error;
        }
        this.#remember(closed);
        this.#uploaded += part.records;
        this.emit('uploaded', closed, { records: part.records, bytes: part.bytes });
      }
    } catch (error) {
      // Leave nothing half-done behind: jobs still open or queued are aborted (best effort).
      await this.#abortJobs().catch(() => undefined);
      throw error;
    }
  }

  #create(lineEnding: LineEnding): Promise<IngestJobInfo> {
    const { object, operation, externalIdFieldName, assignmentRuleId, columnDelimiter } = this.#options;
    const body: Record<string, string> = { object, operation, contentType: 'CSV', columnDelimiter: columnDelimiter ?? 'COMMA', lineEnding };
    if (externalIdFieldName !== undefined) body.externalIdFieldName = externalIdFieldName;
    if (assignmentRuleId !== undefined) body.assignmentRuleId = assignmentRuleId;
    return call<IngestJobInfo>(this.#ctx, {
      operation: 'bulk2.ingest.create', method: 'POST', path: dataPath(this.#ctx, '/jobs/ingest'), body, expect: JOB_INFO,
    }, this.#call);
  }

  async #upload(id: string, csv: string): Promise<void> {
    await callFull(this.#ctx, {
      operation: 'bulk2.ingest.upload',
      method: 'PUT',
      path: dataPath(this.#ctx, path`/jobs/ingest/${id}/batches`),
      body: csv,
      headers: { 'Content-Type': 'text/csv' },
      // A retried PUT whose first attempt arrived is refused (one upload per job): it was done.
      doneEarlier: isStateConflict,
    }, this.#call);
  }

  /** Sets a job's state; a retry refused because the first attempt already did it fetches the job. */
  async #setState(id: string, state: 'UploadComplete' | 'Aborted'): Promise<IngestJobInfo> {
    const result = await callFull(this.#ctx, {
      operation: state === 'Aborted' ? 'bulk2.ingest.abort' : 'bulk2.ingest.close',
      method: 'PATCH',
      path: dataPath(this.#ctx, path`/jobs/ingest/${id}`),
      body: { state },
      idempotent: true,
      doneEarlier: isStateConflict,
      expect: { what: JOB_INFO.what, check: (body, status) => (status === 204 && body === undefined) || JOB_INFO.check(body, status) },
    }, this.#call);
    return result.body === undefined ? this.#info(id) : (result.body as IngestJobInfo);
  }

  #info(id: string): Promise<IngestJobInfo> {
    return call<IngestJobInfo>(this.#ctx, {
      operation: 'bulk2.ingest.info', method: 'GET', path: dataPath(this.#ctx, path`/jobs/ingest/${id}`), expect: JOB_INFO,
    }, this.#call);
  }

  #remember(info: IngestJobInfo): void {
    const at = this.#jobs.findIndex((job) => job.id === info.id);
    if (at >= 0) this.#jobs[at] = info;
  }

  /** Aborts every job not finished (once per job); a job that finished meanwhile is left as it is. */
  async #abortJobs(): Promise<void> {
    const open = this.#jobs.filter((job) => !FINAL_STATES.has(job.state) && !this.#aborting.has(job.id));
    await Promise.all(open.map(async (job) => {
      this.#aborting.add(job.id);
      try {
        this.#remember(await this.#setState(job.id, 'Aborted'));
      } catch (error) {
        if (!isStateConflict(error)) throw error;
      }
    }));
  }

  #verdict(jobs: IngestJobInfo[]): IngestResult {
    const failed = jobs.find((job) => job.state === 'Failed');
    if (failed) {
      throw new BulkJobError(`bulk job ${failed.id} failed: ${failed.errorMessage ?? 'Salesforce gave no reason'}`, {
        jobId: failed.id, state: failed.state, reason: 'failed', ...(failed.errorMessage === undefined ? {} : { errorMessage: failed.errorMessage }),
      });
    }
    const aborted = jobs.find((job) => job.state === 'Aborted');
    if (aborted && !this.#abortRequested) {
      throw new BulkJobError(`bulk job ${aborted.id} was aborted`, { jobId: aborted.id, state: aborted.state, reason: 'aborted' });
    }
    return {
      state: aborted ? 'Aborted' : 'JobComplete',
      jobs,
      recordsUploaded: this.#uploaded,
      numberRecordsProcessed: sum(jobs, 'numberRecordsProcessed'),
      numberRecordsFailed: sum(jobs, 'numberRecordsFailed'),
    };
  }
}

