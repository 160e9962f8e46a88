/**
 * The identity service: `GET /id/<orgId>/<userId>` (the `id` of a token response) and the
 * documents it and `/services/oauth2/userinfo` return. A missing or dead token is a plain-text
 * `403 Missing_OAuth_Token` / `Bad_OAuth_Token` (the identity service does not answer 401, see
 * jsforce#736); an unknown org or user is `404 Bad_Id`.
 *
 * @module
 */
import { isSalesforceId, toId18 } from '../../soql/ids.js';
import { bearerToken, type RequestContext } from '../http/context.js';
import { json, text, type Reply } from '../http/reply.js';
import type { Route } from '../http/router.js';
import type { Org } from '../org.js';
import type { Session } from '../tokens.js';
import type { UserAccount } from '../users.js';

/** The session of the request's Bearer token (or `oauth_token` parameter), or the 403 to send. */
export function bearerSession(ctx: RequestContext): Session | Reply {
  const token = bearerToken(ctx) ?? ctx.query.get('oauth_token');
  if (!token) return text(403, 'Missing_OAuth_Token');
  return ctx.org.tokens.useSession(token) ?? text(403, 'Bad_OAuth_Token');
}

/** The `urls` block of identity documents (with `{version}` replaced when a version is given). */
function identityUrls(org: Org, user: UserAccount, version: string | null): Record<string, string> {
  const base = org.baseUrl;
  const org15 = org.defaults.orgId.slice(0, 15);
  const v = version ?? '{version}';
  const data = `${base}/services/data/v${v}`;
  return {
    enterprise: `${base}/services/Soap/c/${v}/${org15}`,
    metadata: `${base}/services/Soap/m/${v}/${org15}`,
    partner: `${base}/services/Soap/u/${v}/${org15}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${base}/services/Soap/T/${v}/${org15}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${base}/${user.id}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: base,
  };
}

function profile(org: Org, user: UserAccount) {
  const r = user.record;
  const photos = { picture: `${org.baseUrl}/profilephoto/005/F`, thumbnail: `${org.baseUrl}/profilephoto/005/T` };
  return {
    name: r.Name as string, email: r.Email as string, firstName: (r.FirstName as string | undefined) ?? null,
    lastName: r.LastName as string, timezone: r.TimeZoneSidKey as string, nickname: user.username.split('@')[0] as string,
    active: r.IsActive !== false, photos, modified: r.LastModifiedDate as string,
  };
}

/** The identity URL document of `user`. */
export function identityDocument(org: Org, user: UserAccount, version: string | null): Record<string, unknown> {
  const p = profile(org, user);
  return {
    id: org.identityUrl(user.id), asserted_user: true, user_id: user.id, organization_id: org.defaults.orgId,
    username: user.username, nick_name: p.nickname, display_name: p.name, email: p.email, email_verified: true,
    first_name: p.firstName, last_name: p.lastName, timezone: p.timezone, photos: p.photos,
    addr_street: null, addr_city: null, addr_state: null, addr_country: null, addr_zip: null,
    mobile_phone: null, mobile_phone_verified: false, is_lightning_login_user: false,
    status: { created_date: null, body: null }, urls: identityUrls(org, user, version), active: p.active,
    user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: -28800000,
    last_modified_date: p.modified, is_app_installed: true,
  };
}

/** The OpenID Connect userinfo document of `user`. */
export function userInfoDocument(org: Org, user: UserAccount): Record<string, unknown> {
  const p = profile(org, user);
  return {
    sub: org.identityUrl(user.id), user_id: user.id, organization_id: org.defaults.orgId,
    preferred_username: user.username, nickname: p.nickname, name: p.name, email: p.email, email_verified: true,
    given_name: p.firstName, family_name: p.lastName, zoneinfo: p.timezone, photos: p.photos,
    profile: `${org.baseUrl}/${user.id}`, picture: p.photos.picture, address: {},
    is_salesforce_integration_user: false, urls: identityUrls(org, user, null), active: p.active,
    user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: -28800000,
    updated_at: p.modified, is_app_installed: true,
  };
}

/** `GET /id/:orgId/:userId`. */
export const identityRoutes: Route<RequestContext>[] = [{
  method: 'GET',
  path: '/id/:orgId/:userId',
  handler(ctx) {
    const session = bearerSession(ctx);
    if (!('userId' in session)) return session;
    const { org, params } = ctx;
    const user = isSalesforceId(params.userId) ? org.users.get(toId18(params.userId)) : undefined;
    const sameOrg = isSalesforceId(params.orgId) && toId18(params.orgId) === org.defaults.orgId;
    if (!sameOrg || !user) return text(404, 'Bad_Id');
    return json(200, identityDocument(org, user, ctx.query.get('version')));
  },
}];
