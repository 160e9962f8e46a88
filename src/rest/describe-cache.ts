/**
 * Describe results cached per client and revalidated with `If-Modified-Since`: Salesforce answers
 * 304 when nothing changed, so a warm cache costs one small request and no parsing.
 *
 * @module
 */
import type { SalesforceRecord } from '../core/types.js';
import { ifModifiedSince } from '../headers/index.js';
import type { CallOptions } from '../http/transport.js';
import { callFull, type ResourceContext } from './context.js';

/** One field of a describe (Salesforce sends many more keys). */
export interface FieldDescribe {
  name: string;
  type: string;
  label: string;
  length?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId?: boolean;
  referenceTo?: string[];
  relationshipName?: string | null;
  picklistValues?: Array<{ value: string; label: string; active: boolean; defaultValue: boolean }>;
  [key: string]: unknown;
}

/** An sObject describe (the keys integrations read; Salesforce sends more). */
export interface SObjectDescribe {
  name: string;
  label: string;
  labelPlural?: string;
  keyPrefix: string | null;
  custom: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  queryable?: boolean;
  fields: FieldDescribe[];
  childRelationships?: Array<{ childSObject: string; field: string; relationshipName: string | null }>;
  [key: string]: unknown;
}

/** The describe-global answer. */
export interface DescribeGlobalResult {
  encoding: string;
  maxBatchSize: number;
  sobjects: Array<Omit<SObjectDescribe, 'fields'> & { urls?: Record<string, string> }>;
}

interface Entry {
  body: unknown;
  fetchedAt: number;
}

/** Keyed by path; lives as long as its client. */
export class DescribeCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly ctx: ResourceContext) {}

  /** The describe at `path`, from cache when Salesforce says it has not changed. */
  async get(path: string, operation: string, options: CallOptions = {}): Promise<SalesforceRecord | DescribeGlobalResult | SObjectDescribe> {
    const cached = this.#entries.get(path);
    const headers = cached ? { ...ifModifiedSince(cached.fetchedAt), ...options.headers } : options.headers;
    const fetchedAt = Date.now();
    const result = await callFull(this.ctx, { operation, method: 'GET', path }, { ...options, headers });
    if (result.status === 304 && cached) return structuredClone(cached.body) as SObjectDescribe;
    this.#entries.set(path, { body: result.body, fetchedAt: Math.floor(fetchedAt / 1000) * 1000 });
    return structuredClone(result.body) as SObjectDescribe;
  }

  /** Forgets every cached describe. */
  clear(): void {
    this.#entries.clear();
  }
}
