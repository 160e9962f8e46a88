import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../../src/core/errors.js';
import type { TokenSet } from '../../../src/core/types.js';
import { oauthContext, recordingEnv } from './context.js';
import { useScripts } from './scripts.js';

const compile = useScripts();
const env = recordingEnv();

const token: TokenSet = {
  accessToken: '00Dxx0000001gPL!AQ4AQToken',
  refreshToken: '5Aep861Refresh',
  instanceUrl: 'https://acme.my.salesforce.com',
  issuedAt: 1_700_000_000_000,
  tokenType: 'Bearer',
  scope: 'api refresh_token',
};

describe('OAuth events', () => {
  it('before_oauth2_authorise: adds a query parameter and sees the authorize URL', async () => {
    const script = await compile(`function before_oauth2_authorise() {
      method_request.prompt = 'consent';
      method_request.seen = method_endpoint;
      return true;
    }`);
    const ctx = oauthContext({ kind: 'authorize', endpoint: 'https://login.salesforce.com/services/oauth2/authorize', parameters: { client_id: 'abc' } });
    await script.beforeOAuth2Authorise?.(ctx, env);
    expect(ctx.parameters).toEqual({ client_id: 'abc', prompt: 'consent', seen: 'https://login.salesforce.com/services/oauth2/authorize' });
  });

  it('before_oauth2_token and before_oauth2_refresh: change form parameters, headers and endpoint', async () => {
    const script = await compile(`
      function before_oauth2_token() {
        method_request.format = 'json';
        method_request_headers['X-Tenant'] = script_parameters.tenant;
        return true;
      }
      function before_oauth2_refresh() {
        delete method_request.scope;
        method_endpoint = 'https://test.salesforce.com/services/oauth2/token';
        return true;
      }`, { scriptParameters: { tenant: 't1' } });
    const tokenCtx = oauthContext();
    const parameters = tokenCtx.parameters;
    await script.beforeOAuth2Token?.(tokenCtx, env);
    expect(tokenCtx.parameters).toBe(parameters);
    expect(tokenCtx.parameters).toEqual({ grant_type: 'authorization_code', code: 'abc', format: 'json' });
    expect(tokenCtx.requestHeaders['X-Tenant']).toBe('t1');
    const refreshCtx = oauthContext({ kind: 'refresh', parameters: { grant_type: 'refresh_token', scope: 'api' } });
    await script.beforeOAuth2Refresh?.(refreshCtx, env);
    expect(refreshCtx.parameters).toEqual({ grant_type: 'refresh_token' });
    expect(refreshCtx.endpoint).toBe('https://test.salesforce.com/services/oauth2/token');
  });

  it('after_oauth2_token and after_oauth2_refresh: read and adjust the token set', async () => {
    const script = await compile(`
      function after_oauth2_token() {
        method_response.scope = method_response.scope + ' web';
        return true;
      }
      function after_oauth2_refresh() {
        method_response = { accessToken: method_response.accessToken, instanceUrl: 'https://other.my.salesforce.com',
          issuedAt: method_response.issuedAt, tokenType: 'Bearer' };
        return true;
      }`);
    const tokenCtx = oauthContext({ response: { ...token } });
    await script.afterOAuth2Token?.(tokenCtx, env);
    expect(tokenCtx.response).toEqual({ ...token, scope: 'api refresh_token web' });
    const refreshCtx = oauthContext({ kind: 'refresh', response: { ...token } });
    await script.afterOAuth2Refresh?.(refreshCtx, env);
    expect(refreshCtx.response).toEqual({
      accessToken: token.accessToken,
      instanceUrl: 'https://other.my.salesforce.com',
      issuedAt: token.issuedAt,
      tokenType: 'Bearer',
    });
  });

  it('refuses a token set left without an access token', async () => {
    const script = await compile('function after_oauth2_token() { method_response = { broken: true }; return true; }');
    const ctx = oauthContext({ response: { ...token } });
    const error = await script.afterOAuth2Token?.(ctx, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as Error).message).toMatch(/without a string accessToken/);
    expect(ctx.response).toEqual(token);
  });

  it('maps only the OAuth globals: action globals are not defined', async () => {
    const script = await compile(`function before_oauth2_token() {
      method_request.types = [typeof method_request_parameters, typeof action_data, typeof method_error, script_execution_context].join(',');
      return true;
    }`);
    const ctx = oauthContext();
    await script.beforeOAuth2Token?.(ctx, env);
    expect(ctx.parameters.types).toBe('undefined,undefined,undefined,RUNNING_TRANSACTION');
  });
});
