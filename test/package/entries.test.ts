/**
 * The built package (dist/, made by `npm test` before vitest): every entry loads from ESM and
 * CommonJS with the public names of API.md, and the core entry imports no Node built-in.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, { import: { default: string }; require: { default: string } } | string>;
};

const EXPECTED: Record<string, string[]> = {
  '.': ['SalesforceClient', 'OAuth2', 'TokenManager', 'MemoryTokenStore', 'autoAssign', 'parseLimitInfo', 'soql', 'toId18', 'ForcelinkError', 'ReauthorizationRequiredError'],
  './node': ['FileTokenStore', 'createCallbackHandler', 'loginWithBrowser'],
  './redis': ['RedisTokenStore'],
  './script': ['CyclrScript'],
  './emulator': ['SalesforceEmulator'],
};

/** Loads `specifier` in a fresh Node process (ESM `import` or CJS `require`) and lists its export names. */
function exportsOf(specifier: string, mode: 'import' | 'require'): string[] {
  const script =
    mode === 'import'
      ? `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m))))`
      : `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: new URL('.', root).pathname, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('package entries (built output)', () => {
  for (const [subpath, names] of Object.entries(EXPECTED)) {
    const specifier = subpath === '.' ? 'forcelink' : `forcelink/${subpath.slice(2)}`;
    it.each(['import', 'require'] as const)(`${specifier} loads with %s`, (mode) => {
      const exported = exportsOf(specifier, mode);
      for (const name of names) expect(exported).toContain(name);
    });
  }

  it('maps every entry in package.json exports to ESM and CJS files', () => {
    for (const subpath of Object.keys(EXPECTED)) {
      const entry = pkg.exports[subpath];
      expect(typeof entry === 'object' && entry.import.default.endsWith('.js') && entry.require.default.endsWith('.cjs')).toBe(true);
    }
  });

  it('the core entry imports no Node built-in, in either build', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      const code = readFileSync(new URL(file, root), 'utf8');
      const specifiers = [...code.matchAll(/(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      expect(specifiers.filter((s) => builtins.has(s))).toEqual([]);
    }
  });
});
