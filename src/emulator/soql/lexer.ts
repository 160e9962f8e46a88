/**
 * The SOQL lexer: one left-to-right pass over the text, no regular expressions over user input, so
 * its time is linear in the query length whatever the input.
 *
 * @module
 */
import { positionedError, quoteSafe } from './errors.js';

/** One piece of a LIKE pattern: a literal character, `%` (any run) or `_` (one character). */
export type LikeUnit = string | typeof LIKE_ANY | typeof LIKE_ONE;
/** Matches any run of characters in a LIKE pattern (`%`). */
export const LIKE_ANY: unique symbol = Symbol('%');
/** Matches exactly one character in a LIKE pattern (`_`). */
export const LIKE_ONE: unique symbol = Symbol('_');

/** Token kinds. `ident` covers keywords too; the parser tells them apart by `upper`. */
export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';

/** One token, with its offset in the query. */
export interface Token {
  kind: TokenKind;
  /** The text as written (for strings: including the quotes). */
  text: string;
  /** Upper-cased `text`, for keyword checks. */
  upper: string;
  /** Offset of the first character in the query. */
  pos: number;
  /** Strings: the value with escapes resolved. */
  value?: string;
  /** Strings: the value as a LIKE pattern (unescaped `%` and `_` are wildcards). */
  like?: LikeUnit[];
}

const PUNCT1 = new Set(['(', ')', ',', '.', ':', '=', '<', '>', '-', '+']);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * Splits a SOQL statement into tokens.
 *
 * @throws SoqlError (MALFORMED_QUERY) for characters SOQL does not allow, unterminated strings and
 *   bad escapes.
 * @example
 * ```ts
 * tokenize("SELECT Id FROM Lead WHERE Name = 'O\\'Brien'").map((t) => t.text);
 * ```
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const n = query.length;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>): void => {
    const text = query.slice(start, end);
    tokens.push({ kind, text, upper: kind === 'string' ? text : text.toUpperCase(), pos: start, ...extra });
  };
  while (i < n) {
    const c = query.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(query.charCodeAt(i))) i++;
      push('ident', start, i);
      continue;
    }
    if (isDigit(c)) {
      i = scanNumberOrDate(query, start, push);
      continue;
    }
    if (c === 39 /* ' */) {
      i = scanString(query, start, tokens);
      continue;
    }
    const ch = query[i] as string;
    const two = query.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      push('punct', start, i + 2);
      i += 2;
      continue;
    }
    if (PUNCT1.has(ch)) {
      push('punct', start, i + 1);
      i++;
      continue;
    }
    throw lexError(query, i);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', upper: '<EOF>', pos: n });
  return tokens;
}

function lexError(query: string, offset: number): Error {
  const { line, col } = antlrPosition(query, offset);
  const cp = query.codePointAt(offset);
  const ch = cp === undefined ? '<EOF>' : String.fromCodePoint(cp);
  return positionedError('MALFORMED_QUERY', query, offset, `line ${line}:${col} no viable alternative at character '${ch}'`);
}

/** Salesforce's lexer messages use `line L:C` with a 0-based column. */
function antlrPosition(query: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset; k++) {
    if (query.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, col: offset - lineStart };
}

type Push = (kind: TokenKind, start: number, end: number, extra?: Partial<Token>) => void;

function digitsAt(query: string, at: number, count: number): boolean {
  for (let k = 0; k < count; k++) if (!isDigit(query.charCodeAt(at + k))) return false;
  return true;
}

