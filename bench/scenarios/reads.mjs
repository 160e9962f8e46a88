/** Scenario 1, per-request overhead: Account reads by ID at concurrency 1 and 50. */
import { startServer } from '../lib/processes.mjs';

const LIBS = [
  { lib: 'http', flavor: 'plain', name: 'node:http (floor)' },
  { lib: 'axios', flavor: 'plain', name: 'axios (defaults)' },
  { lib: 'jsforce', flavor: 'plain', name: 'jsforce' },
  { lib: 'forcelink', flavor: 'plain', name: 'forcelink' },
  { lib: 'forcelink', flavor: 'adapter', name: 'forcelink + nodeHttpAdapter' },
  { lib: 'forcelink', flavor: 'hook', name: 'forcelink + TS hook' },
  { lib: 'forcelink', flavor: 'script', name: 'forcelink + Cyclr script' },
];

const rps = (r) => r.requestsPerSecond;
const cpu = (r) => r.cpuPerCallUs;
const p99 = (r) => r.p99;
const id = (lib, flavor, c) => `${lib}${flavor === 'plain' ? '' : `+${flavor}`}@${c}`;

export default {
  id: 'reads',
  title: '1. Per-request overhead',
  async setup(config) {
    const server = await startServer({});
    const { ids } = await server.call('seed', { count: config.reads.records, keepIds: config.reads.records });
    return { server, ids };
  },
  variants(config) {
    return config.reads.concurrency.flatMap((c) => LIBS.map((l) => ({ ...l, id: id(l.lib, l.flavor, c), label: `${l.name}, c=${c}`, concurrency: c })));
  },
  async prepare(env, variant, config) {
    const token = await env.server.call('mint');
    const { count, warmup } = config.reads;
    return { lib: variant.lib, flavor: variant.flavor, concurrency: variant.concurrency, count, warmup, ids: env.ids, token, server: env.server.info };
  },
  teardown: (env) => env.server.close(),
  describe: (config) =>
    `${config.reads.count.toLocaleString('en')} reads (\`GET /sobjects/Account/{id}\`, ${config.reads.records} distinct IDs) after ${config.reads.warmup} unmeasured warm-up reads. ` +
    'CPU is the client process\'s user+system time over the measured reads divided by the reads; "new conns" are TCP connections opened during the measured reads, "peak sockets" over the whole process.',
  columns: [
    { label: 'reads/s', get: rps, format: 'int' },
    { label: 'p50 ms', get: (r) => r.p50, format: 'ms' },
    { label: 'p99 ms', get: p99, format: 'ms' },
    { label: 'CPU µs/call', get: cpu, format: 'int' },
    { label: 'new conns', get: (r) => r.newConnections, format: 'int' },
    { label: 'peak sockets', get: (r) => r.peakSockets, format: 'int' },
  ],
  ratios: [1, 50].flatMap((c) => [
    { label: `reads/s, c=${c}`, get: rps, better: 'higher', a: `forcelink@${c}`, jsforce: `jsforce@${c}`, axios: `axios@${c}` },
    { label: `CPU per call, c=${c}`, get: cpu, better: 'lower', a: `forcelink@${c}`, jsforce: `jsforce@${c}`, axios: `axios@${c}` },
    { label: `p99 latency, c=${c}`, get: p99, better: 'lower', a: `forcelink@${c}`, jsforce: `jsforce@${c}`, axios: `axios@${c}` },
  ]),
  extraRatios: [1, 50].flatMap((c) => [
    { label: `reads/s, c=${c}: forcelink / node:http`, get: rps, a: `forcelink@${c}`, b: `http@${c}` },
    { label: `reads/s, c=${c}: + nodeHttpAdapter / forcelink`, get: rps, a: `forcelink+adapter@${c}`, b: `forcelink@${c}` },
    { label: `CPU per call, c=${c}: + nodeHttpAdapter / forcelink`, get: cpu, a: `forcelink+adapter@${c}`, b: `forcelink@${c}` },
    { label: `reads/s, c=${c}: + nodeHttpAdapter / jsforce`, get: rps, a: `forcelink+adapter@${c}`, b: `jsforce@${c}` },
    { label: `reads/s, c=${c}: + TS hook / no hooks`, get: rps, a: `forcelink+hook@${c}`, b: `forcelink@${c}` },
    { label: `reads/s, c=${c}: + Cyclr script / no hooks`, get: rps, a: `forcelink+script@${c}`, b: `forcelink@${c}` },
    { label: `CPU per call, c=${c}: + Cyclr script / no hooks`, get: cpu, a: `forcelink+script@${c}`, b: `forcelink@${c}` },
  ]),
  targets: [
    ...[1, 50].flatMap((c) => [
      { label: `CPU per call ≤ default axios (c=${c})`, get: cpu, a: `forcelink@${c}`, b: `axios@${c}`, max: 1 },
      { label: `throughput ≥ default axios (c=${c})`, get: rps, a: `forcelink@${c}`, b: `axios@${c}`, min: 1 },
    ]),
    { label: 'throughput ≥ 1.2× jsforce (c=50)', get: rps, a: 'forcelink@50', b: 'jsforce@50', min: 1.2 },
  ],
};
