/**
 * Salesforce record IDs: 15-character case-sensitive or 18-character with a checksum suffix.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character checksum Salesforce appends to a 15-character ID. */
function checksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * True if `value` is a well-formed 15- or 18-character Salesforce ID (an 18-character one must
 * carry the right checksum for its first 15 characters).
 *
 * @example
 * ```ts
 * isSalesforceId('001D000000IqhSLIAZ'); // true
 * isSalesforceId('001D000000IqhSLIAA'); // false: wrong checksum
 * ```
 */
export function isSalesforceId(value: unknown): value is string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) return false;
  return value.length === 15 || checksum(value.slice(0, 15)) === value.slice(15).toUpperCase();
}

/**
 * The 18-character form of a 15- or 18-character ID.
 *
 * @throws ValidationError when `id` is not a Salesforce ID.
 * @example
 * ```ts
 * toId18('001D000000IqhSL'); // '001D000000IqhSLIAZ'
 * ```
 */
export function toId18(id: string): string {
  if (!isSalesforceId(id)) throw new ValidationError(`not a Salesforce ID: ${JSON.stringify(String(id).slice(0, 40))}`);
  return id.length === 18 ? id.slice(0, 15) + id.slice(15).toUpperCase() : id + checksum(id);
}

/**
 * The 3-character key prefix that names the object type (`001` Account, `00Q` Lead, …).
 *
 * @example
 * ```ts
 * keyPrefix('00Q5g00000AbCdEFGH'); // '00Q'
 * ```
 */
export function keyPrefix(id: string): string {
  if (!isSalesforceId(id)) throw new ValidationError(`not a Salesforce ID: ${JSON.stringify(String(id).slice(0, 40))}`);
  return id.slice(0, 3);
}
