import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { assertNamespace } from './namespace.js';
import { singleHeader } from './safe.js';

const VERSION = /^\d{1,4}\.\d{1,4}$/;

/**
 * `x-sfdc-packageversion-<namespace>`: which installed version of a managed package the request
 * should behave as (describe, sObject rows, query, search, Apex REST).
 *
 * @throws ValidationError when `namespace` is not a namespace prefix or `version` is not like `1.0`.
 * @example
 * ```ts
 * await sf.apex.get('/battle/stats', undefined, { headers: packageVersion('battle', '2.3') });
 * packageVersion('battle', '12.34'); // { 'x-sfdc-packageversion-battle': '12.34' }
 * ```
 */
export function packageVersion(namespace: string, version: string): HeaderMap {
  const ns = assertNamespace(namespace, 'packageVersion');
  if (typeof version !== 'string' || !VERSION.test(version)) {
    throw new ValidationError(`packageVersion: version must look like 1.0 or 12.34, got ${JSON.stringify(String(version).slice(0, 20))}`);
  }
  return singleHeader(`x-sfdc-packageversion-${ns}`, version);
}
