/**
 * A tiny `--name value` / `--flag` parser for the CLI.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

/** Parsed options: `--port 8080` → `{ port: '8080' }`, `--quick` → `{ quick: true }`. */
export function parseArgs(argv: readonly string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ValidationError(`unexpected argument '${arg}'`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) out[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      out[name] = next;
      i++;
    } else out[name] = true;
  }
  return out;
}

/** A whole number option within bounds. */
export function intOption(value: string | true | undefined, name: string, fallback: number, min = 0, max = 65_535): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value === true || !Number.isInteger(n) || n < min || n > max) throw new ValidationError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
