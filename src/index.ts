/**
 * forcelink — a Salesforce client for Node and Cyclr-style script runtimes.
 *
 * This core entry imports no Node built-in, so it bundles into any runtime with `fetch`.
 * Node-only parts live in `forcelink/node`, `forcelink/redis`, `forcelink/script` and
 * `forcelink/emulator`.
 *
 * @module
 */

// Client
export { SalesforceClient } from './client.js';
export type { SalesforceClientOptions, SalesforceClientEvents, RawRequest, ApiVersion, LimitEntry, SObjectMapConstraint } from './client.js';
export type { CallOptions, ActionResult } from './http/transport.js';
export { SObjectResource } from './rest/sobject.js';
export type { RetrieveOptions, RecordInput } from './rest/sobject.js';
export { QueryStream } from './rest/query.js';
export type { QueryOptions } from './rest/query.js';
export type { SObjectDescribe, FieldDescribe, DescribeGlobalResult } from './rest/describe-cache.js';
export type { RetrieveIfChangedOptions, ConditionalRecord } from './rest/sobject.js';
export { subrequest, ref, assertReferenceId } from './rest/subrequest.js';
export type { CompositeSubrequest, SubrequestResult } from './rest/subrequest.js';
export { MAX_COMPOSITE_SUBREQUESTS } from './rest/composite.js';
export type { CompositeOptions, CompositeSubresponse, CompositeResponses } from './rest/composite.js';
export { MAX_BATCH_SUBREQUESTS } from './rest/batch.js';
export type { BatchSubrequest, BatchOptions, BatchSubresponse, BatchResponse } from './rest/batch.js';
export { MAX_TREE_RECORDS } from './rest/tree.js';
export type { TreeRecord, TreeResult } from './rest/tree.js';
export { CollectionsResource, COLLECTION_CHUNK_SIZE, RETRIEVE_CHUNK_SIZE } from './rest/collections.js';
export type { CollectionOptions, CollectionRetrieveOptions, CollectionSaveResult, TypedRecord } from './rest/collections.js';
export type { SearchResult, SearchScope, ParameterizedSearch } from './rest/search.js';
export { ApexResource, apexPath } from './rest/apex.js';
export type { ApexCallOptions } from './rest/apex.js';
export type { UpdatedResult, DeletedResult } from './rest/updated-deleted.js';
export type { ChildRecords, AggregateResult } from './rest/query-extras.js';
export { Bulk2Resource } from './rest/bulk2.js';
export { IngestJob } from './rest/bulk2/ingest-job.js';
export type { IngestOptions, IngestResult, IngestJobEvents } from './rest/bulk2/ingest-job.js';
export { Bulk2QueryStream } from './rest/bulk2/query-stream.js';
export type { Bulk2QueryOptions, Bulk2QueryPage, Bulk2QueryEvents } from './rest/bulk2/query-stream.js';
export type { JobState, JobInfoBase, IngestJobInfo, QueryJobInfo, IngestOperation, QueryOperation } from './rest/bulk2/job-info.js';
export type { PollingOptions } from './rest/bulk2/poll.js';
export { parseBulkError } from './rest/bulk2/results.js';
export type { Bulk2Record, SuccessfulRecord, FailedRecord, UnprocessedRecord, BulkRecordError } from './rest/bulk2/results.js';
export type { RecordSource, CsvSource } from './rest/bulk2/upload-parts.js';
export { parseCsv, CsvParseError } from './rest/bulk2/csv-parse.js';
export type { CsvParseOptions } from './rest/bulk2/csv-parse.js';
export { writeCsv, csvLine, csvField } from './rest/bulk2/csv-write.js';
export type { CsvWriteOptions } from './rest/bulk2/csv-write.js';
export { COLUMN_DELIMITERS, LINE_ENDINGS } from './rest/bulk2/csv-format.js';
export type { ColumnDelimiter, LineEnding } from './rest/bulk2/csv-format.js';
export { BULK_NULL } from './rest/bulk2/record-csv.js';

// OAuth and tokens
export { OAuth2 } from './auth/oauth2.js';
export type { OAuth2Options, AuthorizeUrlOptions, AuthorizeUrl, IntrospectionResult, UserInfo, Identity } from './auth/oauth2.js';
export { TokenManager } from './auth/token-manager.js';
export type { TokenManagerOptions, TokenManagerEvents, TokenSource, Reauthorize } from './auth/token-manager.js';
export type { JwtBearerOptions } from './auth/grants/jwt.js';
export { MemoryTokenStore } from './auth/stores/memory.js';
export { createPkcePair, createState } from './auth/pkce.js';
export type { PkcePair } from './auth/pkce.js';
export { tokenSignature, verifyTokenSignature } from './auth/signature.js';

// Header helpers
export {
  autoAssign,
  callOptions,
  queryOptions,
  duplicateRuleHeader,
  mru,
  ifModifiedSince,
  ifUnmodifiedSince,
  ifMatch,
  ifNoneMatch,
  packageVersion,
  mergeHeaders,
  assertSafeHeaders,
  assertSafeHeaderValue,
  parseLimitInfo,
} from './headers/index.js';
export type { CallOptionsHeader, DuplicateRuleOptions, HeaderSet, LimitInfo, LimitUsage, PerAppLimitUsage } from './headers/index.js';

// Hooks
export type {
  Hooks,
  HookFn,
  HookLevel,
  ActionContext,
  ActionErrorInfo,
  OAuthContext,
  HookEnvironment,
  HookHttpRequest,
  HookHttpResponse,
} from './hooks/types.js';

// SOQL, IDs and paths
export { soql, isSoqlQuery, isApiName, isFieldPath, toId18, isSalesforceId, keyPrefix } from './soql/index.js';
export type { SoqlQuery, SoqlTag, SoqlValue, SoqlScalar, LikeMatch } from './soql/index.js';
export { sosl, escapeSosl } from './soql/sosl.js';
export type { SoslQuery, SoslTag } from './soql/sosl.js';
export { path, apiPath, encodePathSegment, assertApiVersion, assertSObjectName, assertFieldName, assertRecordId } from './http/path.js';
export type { PathValue } from './http/path.js';
export { DEFAULT_RETRY, resolveRetryOptions, isIdempotent, retryDecision, parseRetryAfter } from './http/retry.js';
export type { RetryOptions, RetryableFailure, RetryDecisionInput, RetryDecision } from './http/retry.js';

// Errors
export {
  ForcelinkError,
  ValidationError,
  OAuthError,
  InvalidGrantError,
  InvalidClientError,
  InvalidRequestError,
  UnsupportedGrantTypeError,
  ReauthorizationRequiredError,
  InvalidSignatureError,
  ApiError,
  InvalidSessionError,
  NotFoundError,
  RequestLimitError,
  MalformedQueryError,
  InvalidFieldError,
  MultipleChoicesError,
  PreconditionFailedError,
  InvalidResponseError,
  ConnectionError,
  TimeoutError,
  AbortError,
  ActionCancelledError,
  HookError,
  AuthRefreshRequestedError,
  ScriptError,
  ScriptTimeoutError,
  TokenStoreError,
  MaxRecordsExceededError,
  BulkJobError,
} from './core/errors.js';
export type { ForcelinkErrorCode, SalesforceErrorItem, ApiErrorOptions } from './core/errors.js';
export type { RedactedRequest } from './core/redact.js';

// Shared types
export type {
  TokenSet,
  TokenStore,
  HttpMethod,
  HeaderMap,
  JsonValue,
  RecordAttributes,
  SalesforceRecord,
  SaveError,
  SaveResult,
  QueryResult,
} from './core/types.js';
