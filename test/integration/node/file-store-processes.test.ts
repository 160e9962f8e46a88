/**
 * FileTokenStore across real OS processes: the store is bundled with esbuild, and child Node
 * processes (fixtures/file-store-child.mjs) hammer one file through it.
 */
import { spawn } from 'node:child_process';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../../src/node/file-store.js';
import { generateEncryptionKey } from '../../../src/node/token-cipher.js';

const child = fileURLToPath(new URL('./fixtures/file-store-child.mjs', import.meta.url));
const source = fileURLToPath(new URL('../../../src/node/file-store.ts', import.meta.url));

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forcelink-procs-'));
  bundle = join(dir, 'file-store.mjs');
  await build({ entryPoints: [source], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent' });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

interface Running {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Resolves when the child prints `line`. */
  printed(line: string): Promise<void>;
}

function run(args: string[], env: Record<string, string> = {}): Running {
  const proc = spawn(process.execPath, [child, bundle, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const printed = async (line: string): Promise<void> => {
    while (!stdout.split('\n').includes(line)) {
      await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
      if (proc.exitCode !== null || proc.signalCode !== null) {
        if (!stdout.split('\n').includes(line)) throw new Error(`child exited before printing ${line}: ${stderr}`);
      }
    }
  };
  return { exited, printed };
}

describe.each([
  { name: 'plain JSON', key: '' },
  { name: 'encrypted', key: generateEncryptionKey() },
])('FileTokenStore shared by several processes ($name)', ({ key }) => {
  it('never loses an update nor shows a torn file', async () => {
    const path = join(dir, `counter-${key ? 'enc' : 'plain'}`, 'tokens.json');
    const children = 4;
    const iterations = 20;
    const procs = Array.from({ length: children }, (_, i) =>
      run([path, 'counter', String(i), String(iterations)], { FORCELINK_TEST_KEY: key }),
    );
    const reader = new FileTokenStore({ path, encryptionKey: key || undefined });
    let done = false;
    let reads = 0;
    const all = Promise.all(procs.map((p) => p.exited)).finally(() => (done = true));
    while (!done) {
      // Every read parses (and, encrypted, authenticates) the whole file: a torn file would throw.
      await reader.get('counter');
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    for (const result of await all) expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(reads).toBeGreaterThan(0);
    expect((await reader.get('counter'))?.issuedAt).toBe(children * iterations);
    for (let i = 0; i < children; i++) expect((await reader.get(`child-${i}`))?.issuedAt).toBe(iterations);
    expect(await readdir(join(path, '..'))).toEqual(['tokens.json']);
  });
});

describe('FileTokenStore lock across processes', () => {
  it('recovers the lock of a process killed while holding it', async () => {
    const path = join(dir, 'crash', 'tokens.json');
    const crashing = run([path, 'crash', '0', '0']);
    await crashing.printed('locked');
    expect((await crashing.exited).signal).toBe('SIGKILL');
    expect((await readdir(join(path, '..'))).some((name) => name.endsWith('.lock'))).toBe(true);
    const store = new FileTokenStore({ path, lockTimeoutMs: 5_000 });
    await expect(store.withLock('counter', async () => 'recovered')).resolves.toBe('recovered');
    expect(await readdir(join(path, '..'))).toEqual([]);
  });

  it('does not take over a live lock held for longer than staleLockMs', async () => {
    const path = join(dir, 'hold', 'tokens.json');
    const marker = join(dir, 'hold', 'released');
    const holder = run([path, 'hold', '0', '1500', marker], { FORCELINK_TEST_STALE_MS: '300' });
    await holder.printed('locked');
    const store = new FileTokenStore({ path, staleLockMs: 300, lockTimeoutMs: 10_000 });
    const sawRelease = await store.withLock('counter', async () =>
      access(marker).then(
        () => true,
        () => false,
      ),
    );
    expect(sawRelease).toBe(true);
    expect(await holder.exited).toMatchObject({ code: 0 });
    expect(await readFile(marker, 'utf8')).toBe('released');
  });
});
