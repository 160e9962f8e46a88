/**
 * The org commands: `login` (browser sign-in, token kept in the store), `query` (SOQL streamed as
 * one JSON record per line) and `request` (any REST call, JSON out).
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import type { HttpMethod } from '../core/types.js';
import { FileTokenStore } from '../node/file-store.js';
import { loginWithBrowser } from '../node/browser-login.js';
import { intOption, parseArgs } from './args.js';
import { connectStored, oauthFor, orgSettings, saveProfile } from './org-connection.js';

/** Where a command writes: stdout for results, stderr for progress. */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  out: (text: string) => void;
  err: (line: string) => void;
}

const METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

function positional(argv: readonly string[]): { words: string[]; flags: string[] } {
  const words: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) words.push(arg);
    else {
      flags.push(arg);
      const next = argv[i + 1];
      if (!arg.includes('=') && next !== undefined && !next.startsWith('--') && !BOOLEAN_FLAGS.has(arg)) flags.push(argv[++i]!);
    }
  }
  return { words, flags };
}

const BOOLEAN_FLAGS = new Set(['--all', '--no-open']);

/**
 * `forcelink login --client-id ID [--client-secret S] [--login-url URL] [--redirect-uri URI]
 * [--store PATH] [--key K] [--no-open]`.
 *
 * @example
 * ```ts
 * await runLogin(['--client-id', id, '--no-open'], { env: process.env, out, err });
 * ```
 */
export async function runLogin(argv: readonly string[], io: CommandIo): Promise<void> {
  const args = parseArgs(argv);
  const settings = orgSettings(args, io.env);
  const oauth = await oauthFor(settings);
  const token = await loginWithBrowser({ oauth, log: io.err, ...(args['no-open'] ? { open: false } : {}) });
  await new FileTokenStore({ path: settings.storePath }).set(settings.key, token);
  await saveProfile(settings, { clientId: oauth.clientId, loginUrl: oauth.loginUrl });
  io.err(`Signed in to ${token.instanceUrl}; token stored in ${settings.storePath} under '${settings.key}'.`);
}

/**
 * `forcelink query "SOQL" [--all] [--max N]`: one JSON record per line, streamed page by page.
 *
 * @example
 * ```ts
 * await runQuery(['SELECT Id, Name FROM Account'], { env: process.env, out, err });
 * ```
 */
export async function runQuery(argv: readonly string[], io: CommandIo): Promise<void> {
  const { words, flags } = positional(argv);
  if (words.length !== 1) throw new ValidationError('usage: forcelink query "SELECT …" [--all] [--max N]');
  const args = parseArgs(flags);
  const sf = await connectStored(orgSettings(args, io.env));
  const max = args.max === undefined ? undefined : intOption(args.max, 'max', 0, 1, Number.MAX_SAFE_INTEGER);
  const stream = (args.all ? sf.queryAll(words[0]!) : sf.query(words[0]!, max === undefined ? {} : { maxRecords: max }));
  let count = 0;
  for await (const record of stream) {
    io.out(`${JSON.stringify(record)}\n`);
    count++;
  }
  io.err(`${count} record(s)${stream.stopped ? ` (stopped at --max ${max})` : ''}`);
}

/**
 * `forcelink request [METHOD] PATH [--data JSON]`: one REST call; prints the JSON answer.
 *
 * @example
 * ```ts
 * await runRequest(['GET', '/services/data/v62.0/limits/'], { env: process.env, out, err });
 * ```
 */
export async function runRequest(argv: readonly string[], io: CommandIo): Promise<void> {
  const { words, flags } = positional(argv);
  const [first, second] = words;
  const method = (second === undefined ? 'GET' : first!.toUpperCase()) as HttpMethod;
  const url = second ?? first;
  if (!url || words.length > 2 || !METHODS.has(method)) throw new ValidationError('usage: forcelink request [METHOD] PATH [--data JSON]');
  const args = parseArgs(flags);
  let data: unknown;
  if (typeof args.data === 'string') {
    try {
      data = JSON.parse(args.data);
    } catch {
      throw new ValidationError('--data must be JSON');
    }
  }
  const sf = await connectStored(orgSettings(args, io.env));
  const body = await sf.request({ method, url, ...(data === undefined ? {} : { data }) });
  io.out(`${body === undefined ? '' : JSON.stringify(body, null, 2)}\n`);
}
