/**
 * SOQL building and Salesforce record IDs: pure functions, no I/O.
 *
 * @module
 */
export { soql, isSoqlQuery, isApiName, isFieldPath } from './soql.js';
export type { SoqlQuery, SoqlTag, SoqlValue, SoqlScalar, LikeMatch } from './soql.js';
export { toId18, isSalesforceId, keyPrefix } from './ids.js';
