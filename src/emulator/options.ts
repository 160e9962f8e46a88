/**
 * The emulator's options and their defaults. Every option has a default, and the defaults are
 * deterministic: the same seed gives the same client credentials, tokens and IDs.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { CustomObjectDefinition } from './custom-schema.js';

/**
 * A user of the emulated org.
 *
 * @example
 * ```ts
 * await SalesforceEmulator.start({ users: [{ username: 'ada@example.com', password: 'pw', securityToken: 'TOKEN' }] });
 * ```
 */
export interface EmulatorUser {
  /** Login name, e.g. `ada@example.com` (matched ignoring case). */
  username: string;
  /** For the password grant; default `password`. */
  password?: string;
  /** Appended to the password when given (`password + securityToken` also logs in). */
  securityToken?: string;
  firstName?: string;
  /** Default: derived from the username. */
  lastName?: string;
  /** Default: the username. */
  email?: string;
  /** Inactive users cannot log in (`invalid_grant` / `inactive user`). Default true. */
  active?: boolean;
}

/**
 * Options of {@link SalesforceEmulator.start}.
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = { seed: 7, sessionTimeoutMs: 60_000, refreshTokenRotation: true, apiLimit: 100 };
 * ```
 */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Consumer key of the connected app; default derived from the seed (`3MVG9…`). */
  clientId?: string;
  /** Consumer secret; default derived from the seed (64 hex digits). */
  clientSecret?: string;
  /** The connected app's callback URL; default `http://localhost:1717/connector/callback`. */
  redirectUri?: string;
  /** OAuth scopes the connected app grants; default `['api', 'id', 'web', 'full', 'refresh_token']`. */
  scopes?: string[];
  /** Users; the first is the default user (authorize without `login_hint`, client credentials). */
  users?: EmulatorUser[];
  /** Inactivity timeout of access tokens; default 2 hours. */
  sessionTimeoutMs?: number;
  /** Issue a new refresh token on every refresh and invalidate the old one; default false. */
  refreshTokenRotation?: boolean;
  /** The refresh grant needs the client secret; default true. */
  requireSecretForRefresh?: boolean;
  /** The authorization-code grant needs the client secret; default true (as a new connected app). */
  requireSecretForWebServerFlow?: boolean;
  /** Refresh tokens kept per (user, app); issuing one more revokes the oldest. Default 5. */
  tokenPairLimit?: number;
  /** Daily API request limit; default 15,000. */
  apiLimit?: number;
  /** Seed of every generated credential, token and ID; default `'forcelink'`. */
  seed?: number | string;
  /** Custom objects (`Invoice__c`) and custom fields added to standard objects. */
  schema?: CustomObjectDefinition[];
  /** PEM public key (SPKI) or certificate that verifies JWT bearer assertions (RS256). */
  jwtPublicKey?: string;
  /** Owner (queue or user ID) the default assignment rules give Leads and Cases; default the "Lead Queue". */
  assignmentQueueId?: string;
  /** API versions served, e.g. `['61.0', '62.0']`; default 31.0 through 62.0. */
  apiVersions?: string[];
  /** The clock, in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Largest request body accepted, in bytes; default 100 MiB. */
  maxBodyBytes?: number;
  /** Requests kept in `org.requests`; default 10,000. */
  requestLogLimit?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions extends Required<Omit<EmulatorOptions, 'clientId' | 'clientSecret' | 'jwtPublicKey' | 'assignmentQueueId'>> {
  clientId: string | undefined;
  clientSecret: string | undefined;
  jwtPublicKey: string | undefined;
  assignmentQueueId: string | undefined;
}

/** The default user when `users` is not given. */
export const DEFAULT_USER: EmulatorUser = {
  username: 'admin@forcelink.test',
  password: 'password',
  firstName: 'Ada',
  lastName: 'Admin',
};

const FIRST_VERSION = 31;
const LAST_VERSION = 62;

/** `options` with defaults applied, checked. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri ?? 'http://localhost:1717/connector/callback',
    scopes: options.scopes ?? ['api', 'id', 'web', 'full', 'refresh_token'],
    users: options.users?.length ? options.users : [DEFAULT_USER],
    sessionTimeoutMs: options.sessionTimeoutMs ?? 2 * 60 * 60 * 1000,
    refreshTokenRotation: options.refreshTokenRotation ?? false,
    requireSecretForRefresh: options.requireSecretForRefresh ?? true,
    requireSecretForWebServerFlow: options.requireSecretForWebServerFlow ?? true,
    tokenPairLimit: options.tokenPairLimit ?? 5,
    apiLimit: options.apiLimit ?? 15000,
    seed: options.seed ?? 'forcelink',
    schema: options.schema ?? [],
    jwtPublicKey: options.jwtPublicKey,
    assignmentQueueId: options.assignmentQueueId,
    apiVersions: options.apiVersions ?? defaultVersions(),
    now: options.now ?? Date.now,
    maxBodyBytes: options.maxBodyBytes ?? 100 * 1024 * 1024,
    requestLogLimit: options.requestLogLimit ?? 10000,
  };
  for (const key of ['sessionTimeoutMs', 'tokenPairLimit', 'apiLimit', 'maxBodyBytes', 'requestLogLimit'] as const) {
    if (!(resolved[key] > 0)) throw new ValidationError(`${key} must be a positive number`);
  }
  if (resolved.apiVersions.some((v) => !/^\d+\.\d$/.test(v))) throw new ValidationError('apiVersions look like "62.0"');
  return resolved;
}

function defaultVersions(): string[] {
  const versions: string[] = [];
  for (let v = FIRST_VERSION; v <= LAST_VERSION; v++) versions.push(`${v}.0`);
  return versions;
}
