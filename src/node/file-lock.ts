/**
 * A cross-process lock built on a lock file.
 *
 * - **Acquire**: create the lock file with `O_CREAT | O_EXCL` (`wx`, mode 0600) holding
 *   `{ pid, host, owner, createdAt }`, where `owner` is a random token. Wait with a small
 *   jittered backoff (4 ms doubling to 100 ms) until `timeoutMs`, then throw `TokenStoreError`.
 * - **Hold**: the holder touches the file's mtime every `staleMs / 3`, so a live lock never looks
 *   old, however long the work takes (as long as the event loop is not blocked for `staleMs`).
 * - **Stale**: a lock is abandoned when its mtime is older than `staleMs`, or when its holder was a
 *   process on this host that no longer exists. It is broken by *rename-then-verify*: the file is
 *   renamed aside (atomic: of several waiters only one gets it), then its inode and content are
 *   compared with the lock judged stale. Only then is it removed; if another waiter had already
 *   replaced it with a fresh lock, that lock is linked back (`link` never overwrites).
 * - **Release**: remove the file only if it still holds our owner token.
 * - **In one process**: callers queue on a promise chain per lock path (no polling against
 *   ourselves), and the lock is re-entrant within one async call chain (`AsyncLocalStorage`): a
 *   nested `withFileLock` on a path the caller already holds runs directly instead of deadlocking.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenStoreError } from '../core/errors.js';
import { ensureDirectory, PRIVATE_FILE_MODE } from './atomic-file.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Timing of a file lock, in milliseconds. */
export interface FileLockOptions {
  /** Give up waiting after this long. */
  timeoutMs: number;
  /** A lock file not refreshed for this long belongs to a crashed or frozen holder. */
  staleMs: number;
}

/** What a lock file holds. */
interface LockInfo {
  pid: number;
  host: string;
  owner: string;
  createdAt: number;
}

/** A lock file as observed at one moment, through one open handle. */
interface Observed {
  info: LockInfo | undefined;
  text: string;
  ino: number;
  dev: number;
  stale: boolean;
}

const MIN_DELAY_MS = 4;
const MAX_DELAY_MS = 100;

/** Owner tokens of the file locks this process holds right now. */
const heldOwners = new Set<string>();
/** In-process queueing and re-entrancy, keyed by absolute lock path. */
const local = new KeyedMutex();

/**
 * Runs `fn` while holding the lock file `lockPath`, across processes and within this one.
 * Re-entrant within one async call chain.
 */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  const path = resolve(lockPath);
  return local.run(
    path,
    options.timeoutMs,
    () => timeoutError(path, options.timeoutMs, 'another caller in this process'),
    (deadline) => acquire(path, options, deadline),
    fn,
  );
}

/** Takes the lock file; returns its release function. */
async function acquire(path: string, options: FileLockOptions, deadline: number): Promise<() => Promise<void>> {
  const owner = randomBytes(16).toString('hex');
  const body = JSON.stringify({ pid: process.pid, host: hostname(), owner, createdAt: Date.now() });
  let delay = MIN_DELAY_MS;
  for (;;) {
    if (await tryCreate(path, body)) {
      heldOwners.add(owner);
      return holdLock(path, owner, options.staleMs);
    }
    const observed = await observe(path, options.staleMs);
    if (observed?.stale) await breakStaleLock(path, observed);
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      const by = observed?.info ? `pid ${observed.info.pid} on ${observed.info.host}` : 'another process';
      throw timeoutError(path, options.timeoutMs, by);
    }
    if (observed === undefined || observed.stale) continue;
    await sleep(Math.min(delay + Math.random() * delay, remaining));
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

/** Creates the lock file exclusively; false if it already exists. */
async function tryCreate(path: string, body: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') {
      await ensureDirectory(dirname(path));
      return tryCreate(path, body);
    }
    throw new TokenStoreError(`cannot create the lock file ${path} (${code ?? 'unknown error'})`, { cause: error });
  }
  try {
    await handle.writeFile(body, 'utf8');
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw new TokenStoreError(`cannot write the lock file ${path} (${errorCode(error) ?? 'unknown error'})`, {
      cause: error,
    });
  }
  return true;
}

/** Reads the current lock file through one handle (so stat and content match); undefined if gone. */
async function observe(path: string, staleMs: number): Promise<Observed | undefined> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new TokenStoreError(`cannot read the lock file ${path} (${errorCode(error) ?? 'unknown error'})`, {
      cause: error,
    });
  }
  try {
    const stats = await handle.stat();
    const text = await handle.readFile('utf8');
    const info = parseLockInfo(text);
    const abandoned = Date.now() - stats.mtimeMs > staleMs;
    return {
      info,
      text,
      ino: stats.ino,
      dev: stats.dev,
      stale: abandoned || (info !== undefined && !holderAlive(info)),
    };
  } finally {
    await handle.close();
  }
}

/** Removes a stale lock by rename-then-verify; puts back a fresh lock moved by mistake. */
async function breakStaleLock(path: string, seen: Observed): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new TokenStoreError(`cannot remove the stale lock file ${path} (${errorCode(error) ?? 'unknown error'})`, {
      cause: error,
    });
  }
  let same = false;
  try {
    const handle = await open(aside, 'r');
    try {
      const stats = await handle.stat();
      same = stats.ino === seen.ino && stats.dev === seen.dev && (await handle.readFile('utf8')) === seen.text;
    } finally {
      await handle.close();
    }
  } catch {
    same = false;
  }
  if (!same) {
    // Another waiter broke the stale lock first and took a fresh one: give it back.
    await link(aside, path).catch(() => undefined);
  }
  await rm(aside, { force: true });
}

/** Keeps the lock fresh while held; returns the release function (never throws). */
function holdLock(path: string, owner: string, staleMs: number): () => Promise<void> {
  const touch = async (): Promise<void> => {
    if (await ownsLock(path, owner)) {
      const now = new Date();
      await utimes(path, now, now);
    }
  };
  const timer = setInterval(() => void touch().catch(() => undefined), Math.max(Math.floor(staleMs / 3), 10));
  timer.unref();
  return async () => {
    clearInterval(timer);
    try {
      if (await ownsLock(path, owner)) await unlink(path);
    } catch {
      // Already gone, or unreadable: nothing of ours to remove.
    } finally {
      heldOwners.delete(owner);
    }
  };
}

async function ownsLock(path: string, owner: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    return parseLockInfo(await handle.readFile('utf8'))?.owner === owner;
  } finally {
    await handle.close();
  }
}

function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, owner, createdAt } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof owner !== 'string') return undefined;
    return { pid, host, owner, createdAt: typeof createdAt === 'number' ? createdAt : 0 };
  } catch {
    return undefined;
  }
}

/** Whether the lock's holder may still be running. Only a process on this host can be checked. */
function holderAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true;
  if (info.pid === process.pid) return heldOwners.has(info.owner);
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function timeoutError(path: string, timeoutMs: number, holder: string): TokenStoreError {
  return new TokenStoreError(`timed out after ${timeoutMs} ms waiting for the lock ${path} (held by ${holder})`);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
