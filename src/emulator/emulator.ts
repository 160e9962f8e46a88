/**
 * `SalesforceEmulator`: a local Salesforce org over real HTTP — OAuth endpoints, REST sObjects,
 * describe, limits and SOQL — speaking Salesforce's wire format, with fault injection and a
 * request log for tests.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { EmulatorApp } from './app.js';
import { FaultInjector } from './faults.js';
import type { ObjectModel } from './catalog.js';
import { importJwtKey } from './oauth/grants/jwt-bearer.js';
import { issueTokens, requireActive } from './oauth/issue.js';
import type { WireTokenResponse } from './oauth/token-response.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { Org } from './org.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import type { ApexRegistry } from './rest/apex.js';
import { routes } from './routes.js';
import type { StoredRecord } from './schema.js';
import { EmulatorServer } from './server.js';

/**
 * Token endpoint requests so far.
 *
 * @example
 * ```ts
 * expect(org.tokenRequests.byGrantType.refresh_token).toBe(1);
 * ```
 */
export interface TokenRequestCounts {
  total: number;
  /** Keyed by the raw `grant_type` (`refresh_token`, `urn:ietf:params:oauth:grant-type:jwt-bearer`, …). */
  byGrantType: Record<string, number>;
}

/**
 * Options of {@link SalesforceEmulator.issueTokens}.
 *
 * @example
 * ```ts
 * org.issueTokens({ username: 'ada@example.com', refreshToken: false });
 * ```
 */
export interface IssueTokensOptions {
  /** Default: the default user. */
  username?: string;
  /** Issue a refresh token too (counts toward the pair limit). Default true. */
  refreshToken?: boolean;
}

/**
 * A local Salesforce org. Every option has a default; the same `seed` gives the same client
 * credentials, tokens and record IDs.
 *
 * @example
 * ```ts
 * const org = await SalesforceEmulator.start();
 * const token = org.issueTokens();
 * const res = await fetch(`${org.instanceUrl}/services/data/v62.0/sobjects/Lead/`, {
 *   method: 'POST',
 *   headers: { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' },
 *   body: JSON.stringify({ LastName: 'Lovelace', Company: 'Analytical Engines' }),
 * });
 * await org.close();
 * ```
 */
export class SalesforceEmulator {
  private constructor(
    private readonly org: Org,
    private readonly server: EmulatorServer,
    private readonly log: RequestLog,
    /** Fault injection: `org.faults.inject({ path: '/query', status: 503 })`. */
    readonly faults: FaultInjector,
    /** The port the org listens on. */
    readonly port: number,
  ) {}

  /**
   * Starts an org and its HTTP server.
   *
   * @example
   * ```ts
   * const org = await SalesforceEmulator.start({ seed: 42, refreshTokenRotation: true });
   * ```
   */
  static async start(options: EmulatorOptions = {}): Promise<SalesforceEmulator> {
    const resolved = resolveOptions(options);
    const org = new Org(resolved);
    if (resolved.jwtPublicKey !== undefined) org.jwtKey = await importJwtKey(resolved.jwtPublicKey);
    const log = new RequestLog(resolved.requestLogLimit);
    const faults = new FaultInjector();
    const server = new EmulatorServer(new EmulatorApp(org, routes), faults, log, resolved.maxBodyBytes);
    const port = await server.listen(resolved.port, resolved.host);
    const host = resolved.host === '0.0.0.0' || resolved.host === '::' ? '127.0.0.1' : resolved.host;
    org.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new SalesforceEmulator(org, server, log, faults, port);
  }

  /** Where OAuth requests go (`/services/oauth2/…`). */
  get loginUrl(): string {
    return this.org.baseUrl;
  }

  /** Where REST requests go (`/services/data/…`); the `instance_url` of token responses. */
  get instanceUrl(): string {
    return this.org.baseUrl;
  }

  /** The connected app's consumer key. */
  get clientId(): string {
    return this.org.clientId;
  }

  /** The connected app's consumer secret. */
  get clientSecret(): string {
    return this.org.clientSecret;
  }

