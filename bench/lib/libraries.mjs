/**
 * The three clients as a user would set them up, from a token the bench server minted:
 * forcelink (built package in dist/), jsforce 3.10.16, and axios with its defaults.
 */
import { createRequire } from 'node:module';
import { distUrl } from './dist.mjs';

const require = createRequire(import.meta.url);

/** forcelink's public entry points, from the built package. */
export function loadForcelink() {
  return import(distUrl('index.js'));
}

/** A forcelink TokenSet from the token endpoint's answer. */
export function tokenSet(raw) {
  return {
    accessToken: raw.access_token,
    refreshToken: raw.refresh_token,
    instanceUrl: raw.instance_url,
    id: raw.id,
    issuedAt: Number(raw.issued_at),
    scope: raw.scope,
    tokenType: raw.token_type ?? 'Bearer',
    signature: raw.signature,
  };
}

/**
 * A forcelink client with a TokenManager (refresh on expiry and on 401), as documented.
 * `manager` adds TokenManager options (e.g. `sessionTimeoutMs`); `client` adds client options;
 * `oauth` adds OAuth2 options.
 */
export async function forcelinkClient(job, { manager = {}, client = {}, oauth: oauthOptions = {} } = {}) {
  const { OAuth2, TokenManager, SalesforceClient } = await loadForcelink();
  const { loginUrl, clientId, clientSecret, redirectUri } = job.server;
  const oauth = new OAuth2({ loginUrl, clientId, clientSecret, redirectUri, ...oauthOptions });
  const tokens = new TokenManager({ oauth, token: tokenSet(job.token), ...manager });
  return { sf: new SalesforceClient({ tokens, ...client }), tokens };
}

/**
 * An axios instance on forcelink's `nodeHttpAdapter` (from `forcelink/node`), to pass as the
 * client's `httpClient`.
 */
export async function nodeAdapterHttpClient() {
  const { nodeHttpAdapter } = await import(distUrl('node.js'));
  return (await loadAxios()).create({ adapter: nodeHttpAdapter() });
}

/** The jsforce module (CommonJS). */
export function loadJsforce() {
  return require('jsforce');
}

/** A jsforce Connection with OAuth2 and a refresh token, the way its docs set up refresh. */
export function jsforceConnection(job, jsforce = loadJsforce()) {
  const { loginUrl, clientId, clientSecret, redirectUri } = job.server;
  return new jsforce.Connection({
    oauth2: { loginUrl, clientId, clientSecret, redirectUri },
    instanceUrl: job.token.instance_url,
    accessToken: job.token.access_token,
    refreshToken: job.token.refresh_token,
    version: job.apiVersion,
  });
}

/** axios as imported, with its default settings (redirect following included). */
export async function loadAxios() {
  return (await import('axios')).default;
}
