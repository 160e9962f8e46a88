/**
 * The `sosl` tagged template: SOSL searches where no value can change the search. A string
 * interpolated inside `FIND {…}` becomes one quoted phrase with SOSL's reserved characters
 * (`? & | ! { } [ ] ( ) ^ ~ * : \ " ' + -`) escaped, so it matches itself literally; anywhere
 * else (a `WHERE` inside `RETURNING`), values are SOQL literals as the `soql` tag writes them.
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { isSoqlQuery, soql, type SoqlValue } from './soql.js';

const BRAND = Symbol.for('forcelink.sosl');
const RESERVED = /[?&|!{}[\]()^~*:\\"'+-]/g;

/**
 * A SOSL search (or a fragment of one) whose text is safe to send.
 *
 * @example
 * ```ts
 * const q: SoslQuery = sosl`FIND {${term}} RETURNING Account(Name)`;
 * await sf.search(q);
 * ```
 */
export interface SoslQuery {
  readonly text: string;
  toString(): string;
  toJSON(): string;
}

class Fragment implements SoslQuery {
  constructor(readonly text: string) {
    Object.defineProperty(this, BRAND, { value: true });
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

function isSosl(value: unknown): value is SoslQuery {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * `value` with every SOSL reserved character escaped by a backslash. Wildcards (`*`, `?`) and
 * operators' symbols lose their meaning; words like `AND` / `OR` do not (quote them, as the tag
 * does, to search for them literally).
 *
 * @example
 * ```ts
 * escapeSosl('C++ (beta)'); // 'C\\+\\+ \\(beta\\)'
 * ```
 */
export function escapeSosl(value: string): string {
  if (typeof value !== 'string') throw new ValidationError('sosl: a search term must be a string');
  return value.replace(RESERVED, (ch) => `\\${ch}`);
}

/**
 * The type of {@link sosl}: the tag and its helpers.
 *
 * @example
 * ```ts
 * const tag: SoslTag = sosl;
 * tag`FIND {${tag.term('acme')}*}`;
 * ```
 */
export interface SoslTag {
  (strings: TemplateStringsArray, ...values: Array<SoqlValue | SoslQuery>): SoslQuery;
  /** `value` escaped (not quoted), to build a search expression: `FIND {${sosl.term(a)}* OR ${sosl.term(b)}}`. */
  term(value: string): SoslQuery;
  /** `value` escaped for parameterized search's `q` (a plain string). */
  escape(value: string): string;
  /** Trusted text, embedded verbatim. Never pass user input. */
  raw(text: string): SoslQuery;
}

/** Whether the end of the text built so far is inside the braces of `FIND {…}` (SOQL string literals skipped). */
function insideBraces(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === "'" && depth === 0) {
      for (i++; i < text.length && text[i] !== "'"; i++) if (text[i] === '\\') i++;
    }
  }
  return depth > 0;
}

function tag(strings: TemplateStringsArray, ...values: Array<SoqlValue | SoslQuery>): SoslQuery {
  let text = strings[0] ?? '';
  values.forEach((value, i) => {
    if (isSosl(value)) text += value.text;
    else if (insideBraces(text)) {
      if (typeof value !== 'string') throw new ValidationError('sosl: only strings (or sosl.term / sosl.raw) may appear inside FIND {…}');
      text += `"${escapeSosl(value)}"`;
    } else {
      if (!isSoqlQuery(value) && typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)) {
        throw new ValidationError('sosl: unsupported value outside FIND {…}');
      }
      text += soql`${value as SoqlValue}`.text;
    }
    text += strings[i + 1] ?? '';
  });
  return new Fragment(text);
}

/**
 * Tagged template for SOSL searches: strings inside `FIND {…}` are quoted, escaped phrases;
 * values elsewhere are SOQL literals (see `soql`). `sosl.term()` inserts escaped words (to add
 * your own wildcards or operators), `sosl.raw()` trusted text.
 *
 * @example
 * ```ts
 * const q = sosl`FIND {${userInput}} IN NAME FIELDS RETURNING Account(Name WHERE Industry = ${industry})`;
 * // userInput 'Acme*' searches for the text "Acme*", not for words starting with Acme
 * const prefix = sosl`FIND {${sosl.term(userInput)}*} RETURNING Lead(Name)`;
 * ```
 */
export const sosl: SoslTag = Object.assign(tag, {
  term: (value: string): SoslQuery => new Fragment(escapeSosl(value)),
  escape: escapeSosl,
  raw: (text: string): SoslQuery => {
    if (typeof text !== 'string') throw new ValidationError('sosl.raw takes a string');
    return new Fragment(text);
  },
});
