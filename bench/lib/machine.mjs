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

export async function machineInfo() {
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
    /** 1-, 5- and 15-minute load averages when the run ended (other work on the machine shows here). */
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
  };
}