/** A number (`12`, `12.5`), a date (`2024-01-15`) or a datetime (`2024-01-15T10:00:00.000+0000`). */
function scanNumberOrDate(query: string, start: number, push: Push): number {
  const n = query.length;
  let i = start;
  while (i < n && isDigit(query.charCodeAt(i))) i++;
  if (i - start === 4 && query[i] === '-' && digitsAt(query, i + 1, 2) && query[i + 3] === '-' && digitsAt(query, i + 4, 2)) {
    i += 6;
    if (query[i] !== 'T' && query[i] !== 't') {
      if (i < n && isIdentPart(query.charCodeAt(i))) throw lexError(query, i);
      push('date', start, i);
      return i;
    }
    i++;
    if (!(digitsAt(query, i, 2) && query[i + 2] === ':' && digitsAt(query, i + 3, 2) && query[i + 5] === ':' && digitsAt(query, i + 6, 2))) {
      throw lexError(query, i);
    }
    i += 8;
    if (query[i] === '.') {
      i++;
      const fracStart = i;
      while (i < n && isDigit(query.charCodeAt(i))) i++;
      if (i === fracStart) throw lexError(query, i);
    }
    if (query[i] === 'Z' || query[i] === 'z') {
      i++;
    } else if (query[i] === '+' || query[i] === '-') {
      i++;
      if (!digitsAt(query, i, 2)) throw lexError(query, i);
      i += 2;
      if (query[i] === ':') i++;
      if (!digitsAt(query, i, 2)) throw lexError(query, i);
      i += 2;
    } else {
      throw lexError(query, i);
    }
    if (i < n && isIdentPart(query.charCodeAt(i))) throw lexError(query, i);
    push('datetime', start, i);
    return i;
  }
  if (query[i] === '.' && isDigit(query.charCodeAt(i + 1))) {
    i++;
    while (i < n && isDigit(query.charCodeAt(i))) i++;
  }
  if (i < n && isIdentPart(query.charCodeAt(i))) throw lexError(query, i);
  push('number', start, i);
  return i;
}

/** A single-quoted string with SOQL's backslash escapes. */
function scanString(query: string, start: number, tokens: Token[]): number {
  const n = query.length;
  let i = start + 1;
  let value = '';
  const like: LikeUnit[] = [];
  while (true) {
    if (i >= n) {
      const { line, col } = antlrPosition(query, n);
      throw positionedError('MALFORMED_QUERY', query, start, `line ${line}:${col} mismatched character '<EOF>' expecting '''`);
    }
    const c = query.charCodeAt(i);
    if (c === 39) {
      i++;
      break;
    }
    if (c !== 92 /* \ */) {
      const cp = query.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      value += ch;
      like.push(ch === '%' ? LIKE_ANY : ch === '_' ? LIKE_ONE : ch);
      i += ch.length;
      continue;
    }
    const next = query[i + 1];
    if (next === undefined) {
      i++;
      continue;
    }
    if (next === '%' || next === '_') {
      value += next;
      like.push(next);
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      like.push(simple);
      i += 2;
      continue;
    }
    if (next === 'u' && [2, 3, 4, 5].every((k) => isHex(query.charCodeAt(i + k)))) {
      const ch = String.fromCharCode(parseInt(query.slice(i + 2, i + 6), 16));
      value += ch;
      like.push(ch);
      i += 6;
      continue;
    }
    let end = i + 1;
    while (end < n && query.charCodeAt(end) !== 39) end++;
    throw positionedError(
      'MALFORMED_QUERY',
      query,
      start,
      `Invalid string literal '${quoteSafe(query.slice(start + 1, end))}'. Illegal character sequence ` +
        `'\\${next}' in string literal.`,
    );
  }
  tokens.push({ kind: 'string', text: query.slice(start, i), upper: query.slice(start, i), pos: start, value, like: joinSurrogates(like) });
  return i;
}

/** `\uD83D\uDE00` escapes arrive as two halves; a LIKE pattern must treat the pair as one character. */
function joinSurrogates(units: LikeUnit[]): LikeUnit[] {
  const out: LikeUnit[] = [];
  for (const unit of units) {
    const prev = out[out.length - 1];
    if (
      typeof unit === 'string' && typeof prev === 'string' && unit.length === 1 && prev.length === 1 &&
      prev.charCodeAt(0) >= 0xd800 && prev.charCodeAt(0) <= 0xdbff && unit.charCodeAt(0) >= 0xdc00 && unit.charCodeAt(0) <= 0xdfff
    ) {
      out[out.length - 1] = prev + unit;
    } else {
      out.push(unit);
    }
  }
  return out;
}
