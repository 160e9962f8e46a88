/**
 * `forcelink types`: describes an org's sObjects and writes TypeScript interfaces for them (see
 * `type-generator.ts`).
 *
 * ```
 * forcelink types --out src/salesforce.d.ts [--objects Lead,Account] [--api-version 62.0]
 *   (--emulator [--seed S]                      an embedded emulator's standard objects
 *   | FORCELINK_ACCESS_TOKEN + FORCELINK_INSTANCE_URL in the environment
 *   | --login-url URL --client-id ID [--client-secret S] [--redirect-uri URI])   browser login
 * ```
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OAuth2 } from '../auth/oauth2.js';
import { SalesforceClient } from '../client.js';
import { ValidationError } from '../core/errors.js';
import type { TokenSet } from '../core/types.js';
import { SalesforceEmulator } from '../emulator/index.js';
import { assertSObjectName } from '../http/path.js';
import { loginWithBrowser } from '../node/browser-login.js';
import { mapLimit } from '../rest/chunks.js';
import type { SObjectDescribe } from '../rest/describe-cache.js';
import { parseArgs } from './args.js';
import { generateTypes } from './type-generator.js';

const DESCRIBES_IN_FLIGHT = 4;
const DEFAULT_REDIRECT = 'http://localhost:1717/connector/callback';

/** Usage of `forcelink types`. */
export const TYPES_USAGE = `Usage: forcelink types --out FILE [--objects A,B] [--api-version 62.0]
         (--emulator [--seed S]
          | env FORCELINK_ACCESS_TOKEN and FORCELINK_INSTANCE_URL
          | --login-url URL --client-id ID [--client-secret S] [--redirect-uri URI])
`;

interface Connection {
  token: TokenSet;
  close?: () => Promise<void>;
}

function text(value: string | true | undefined, name: string): string | undefined {
  if (value === true) throw new ValidationError(`--${name} needs a value`);
  return value;
}

async function connect(args: Record<string, string | true>, env: NodeJS.ProcessEnv): Promise<Connection> {
  if (args.emulator) {
    const seed = text(args.seed, 'seed');
    const org = await SalesforceEmulator.start(seed === undefined ? {} : { seed });
    const issued = org.issueTokens({ refreshToken: false });
    const token: TokenSet = { accessToken: issued.access_token, instanceUrl: issued.instance_url, issuedAt: Number(issued.issued_at), tokenType: 'Bearer' };
    return { token, close: () => org.close() };
  }
  const accessToken = env.FORCELINK_ACCESS_TOKEN;
  const instanceUrl = env.FORCELINK_INSTANCE_URL;
  if (accessToken && instanceUrl) return { token: { accessToken, instanceUrl, issuedAt: Date.now(), tokenType: 'Bearer' } };
  const loginUrl = text(args['login-url'], 'login-url');
  const clientId = text(args['client-id'], 'client-id');
  if (!loginUrl || !clientId) {
    throw new ValidationError('say which org: --emulator, FORCELINK_ACCESS_TOKEN + FORCELINK_INSTANCE_URL, or --login-url with --client-id');
  }
  const clientSecret = text(args['client-secret'], 'client-secret') ?? env.FORCELINK_CLIENT_SECRET;
  const oauth = new OAuth2({
    clientId,
    loginUrl,
    redirectUri: text(args['redirect-uri'], 'redirect-uri') ?? DEFAULT_REDIRECT,
    ...(clientSecret ? { clientSecret } : {}),
  });
  return { token: await loginWithBrowser({ oauth }) };
}

/**
 * Runs `forcelink types` with `argv` (after the command name); returns the file written.
 *
 * @example
 * ```ts
 * await runTypes(['--emulator', '--out', 'src/salesforce.d.ts', '--objects', 'Lead,Account']);
 * ```
 */
export async function runTypes(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): Promise<string> {
  const args = parseArgs(argv);
  const out = text(args.out, 'out');
  if (!out) throw new ValidationError(`--out is required\n\n${TYPES_USAGE}`);
  const objects = text(args.objects, 'objects')?.split(',').map((name) => assertSObjectName(name.trim()));
  const apiVersion = text(args['api-version'], 'api-version');
  const connection = await connect(args, env);
  try {
    const sf = new SalesforceClient({ token: connection.token, ...(apiVersion ? { apiVersion } : {}) });
    const names = objects ?? (await sf.describeGlobal()).sobjects.filter((s) => s.queryable !== false).map((s) => String(s.name));
    const describes = await mapLimit(names, DESCRIBES_IN_FLIGHT, (name): Promise<SObjectDescribe> => sf.sobject(name).describe());
    const file = resolve(out);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, generateTypes(describes, { source: connection.token.instanceUrl, apiVersion: sf.apiVersion }));
    print(`forcelink types: wrote ${describes.length} sObject interfaces to ${file}`);
    return file;
  } finally {
    await connection.close?.();
  }
}
