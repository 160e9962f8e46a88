/**
 * Big query, client side: every Account through the REST query API, each library its own way.
 * Run with --expose-gc, so the heap baseline is taken after a full collection.
 */
import { ACCOUNT_SOQL } from '../lib/records.mjs';
import { forcelinkClient, jsforceConnection, loadAxios } from '../lib/libraries.mjs';

const MB = 1024 * 1024;

/** `consume()` → number of records seen, for the job's library and variant. */
async function consumer(job) {
  if (job.lib === 'forcelink') {
    const { sf } = await forcelinkClient(job);
    return async () => {
      let n = 0;
      for await (const record of sf.query(ACCOUNT_SOQL)) if (record.Id) n++;
      return n;
    };
  }
  if (job.lib === 'jsforce') {
    const conn = jsforceConnection(job);
    // autoFetch alone stops at jsforce's default maxFetch (10,000); the "raised" variant covers all.
    const options = job.flavor === 'default' ? { autoFetch: true } : { autoFetch: true, maxFetch: job.records };
    return async () => (await conn.query(ACCOUNT_SOQL, options)).records.filter((r) => r.Id).length;
  }
  if (job.lib === 'axios') {
    const axios = await loadAxios();
    const headers = { Authorization: `Bearer ${job.token.access_token}` };
    return async () => {
      let n = 0;
      let url = `/services/data/v${job.apiVersion}/query?q=${encodeURIComponent(ACCOUNT_SOQL)}`;
      while (url) {
        const { data } = await axios.get(job.token.instance_url + url, { headers });
        for (const record of data.records) if (record.Id) n++;
        url = data.done ? undefined : data.nextRecordsUrl;
      }
      return n;
    };
  }
  throw new Error(`unknown library ${job.lib}`);
}

export async function run(job) {
  const consume = await consumer(job);
  globalThis.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  const sample = () => {
    const { heapUsed } = process.memoryUsage();
    if (heapUsed > peakHeap) peakHeap = heapUsed;
  };
  const sampler = setInterval(sample, 10);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const records = await consume();
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  sample();
  clearInterval(sampler);
  return {
    records,
    recordsPerSecond: (records / elapsedMs) * 1000,
    elapsedMs,
    cpuSeconds: (used.user + used.system) / 1e6,
    heapGrowthMB: (peakHeap - base.heapUsed) / MB,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}
