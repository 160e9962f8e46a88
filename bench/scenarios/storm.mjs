/**
 * Scenario 2, refresh storm: 1,000 concurrent calls on an expired session, with refresh-token
 * rotation off and on, and with the session timeout known to the client in advance.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../lib/processes.mjs';

const VARIANTS = [
  { id: 'forcelink', lib: 'forcelink', server: 'plain', label: 'forcelink (TokenManager)' },
  { id: 'forcelink-rotation', lib: 'forcelink', server: 'rotation', label: 'forcelink, refresh-token rotation' },
  { id: 'forcelink-known', lib: 'forcelink', server: 'timeout', label: 'forcelink, expiry known (sessionTimeoutMs)' },
  { id: 'forcelink-adapter', lib: 'forcelink', adapter: true, server: 'plain', label: 'forcelink + nodeHttpAdapter' },
  { id: 'jsforce', lib: 'jsforce', mode: 'shared', server: 'plain', label: 'jsforce, one Connection' },
  { id: 'jsforce-rotation', lib: 'jsforce', mode: 'shared', server: 'rotation', label: 'jsforce, one Connection, rotation' },
  { id: 'jsforce-per-call', lib: 'jsforce', mode: 'per-call', server: 'plain', label: 'jsforce, a Connection per call' },
];

const s = (get) => (r) => r.server?.[get];

export default {
  id: 'storm',
  title: '2. Refresh storm',
  async setup(config) {
    const servers = {
      plain: await startServer({}),
      rotation: await startServer({ refreshTokenRotation: true }),
      timeout: await startServer({ sessionTimeoutMs: config.storm.sessionTimeoutMs }),
    };
    const ids = {};
    for (const [name, server] of Object.entries(servers)) ids[name] = (await server.call('seed', { count: 100, keepIds: 100 })).ids;
    return { servers, ids };
  },
  variants: () => VARIANTS,
  async prepare(env, variant, config) {
    const server = env.servers[variant.server];
    const token = await server.call('mint');
    let manager = {};
    if (variant.server === 'timeout') {
      // Let the session time out by itself; the client knows the org's timeout.
      const timeout = config.storm.sessionTimeoutMs;
      await sleep(timeout + 250);
      manager = { sessionTimeoutMs: timeout, refreshMarginMs: timeout / 10 };
    } else {
      await server.call('expire');
    }
    await server.call('reset');
    return { lib: variant.lib, mode: variant.mode, adapter: variant.adapter === true, manager, calls: config.storm.calls, ids: env.ids[variant.server], token, server: server.info };
  },
  async finish(env, variant, result) {
    return { ...result, server: await env.servers[variant.server].call('stats') };
  },
  async teardown(env) {
    await Promise.all(Object.values(env.servers).map((server) => server.close()));
  },
  describe: (config) =>
    `${config.storm.calls.toLocaleString('en')} concurrent \`GET /sobjects/Account/{id}\` calls started at once on a session the org has already ended ` +
    '(`org.expireSessions()`, or, for "expiry known", the org\'s session timeout elapsed and the client was told the timeout). ' +
    '"dead-token requests" are API requests the server answered 401. Plain axios has no refresh logic, so it is not in this scenario.',
  columns: [
    { label: 'token requests', get: s('tokenRequests'), format: 'int' },
    { label: 'dead-token requests', get: s('unauthorized'), format: 'int' },
    { label: 'API requests', get: s('apiRequests'), format: 'int' },
    { label: 'calls failed', get: (r) => r.failed, format: 'int' },
    { label: 'time ms', get: (r) => r.elapsedMs, format: 'int' },
    { label: 'client CPU ms', get: (r) => r.cpuMs, format: 'int' },
    { label: 'TCP conns', get: s('connections'), format: 'int' },
    { label: 'peak open sockets', get: s('peakOpen'), format: 'int' },
  ],
  ratios: [
    { label: 'refresh storm: time to complete', get: (r) => r.elapsedMs, better: 'lower', a: 'forcelink', jsforce: 'jsforce' },
    { label: 'refresh storm: peak open sockets', get: s('peakOpen'), better: 'lower', a: 'forcelink', jsforce: 'jsforce' },
  ],
  targets: [
    ...['forcelink', 'forcelink-rotation', 'forcelink-known'].map((a) => ({ label: `exactly one token request per storm (${a})`, get: s('tokenRequests'), a, min: 1, max: 1 })),
    { label: 'no dead-token requests when the expiry is known', get: s('unauthorized'), a: 'forcelink-known', max: 0 },
    { label: 'no failed calls (forcelink, all three)', evaluate: (results) => noFailures(results) },
    { label: 'bounded sockets: peak open ≤ 64 (the client\'s default limit) + 1', get: s('peakOpen'), a: 'forcelink', max: 65 },
    { label: 'exactly one token request per storm (forcelink-adapter)', get: s('tokenRequests'), a: 'forcelink-adapter', min: 1, max: 1 },
    { label: 'bounded sockets with nodeHttpAdapter: peak open ≤ 64 + 1', get: s('peakOpen'), a: 'forcelink-adapter', max: 65 },
  ],
  notes: (results) => {
    const kinds = new Set(Object.values(results).flat().flatMap((r) => r?.failureKinds ?? []));
    return kinds.size ? `Kinds of failed calls seen: ${[...kinds].map((k) => `\`${k}\``).join(', ')}.` : '';
  },
};

function noFailures(results) {
  const rounds = ['forcelink', 'forcelink-rotation', 'forcelink-known'].flatMap((id) => results[id] ?? []);
  const failed = rounds.reduce((sum, r) => sum + (r?.error ? Infinity : r?.failed ?? 0), 0);
  return { text: Number.isFinite(failed) ? `${failed} failed calls over ${rounds.length} storms` : 'a storm did not complete', pass: failed === 0 && rounds.length > 0 };
}
