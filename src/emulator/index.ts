/**
 * `forcelink/emulator`: a local Salesforce org for tests, demos and benchmarks.
 *
 * @example
 * ```ts
 * import { SalesforceEmulator } from 'forcelink/emulator';
 * const org = await SalesforceEmulator.start({ seed: 1 });
 * console.log(org.loginUrl, org.clientId);
 * await org.close();
 * ```
 *
 * @module
 */
export { SalesforceEmulator } from './emulator.js';
export type { IssueTokensOptions, TokenRequestCounts } from './emulator.js';
export type { EmulatorOptions, EmulatorUser } from './options.js';
export type { CustomFieldDefinition, CustomObjectDefinition } from './custom-schema.js';
export type { FaultInjector, FaultSpec, InjectedFault } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { ApexHandler, ApexMethod, ApexRegistry, ApexRequest, ApexResponse } from './rest/apex.js';
export type { WireTokenResponse } from './oauth/token-response.js';
export type { FieldSchema, FieldType, ObjectSchema, StoredRecord } from './schema.js';
