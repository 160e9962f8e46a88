import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../../src/node/index.js';
import { authorize, startOrg, tokenCalls, type Org } from '../helpers.js';

const run = promisify(execFile);
const worker = new URL('../../fixtures/refresh-worker.mjs', import.meta.url).pathname;

let org: Org;
let dir: string;
beforeAll(async () => {
  org = await startOrg();
  dir = await mkdtemp(join(tmpdir(), 'forcelink-xproc-'));
});
afterAll(async () => {
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

describe('several OS processes sharing a FileTokenStore (uses dist/, built by npm test)', () => {
  it('refresh an expired session exactly once between them', async () => {
    const storePath = join(dir, 'tokens.json');
    await new FileTokenStore({ path: storePath }).set('default', await authorize(org));
    org.expireSessions();
    const before = tokenCalls(org);
    const config = { clientId: org.clientId, clientSecret: org.clientSecret, loginUrl: org.loginUrl, storePath, calls: 25, startAt: Date.now() + 1_500 };
    const outputs = await Promise.all(
      Array.from({ length: 3 }, () => run(process.execPath, [worker, JSON.stringify(config)], { timeout: 30_000 })),
    );
    const reports = outputs.map((o) => JSON.parse(o.stdout) as { ok: number; failed: string[]; refreshed: number });
    expect(reports.map((r) => r.failed)).toEqual([[], [], []]);
    expect(reports.reduce((sum, r) => sum + r.ok, 0)).toBe(75);
    expect(tokenCalls(org) - before).toBe(1);
    // Each process moved to the new token once: one refreshed it, the others adopted it from the store.
    expect(reports.map((r) => r.refreshed)).toEqual([1, 1, 1]);
  });
});
