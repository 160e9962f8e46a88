/**
 * Refresh storm, client side: `calls` concurrent reads fired at once on a session the server
 * already ended. The server counts token requests, 401s and sockets; here we count failures,
 * time and CPU.
 */
import { forcelinkClient, jsforceConnection, loadJsforce, nodeAdapterHttpClient } from '../lib/libraries.mjs';

async function reader(job) {
  if (job.lib === 'forcelink') {
    const httpClient = job.adapter ? await nodeAdapterHttpClient() : undefined;
    const through = httpClient ? { client: { httpClient }, oauth: { httpClient } } : {};
    const { sf } = await forcelinkClient(job, { manager: job.manager, ...through });
    const accounts = sf.sobject('Account');
    return (id) => accounts.retrieve(id);
  }
  if (job.lib === 'jsforce') {
    const jsforce = loadJsforce();
    if (job.mode === 'per-call') return (id) => jsforceConnection(job, jsforce).sobject('Account').retrieve(id);
    const accounts = jsforceConnection(job, jsforce).sobject('Account');
    return (id) => accounts.retrieve(id);
  }
  throw new Error(`no refresh storm for ${job.lib}`);
}

/** A failure's kind, never its message (which could quote a request). */
function kindOf(error) {
  return [error?.name, error?.errorCode ?? error?.code].filter(Boolean).join(' ') || 'unknown';
}

export async function run(job) {
  const read = await reader(job);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const settled = await Promise.allSettled(Array.from({ length: job.calls }, (_, i) => read(job.ids[i % job.ids.length])));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const failed = settled.filter((s) => s.status === 'rejected');
  const kinds = [...new Set(failed.map((s) => kindOf(s.reason)))];
  return { elapsedMs, cpuMs: (used.user + used.system) / 1000, failed: failed.length, failureKinds: kinds };
}
