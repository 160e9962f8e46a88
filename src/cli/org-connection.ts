/**
 * How the org commands (`login`, `query`, `request`) find their org: a token kept in a
 * `FileTokenStore` (default `~/.forcelink/tokens.json`, key `default`), renewed by a `TokenManager`
 * with the Connected App named by flags or environment. Only non-secret settings (consumer key,
 * login URL) are remembered next to the tokens; the consumer secret comes from
 * `--client-secret` or `FORCELINK_CLIENT_SECRET` each time.
 *
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { OAuth2 } from '../auth/oauth2.js';
import { TokenManager } from '../auth/token-manager.js';
import { SalesforceClient } from '../client.js';
import { ValidationError } from '../core/errors.js';
import { FileTokenStore } from '../node/file-store.js';

/** The options every org command understands. */
export interface OrgSettings {
  storePath: string;
  key: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  loginUrl: string;
  redirectUri: string;
  apiVersion: string | undefined;
}

type Args = Record<string, string | true>;

function text(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === true) throw new ValidationError(`--${name} needs a value`);
  return value;
}

/** Reads the org settings from flags first, then `FORCELINK_*` environment variables. */
export function orgSettings(args: Args, env: NodeJS.ProcessEnv): OrgSettings {
  return {
    storePath: resolve(text(args, 'store') ?? env.FORCELINK_TOKEN_STORE ?? join(homedir(), '.forcelink', 'tokens.json')),
    key: text(args, 'key') ?? 'default',
    clientId: text(args, 'client-id') ?? env.FORCELINK_CLIENT_ID,
    clientSecret: text(args, 'client-secret') ?? env.FORCELINK_CLIENT_SECRET,
    loginUrl: text(args, 'login-url') ?? env.FORCELINK_LOGIN_URL ?? 'https://login.salesforce.com',
    redirectUri: text(args, 'redirect-uri') ?? 'http://localhost:1717/connector/callback',
    apiVersion: text(args, 'api-version'),
  };
}

interface Profile {
  clientId: string;
  loginUrl: string;
}

function profilePath(settings: OrgSettings): string {
  return join(dirname(settings.storePath), 'profiles.json');
}

async function readProfiles(settings: OrgSettings): Promise<Record<string, Profile>> {
  try {
    return JSON.parse(await readFile(profilePath(settings), 'utf8')) as Record<string, Profile>;
  } catch {
    return {};
  }
}

/** Remembers the consumer key and login URL used for `key` (nothing secret). */
export async function saveProfile(settings: OrgSettings, profile: Profile): Promise<void> {
  const profiles = { ...(await readProfiles(settings)), [settings.key]: profile };
  await mkdir(dirname(profilePath(settings)), { recursive: true, mode: 0o700 });
  await writeFile(profilePath(settings), `${JSON.stringify(profiles, null, 2)}\n`, { mode: 0o600 });
}

/** The Connected App client for `settings`, falling back to the profile saved at login. */
export async function oauthFor(settings: OrgSettings): Promise<OAuth2> {
  const saved = (await readProfiles(settings))[settings.key];
  const clientId = settings.clientId ?? saved?.clientId;
  if (!clientId) throw new ValidationError('no Connected App: pass --client-id (or FORCELINK_CLIENT_ID), or run `forcelink login` first');
  return new OAuth2({
    clientId,
    loginUrl: settings.clientId ? settings.loginUrl : (saved?.loginUrl ?? settings.loginUrl),
    redirectUri: settings.redirectUri,
    ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}),
  });
}

/** A client on the stored token of `settings.key`, refreshed through the store's lock. */
export async function connectStored(settings: OrgSettings): Promise<SalesforceClient> {
  const store = new FileTokenStore({ path: settings.storePath });
  if (!(await store.get(settings.key))) {
    throw new ValidationError(`no token under '${settings.key}' in ${settings.storePath}: run \`forcelink login\` first`);
  }
  const tokens = new TokenManager({ oauth: await oauthFor(settings), store, key: settings.key });
  return new SalesforceClient({ tokens, ...(settings.apiVersion ? { apiVersion: settings.apiVersion } : {}) });
}
