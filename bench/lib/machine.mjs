/** The machine and the versions under test, for the report's header. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';

const ROOT = new URL('../../', import.meta.url);

async function versionOf(path) {
  return JSON.parse(await readFile(new URL(path, ROOT), 'utf8')).version;
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The 1-, 5- and 15-minute load averages now: take them at the start, pass them to {@link machineInfo}. */
export function loadAverage() {
  return os.loadavg().map((l) => l.toFixed(1)).join(' / ');
}

export async function machineInfo(loadAtStart) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    versions: {
      forcelink: `${await versionOf('package.json')} (commit ${gitCommit()})`,
      jsforce: await versionOf('node_modules/jsforce/package.json'),
      axios: await versionOf('node_modules/axios/package.json'),
    },
    date: new Date().toISOString().slice(0, 10),
    /** 1-, 5- and 15-minute load averages at the start and the end (other work on the machine shows here). */
    load: { start: loadAtStart, end: loadAverage() },
  };
}
