/**
 * `npm run bench [-- --quick]`: runs every scenario for forcelink, jsforce and axios, interleaved
 * (each round runs every variant once, in a rotated order, each in a fresh process), then writes
 * docs/benchmarks.md and docs/benchmarks.svg.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from './lib/config.mjs';
import { snapshotDist } from './lib/dist.mjs';
import { API_VERSION } from './lib/records.mjs';
import { runClient } from './lib/processes.mjs';
import { loadAverage, machineInfo } from './lib/machine.mjs';
import { renderReport } from './lib/report.mjs';
import { renderChart } from './lib/chart.mjs';
import reads from './scenarios/reads.mjs';
import storm from './scenarios/storm.mjs';
import query from './scenarios/query.mjs';
import writes from './scenarios/writes.mjs';
import footprint from './scenarios/footprint.mjs';

const SCENARIOS = [reads, storm, query, writes, footprint];

/** Rotates the variant order by round, so no library always runs first (or last). */
function rotate(list, round) {
  const k = round % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function clientFlags(config, variant, scenario) {
  const flags = [...(scenario.execArgv ?? [])];
  if (config.cpuProf) flags.push('--cpu-prof', `--cpu-prof-dir=${resolve(config.cpuProf, scenario.id, variant.id)}`);
  return flags;
}

async function runScenario(scenario, config, log) {
  const results = Object.fromEntries(scenario.variants(config).map((v) => [v.id, []]));
  const env = await scenario.setup(config);
  try {
    for (let round = 0; round < config.rounds; round++) {
      for (const variant of rotate(scenario.variants(config), round)) {
        let result;
        try {
          if (scenario.measure) result = await scenario.measure(env, variant, config, round);
          else {
            const job = { scenario: scenario.id, variant: variant.id, apiVersion: API_VERSION, ...(await scenario.prepare(env, variant, config)) };
            result = await runClient(job, { execArgv: clientFlags(config, variant, scenario) });
            if (scenario.finish) result = await scenario.finish(env, variant, result);
          }
        } catch (error) {
          result = { error: String(error?.message ?? error).split('\n')[0] };
          log(`  ${variant.id}: ${result.error}`);
        }
        results[variant.id][round] = result;
      }
      log(`${scenario.id}: round ${round + 1}/${config.rounds} done`);
    }
  } finally {
    await scenario.teardown?.(env);
  }
  return results;
}

/** Runs the selected scenarios: `{ runs, machine, elapsedS }`. */
async function measure(config, log) {
  const started = Date.now();
  const loadAtStart = loadAverage();
  const runs = [];
  const removeSnapshot = await snapshotDist();
  try {
    for (const scenario of SCENARIOS.filter((s) => config.only.includes(s.id))) {
      log(`${scenario.id}: starting (${config.rounds} rounds)`);
      runs.push({ scenario, results: await runScenario(scenario, config, log) });
    }
  } finally {
    await removeSnapshot();
  }
  return { runs, machine: await machineInfo(loadAtStart), elapsedS: Math.round((Date.now() - started) / 1000) };
}

/** The results of an earlier run (`--json`), to render again without measuring. */
async function reload(file) {
  const raw = JSON.parse(await readFile(file, 'utf8'));
  const runs = SCENARIOS.filter((s) => raw.results[s.id]).map((scenario) => ({ scenario, results: raw.results[scenario.id] }));
  return { runs, machine: raw.machine, elapsedS: raw.elapsedS, config: raw.config };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = (line) => process.stderr.write(`[bench] ${line}\n`);
  const loaded = options.render ? await reload(options.render) : undefined;
  const config = loaded ? { ...loaded.config, out: options.out, json: undefined } : options;
  const { runs, machine, elapsedS } = loaded ?? (await measure(config, log));
  await mkdir(config.out, { recursive: true });
  const chartFile = 'benchmarks.svg';
  await writeFile(join(config.out, chartFile), renderChart(runs));
  // The hand-written reading of the last full run (where time goes, what misses a target and why).
  const analysis = config.quick ? undefined : await readFile(new URL('./analysis.md', import.meta.url), 'utf8').catch(() => undefined);
  await writeFile(join(config.out, 'benchmarks.md'), renderReport({ runs, config, machine, elapsedS, chartFile, analysis }));
  if (config.json) {
    const raw = { config, machine, elapsedS, results: Object.fromEntries(runs.map((r) => [r.scenario.id, r.results])) };
    await writeFile(config.json, JSON.stringify(raw, null, 2));
  }
  log(`${loaded ? 'rendered' : `done in ${elapsedS} s`}: ${join(config.out, 'benchmarks.md')}`);
}

main().catch((error) => {
  process.stderr.write(`[bench] failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
