import type { ActionContext, HookEnvironment, HookHttpRequest, HookHttpResponse, OAuthContext } from '../../../src/hooks/types.js';

/** A fresh action context with overridable fields. */
export function actionContext(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    method: 'POST',
    endpoint: '/services/data/v62.0/sobjects/Lead',
    requestHeaders: { 'Content-Type': 'application/json' },
    requestParameters: {},
    request: { LastName: 'Doe', Company: 'Acme' },
    mergefields: {},
    actionData: {},
    operation: 'sobject.create',
    ...overrides,
  };
}

/** A fresh OAuth context with overridable fields. */
export function oauthContext(overrides: Partial<OAuthContext> = {}): OAuthContext {
  return {
    kind: 'token',
    endpoint: 'https://login.salesforce.com/services/oauth2/token',
    parameters: { grant_type: 'authorization_code', code: 'abc' },
    requestHeaders: { 'Content-Type': 'application/x-www-form-urlencoded' },
    ...overrides,
  };
}

/** A HookEnvironment that records requests and answers with `answer` (a plain object, not a mock of axios). */
export function recordingEnv(
  answer: (request: HookHttpRequest) => Promise<HookHttpResponse> | HookHttpResponse = () => ({
    status_code: 200,
    headers: { 'content-type': 'application/json' },
    content: { ok: true },
  }),
): HookEnvironment & { requests: HookHttpRequest[] } {
  const requests: HookHttpRequest[] = [];
  return {
    requests,
    httpRequest: async (request) => {
      requests.push(request);
      return answer(request);
    },
  };
}
