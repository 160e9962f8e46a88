import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { singleHeader } from './safe.js';

/**
 * `Sforce-Mru` (API v60.0+): whether a request updates the user's most-recently-used list.
 * Salesforce's default is `true` for sObject requests (queries never update it).
 *
 * @throws ValidationError when `updateMru` is not a boolean.
 * @example
 * ```ts
 * await sf.sobject('Account').retrieve(id, { headers: mru({ updateMru: false }) });
 * mru({ updateMru: true }); // { 'Sforce-Mru': 'updateMru=true' }
 * ```
 */
export function mru(options: { updateMru: boolean }): HeaderMap {
  if (typeof options.updateMru !== 'boolean') throw new ValidationError('mru: updateMru must be a boolean');
  return singleHeader('Sforce-Mru', `updateMru=${options.updateMru}`);
}
