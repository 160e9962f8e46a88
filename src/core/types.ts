/**
 * Types shared by every part of forcelink.
 *
 * @module
 */

/** An OAuth token as Salesforce issued it, with forcelink's bookkeeping. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** The org's base URL, e.g. `https://acme.my.salesforce.com`. */
  instanceUrl: string;
  /** The identity URL `https://login.salesforce.com/id/<orgId>/<userId>`. */
  id?: string;
  /** When Salesforce issued the token (from `issued_at`, a string of ms on the wire). */
  issuedAt: number;
  scope?: string;
  tokenType: string;
  /** Base64 HMAC-SHA256 of `id + issued_at`, keyed with the client secret. */
  signature?: string;
  /** When the session ends, only when known (introspection or a configured session timeout). */
  expiresAt?: number;
}

/**
 * Where tokens live between calls and processes. `withLock` makes a refresh single-flight across
 * every process that shares the store.
 *
 * @example
 * ```ts
 * const store: TokenStore = new MemoryTokenStore();
 * await store.set('default', token);
 * ```
 */
export interface TokenStore {
  get(key: string): Promise<TokenSet | undefined>;
  set(key: string, token: TokenSet): Promise<void>;
  delete(key: string): Promise<void>;
  /** Runs `fn` while holding an exclusive lock on `key`, across processes. */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Request headers as plain name → value pairs. */
export type HeaderMap = Record<string, string>;

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The `attributes` Salesforce puts on every record. */
export interface RecordAttributes {
  type: string;
  url?: string;
  referenceId?: string;
}

/** A Salesforce record: its fields plus `attributes`. */
export interface SalesforceRecord {
  attributes?: RecordAttributes;
  Id?: string;
  [field: string]: unknown;
}

/** One error inside a save result (the key is `statusCode`, not `errorCode`). */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** The result of a create, update, upsert or delete. */
export interface SaveResult {
  id: string;
  success: boolean;
  errors: SaveError[];
  /** Upserts only: whether a new record was inserted. */
  created?: boolean;
}

/** One page of a SOQL query. */
export interface QueryResult<R = SalesforceRecord> {
  totalSize: number;
  done: boolean;
  records: R[];
  nextRecordsUrl?: string;
}
