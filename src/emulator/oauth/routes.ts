/**
 * The OAuth endpoints under `/services/oauth2/`.
 *
 * @module
 */
import type { RequestContext } from '../http/context.js';
import type { Route } from '../http/router.js';
import { authorizeEndpoint } from './authorize.js';
import { introspectEndpoint } from './introspect.js';
import { revokeEndpoint } from './revoke.js';
import { tokenEndpoint } from './token.js';
import { userInfoEndpoint } from './userinfo.js';

/** Routes of the OAuth endpoints. */
export const oauthRoutes: Route<RequestContext>[] = [
  { method: 'GET', path: '/services/oauth2/authorize', handler: authorizeEndpoint },
  { method: 'POST', path: '/services/oauth2/token', handler: tokenEndpoint },
  { method: 'POST', path: '/services/oauth2/revoke', handler: revokeEndpoint },
  { method: 'GET', path: '/services/oauth2/revoke', handler: revokeEndpoint },
  { method: 'POST', path: '/services/oauth2/introspect', handler: introspectEndpoint },
  { method: 'GET', path: '/services/oauth2/userinfo', handler: userInfoEndpoint },
  { method: 'POST', path: '/services/oauth2/userinfo', handler: userInfoEndpoint },
];
