import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenStoreError } from '../../../src/core/errors.js';
import { withFileLock } from '../../../src/node/file-lock.js';
import { deadPid, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let lockPath: string;
const options = { timeoutMs: 2_000, staleMs: 30_000 };

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  lockPath = join(dir, 'store.lock');
});
afterEach(async () => cleanup());

function foreignLock(pid: number, owner = 'someone-else'): string {
  return JSON.stringify({ pid, host: hostname(), owner, createdAt: Date.now() });
}

describe('withFileLock', () => {
  it('writes pid, host, a random owner token and a time into the lock file, and removes it after', async () => {
    const seen = await withFileLock(lockPath, options, async () => JSON.parse(await readFile(lockPath, 'utf8')));
    expect(seen).toMatchObject({ pid: process.pid, host: hostname() });
    expect(seen.owner).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof seen.createdAt).toBe('number');
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.runIf(process.platform !== 'win32')('creates the lock file with mode 0600', async () => {
    const mode = await withFileLock(lockPath, options, async () => (await stat(lockPath)).mode & 0o777);
    expect(mode).toBe(0o600);
  });

  it('takes over a lock whose holder process is dead', async () => {
    await writeFile(lockPath, foreignLock(await deadPid()));
    await expect(withFileLock(lockPath, options, async () => 'acquired')).resolves.toBe('acquired');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock left by this pid that this process does not hold (a restarted container)', async () => {
    await writeFile(lockPath, foreignLock(process.pid, 'previous-incarnation'));
    await expect(withFileLock(lockPath, options, async () => 'acquired')).resolves.toBe('acquired');
  });

  it('takes over a lock older than staleMs even when its pid is alive', async () => {
    await writeFile(lockPath, foreignLock(process.ppid));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    await expect(withFileLock(lockPath, options, async () => 'acquired')).resolves.toBe('acquired');
  });

  it('takes over an empty lock file only once it is older than staleMs', async () => {
    await writeFile(lockPath, '');
    await expect(withFileLock(lockPath, { timeoutMs: 60, staleMs: 30_000 }, async () => 'no')).rejects.toBeInstanceOf(
      TokenStoreError,
    );
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    await expect(withFileLock(lockPath, options, async () => 'acquired')).resolves.toBe('acquired');
  });

  it('waits for a live holder, then times out with a TokenStoreError naming it', async () => {
    const foreign = foreignLock(process.ppid);
    await writeFile(lockPath, foreign);
    const error = await withFileLock(lockPath, { timeoutMs: 80, staleMs: 30_000 }, async () => 'never').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenStoreError);
    expect((error as Error).message).toMatch(new RegExp(`timed out after 80 ms .*held by pid ${process.ppid}`));
    expect(await readFile(lockPath, 'utf8')).toBe(foreign);
  });

  it('acquires as soon as a live holder releases', async () => {
    await writeFile(lockPath, foreignLock(process.ppid));
    const waiting = withFileLock(lockPath, options, async () => readFile(lockPath, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await rm(lockPath);
    expect(JSON.parse(await waiting)).toMatchObject({ pid: process.pid });
  });

  it('release removes only its own lock', async () => {
    const foreign = foreignLock(process.ppid, 'intruder');
    await withFileLock(lockPath, options, async () => {
      await writeFile(lockPath, foreign);
    });
    expect(await readFile(lockPath, 'utf8')).toBe(foreign);
  });

  it('a timed-out in-process waiter does not let the next caller in early', async () => {
    let releaseFirst!: () => void;
    const first = withFileLock(
      lockPath,
      options,
      () => new Promise<string>((resolve) => (releaseFirst = () => resolve('first'))),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = withFileLock(lockPath, { timeoutMs: 20, staleMs: 30_000 }, async () => 'second');
    await expect(second).rejects.toThrow(/another caller in this process/);
    let thirdRan = false;
    const third = withFileLock(lockPath, options, async () => {
      thirdRan = true;
      return 'third';
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thirdRan).toBe(false);
    releaseFirst();
    expect(await first).toBe('first');
    expect(await third).toBe('third');
  });

  it('refreshes the mtime of a lock it holds for longer than staleMs / 3', async () => {
    const mtimes = await withFileLock(lockPath, { timeoutMs: 2_000, staleMs: 60 }, async () => {
      const before = (await stat(lockPath)).mtimeMs;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return [before, (await stat(lockPath)).mtimeMs] as const;
    });
    expect(mtimes[1]).toBeGreaterThan(mtimes[0]);
  });
});
