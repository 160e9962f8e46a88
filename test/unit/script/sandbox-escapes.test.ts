import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScriptError, ScriptTimeoutError } from '../../../src/core/errors.js';
import { CyclrScript } from '../../../src/script/index.js';
import { actionContext, recordingEnv } from './context.js';
import { SEED_SCRIPT } from './scripts.js';

const DIRECTORY = fileURLToPath(new URL('../../fixtures/sandbox-escapes/', import.meta.url));
const LOG_LIMIT = 1024 * 1024;

interface Fixture {
  file: string;
  expect: string;
  source: string;
}

function loadFixtures(): Fixture[] {
  return readdirSync(DIRECTORY)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const source = readFileSync(DIRECTORY + file, 'utf8');
      const match = /^\/\/ expect: (.+)$/m.exec(source.split('\n')[0] ?? '');
      if (!match?.[1]) throw new Error(`${file}: the first line must be "// expect: <outcome>"`);
      return { file, expect: match[1].trim(), source };
    });
}

function snapshot(): Record<string, string[]> {
  return {
    object: Object.getOwnPropertyNames(Object.prototype),
    array: Object.getOwnPropertyNames(Array.prototype),
    string: Object.getOwnPropertyNames(String.prototype),
    function: Object.getOwnPropertyNames(Function.prototype),
    global: Object.getOwnPropertyNames(globalThis),
  };
}

function checkOutcome(fixture: Fixture, outcome: unknown, ctx: { response?: unknown }): void {
  const expected = fixture.expect === 'survives' ? (outcome instanceof Error ? 'limit' : 'contained') : fixture.expect;
  if (expected === 'contained') {
    if (outcome instanceof Error) throw outcome;
    expect(ctx.response).toBe('contained');
    return;
  }
  expect(outcome).toBeInstanceOf(ScriptError);
  const error = outcome as ScriptError;
  const limit =
    error instanceof ScriptTimeoutError
      ? 'timeout'
      : error.message.startsWith('out of memory')
        ? 'oom'
        : error.message.startsWith('stack overflow')
          ? 'stack'
          : undefined;
  if (expected === 'limit') expect(limit, error.message).toBeDefined();
  else if (expected.startsWith('error ')) {
    const [, pattern, flags] = /^error \/(.+)\/([a-z]*)$/.exec(expected) ?? [];
    expect(error.message).toMatch(new RegExp(pattern ?? '^$', flags));
  } else expect(limit, error.message).toBe(expected);
}

const fixtures = loadFixtures();
const before = snapshot();
let canary: CyclrScript;

beforeAll(async () => {
  canary = await CyclrScript.compile(SEED_SCRIPT);
});

afterAll(async () => {
  await canary.dispose();
});

describe('sandbox escape and exhaustion corpus', () => {
  it('holds at least 30 attempts, each with a known expectation', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const fixture of fixtures) {
      expect(fixture.expect, fixture.file).toMatch(/^(contained|survives|timeout|oom|stack|limit|error \/.+\/[a-z]*)$/);
    }
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))('%s is contained and the host keeps serving', async (_file, fixture) => {
    let logged = 0;
    const script = await CyclrScript.compile(
      `${fixture.source}\nfunction after_action() { method_response = 'alive'; return true; }`,
      { timeoutMs: 500, memoryLimitBytes: 16 * 1024 * 1024, logger: (line) => (logged += line.length) },
    );
    try {
      const ctx = actionContext();
      const outcome = await script.beforeAction?.(ctx, recordingEnv()).then(
        () => undefined,
        (error: unknown) => error,
      );
      checkOutcome(fixture, outcome, ctx);

      // The host is unharmed: no prototype or global changed, nothing polluted.
      expect(snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(logged).toBeLessThanOrEqual(LOG_LIMIT + 100);

      // The same script keeps serving (on a replacement worker if its worker was killed)…
      const after = actionContext();
      await script.afterAction?.(after, recordingEnv());
      expect(after.response).toBe('alive');
      // …and so does any other script.
      const seeded = actionContext();
      await expect(canary.beforeAction?.(seeded, recordingEnv())).resolves.toBe(true);
      expect(seeded.requestHeaders['Sforce-Auto-Assign']).toBe('FALSE');
    } finally {
      await script.dispose();
    }
  });
});
