/**
 * Per-request overhead, client side: `warmup` unmeasured reads, then `count` reads of Accounts
 * by ID at `concurrency`, timing each call and the process's CPU over the measured window.
 */
import http from 'node:http';
import { latencySummary } from '../lib/stats.mjs';
import { distUrl } from '../lib/dist.mjs';
import { forcelinkClient, jsforceConnection, loadAxios, nodeAdapterHttpClient } from '../lib/libraries.mjs';
import { socketMeter } from '../lib/sockets.mjs';

/** Cyclr's documented Salesforce step script, and the same thing as a TypeScript hook. */
export const AUTO_ASSIGN_SCRIPT = "function before_action() { method_request_headers['Sforce-Auto-Assign'] = 'FALSE'; return true; }";
const AUTO_ASSIGN_HOOK = {
  beforeAction(ctx) {
    ctx.requestHeaders['Sforce-Auto-Assign'] = 'FALSE';
  },
};

function nodeHttpGet(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${response.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** `read(id)` → the record, for the job's library and flavor. */
async function reader(job) {
  const base = `${job.token.instance_url}/services/data/v${job.apiVersion}/sobjects/Account/`;
  const headers = { Authorization: `Bearer ${job.token.access_token}`, Accept: 'application/json' };
  switch (job.lib) {
    case 'http':
      return (id) => nodeHttpGet(base + id, headers);
    case 'axios': {
      const axios = await loadAxios();
      return async (id) => (await axios.get(base + id, { headers })).data;
    }
    case 'jsforce': {
      const accounts = jsforceConnection(job).sobject('Account');
      return (id) => accounts.retrieve(id);
    }
    case 'forcelink': {
      const client = job.flavor === 'adapter' ? { httpClient: await nodeAdapterHttpClient() } : {};
      const { sf } = await forcelinkClient(job, { client });
      if (job.flavor === 'hook') sf.use(AUTO_ASSIGN_HOOK);
      if (job.flavor === 'script') {
        const { CyclrScript } = await import(distUrl('script.js'));
        sf.use(await CyclrScript.compile(AUTO_ASSIGN_SCRIPT));
      }
      const accounts = sf.sobject('Account');
      return (id) => accounts.retrieve(id);
    }
    default:
      throw new Error(`unknown library ${job.lib}`);
  }
}

async function drive(read, ids, count, concurrency, durations) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const id = ids[i % ids.length];
      const started = performance.now();
      const record = await read(id);
      if (durations) durations[i] = performance.now() - started;
      if (record?.Id !== id) throw new Error(`read ${id}, got ${record?.Id}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function run(job) {
  const meter = socketMeter();
  const read = await reader(job);
  await drive(read, job.ids, job.warmup, job.concurrency);
  const sockets = meter.snapshot();
  const durations = new Float64Array(job.count);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await drive(read, job.ids, job.count, job.concurrency, durations);
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const after = meter.snapshot();
  return {
    requestsPerSecond: (job.count / elapsedMs) * 1000,
    ...latencySummary(durations),
    cpuPerCallUs: (used.user + used.system) / job.count,
    newConnections: after.opened - sockets.opened,
    peakSockets: after.peak,
  };
}
