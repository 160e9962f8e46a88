/**
 * OAuth scopes: what the connected app grants for a request, and whether a grant may carry a
 * refresh token.
 *
 * @module
 */
import { OAuthFailure } from '../http/errors.js';
import type { Org } from '../org.js';

const REFRESH_SCOPES = ['refresh_token', 'offline_access'];

/**
 * The scopes granted for `requested` (space-separated): those the app has, in the app's order —
 * all of them when nothing is asked. `offline_access` is Salesforce's synonym of `refresh_token`
 * (one connected-app scope, "Perform requests at any time"). Asking for a scope the app lacks is
 * `invalid_scope`.
 */
export function grantScopes(org: Org, requested: string | null | undefined): string {
  const available = org.options.scopes;
  if (!requested?.trim()) return available.join(' ');
  const asked = requested.trim().split(/\s+/).map((scope) => (scope === 'offline_access' ? 'refresh_token' : scope));
  if (asked.some((scope) => !available.includes(scope))) throw new OAuthFailure('invalid_scope', 'the requested scope is not allowed');
  return available.filter((scope) => asked.includes(scope)).join(' ');
}

/** Whether these scopes allow a refresh token. */
export function allowsRefresh(scope: string): boolean {
  return scope.split(' ').some((s) => REFRESH_SCOPES.includes(s));
}

/** `scope` without the given scopes. */
export function withoutScopes(scope: string, removed: readonly string[]): string {
  return scope.split(' ').filter((s) => s !== '' && !removed.includes(s)).join(' ');
}
