/**
 * Case-insensitive text comparison for SOQL (`=`, `IN`, `LIKE` and ORDER BY on text fields ignore
 * case) and a LIKE matcher that runs in O(pattern × value) time at worst — no regular expression is
 * ever built from user input.
 *
 * @module
 */
import { LIKE_ANY, LIKE_ONE, type LikeUnit } from './lexer.js';

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Lower-cases one code point, keeping it when its lower case is not a single code point. */
function foldCodePoint(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length === ch.length || [...lower].length === 1 ? lower : ch;
}

/**
 * The case-folded form of `text`: equal folds mean equal ignoring case. Every code point folds to
 * exactly one code point, so LIKE's `_` still matches one character.
 *
 * @example
 * ```ts
 * fold('ACME Inc') === fold('acme inc'); // true
 * ```
 */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += foldCodePoint(ch);
  return out;
}

/** A compiled LIKE pattern. */
export interface LikeMatcher {
  (value: string): boolean;
}

/**
 * Compiles a LIKE pattern (from the lexer: literal characters, `%`, `_`) into a case-insensitive
 * matcher over whole values.
 *
 * @example
 * ```ts
 * compileLike(['a', LIKE_ANY])('ACME'); // true
 * ```
 */
export function compileLike(units: readonly LikeUnit[]): LikeMatcher {
  const pattern: LikeUnit[] = [];
  for (const unit of units) {
    if (unit === LIKE_ANY && pattern[pattern.length - 1] === LIKE_ANY) continue;
    pattern.push(typeof unit === 'string' ? foldCodePoint(unit) : unit);
  }
  const literal = pattern.every((u) => typeof u === 'string') ? pattern.join('') : undefined;
  if (literal !== undefined) return (value) => fold(value) === literal;
  return (value) => {
    const folded = fold(value);
    return wildcardMatch(pattern, ASCII.test(folded) ? folded : Array.from(folded));
  };
}

/** Iterative wildcard matching with single-star backtracking: O(p × v) worst case, never exponential. */
function wildcardMatch(pattern: readonly LikeUnit[], value: ArrayLike<string>): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  const plen = pattern.length;
  const vlen = value.length;
  while (v < vlen) {
    const unit = pattern[p];
    if (p < plen && unit !== LIKE_ANY && (unit === LIKE_ONE || unit === value[v])) {
      p++;
      v++;
    } else if (p < plen && unit === LIKE_ANY) {
      starP = p++;
      starV = v;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < plen && pattern[p] === LIKE_ANY) p++;
  return p === plen;
}
