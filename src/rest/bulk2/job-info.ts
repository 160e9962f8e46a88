/**
 * Bulk API 2.0 job descriptions as Salesforce returns them, and the shapes the transport checks
 * answers against.
 *
 * @module
 */
import type { ResponseExpectation } from '../../http/transport.js';
import type { ColumnDelimiter, LineEnding } from './csv-format.js';

/**
 * A job's state. Ingest: `Open → UploadComplete → InProgress → JobComplete | Failed | Aborted`;
 * query jobs start at `UploadComplete`.
 *
 * @example
 * ```ts
 * const finished = (s: JobState) => s === 'JobComplete' || s === 'Failed' || s === 'Aborted';
 * ```
 */
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/**
 * What an ingest job does with each record.
 *
 * @example
 * ```ts
 * const operation: IngestOperation = 'upsert';
 * ```
 */
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

/**
 * A query job's operation: `queryAll` includes deleted and archived records.
 *
 * @example
 * ```ts
 * const operation: QueryOperation = 'queryAll';
 * ```
 */
export type QueryOperation = 'query' | 'queryAll';

/**
 * Fields every job reports.
 *
 * @example
 * ```ts
 * const label = (info: JobInfoBase) => `${info.id} ${info.object} ${info.state}`;
 * ```
 */
export interface JobInfoBase {
  /** `750…` */
  id: string;
  object: string;
  state: JobState;
  createdById: string;
  /** e.g. `2024-05-01T10:00:00.000+0000` */
  createdDate: string;
  systemModstamp: string;
  concurrencyMode: string;
  contentType: string;
  apiVersion: number;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  /** `V2Ingest` or `V2Query` (on job info requests). */
  jobType?: string;
  numberRecordsProcessed?: number;
  retries?: number;
  /** Milliseconds. */
  totalProcessingTime?: number;
  /** Why the job failed. */
  errorMessage?: string;
  [field: string]: unknown;
}

/**
 * An ingest job.
 *
 * @example
 * ```ts
 * job.on('progress', (info: IngestJobInfo) => console.log(info.numberRecordsProcessed, info.numberRecordsFailed));
 * ```
 */
export interface IngestJobInfo extends JobInfoBase {
  operation: IngestOperation;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  /** Where the data goes (while the job is `Open`). */
  contentUrl?: string;
  numberRecordsFailed?: number;
  apiActiveProcessingTime?: number;
  apexProcessingTime?: number;
}

/**
 * A query job.
 *
 * @example
 * ```ts
 * const stream = sf.bulk2.query('SELECT Id FROM Account');
 * stream.on('progress', (info: QueryJobInfo) => console.log(info.state));
 * ```
 */
export interface QueryJobInfo extends JobInfoBase {
  operation: QueryOperation;
  query?: string;
}

/** States after which a job changes no more. */
export const FINAL_STATES: ReadonlySet<JobState> = new Set<JobState>(['JobComplete', 'Failed', 'Aborted']);

/** `{ id, state, … }`: a job description. */
export const JOB_INFO: ResponseExpectation = {
  what: 'a Bulk API 2.0 job',
  check: (body) => typeof body === 'object' && body !== null && !Array.isArray(body)
    && typeof (body as Record<string, unknown>).id === 'string' && typeof (body as Record<string, unknown>).state === 'string',
};

/** CSV text (an empty result has no body). */
export const CSV_TEXT: ResponseExpectation = {
  what: 'CSV text',
  check: (body) => body === undefined || typeof body === 'string',
};
