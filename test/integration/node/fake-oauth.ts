/**
 * A stand-in for `OAuth2` in the callback tests: it builds real-looking authorize URLs with S256
 * PKCE, plays the user approving on Salesforce (`approve`), and checks the verifier on exchange,
 * like Salesforce's token endpoint does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { InvalidGrantError, InvalidRequestError } from '../../../src/core/errors.js';
import type { TokenSet } from '../../../src/core/types.js';
import type { AuthorizeUrlResult, OAuth2Like } from '../../../src/node/index.js';

export const ISSUED_TOKEN: TokenSet = {
  accessToken: '00D5g000004Xyz1!AQ8AQJ.fake-access-token-value',
  refreshToken: '5Aep861fake-refresh-token-value',
  instanceUrl: 'https://acme.my.salesforce.com',
  id: 'https://login.salesforce.com/id/00D5g000004Xyz1EAC/0055g00000A1b2cAAB',
  issuedAt: 1_764_500_000_000,
  tokenType: 'Bearer',
};

const challengeOf = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export class FakeOAuth implements OAuth2Like {
  readonly exchanges: Array<{ code: string; codeVerifier?: string }> = [];
  readonly authorizeCalls: Array<Record<string, unknown>> = [];
  readonly #codes = new Map<string, string | undefined>();
  /** When true, authorizeUrl "forgets" to return the verifier (a broken OAuth2). */
  dropVerifier = false;

  constructor(public redirectUri: string) {}

  authorizeUrl(opts: { state?: string; pkce?: boolean; prompt?: string; loginHint?: string; scopes?: string[] } = {}): AuthorizeUrlResult {
    this.authorizeCalls.push({ ...opts });
    const state = opts.state ?? randomBytes(16).toString('base64url');
    const url = new URL('https://login.example.test/services/oauth2/authorize');
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', 'fake-client');
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('state', state);
    if (opts.prompt) url.searchParams.set('prompt', opts.prompt);
    if (opts.pkce === false) return { url: url.href, state };
    const codeVerifier = randomBytes(32).toString('base64url');
    url.searchParams.set('code_challenge', challengeOf(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { url: url.href, state, ...(this.dropVerifier ? {} : { codeVerifier }) };
  }

  /** The user approves on "Salesforce": returns the callback URL Salesforce would redirect to. */
  approve(authorizeUrl: string): string {
    const url = new URL(authorizeUrl);
    const code = `aPrx${randomBytes(12).toString('hex')}`;
    this.#codes.set(code, url.searchParams.get('code_challenge') ?? undefined);
    const callback = new URL(url.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('code', code);
    callback.searchParams.set('state', url.searchParams.get('state') as string);
    return callback.href;
  }

  /** The user clicks Deny. */
  deny(authorizeUrl: string, description = 'end-user denied authorization'): string {
    const url = new URL(authorizeUrl);
    const callback = new URL(url.searchParams.get('redirect_uri') as string);
    callback.searchParams.set('error', 'access_denied');
    callback.searchParams.set('error_description', description);
    callback.searchParams.set('state', url.searchParams.get('state') as string);
    return callback.href;
  }

  async exchangeCode(code: string, opts: { codeVerifier?: string } = {}): Promise<TokenSet> {
    this.exchanges.push({ code, ...opts });
    if (!this.#codes.has(code)) throw new InvalidGrantError('invalid authorization code');
    const challenge = this.#codes.get(code);
    this.#codes.delete(code);
    if (challenge !== undefined && (!opts.codeVerifier || challengeOf(opts.codeVerifier) !== challenge)) {
      throw new InvalidRequestError('invalid code verifier');
    }
    return { ...ISSUED_TOKEN };
  }
}
