/** Writes, client side: `records` new Accounts through sObject Collections (200 per request). */
import { accountFields, API_VERSION } from '../lib/records.mjs';
import { forcelinkClient, jsforceConnection, loadAxios } from '../lib/libraries.mjs';

const CHUNK = 200;

/** `create(records)` → save results, or undefined when the library has no collections API. */
async function creator(job) {
  if (job.lib === 'forcelink') {
    const { sf } = await forcelinkClient(job);
    if (typeof sf.collections?.create !== 'function') return undefined;
    const options = job.flavor === 'sequential' ? { concurrency: 1 } : {};
    return (records) => sf.collections.create('Account', records, options);
  }
  if (job.lib === 'jsforce') {
    const accounts = jsforceConnection(job).sobject('Account');
    return (records) => accounts.create(records, { allowRecursive: true });
  }
  if (job.lib === 'axios') {
    const axios = await loadAxios();
    const url = `${job.token.instance_url}/services/data/v${API_VERSION}/composite/sobjects`;
    const headers = { Authorization: `Bearer ${job.token.access_token}` };
    return async (records) => {
      const results = [];
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK).map((r) => ({ attributes: { type: 'Account' }, ...r }));
        results.push(...(await axios.post(url, { allOrNone: false, records: chunk }, { headers })).data);
      }
      return results;
    };
  }
  throw new Error(`unknown library ${job.lib}`);
}

export async function run(job) {
  const create = await creator(job);
  if (!create) return { notAvailable: true };
  const records = Array.from({ length: job.records }, (_, i) => accountFields(i, `${job.lib} write`));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const results = await create(records);
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const saved = results.filter((r) => r.success).length;
  return { saved, recordsPerSecond: (saved / elapsedMs) * 1000, elapsedMs, cpuSeconds: (used.user + used.system) / 1e6 };
}
