import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenSet } from '../../../src/core/types.js';

/** A fresh temporary directory; remove it with the returned function. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'forcelink-node-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A realistic token whose secrets are easy to search for. */
export function sampleToken(overrides: Partial<TokenSet> = {}): TokenSet {
  return {
    accessToken: '00D5g000004Xyz1!AQ8AQJ.secret-access-token-value',
    refreshToken: '5Aep861secret-refresh-token-value',
    instanceUrl: 'https://acme.my.salesforce.com',
    id: 'https://login.salesforce.com/id/00D5g000004Xyz1EAC/0055g00000A1b2cAAB',
    issuedAt: 1_764_500_000_000,
    tokenType: 'Bearer',
    scope: 'api refresh_token',
    signature: 'c2lnbmF0dXJl',
    ...overrides,
  };
}

/** The pid of a process that has already exited. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid;
  await new Promise((resolve) => child.once('exit', resolve));
  if (pid === undefined) throw new Error('no pid');
  return pid;
}
