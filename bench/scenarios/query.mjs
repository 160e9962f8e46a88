/** Scenario 3, big query: a million Accounts through `/query` and `nextRecordsUrl`. */
import { ACCOUNT_SOQL } from '../lib/records.mjs';
import { startServer } from '../lib/processes.mjs';

const VARIANTS = [
  { id: 'forcelink', lib: 'forcelink', label: 'forcelink, `for await` over sf.query()' },
  { id: 'jsforce', lib: 'jsforce', label: 'jsforce, autoFetch + maxFetch = all' },
  { id: 'axios', lib: 'axios', label: 'axios, page by page by hand' },
  { id: 'jsforce-default', lib: 'jsforce', flavor: 'default', label: 'jsforce, autoFetch, maxFetch left at its default' },
];

const rate = (r) => r.recordsPerSecond;
const heap = (r) => r.heapGrowthMB;
const cpu = (r) => r.cpuSeconds;

export default {
  id: 'query',
  title: '3. Big query',
  execArgv: ['--expose-gc'],
  async setup(config) {
    const server = await startServer({});
    const started = Date.now();
    await server.call('seed', { count: config.query.records });
    return { server, seedSeconds: (Date.now() - started) / 1000 };
  },
  variants: () => VARIANTS,
  async prepare(env, variant, config) {
    return { lib: variant.lib, flavor: variant.flavor, records: config.query.records, token: await env.server.call('mint'), server: env.server.info };
  },
  teardown: (env) => env.server.close(),
  describe: (config) =>
    `\`${ACCOUNT_SOQL}\` over ${config.query.records.toLocaleString('en')} Accounts (pages of the emulator's default 2,000). ` +
    'Heap growth is the peak `heapUsed` during the query (sampled every 10 ms and at the end, before the result is released) minus `heapUsed` after a full GC just before it; peak RSS is the process\'s lifetime maximum.',
  columns: [
    { label: 'records', get: (r) => r.records, format: 'int' },
    { label: 'records/s', get: rate, format: 'int' },
    { label: 'CPU s', get: cpu, format: 'ms' },
    { label: 'heap growth MB', get: heap, format: 'mb' },
    { label: 'peak RSS MB', get: (r) => r.peakRssMB, format: 'mb' },
  ],
  ratios: [
    { label: 'big query: records/s', get: rate, better: 'higher', a: 'forcelink', jsforce: 'jsforce', axios: 'axios' },
    { label: 'big query: heap growth', get: heap, better: 'lower', a: 'forcelink', jsforce: 'jsforce', axios: 'axios' },
    { label: 'big query: CPU', get: cpu, better: 'lower', a: 'forcelink', jsforce: 'jsforce', axios: 'axios' },
  ],
  targets: [
    { label: 'big query heap growth ≤ 60 MB', get: heap, a: 'forcelink', max: 60, format: 'mb', unit: 'MB' },
    { label: 'big query rate ≥ 1.3× jsforce', get: rate, a: 'forcelink', b: 'jsforce', min: 1.3 },
  ],
};
