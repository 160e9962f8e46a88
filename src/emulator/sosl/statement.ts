/**
 * SOSL statements: `FIND {search} [IN ALL|NAME|EMAIL|PHONE|SIDEBAR FIELDS]
 * [RETURNING Object[(fields [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n])], …] [LIMIT n]`.
 * The part inside each `RETURNING Object(…)` is SOQL and is left as text for the SOQL engine.
 *
 * @module
 */
import { parseSearchExpression, SearchSyntaxError, type SearchExpression } from './expression.js';

/** Which fields a search looks in. */
export type SearchScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE' | 'SIDEBAR';

/** One `RETURNING` entry. */
export interface ReturningSpec {
  object: string;
  /** The select list as written (`Id, Name`); undefined returns IDs only. */
  fields?: string;
  where?: string;
  orderBy?: string;
  limit?: number;
  offset?: number;
}

/** A parsed SOSL statement. */
export interface SoslStatement {
  search: SearchExpression;
  scope: SearchScope;
  /** Undefined: search every searchable object. */
  returning?: ReturningSpec[];
  limit?: number;
}

const SCOPES: readonly SearchScope[] = ['ALL', 'NAME', 'EMAIL', 'PHONE', 'SIDEBAR'];
const CLAUSE = /^(WHERE|ORDER\s+BY|LIMIT|OFFSET)\b/i;

function malformed(message: string): SearchSyntaxError {
  return new SearchSyntaxError('MALFORMED_SEARCH', message);
}

/** Reads past the search text between braces; returns it (escapes kept) and where it ended. */
function braced(text: string, open: number): { search: string; end: number } {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '}') return { search: text.slice(open + 1, i), end: i + 1 };
  }
  throw malformed('No search term found. The search term must be enclosed in braces.');
}

class Cursor {
  constructor(
    readonly text: string,
    public at: number,
  ) {}

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }

  /** The next identifier-like word (letters, digits, `_`), or '' at a symbol. */
  peekWord(): string {
    this.skipSpace();
    return /^[A-Za-z0-9_]*/.exec(this.text.slice(this.at))?.[0] ?? '';
  }

  word(): string {
    const w = this.peekWord();
    this.at += w.length;
    return w;
  }

  keyword(expected: string): boolean {
    if (this.peekWord().toUpperCase() !== expected) return false;
    this.word();
    return true;
  }

  char(c: string): boolean {
    this.skipSpace();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }

  /** The text up to the `)` closing an already consumed `(`, skipping quoted strings. */
  parenthesised(): string {
    const start = this.at;
    let depth = 1;
    for (let i = this.at; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === "'") {
        for (i++; i < this.text.length && this.text[i] !== "'"; i++) if (this.text[i] === '\\') i++;
      } else if (c === '(') {
        depth++;
      } else if (c === ')' && --depth === 0) {
        this.at = i + 1;
        return this.text.slice(start, i);
      }
    }
    throw malformed('Unmatched parentheses in the RETURNING clause');
  }

  integer(what: string): number {
    const w = this.word();
    if (!/^\d+$/.test(w)) throw malformed(`${what} must be a whole number, got '${w}'`);
    return Number(w);
  }
}

/** Splits `fields WHERE … ORDER BY … LIMIT n OFFSET n` at its top-level clause keywords. */
function returningParts(object: string, inner: string): ReturningSpec {
  const marks: Array<{ at: number; keyword: string; length: number }> = [];
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c === "'") {
      for (i++; i < inner.length && inner[i] !== "'"; i++) if (inner[i] === '\\') i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (i === 0 || /[\s)]/.test(inner[i - 1] as string))) {
      const m = CLAUSE.exec(inner.slice(i));
      if (m) marks.push({ at: i, keyword: (m[1] as string).toUpperCase().replace(/\s+/, ' '), length: m[0].length });
    }
  }
  const spec: ReturningSpec = { object };
  const fields = inner.slice(0, marks[0]?.at ?? inner.length).trim();
  if (fields !== '') spec.fields = fields;
  marks.forEach((mark, k) => {
    const value = inner.slice(mark.at + mark.length, marks[k + 1]?.at ?? inner.length).trim();
    if (mark.keyword === 'WHERE') spec.where = value;
    else if (mark.keyword === 'ORDER BY') spec.orderBy = value;
    else {
      if (!/^\d+$/.test(value)) throw malformed(`${mark.keyword} must be a whole number, got '${value}'`);
      if (mark.keyword === 'LIMIT') spec.limit = Number(value);
      else spec.offset = Number(value);
    }
  });
  if (spec.fields === undefined && marks.length > 0) throw malformed(`RETURNING ${object}: a field list must come before ${marks[0]?.keyword}`);
  return spec;
}

/**
 * Parses a SOSL statement.
 *
 * @throws SearchSyntaxError with Salesforce's `errorCode` and a message.
 */
export function parseSosl(text: string): SoslStatement {
  const cursor = new Cursor(text, 0);
  if (!cursor.keyword('FIND')) throw malformed(`unexpected token: '${cursor.peekWord() || text.trim().slice(0, 20)}'`);
  cursor.skipSpace();
  if (text[cursor.at] !== '{') throw malformed('No search term found. The search term must be enclosed in braces.');
  const { search, end } = braced(text, cursor.at);
  cursor.at = end;
  const statement: SoslStatement = { search: parseSearchExpression(search), scope: 'ALL' };
  if (cursor.keyword('IN')) {
    const scope = cursor.word().toUpperCase() as SearchScope;
    if (!SCOPES.includes(scope)) throw malformed(`Invalid IN fields group: ${scope}`);
    if (!cursor.keyword('FIELDS')) throw malformed(`expecting FIELDS after IN ${scope}`);
    statement.scope = scope;
  }
  if (cursor.keyword('RETURNING')) {
    statement.returning = [];
    do {
      const object = cursor.word();
      if (object === '') throw malformed('expecting an object name after RETURNING');
      statement.returning.push(cursor.char('(') ? returningParts(object, cursor.parenthesised()) : { object });
    } while (cursor.char(','));
  }
  if (cursor.keyword('LIMIT')) statement.limit = cursor.integer('LIMIT');
  if (!cursor.done()) throw malformed(`unexpected token: '${text.slice(cursor.at, cursor.at + 20)}'`);
  return statement;
}
