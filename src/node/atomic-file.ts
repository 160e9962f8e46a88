/**
 * Atomic, private file writes: the data goes to a temporary file in the same directory (mode
 * 0600), is fsynced, then renamed over the target, and the directory is fsynced. Readers see the
 * old file or the new one, never a torn mix, even if the process dies mid-write.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only, for directories forcelink creates. */
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and parents) if missing, owner-only. */
export async function ensureDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Replaces `path` with `data` atomically; the result has mode 0600 whatever the old file had. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const dir = dirname(path);
  await ensureDirectory(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.chmod(PRIVATE_FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes a rename durable. Some platforms (Windows) cannot open a directory: that is not an error. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is best effort where the OS does not support it.
  } finally {
    await handle?.close();
  }
}
