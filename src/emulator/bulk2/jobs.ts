/**
 * Bulk API 2.0 jobs of an org, kept in memory: ingest jobs (`V2Ingest`) with their uploaded CSV
 * and result rows, query jobs (`V2Query`) with their prepared query. The store is bounded: past
 * `MAX_JOBS` the oldest finished jobs go first (Salesforce deletes finished jobs after
 * seven days).
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import type { ColumnDelimiter, LineEnding } from '../../rest/bulk2/csv-format.js';
import type { Org } from '../org.js';
import type { PreparedQuery } from '../soql-engine.js';
import type { QueryColumn } from './query-results.js';

/** Jobs kept per org. */
export const MAX_JOBS = 500;

/** A job's state. */
export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** What an ingest job does with each row. */
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

/** States after which a job changes no more. */
export const FINAL: ReadonlySet<JobState> = new Set<JobState>(['JobComplete', 'Failed', 'Aborted']);

/** What every job records. */
interface JobBase {
  id: string;
  /** The object's canonical name. */
  object: string;
  createdById: string;
  createdDate: string;
  systemModstamp: string;
  state: JobState;
  /** The API version it was created with, e.g. `62.0`. */
  apiVersion: string;
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
  numberRecordsProcessed: number;
  totalProcessingTime: number;
  errorMessage?: string;
  /** When processing began (org clock), for `totalProcessingTime`. */
  startedAt?: number;
}

/** Result rows of an ingest job, as CSV lines without line endings (header lines built on read). */
export interface IngestRows {
  /** The uploaded header. */
  header: string[];
  successful: string[];
  failed: string[];
  unprocessed: string[];
}

/** An ingest job. */
export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName?: string;
  assignmentRuleId?: string;
  /** The uploaded CSV (one upload per job). */
  content?: string;
  numberRecordsFailed: number;
  rows: IngestRows;
}

/** A query job. */
export interface QueryJob extends JobBase {
  kind: 'query';
  operation: 'query' | 'queryAll';
  query: string;
  /** The result, matched when the job was created and projected page by page. */
  prepared: PreparedQuery;
  /** Result columns, in SELECT order. */
  columns: QueryColumn[];
  /** Why the job will fail when it runs (a query Bulk API 2.0 does not take). */
  unsupported?: string;
}

/** Any job. */
export type BulkJob = IngestJob | QueryJob;

/** The jobs of one org. */
export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();

  /** Adds a job, dropping the oldest (finished first) when the store is full. */
  add(job: BulkJob): void {
    while (this.jobs.size >= MAX_JOBS) {
      const victim = [...this.jobs.values()].find((j) => FINAL.has(j.state)) ?? this.jobs.values().next().value;
      if (!victim) break;
      this.jobs.delete(victim.id);
    }
    this.jobs.set(job.id, job);
  }

  /** The job of `kind` with this ID (15 or 18 characters). */
  get<K extends BulkJob['kind']>(id: string, kind: K): Extract<BulkJob, { kind: K }> | undefined {
    const job = isSalesforceId(id) ? this.jobs.get(toId18(id)) : undefined;
    return job?.kind === kind ? (job as Extract<BulkJob, { kind: K }>) : undefined;
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  /** Whether the job is still stored (a deleted job stops processing). */
  has(job: BulkJob): boolean {
    return this.jobs.get(job.id) === job;
  }

  /** Jobs of `kind`, oldest first. */
  list<K extends BulkJob['kind']>(kind: K): Array<Extract<BulkJob, { kind: K }>> {
    return [...this.jobs.values()].filter((job): job is Extract<BulkJob, { kind: K }> => job.kind === kind);
  }
}

// Keyed by the org's record store: a transaction's view of the org (`Object.create(org)`) shares it.
const byOrg = new WeakMap<object, BulkJobs>();

/** The Bulk API 2.0 jobs of `org`. */
export function bulkJobs(org: Org): BulkJobs {
  let jobs = byOrg.get(org.store);
  if (!jobs) byOrg.set(org.store, (jobs = new BulkJobs()));
  return jobs;
}
