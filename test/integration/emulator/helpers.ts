/**
 * Helpers for the emulator's integration tests: plain `fetch` over loopback.
 */
import { SalesforceEmulator, type EmulatorOptions } from '../../../src/emulator/index.js';

export const V = '62.0';

/** Starts an org; the caller closes it. */
export function startOrg(options: EmulatorOptions = {}): Promise<SalesforceEmulator> {
  return SalesforceEmulator.start(options);
}

/** POSTs a form to an OAuth endpoint. */
export async function postForm(org: SalesforceEmulator, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${org.loginUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return parse(res);
}

/** A JSON REST call with a Bearer token; `path` is relative to `/services/data/v62.0`. */
export async function rest(
  org: SalesforceEmulator,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${org.instanceUrl}/services/data/v${V}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return parse(res);
}

/** Status, headers, raw text and parsed JSON body (typed loosely: tests assert on it). */
async function parse(res: Response) {
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions index freely into bodies
  const body: any = text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, body };
}

/** An access token of the default user. */
export function accessToken(org: SalesforceEmulator): string {
  return org.issueTokens({ refreshToken: false }).access_token;
}
