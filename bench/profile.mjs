/**
 * `node bench/profile.mjs DIR…`: summarizes V8 CPU profiles (from `npm run bench -- --cpu-prof
 * DIR`) — self time by package or file and by function, and inclusive time by package or file — so it is plain where a client's time goes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const TOP = 25;

async function profilesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await profilesUnder(path)));
    else if (entry.name.endsWith('.cpuprofile')) out.push(path);
  }
  return out;
}

/** Where a frame comes from: a package in node_modules, a dist/ file, node internals, or V8. */
function origin(url) {
  if (!url) return '(native/V8)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const dist = url.match(/\/(dist\/[^/]+)$/);
  if (dist) return `forcelink ${dist[1]}`;
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

function summarize(profile, byOrigin, byFunction, inclusive) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]);
    const ms = (deltas[i] ?? 0) / 1000;
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parents.get(id)) seen.add(origin(nodes.get(id).callFrame.url));
    for (const where of seen) inclusive.set(where, (inclusive.get(where) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = origin(url);
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
}

function print(title, map, total = [...map.values()].reduce((a, b) => a + b, 0)) {
  console.log(`\n${title} (total ${total.toFixed(0)} ms)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
  }
}

for (const dir of process.argv.slice(2)) {
  const byOrigin = new Map();
  const byFunction = new Map();
  const inclusive = new Map();
  const files = await profilesUnder(dir);
  for (const file of files) summarize(JSON.parse(await readFile(file, 'utf8')), byOrigin, byFunction, inclusive);
  console.log(`# ${dir}: ${files.length} profile(s)`);
  print('self time by origin', byOrigin);
  print('self time by function', byFunction);
  const total = [...byOrigin.values()].reduce((a, b) => a + b, 0);
  print('time with a frame of this origin on the stack (inclusive)', inclusive, total);
}
