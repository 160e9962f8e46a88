/**
 * The bench runs against a private copy of the built package: other work may rebuild (and so
 * briefly delete) dist/ in the checkout while a long run is going. The copy sits in a temp
 * directory with the project's package.json (ESM, exports) and a link to its node_modules.
 * Child processes find it through FORCELINK_BENCH_DIST.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENV = 'FORCELINK_BENCH_DIST';

/** Copies dist/ and points child processes at the copy; returns a function that removes it. */
export async function snapshotDist() {
  const dir = await mkdtemp(join(tmpdir(), 'forcelink-bench-dist-'));
  await cp(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  // What `npm pack` needs besides dist/ (package.json lists README.md and CHANGELOG.md in files).
  for (const file of ['package.json', 'README.md', 'CHANGELOG.md']) await cp(join(ROOT, file), join(dir, file)).catch(() => {});
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  process.env[ENV] = dir;
  return () => rm(dir, { recursive: true, force: true });
}

/** The package root the bench measures: the snapshot when there is one, else the checkout. */
export function packageRoot() {
  return process.env[ENV] ?? ROOT;
}

/** A file URL of a built entry, e.g. `distUrl('index.js')`. */
export function distUrl(file) {
  return pathToFileURL(join(packageRoot(), 'dist', file)).href;
}
