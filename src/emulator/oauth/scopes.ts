/**
 * OAuth scopes: what the connected app grants for a request, and whether a grant may carry a
 * refresh token.
 *
 * @module
 */
import { OAuthFailure } from '../http/errors.js';
import type { Org } from '../org.js';

const REFRESH_SCOPES = ['refresh_token', 'offline_access'];

/** The scopes granted for `requested` (space-separated; all of the app's when absent). */
export function grantScopes(org: Org, requested: string | null | undefined): string {
  const available = org.options.scopes;
  if (!requested?.trim()) return available.join(' ');
  const asked = requested.trim().split(/\s+/);
  const granted = available.filter((scope) => asked.includes(scope) || asked.includes('full'));
  if (asked.some((scope) => !available.includes(scope))) throw new OAuthFailure('invalid_scope', 'the requested scope is not allowed');
  return granted.join(' ');
}

/** Whether these scopes allow a refresh token. */
export function allowsRefresh(scope: string): boolean {
  return scope.split(' ').some((s) => REFRESH_SCOPES.includes(s));
}

/** `scope` without the given scopes. */
export function withoutScopes(scope: string, removed: readonly string[]): string {
  return scope.split(' ').filter((s) => s !== '' && !removed.includes(s)).join(' ');
}
