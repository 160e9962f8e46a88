/**
 * Shared set-up for integration tests: an emulator on loopback, the web-server flow without a
 * browser, and clients wired to it.
 */
import axios from 'axios';
import { OAuth2, type OAuth2Options } from '../../src/auth/oauth2.js';
import { TokenManager, type TokenManagerOptions } from '../../src/auth/token-manager.js';
import { SalesforceClient, type SalesforceClientOptions } from '../../src/client.js';
import type { TokenSet } from '../../src/core/types.js';
import { SalesforceEmulator } from '../../src/emulator/index.js';

export type Org = Awaited<ReturnType<typeof SalesforceEmulator.start>>;
export type EmulatorOptions = NonNullable<Parameters<typeof SalesforceEmulator.start>[0]>;

export function startOrg(options: EmulatorOptions = {}): Promise<Org> {
  return SalesforceEmulator.start({ seed: 'tests', ...options });
}

export function oauthFor(org: Org, options: Partial<OAuth2Options> = {}): OAuth2 {
  return new OAuth2({ clientId: org.clientId, clientSecret: org.clientSecret, redirectUri: org.redirectUri, loginUrl: org.loginUrl, ...options });
}

/** The web-server flow with PKCE, following the authorize redirect instead of a browser. */
export async function authorize(org: Org, oauth = oauthFor(org), params: { loginHint?: string } = {}): Promise<TokenSet> {
  const { url, state, codeVerifier } = await oauth.authorizeUrl(params);
  const approval = await axios.get(url, { maxRedirects: 0, validateStatus: () => true });
  if (approval.status !== 302) throw new Error(`authorize answered ${approval.status}: ${JSON.stringify(approval.data)}`);
  const callback = new URL(String(approval.headers.location));
  const denied = callback.searchParams.get('error');
  if (denied) throw new Error(`authorize refused: ${denied} (${callback.searchParams.get('error_description')})`);
  if (callback.searchParams.get('state') !== state) throw new Error('state mismatch');
  return oauth.exchangeCode(callback.searchParams.get('code')!, { codeVerifier });
}

/** A client with a token manager over a fresh authorization. */
export async function connect(
  org: Org,
  options: { client?: Partial<SalesforceClientOptions>; tokens?: Partial<TokenManagerOptions>; oauth?: Partial<OAuth2Options> } = {},
): Promise<{ sf: SalesforceClient; tokens: TokenManager; oauth: OAuth2; token: TokenSet }> {
  const oauth = oauthFor(org, options.oauth);
  const token = await authorize(org, oauth);
  const tokens = new TokenManager({ oauth, token, ...options.tokens });
  const sf = new SalesforceClient({ tokens, retry: { minDelayMs: 1, maxDelayMs: 5 }, ...options.client });
  return { sf, tokens, oauth, token };
}

/** How many token-endpoint requests of a grant type the org has seen. */
export function tokenCalls(org: Org, grant = 'refresh_token'): number {
  return org.tokenRequests.byGrantType[grant] ?? 0;
}
