/**
 * Runs `bench/run.mjs --quick` end to end (emulator child process, every scenario, every library)
 * so the benchmarks never rot. Asserts that it completes and writes a well-formed report, never
 * any timing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const SCENARIOS = ['reads', 'storm', 'query', 'writes', 'footprint'];

interface RoundResult {
  error?: string;
  notAvailable?: boolean;
}

describe('npm run bench -- --quick', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs every scenario and writes the report, the chart and the raw results', { timeout: 180_000 }, async () => {
    expect(existsSync(new URL('dist/index.js', ROOT)), 'build first: npm run build').toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'forcelink-bench-test-'));
    const json = join(dir, 'raw.json');
    await run(process.execPath, ['bench/run.mjs', '--quick', '--out', dir, '--json', json], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });

    const raw = JSON.parse(await readFile(json, 'utf8')) as { config: { rounds: number }; results: Record<string, Record<string, RoundResult[]>> };
    expect(Object.keys(raw.results)).toEqual(SCENARIOS);
    for (const [scenario, variants] of Object.entries(raw.results)) {
      for (const [variant, rounds] of Object.entries(variants)) {
        expect(rounds, `${scenario}/${variant}`).toHaveLength(raw.config.rounds);
        for (const round of rounds) expect(round.error, `${scenario}/${variant}`).toBeUndefined();
      }
    }

    const report = await readFile(join(dir, 'benchmarks.md'), 'utf8');
    expect(report).toMatch(/^# Benchmarks\n/);
    for (const heading of ['## Machine and versions', '## Targets', '## Ratios', '## 1. Per-request overhead', '## 2. Refresh storm', '## 3. Big query', '## 4. Writes', '## 5. Footprint']) {
      expect(report).toContain(heading);
    }
    expect(report).toContain('![forcelink against jsforce and axios](benchmarks.svg)');
    expect(report).not.toMatch(/NaN|undefined|\[object/);
    for (const line of report.split('\n').filter((l) => l.startsWith('|'))) expect(line).toMatch(/^\|.*\|$/);

    const svg = await readFile(join(dir, 'benchmarks.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined/);
    expect(svg.match(/<rect /g)?.length ?? 0).toBeGreaterThan(3);
  });
});