  /** The connected app's callback URL. */
  get redirectUri(): string {
    return this.org.options.redirectUri;
  }

  /** The org ID (18 characters). */
  get orgId(): string {
    return this.org.defaults.orgId;
  }

  /** The default user's ID. */
  get userId(): string {
    return this.org.defaults.userId;
  }

  /** The queue the active assignment rules give new and updated Leads and Cases. */
  get assignmentQueueId(): string {
    return this.org.defaults.assignmentQueueId;
  }

  /** An inactive Lead assignment rule (`01Q…`) to name in `Sforce-Auto-Assign`; it assigns to {@link priorityQueueId}. */
  get assignmentRuleId(): string {
    return this.org.defaults.assignmentRuleId;
  }

  /** The queue {@link assignmentRuleId} assigns to. */
  get priorityQueueId(): string {
    return this.org.defaults.priorityQueueId;
  }

  /**
   * Apex REST handlers: register what `/services/apexrest/…` answers.
   *
   * @example
   * ```ts
   * org.apex.register('GET', '/Greeting/*', (req) => ({ body: { hello: req.path.split('/')[2] } }));
   * ```
   */
  get apex(): ApexRegistry {
    return this.org.apex;
  }

  /** The request log, oldest first (the last `requestLogLimit` requests). */
  get requests(): RequestLogEntry[] {
    return this.log.list();
  }

  /** Empties the request log. */
  clearRequests(): void {
    this.log.clear();
  }

  /** Token endpoint requests by grant type. */
  get tokenRequests(): TokenRequestCounts {
    const byGrantType = Object.fromEntries(this.org.tokenRequests);
    return { total: Object.values(byGrantType).reduce((a, b) => a + b, 0), byGrantType };
  }

  /** API calls counted today and the daily limit. */
  get apiUsage(): { used: number; max: number } {
    return { used: this.org.usage.used, max: this.org.usage.max };
  }

  /** Every access token stops working now (`401 INVALID_SESSION_ID`); refresh tokens stay valid. */
  expireSessions(): void {
    this.org.tokens.expireSessions();
  }

  /** Every access and refresh token stops working. */
  revokeAll(): void {
    this.org.tokens.revokeAll();
  }

  /**
   * Tokens for a user without the HTTP flow: the token endpoint's JSON (snake_case), as the
   * authorization-code grant returns it.
   *
   * @example
   * ```ts
   * const { access_token, refresh_token } = org.issueTokens({ refreshToken: true });
   * ```
   */
  issueTokens(options: IssueTokensOptions = {}): WireTokenResponse {
    const user = options.username === undefined ? this.org.users.defaultUser : this.org.users.find(options.username);
    if (!user) throw new ValidationError(`no user ${options.username}`);
    requireActive(this.org, user);
    return issueTokens(this.org, user, this.org.options.scopes.join(' '), options.refreshToken ?? true);
  }

  /**
   * Copies of the records of one object (live ones unless `includeDeleted`).
   *
   * @example
   * ```ts
   * const leads = org.records('Lead');
   * ```
   */
  records(objectName: string, options: { includeDeleted?: boolean } = {}): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const record of this.org.store.records(this.model(objectName).name)) {
      if (options.includeDeleted || !record.IsDeleted) out.push({ ...record });
    }
    return out;
  }

  /**
   * Loads records directly (no HTTP, no API usage, no assignment rules), with the same field
   * checks as the REST API; returns their IDs.
   *
   * @example
   * ```ts
   * const [id] = org.insert('Account', [{ Name: 'Acme' }]);
   * ```
   */
  insert(objectName: string, records: Record<string, unknown> | Array<Record<string, unknown>>): string[] {
    const model = this.model(objectName);
    const options = { userId: this.org.defaults.userId, autoAssign: 'FALSE' };
    return (Array.isArray(records) ? records : [records]).map((fields) => this.org.writer.create(model, fields, options).Id);
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    await this.server.close();
  }

  private model(objectName: string): ObjectModel {
    const model = this.org.model(objectName);
    if (!model) throw new ValidationError(`no object ${objectName} in the org`);
    return model;
  }
}
