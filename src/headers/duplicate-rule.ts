import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { singleHeader } from './safe.js';

/**
 * Options of {@link duplicateRuleHeader}; Salesforce treats each missing one as `false`.
 *
 * @example
 * ```ts
 * const opts: DuplicateRuleOptions = { allowSave: true, includeRecordDetails: true };
 * duplicateRuleHeader(opts);
 * ```
 */
export interface DuplicateRuleOptions {
  /** Save the record even though a duplicate rule with an alert action fired. */
  allowSave?: boolean;
  /** Return the fields of the matching duplicate records. */
  includeRecordDetails?: boolean;
  /** Run the duplicate rules with the sharing of the current user. */
  runAsCurrentUser?: boolean;
}

const KEYS = ['allowSave', 'includeRecordDetails', 'runAsCurrentUser'] as const;

/**
 * `Sforce-Duplicate-Rule-Header` (API v52.0+): how duplicate rules treat a create, update or upsert.
 * Only the options you give are written, in a fixed order.
 *
 * @throws ValidationError when no option is given or one is not a boolean.
 * @example
 * ```ts
 * await sf.sobject('Lead').create(lead, { headers: duplicateRuleHeader({ allowSave: true }) });
 * duplicateRuleHeader({ allowSave: true, includeRecordDetails: false });
 * // { 'Sforce-Duplicate-Rule-Header': 'allowSave=true; includeRecordDetails=false' }
 * ```
 */
export function duplicateRuleHeader(options: DuplicateRuleOptions): HeaderMap {
  const parts: string[] = [];
  for (const key of KEYS) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw new ValidationError(`duplicateRuleHeader: ${key} must be a boolean`);
    parts.push(`${key}=${value}`);
  }
  if (parts.length === 0) {
    throw new ValidationError('duplicateRuleHeader: give at least one of allowSave, includeRecordDetails, runAsCurrentUser');
  }
  return singleHeader('Sforce-Duplicate-Rule-Header', parts.join('; '));
}
