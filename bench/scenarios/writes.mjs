/** Scenario 4, writes: 20,000 new Accounts through sObject Collections. */
import { startServer } from '../lib/processes.mjs';

const VARIANTS = [
  { id: 'forcelink', lib: 'forcelink', label: 'forcelink, sf.collections.create (default: 4 requests at once)' },
  { id: 'forcelink-sequential', lib: 'forcelink', flavor: 'sequential', label: 'forcelink, sf.collections.create, concurrency 1' },
  { id: 'jsforce', lib: 'jsforce', label: 'jsforce, sobject().create(records, { allowRecursive })' },
  { id: 'axios', lib: 'axios', label: 'axios, POST /composite/sobjects by hand' },
];

const rate = (r) => r.recordsPerSecond;
const calls = (r) => r.server?.apiRequests;

export default {
  id: 'writes',
  title: '4. Writes',
  async setup() {
    return { server: await startServer({}) };
  },
  variants: () => VARIANTS,
  async prepare(env, variant, config) {
    const token = await env.server.call('mint');
    await env.server.call('reset');
    return { lib: variant.lib, flavor: variant.flavor, records: config.writes.records, token, server: env.server.info };
  },
  async finish(env, variant, result) {
    return { ...result, server: await env.server.call('stats') };
  },
  teardown: (env) => env.server.close(),
  describe: (config) =>
    `${config.writes.records.toLocaleString('en')} new Accounts through \`/composite/sobjects\` (at most 200 records per request). ` +
    'jsforce and the axios loop send one request after another; forcelink sends 4 at once by default, and is also shown at concurrency 1. "API calls" are requests the server received from the client.',
  columns: [
    { label: 'saved', get: (r) => r.saved, format: 'int' },
    { label: 'records/s', get: rate, format: 'int' },
    { label: 'API calls', get: calls, format: 'int' },
    { label: 'CPU s', get: (r) => r.cpuSeconds, format: 'ms' },
  ],
  ratios: [
    { label: 'writes: records/s', get: rate, better: 'higher', a: 'forcelink', jsforce: 'jsforce', axios: 'axios' },
    { label: 'writes: records/s, concurrency 1', get: rate, better: 'higher', a: 'forcelink-sequential', jsforce: 'jsforce', axios: 'axios' },
  ],
  notes: (results) =>
    (results.forcelink ?? []).some((r) => r?.notAvailable) ? '**forcelink: not available** — this build has no `sf.collections`.' : '',
};
