/**
 * Connected-app authentication at the OAuth endpoints: `client_id`/`client_secret` form fields or
 * HTTP Basic, with Salesforce's two errors — unknown client (`invalid_client_id`) and wrong or
 * missing secret (`invalid_client`).
 *
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import { header, type InternalRequest } from '../http/context.js';
import { OAuthFailure } from '../http/errors.js';
import type { Org } from '../org.js';

/** The client's claimed identity. */
export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/** Client ID and secret from the form fields, else from an HTTP Basic `Authorization` header. */
export function clientCredentials(ctx: InternalRequest, params: URLSearchParams): ClientCredentials {
  const basic = /^Basic\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
  let fromBasic: string[] = [];
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) fromBasic = [decoded.slice(0, colon), decoded.slice(colon + 1)].map(formDecode);
  }
  return {
    clientId: params.get('client_id') ?? fromBasic[0],
    clientSecret: params.get('client_secret') ?? fromBasic[1],
  };
}

/** `invalid_client_id` "client identifier invalid". */
export function unknownClient(): OAuthFailure {
  return new OAuthFailure('invalid_client_id', 'client identifier invalid');
}

/** `invalid_client` "invalid client credentials". */
export function badClientCredentials(): OAuthFailure {
  return new OAuthFailure('invalid_client', 'invalid client credentials');
}

/** Checks the client: it must be the org's connected app, and the secret right (or absent if optional). */
export function verifyClient(org: Org, credentials: ClientCredentials, secret: 'required' | 'optional'): void {
  if (credentials.clientId !== org.clientId) throw unknownClient();
  const given = credentials.clientSecret;
  if (given === undefined ? secret === 'required' : !sameSecret(given, org.clientSecret)) throw badClientCredentials();
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
