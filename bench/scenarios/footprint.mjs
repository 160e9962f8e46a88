/**
 * Scenario 5, footprint: install size and package count of a fresh project per library, cold
 * load time, and forcelink's core bundle size. Measured from the orchestrator (no server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../lib/dist.mjs';
import { bundleSizes, coldLoad, installFresh, packProject } from '../lib/footprint.mjs';
import { formatValue } from '../lib/format.mjs';

const MB = 1e6;

const VARIANTS = [
  { id: 'forcelink-import', lib: 'forcelink', mode: 'import', label: 'forcelink, `import`' },
  { id: 'forcelink-require', lib: 'forcelink', mode: 'require', label: 'forcelink, `require`' },
  { id: 'jsforce-import', lib: 'jsforce', mode: 'import', label: 'jsforce 3.10.16, `import`' },
  { id: 'jsforce-require', lib: 'jsforce', mode: 'require', label: 'jsforce 3.10.16, `require`' },
  { id: 'axios-import', lib: 'axios', mode: 'import', label: 'axios 1.21.1, `import`' },
  { id: 'axios-require', lib: 'axios', mode: 'require', label: 'axios 1.21.1, `require`' },
];

const SPECS = { jsforce: 'jsforce@3.10.16', axios: 'axios@1.21.1' };
const over = (r) => r.overBareMs;
const installMB = (r) => r.install.bytes / MB;
const kB = (bytes) => `${formatValue(bytes / 1000, 'mb')} kB`;

export default {
  id: 'footprint',
  title: '5. Footprint',
  async setup() {
    const dir = await mkdtemp(join(tmpdir(), 'forcelink-footprint-'));
    const packed = await packProject(packageRoot(), dir);
    const specs = { forcelink: packed.file, ...SPECS };
    const libs = Object.keys(specs);
    const installs = Object.fromEntries(await Promise.all(libs.map(async (lib) => [lib, await installFresh(join(dir, lib), specs[lib])])));
    const bundle = await bundleSizes(join(packageRoot(), 'dist/index.js'));
    return { dir, packed, installs, bundle };
  },
  variants: () => VARIANTS,
  async measure(env, variant, config) {
    const load = coldLoad(join(env.dir, variant.lib), variant.lib, variant.mode, config.footprint.importRuns);
    return { ...load, install: env.installs[variant.lib], packed: env.packed, bundle: env.bundle };
  },
  teardown: (env) => rm(env.dir, { recursive: true, force: true }),
  describe: (config) =>
    'Each library installed into its own fresh npm project (`npm install --prefer-offline`, forcelink from its `npm pack` tarball). ' +
    'Size is the sum of file sizes under node_modules (MB = 10⁶ bytes). ' +
    `Load time is the wall time of \`node -e "require(…)"\` / \`node --input-type=module -e "await import(…)"\` in that project; "over bare node" subtracts an empty \`node -e ""\` of the same kind run just before it (median of ${config.footprint.importRuns} pairs per round).`,
  columns: [
    { label: 'load ms', get: (r) => r.ms, format: 'ms' },
    { label: 'over bare node ms', get: over, format: 'ms' },
    { label: 'install MB', get: installMB, format: 'mb' },
    { label: 'packages', get: (r) => r.install.packages, format: 'int' },
  ],
  ratios: [
    { label: 'cold import (over bare node)', get: over, better: 'lower', a: 'forcelink-import', jsforce: 'jsforce-import', axios: 'axios-import' },
    { label: 'cold require (over bare node)', get: over, better: 'lower', a: 'forcelink-require', jsforce: 'jsforce-require', axios: 'axios-require' },
    { label: 'install size', get: installMB, better: 'lower', a: 'forcelink-import', jsforce: 'jsforce-import', axios: 'axios-import' },
  ],
  targets: [
    { label: 'cold import ≤ 0.75× jsforce\'s', get: over, a: 'forcelink-import', b: 'jsforce-import', max: 0.75 },
    { label: 'cold require ≤ 0.75× jsforce\'s', get: over, a: 'forcelink-require', b: 'jsforce-require', max: 0.75 },
    { label: 'install ≤ 8 MB', get: installMB, a: 'forcelink-import', max: 8, format: 'mb', unit: 'MB' },
  ],
  notes: (results) => {
    const first = (results['forcelink-import'] ?? []).find((r) => r && !r.error);
    if (!first) return '';
    const { bundle, packed } = first;
    return [
      `forcelink's core entry (\`dist/index.js\`) minified with esbuild: ${kB(bundle.external.minBytes)} (${kB(bundle.external.gzipBytes)} gzipped) with its dependencies external; ` +
        `${kB(bundle.bundled.minBytes)} (${kB(bundle.bundled.gzipBytes)} gzipped) with every dependency bundled in.`,
      `The npm tarball is ${kB(packed.tarballBytes)} (${kB(packed.unpackedBytes)} unpacked).`,
    ].join(' ');
  },
};
