/**
 * One emulated org: its connected app, users, queues, assignment rules, records and tokens, all
 * derived from the seed. Routes receive it as `ctx.org`.
 *
 * @module
 */
import type { CryptoKey } from 'jose';
import { ValidationError } from '../core/errors.js';
import { isSalesforceId, toId18 } from '../soql/ids.js';
import { ApiUsage } from './api-usage.js';
import { AuthorizationCodes } from './auth-codes.js';
import { SchemaCatalog, type ObjectModel } from './catalog.js';
import { withCustomSchema } from './custom-schema.js';
import { IdFactory } from './id-factory.js';
import type { EmulatorUser, ResolvedOptions } from './options.js';
import { BASE62, Prng } from './prng.js';
import { QueryCursors } from './query-cursors.js';
import { AssignmentRules } from './records/assignment.js';
import { RecordWriter } from './records/writer.js';
import { ApexRegistry } from './rest/apex.js';
import { standardObjects } from './seed-schema.js';
import { RecordStore } from './store.js';
import { TokenRegistry } from './tokens.js';
import { UserDirectory, type UserAccount } from './users.js';

/** IDs of the records every org starts with. */
export interface OrgDefaults {
  orgId: string;
  /** The default user (first of `users`). */
  userId: string;
  /** The queue the active assignment rules give Leads and Cases ("Lead Queue" unless configured). */
  assignmentQueueId: string;
  /** An inactive Lead assignment rule, applied when named in `Sforce-Auto-Assign`. */
  assignmentRuleId: string;
  /** The queue that rule assigns to ("Priority Queue"). */
  priorityQueueId: string;
}

/** The whole state of an emulated org. */
export class Org {
  readonly prng: Prng;
  readonly ids: IdFactory;
  readonly catalog: SchemaCatalog;
  readonly store: RecordStore;
  readonly writer: RecordWriter;
  readonly users = new UserDirectory();
  readonly tokens: TokenRegistry;
  readonly codes: AuthorizationCodes;
  readonly usage: ApiUsage;
  readonly cursors: QueryCursors;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly defaults: OrgDefaults;
  /** When the org started (whole seconds): the `Last-Modified` of every describe. */
  readonly startedAt: number;
  /** Serialised describes by version and object (schemas are fixed once the org runs). */
  readonly describeCache = new Map<string, string>();
  /** Token requests by `grant_type`. */
  readonly tokenRequests = new Map<string, number>();
  /** Apex REST handlers registered by tests (`/services/apexrest/…`). */
  readonly apex = new ApexRegistry();
  /** `http://host:port`, the login and instance URL; set once the server listens. */
  baseUrl = '';
  /** The key verifying JWT bearer assertions (from `jwtPublicKey`); set at start. */
  jwtKey: CryptoKey | undefined;
  private readonly assignment = new AssignmentRules();

  constructor(readonly options: ResolvedOptions) {
    this.startedAt = Math.floor(options.now() / 1000) * 1000;
    this.prng = new Prng(options.seed);
    this.ids = new IdFactory(this.prng);
    this.clientId = options.clientId ?? `3MVG9${this.prng.string(80, `${BASE62}._`)}`;
    this.clientSecret = options.clientSecret ?? this.prng.string(64, '0123456789ABCDEF');
    const orgId = this.ids.next('00D');
    this.catalog = new SchemaCatalog(withCustomSchema(standardObjects(), options.schema));
    this.store = new RecordStore(this.catalog);
    const now = () => this.now();
    this.writer = new RecordWriter({ catalog: this.catalog, store: this.store, ids: this.ids, assignment: this.assignment, now });
    this.tokens = new TokenRegistry(this.prng, {
      orgId, sessionTimeoutMs: options.sessionTimeoutMs, tokenPairLimit: options.tokenPairLimit, now,
    });
    this.codes = new AuthorizationCodes(this.prng, now);
    this.usage = new ApiUsage(options.apiLimit);
    this.cursors = new QueryCursors(this.ids, now);
    this.defaults = this.seed(orgId);
  }

  /** The org's clock, in epoch milliseconds. */
  now(): number {
    return this.options.now();
  }

  /** The object called `name` (any case). */
  model(name: string): ObjectModel | undefined {
    return this.catalog.get(name);
  }

  /** The identity URL of a user: `<loginUrl>/id/<orgId>/<userId>`. */
  identityUrl(userId: string): string {
    return `${this.baseUrl}/id/${this.defaults.orgId}/${userId}`;
  }

  private seed(orgId: string): OrgDefaults {
    const [first, ...rest] = this.options.users;
    const admin = this.addUser(first as EmulatorUser, undefined);
    for (const user of rest) this.addUser(user, admin.id);
    const asAdmin = { userId: admin.id, trusted: true, autoAssign: 'FALSE' };
    const group = this.model('Group') as ObjectModel;
    const queue = (name: string) =>
      this.writer.create(group, { Name: name, DeveloperName: name.replace(/ /g, '_'), Type: 'Queue' }, asAdmin).Id;
    const leadQueue = queue('Lead Queue');
    const priorityQueue = queue('Priority Queue');
    const assignmentQueueId = this.configuredQueue() ?? leadQueue;
    const ruleModel = this.model('AssignmentRule') as ObjectModel;
    const rule = (name: string, objectName: string, active: boolean, ownerId: string) => {
      const id = this.writer.create(ruleModel, { Name: name, SobjectType: objectName, Active: active }, asAdmin).Id;
      this.assignment.add({ id, objectName, ownerId, active });
      return id;
    };
    rule('Standard Lead Assignment', 'Lead', true, assignmentQueueId);
    rule('Standard Case Assignment', 'Case', true, assignmentQueueId);
    const assignmentRuleId = rule('Priority Lead Assignment', 'Lead', false, priorityQueue);
    return { orgId, userId: admin.id, assignmentQueueId, assignmentRuleId, priorityQueueId: priorityQueue };
  }

  private addUser(user: EmulatorUser, createdBy: string | undefined): UserAccount {
    if (this.users.find(user.username)) throw new ValidationError(`duplicate username ${user.username}`);
    const lastName = user.lastName ?? user.username.split('@')[0] ?? user.username;
    const record = this.writer.create(this.model('User') as ObjectModel, {
      Username: user.username,
      FirstName: user.firstName ?? null,
      LastName: lastName,
      Alias: (user.firstName?.[0] ?? '') + lastName.slice(0, 7),
      Email: user.email ?? user.username,
      IsActive: user.active ?? true,
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
    }, { userId: createdBy ?? '', trusted: true });
    if (createdBy === undefined) Object.assign(record, { CreatedById: record.Id, LastModifiedById: record.Id });
    const account: UserAccount = { id: record.Id, username: user.username, record, password: user.password ?? 'password' };
    if (user.securityToken !== undefined) account.securityToken = user.securityToken;
    this.users.add(account);
    return account;
  }

  private configuredQueue(): string | undefined {
    const id = this.options.assignmentQueueId;
    if (id === undefined) return undefined;
    const owner = isSalesforceId(id) ? this.store.byId(toId18(id)) : undefined;
    const type = owner ? this.store.modelOf(owner).name : undefined;
    if (type !== 'Group' && type !== 'User') throw new ValidationError(`assignmentQueueId ${id} is not a queue or user of the org`);
    return owner?.Id;
  }
}
