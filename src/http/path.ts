/**
 * Safe REST paths: every value placed in a path is validated and percent-encoded as one segment,
 * so an ID or name taken from user input can never climb (`..`), add a query (`?`) or a fragment
 * (`#`), or split into more segments (`/`).
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { isSalesforceId } from '../soql/ids.js';
import { isApiName, isFieldPath } from '../soql/soql.js';

/**
 * A value that may fill one path segment.
 *
 * @example
 * ```ts
 * const segments: PathValue[] = ['sobjects', 'Lead', id];
 * apiPath('62.0', ...segments);
 * ```
 */
export type PathValue = string | number;

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/**
 * One path segment: validated, then encoded with `encodeURIComponent`.
 *
 * Refused: non-strings (finite numbers are allowed), the empty string, `.` and `..`, and values
 * holding `/`, `?`, `#`, a control character, a lone UTF-16 surrogate, or leading or trailing
 * whitespace. Spaces inside a value (an external ID such as `ACME 42`) are encoded as `%20`.
 *
 * @throws ValidationError
 * @example
 * ```ts
 * encodePathSegment('ACME 42/7'); // ValidationError: "/" would split the segment
 * encodePathSegment('ACME 42');   // 'ACME%2042'
 * ```
 */
export function encodePathSegment(value: PathValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(`path: cannot use the number ${value} as a path segment`);
    return encodeURIComponent(String(value));
  }
  if (typeof value !== 'string') {
    throw new ValidationError(`path: a path segment must be a string or a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (value === '' || value === '.' || value === '..') {
    throw new ValidationError(`path: ${value === '' ? 'an empty value' : `"${value}"`} cannot be a path segment`);
  }
  if (value.trim() !== value) throw new ValidationError('path: a path segment may not start or end with whitespace');
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      throw new ValidationError(`path: a path segment may not hold a control character (code ${hex(code)} at index ${i})`);
    }
    if (code === 0x2f || code === 0x3f || code === 0x23) {
      throw new ValidationError(`path: a path segment may not hold "${String.fromCharCode(code)}" (index ${i})`);
    }
  }
  try {
    return encodeURIComponent(value);
  } catch (error) {
    throw new ValidationError('path: a path segment holds a lone UTF-16 surrogate', { cause: error });
  }
}

/**
 * Tagged template for REST paths: the template text is kept as written, and each `${value}` is
 * one encoded segment (see {@link encodePathSegment}).
 *
 * @throws ValidationError for a value that cannot be a single segment.
 * @example
 * ```ts
 * const url = path`/services/data/v62.0/sobjects/${type}/${id}`;
 * path`/sobjects/Account/External_Id__c/${'ACME 42'}`; // '/sobjects/Account/External_Id__c/ACME%2042'
 * path`/sobjects/${'../../limits'}`;                   // ValidationError
 * ```
 */
export function path(strings: TemplateStringsArray, ...values: PathValue[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += encodePathSegment(values[i] as PathValue) + (strings[i + 1] ?? '');
  return out;
}

/**
 * `/services/data/v<version>/<segment>/…` with every segment encoded (see {@link encodePathSegment}).
 *
 * @throws ValidationError for a bad API version or segment.
 * @example
 * ```ts
 * apiPath('62.0', 'sobjects', 'Lead', id);  // '/services/data/v62.0/sobjects/Lead/00Q…'
 * apiPath('v62.0');                          // '/services/data/v62.0'
 * ```
 */
export function apiPath(version: string | number, ...segments: PathValue[]): string {
  const base = `/services/data/v${assertApiVersion(version)}`;
  return segments.length === 0 ? base : `${base}/${segments.map(encodePathSegment).join('/')}`;
}

const API_VERSION = /^v?([1-9]\d{0,2})\.(\d)$/;

/**
 * Returns a REST API version in `62.0` form. Accepts `'62.0'`, `'v62.0'` and the integer `62`.
 *
 * @throws ValidationError for anything else.
 * @example
 * ```ts
 * assertApiVersion('v62.0'); // '62.0'
 * assertApiVersion(62);      // '62.0'
 * ```
 */
export function assertApiVersion(version: string | number): string {
  if (typeof version === 'number' && Number.isInteger(version) && version >= 1 && version <= 999) return `${version}.0`;
  const match = typeof version === 'string' ? API_VERSION.exec(version) : null;
  if (!match) throw new ValidationError(`not an API version like 62.0: ${JSON.stringify(String(version).slice(0, 20))}`);
  return `${match[1]}.${match[2]}`;
}

/**
 * Returns `name` if it is an sObject API name: `Account`, `Invoice__c`, `ns__Invoice__c`,
 * `Setting__mdt`, `Alert__e`; letters, digits and single underscores, at most 80 characters.
 *
 * @throws ValidationError for anything else.
 * @example
 * ```ts
 * assertSObjectName('ns__Invoice__c'); // 'ns__Invoice__c'
 * assertSObjectName('Lead/../limits');  // ValidationError
 * ```
 */
export function assertSObjectName(name: string): string {
  if (!isApiName(name)) throw new ValidationError(`not an sObject name: ${JSON.stringify(String(name).slice(0, 90))}`);
  return name;
}

/**
 * Returns `name` if it is a field API name (same rules as {@link assertSObjectName}). With
 * `{ relationship: true }` a dotted relationship path such as `Account.Owner.Name` is allowed too.
 *
 * @throws ValidationError for anything else.
 * @example
 * ```ts
 * assertFieldName('External_Id__c');                            // 'External_Id__c'
 * assertFieldName('Owner.Name', { relationship: true });        // 'Owner.Name'
 * assertFieldName('Owner.Name');                                // ValidationError
 * ```
 */
export function assertFieldName(name: string, options: { relationship?: boolean } = {}): string {
  const ok = options.relationship ? isFieldPath(name) : isApiName(name);
  if (!ok) throw new ValidationError(`not a field name: ${JSON.stringify(String(name).slice(0, 90))}`);
  return name;
}

/**
 * Returns `id` if it is a 15- or 18-character Salesforce record ID (an 18-character one with the
 * right checksum). The ID is returned unchanged; Salesforce accepts both forms.
 *
 * @throws ValidationError for anything else.
 * @example
 * ```ts
 * assertRecordId('001D000000IqhSLIAZ'); // '001D000000IqhSLIAZ'
 * assertRecordId('001D000000IqhSLIAA'); // ValidationError: bad checksum
 * ```
 */
export function assertRecordId(id: string): string {
  if (!isSalesforceId(id)) throw new ValidationError(`not a Salesforce record ID: ${JSON.stringify(String(id).slice(0, 40))}`);
  return id;
}
