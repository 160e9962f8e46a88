/** Command-line options and the sizes of each scenario, full and `--quick`. */

const FULL = {
  rounds: 5,
  reads: { records: 1000, count: 5000, warmup: 500, concurrency: [1, 50] },
  storm: { calls: 1000, sessionTimeoutMs: 8000 },
  query: { records: 1_000_000 },
  writes: { records: 20_000 },
  footprint: { importRuns: 5 },
};

const QUICK = {
  rounds: 2,
  reads: { records: 100, count: 200, warmup: 20, concurrency: [1, 50] },
  storm: { calls: 100, sessionTimeoutMs: 2000 },
  query: { records: 4500 },
  writes: { records: 600 },
  footprint: { importRuns: 1 },
};

const SCENARIOS = ['reads', 'storm', 'query', 'writes', 'footprint'];

/**
 * `--quick`, `--rounds N`, `--only reads,query`, `--out DIR` (default docs/), `--json FILE`
 * (raw results), `--render FILE` (write the report again from such raw results, measuring
 * nothing), `--cpu-prof DIR` (a V8 CPU profile of every client process; for diagnosis, not for the numbers).
 */
export function parseArgs(argv) {
  const options = { quick: false, out: 'docs', json: undefined, render: undefined, cpuProf: undefined, only: SCENARIOS, rounds: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--out') options.out = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '--render') options.render = value();
    else if (arg === '--cpu-prof') options.cpuProf = value();
    else if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--only') options.only = value().split(',');
    else throw new Error(`unknown option ${arg}`);
  }
  const unknown = options.only.filter((s) => !SCENARIOS.includes(s));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')} (have ${SCENARIOS.join(', ')})`);
  if (options.rounds !== undefined && !(Number.isInteger(options.rounds) && options.rounds > 0)) throw new Error('--rounds needs a positive integer');
  const sizes = options.quick ? QUICK : FULL;
  return { ...options, ...sizes, rounds: options.rounds ?? sizes.rounds };
}
