/** Scenario 4, writes: 20,000 new Accounts through sObject Collections. */
import { startServer } from '../lib/processes.mjs';

const VARIANTS = [
  { id: 'forcelink', lib: 'forcelink', label: 'forcelink, sf.collections.create' },
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
    return { lib: variant.lib, records: config.writes.records, token, server: env.server.info };
  },
  async finish(env, variant, result) {
    return { ...result, server: await env.server.call('stats') };
  },
  teardown: (env) => env.server.close(),
  describe: (config) =>
    `${config.writes.records.toLocaleString('en')} new Accounts through \`/composite/sobjects\` (at most 200 records per request), sent one request after another. "API calls" are requests the server received from the client.`,
  columns: [
    { label: 'saved', get: (r) => r.saved, format: 'int' },
    { label: 'records/s', get: rate, format: 'int' },
    { label: 'API calls', get: calls, format: 'int' },
    { label: 'CPU s', get: (r) => r.cpuSeconds, format: 'ms' },
  ],
  ratios: [{ label: 'writes: records/s', get: rate, better: 'higher', a: 'forcelink', jsforce: 'jsforce', axios: 'axios' }],
  notes: (results) =>
    (results.forcelink ?? []).some((r) => r?.notAvailable) ? '**forcelink: not available** — this build has no `sf.collections`.' : '',
};
