/**
 * `forcelink/script` as a built package: src/script/index.ts bundled (ESM and CJS, dependencies
 * external, as tsup does) into a temporary directory and run by child Node processes whose
 * working directory is elsewhere. Proves the inline worker and the QuickJS paths resolve from a
 * bundle, and that an idle script does not keep the process alive.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const source = fileURLToPath(new URL('../../../src/script/index.ts', import.meta.url));
const modules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forcelink-script-bundle-'));
  await symlink(modules, join(dir, 'node_modules'), 'dir');
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: [source],
      outfile: join(dir, format === 'esm' ? 'script.mjs' : 'script.cjs'),
      bundle: true,
      packages: 'external',
      format,
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
    });
  }
});

afterAll(async () => rm(dir, { recursive: true, force: true }));

function node(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const SEED = "function before_action() { method_request_headers['Sforce-Auto-Assign'] = 'FALSE'; return true; }";
const CONTEXT = "{ method: 'POST', endpoint: '/x', requestHeaders: {}, requestParameters: {}, request: {}, mergefields: {}, actionData: {}, operation: 'x' }";

describe('the bundled forcelink/script', () => {
  it('runs from an ESM bundle and lets the process exit without dispose()', async () => {
    const program = `
      const { CyclrScript } = await import(${JSON.stringify(join(dir, 'script.mjs'))});
      const script = await CyclrScript.compile(${JSON.stringify(SEED)});
      const ctx = ${CONTEXT};
      const sent = await script.beforeAction(ctx, { httpRequest: async () => ({ status_code: 200, headers: {}, content: {} }) });
      console.log(JSON.stringify({ sent, headers: ctx.requestHeaders }));`;
    const result = await node(['--input-type=module', '-e', program]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ sent: true, headers: { 'Sforce-Auto-Assign': 'FALSE' } });
  });

  it('runs from a CommonJS bundle, times out a loop and replaces the worker', async () => {
    const program = `
      const { CyclrScript } = require(${JSON.stringify(join(dir, 'script.cjs'))});
      (async () => {
        const script = await CyclrScript.compile('function before_action() { if (method_request.loop) while (true) {} return btoa("ok"); }', { timeoutMs: 200 });
        const looped = await script.beforeAction({ ...${CONTEXT}, request: { loop: true } }, {}).catch((e) => e.name);
        const after = await script.beforeAction(${CONTEXT}, {});
        await script.dispose();
        console.log(JSON.stringify({ looped, after }));
      })();`;
    const result = await node(['-e', program]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ looped: 'ScriptTimeoutError', after: true });
  });
});
