/**
 * Namespace prefixes of managed packages (`battle`, `sbqq`, `my_ns`).
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

/** Letters, digits and single inner underscores, starting with a letter; at most 15 characters. */
const NAMESPACE = /^[A-Za-z](?:[A-Za-z0-9]|_(?=[A-Za-z0-9]))*$/;

/** Returns `namespace` if it is a valid namespace prefix, else throws a `ValidationError`. */
export function assertNamespace(namespace: unknown, where: string): string {
  if (typeof namespace !== 'string' || namespace.length > 15 || !NAMESPACE.test(namespace)) {
    throw new ValidationError(`${where}: not a namespace prefix: ${JSON.stringify(String(namespace).slice(0, 40))}`);
  }
  return namespace;
}
