/**
 * Footprint measurements: a fresh npm project per library, its node_modules size and package
 * count, cold load time in fresh Node processes, and esbuild sizes of forcelink's core bundle.
 */
import { execFile, spawnSync } from 'node:child_process';
import { lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { median } from './stats.mjs';

const run = promisify(execFile);
const NPM_QUIET = ['--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** `npm pack` of the project at `root` into `dir`; the tarball's path and size. */
export async function packProject(root, dir) {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir, ...NPM_QUIET], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout);
  return { file: join(dir, info.filename), tarballBytes: info.size, unpackedBytes: info.unpackedSize };
}

/** A fresh project in `dir` that depends on `spec` (a name@version or a tarball path). */
export async function installFresh(dir, spec) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'footprint-probe', version: '1.0.0', private: true }));
  const started = Date.now();
  await run('npm', ['install', '--prefer-offline', '--save-exact', ...NPM_QUIET, spec], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  return { seconds: (Date.now() - started) / 1000, ...(await measureTree(join(dir, 'node_modules'))) };
}

/** Bytes (sum of file sizes, and on disk) and packages under a node_modules directory. */
export async function measureTree(nodeModules) {
  const total = { bytes: 0, diskBytes: 0, packages: 0 };
  const walk = async (dir, isModulesDir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (isModulesDir && !entry.name.startsWith('.') && !entry.name.startsWith('@')) total.packages++;
        await walk(path, entry.name === 'node_modules' || (isModulesDir && entry.name.startsWith('@')));
      } else {
        const stat = await lstat(path);
        total.bytes += stat.size;
        total.diskBytes += stat.blocks * 512;
      }
    }
  };
  await walk(nodeModules, true);
  return total;
}

function timeNode(args, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${String(result.stderr).slice(0, 300)}`);
  return ms;
}

/**
 * Cold load of `name` in `cwd` by `import()` or `require`, `runs` times, each paired with a bare
 * Node start of the same kind: the median wall time and the median difference.
 */
export function coldLoad(cwd, name, mode, runs) {
  const flags = mode === 'import' ? ['--input-type=module', '-e'] : ['-e'];
  const code = mode === 'import' ? `await import(${JSON.stringify(name)})` : `require(${JSON.stringify(name)})`;
  const loads = [];
  const extra = [];
  for (let i = 0; i < runs; i++) {
    const bare = timeNode([...flags, ''], cwd);
    const load = timeNode([...flags, code], cwd);
    loads.push(load);
    extra.push(load - bare);
  }
  return { ms: median(loads), overBareMs: median(extra) };
}

/** Minified and gzipped size of `entry` with its dependencies external, and bundled in. */
export async function bundleSizes(entry) {
  const esbuild = await import('esbuild');
  const size = async (external) => {
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent', ...(external ? { packages: 'external' } : {}) });
    const code = out.outputFiles[0].contents;
    return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  };
  return { external: await size(true), bundled: await size(false) };
}
