/**
 * `forcelink login`, `query` and `request` as a user runs them (built CLI, child processes),
 * against the emulator; the browser is played by following the printed authorize URL.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrg, type Org } from '../integration/helpers.js';

const run = promisify(execFile);
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let org: Org;
let dir: string;
let env: NodeJS.ProcessEnv;
let store: string;

beforeAll(async () => {
  const port = await freePort();
  org = await startOrg({ redirectUri: `http://127.0.0.1:${port}/connector/callback` });
  dir = await mkdtemp(join(tmpdir(), 'forcelink-cli-'));
  store = join(dir, 'tokens.json');
  env = { ...process.env, FORCELINK_CLIENT_SECRET: org.clientSecret, FORCELINK_TOKEN_STORE: store, CI: 'true' };
});
afterAll(async () => {
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

describe('forcelink org commands (built CLI)', () => {
  it('login: prints the authorize URL, takes the callback, stores the token 0600', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'login', '--client-id', org.clientId, '--login-url', org.loginUrl, '--redirect-uri', org.redirectUri, '--no-open'],
      { env },
    );
    let stderr = '';
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /https?:\/\/\S+\/services\/oauth2\/authorize\?\S+/.exec(stderr);
        if (match) resolve(match[0]);
      });
      child.on('exit', () => reject(new Error(`login exited early: ${stderr}`)));
    });
    const approval = await axios.get(url, { maxRedirects: 0, validateStatus: () => true });
    const callback = await axios.get(String(approval.headers.location), { validateStatus: () => true });
    expect(callback.status).toBe(200);
    expect(await exited).toBe(0);
    expect(stderr).toContain(`token stored in ${store}`);
    expect((await stat(store)).mode & 0o777).toBe(0o600);
    expect(stderr).not.toContain(org.clientSecret);
  });

  it('query: streams records as JSON lines', async () => {
    org.insert('Lead', Array.from({ length: 5 }, (_, i) => ({ LastName: `Cli${i}`, Company: 'CLI Co' })));
    const { stdout, stderr } = await run(process.execPath, [cli, 'query', "SELECT Id, LastName FROM Lead WHERE Company = 'CLI Co' ORDER BY LastName"], { env });
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as { LastName: string });
    expect(rows.map((r) => r.LastName)).toEqual(['Cli0', 'Cli1', 'Cli2', 'Cli3', 'Cli4']);
    expect(stderr).toContain('5 record(s)');
  });

  it('request: refreshes an expired session through the stored refresh token', async () => {
    org.expireSessions();
    const before = org.tokenRequests.byGrantType.refresh_token ?? 0;
    const { stdout } = await run(process.execPath, [cli, 'request', 'GET', '/services/data/v62.0/limits/'], { env });
    expect((JSON.parse(stdout) as { DailyApiRequests: { Max: number } }).DailyApiRequests.Max).toBeGreaterThan(0);
    expect((org.tokenRequests.byGrantType.refresh_token ?? 0) - before).toBe(1);
  });

  it('explains what is missing instead of crashing', async () => {
    const error = await run(process.execPath, [cli, 'query', 'SELECT Id FROM Lead', '--store', join(dir, 'none.json')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain('run `forcelink login` first');
  });
});
