import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;

describe('forcelink CLI (built output)', () => {
  it('`demo` runs the whole path against the embedded emulator and exits 0', async () => {
    const { stdout } = await run(process.execPath, [cli, 'demo'], { timeout: 60_000 });
    expect(stdout).toContain("before_action script sent Sforce-Auto-Assign: FALSE");
    expect(stdout).toContain('kept its owner');
    expect(stdout).toMatch(/after 1 token refresh/);
    expect(stdout.trim().split('\n').at(-1)).toBe('Done.');
  });

  it('prints usage and fails on an unknown command', async () => {
    const error = await run(process.execPath, [cli, 'nope']).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(1);
    expect((error as { stderr: string }).stderr).toContain('Usage: forcelink');
  });
});
