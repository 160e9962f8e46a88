import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { isSalesforceId, toId18 } from '../soql/ids.js';
import { singleHeader } from './safe.js';

/**
 * `Sforce-Auto-Assign`: whether Salesforce runs assignment rules when a Lead, Case or Account is
 * created or updated. `true` (Salesforce's default) runs the active rule, `false` runs none, and an
 * AssignmentRule ID (key prefix `01Q`) runs that rule; IDs are sent in their 18-character form.
 *
 * @throws ValidationError for anything but a boolean or an AssignmentRule ID.
 * @example
 * ```ts
 * await sf.sobject('Lead').create(lead, { headers: autoAssign(false) });
 * autoAssign(true);                 // { 'Sforce-Auto-Assign': 'TRUE' }
 * autoAssign('01Q5g000000abcdEAA'); // { 'Sforce-Auto-Assign': '01Q5g000000abcdEAA' }
 * ```
 */
export function autoAssign(value: boolean | string): HeaderMap {
  if (typeof value === 'boolean') return singleHeader('Sforce-Auto-Assign', value ? 'TRUE' : 'FALSE');
  if (isSalesforceId(value) && value.startsWith('01Q')) return singleHeader('Sforce-Auto-Assign', toId18(value));
  throw new ValidationError('autoAssign: expected true, false or an AssignmentRule ID (key prefix 01Q)');
}
