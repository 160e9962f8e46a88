import { ValidationError } from '../core/errors.js';
import type { HeaderMap } from '../core/types.js';
import { assertNamespace } from './namespace.js';
import { singleHeader } from './safe.js';

/**
 * Options of {@link callOptions}.
 *
 * @example
 * ```ts
 * const opts: CallOptionsHeader = { client: 'acme-etl', defaultNamespace: 'battle' };
 * callOptions(opts);
 * ```
 */
export interface CallOptionsHeader {
  /** Identifies your integration in Salesforce's logs (event log files). */
  client?: string;
  /** Namespace prefix used to resolve un-prefixed managed-package names (not supported by Bulk API). */
  defaultNamespace?: string;
}

/** Printable text without the header's own separators (`;` `,` `=`) or surrounding spaces. */
const CLIENT = /^[^\s;,=\x00-\x1f\x7f](?:[^;,=\x00-\x1f\x7f]*[^\s;,=\x00-\x1f\x7f])?$/;

/**
 * `Sforce-Call-Options`: names the client in Salesforce's logs and sets a default namespace for
 * sObject, query and search requests. Written with `; ` between the fields, as Salesforce's current
 * documentation shows.
 *
 * @throws ValidationError when neither field is given, `client` is empty or holds `;`, `,`, `=`
 * or a control character, or `defaultNamespace` is not a namespace prefix.
 * @example
 * ```ts
 * const sf = new SalesforceClient({ tokens, headers: callOptions({ client: 'acme-etl/1.4' }) });
 * callOptions({ client: 'etl', defaultNamespace: 'battle' });
 * // { 'Sforce-Call-Options': 'client=etl; defaultNamespace=battle' }
 * ```
 */
export function callOptions(options: CallOptionsHeader): HeaderMap {
  const parts: string[] = [];
  if (options.client !== undefined) {
    if (typeof options.client !== 'string' || !CLIENT.test(options.client)) {
      throw new ValidationError(
        'callOptions: client must be non-empty text without ";", ",", "=", control characters or surrounding spaces',
      );
    }
    parts.push(`client=${options.client}`);
  }
  if (options.defaultNamespace !== undefined) {
    parts.push(`defaultNamespace=${assertNamespace(options.defaultNamespace, 'callOptions')}`);
  }
  if (parts.length === 0) throw new ValidationError('callOptions: give client, defaultNamespace or both');
  return singleHeader('Sforce-Call-Options', parts.join('; '));
}
