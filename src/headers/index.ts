/**
 * Header helpers: one function per Salesforce request header, each returning a plain, validated
 * header object to pass as `opts.headers` (combine several with `mergeHeaders`), plus the
 * `Sforce-Limit-Info` parser. Pure, no I/O.
 *
 * @module
 */
export { autoAssign } from './auto-assign.js';
export { callOptions, type CallOptionsHeader } from './call-options.js';
export { queryOptions } from './query-options.js';
export { duplicateRuleHeader, type DuplicateRuleOptions } from './duplicate-rule.js';
export { mru } from './mru.js';
export { ifModifiedSince } from './if-modified-since.js';
export { ifUnmodifiedSince } from './if-unmodified-since.js';
export { ifMatch } from './if-match.js';
export { ifNoneMatch } from './if-none-match.js';
export { packageVersion } from './package-version.js';
export { mergeHeaders, type HeaderSet } from './merge-headers.js';
export { assertSafeHeaders, assertSafeHeaderValue } from './safe.js';
export { parseLimitInfo, type LimitInfo, type LimitUsage, type PerAppLimitUsage } from './limit-info.js';
