/**
 * SOSL search expressions — the text between `FIND {` and `}` — parsed and matched against
 * record text. Words and `"quoted phrases"`, `*` (any run of characters) and `?` (one character)
 * wildcards, `AND`, `OR`, `AND NOT` / `NOT` and parentheses; words side by side mean AND. A
 * backslash makes the next character literal (`\*`, `\"`, `\}`…).
 *
 * Matching follows Salesforce's index: text is split into words of letters and digits (case
 * ignored); a term matches when its words appear one after another in a field (so `acme corp`
 * in quotes needs them adjacent, and `a@b.com` is the words a, b, com in order).
 *
 * @module
 */

/** A parsed search expression. */
export type SearchExpression =
  | { kind: 'term'; words: RegExp[]; text: string }
  | { kind: 'and' | 'or'; left: SearchExpression; right: SearchExpression }
  | { kind: 'not'; operand: SearchExpression };

/** A syntax error in a search expression; `errorCode` is Salesforce's. */
export class SearchSyntaxError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_SEARCH' | 'INVALID_SEARCH',
    message: string,
  ) {
    super(message);
    this.name = 'SearchSyntaxError';
  }
}

type Token =
  | { kind: '(' | ')' }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' }
  /** `pieces`: literal characters, or `{wild}` for an unescaped `*` / `?`. */
  | { kind: 'term'; pieces: Array<string | { wild: '*' | '?' }>; text: string };

const SPACE = /\s/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Splits the expression into tokens, honouring quotes and backslash escapes. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch });
      i++;
    } else if (ch === '"') {
      const phrase: Token & { kind: 'term' } = { kind: 'term', pieces: [], text: '' };
      i++;
      let closed = false;
      while (i < input.length) {
        const c = input[i] as string;
        if (c === '\\' && i + 1 < input.length) {
          phrase.pieces.push(input[i + 1] as string);
          phrase.text += input[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          phrase.pieces.push(c === '*' || c === '?' ? { wild: c } : c);
          phrase.text += c;
          i++;
        }
      }
      if (!closed) throw new SearchSyntaxError('MALFORMED_SEARCH', 'Unmatched quotes in the search string');
      tokens.push(phrase);
    } else {
      const term: Token & { kind: 'term' } = { kind: 'term', pieces: [], text: '' };
      let escaped = false;
      while (i < input.length) {
        const c = input[i] as string;
        if (c === '\\' && i + 1 < input.length) {
          term.pieces.push(input[i + 1] as string);
          term.text += input[i + 1];
          escaped = true;
          i += 2;
          continue;
        }
        if (SPACE.test(c) || c === '(' || c === ')' || c === '"') break;
        term.pieces.push(c === '*' || c === '?' ? { wild: c } : c);
        term.text += c;
        i++;
      }
      const upper = term.text.toUpperCase();
      if (!escaped && (upper === 'AND' || upper === 'OR' || upper === 'NOT')) tokens.push({ kind: 'op', op: upper });
      else tokens.push(term);
    }
  }
  return tokens;
}

/** The word patterns of a term: letters, digits and wildcards form words; anything else separates them. */
function wordPatterns(pieces: Array<string | { wild: '*' | '?' }>): RegExp[] {
  const words: RegExp[] = [];
  let source = '';
  let hasLetters = false;
  const flush = () => {
    if (hasLetters || source !== '') words.push(new RegExp(`^${source}$`, 'u'));
    source = '';
    hasLetters = false;
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      source += piece.wild === '*' ? '[\\p{L}\\p{N}]*' : '[\\p{L}\\p{N}]';
    } else if (WORD_CHAR.test(piece)) {
      source += piece.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      hasLetters = true;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): SearchExpression {
    if (this.tokens.length === 0) throw new SearchSyntaxError('MALFORMED_SEARCH', 'No search term found');
    const expression = this.or();
    if (this.at < this.tokens.length) throw new SearchSyntaxError('MALFORMED_SEARCH', 'Unexpected ")" in the search string');
    return expression;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private isOp(op: 'AND' | 'OR' | 'NOT'): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }

  private or(): SearchExpression {
    let left = this.and();
    while (this.isOp('OR')) {
      this.at++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): SearchExpression {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === ')' || this.isOp('OR')) return left;
      if (this.isOp('AND')) this.at++;
      left = { kind: 'and', left, right: this.unary() };
    }
  }

  private unary(): SearchExpression {
    if (this.isOp('NOT')) {
      this.at++;
      return { kind: 'not', operand: this.unary() };
    }
    const t = this.peek();
    if (!t) throw new SearchSyntaxError('MALFORMED_SEARCH', 'The search string ends with an operator');
    this.at++;
    if (t.kind === '(') {
      const inner = this.or();
      if (this.peek()?.kind !== ')') throw new SearchSyntaxError('MALFORMED_SEARCH', 'Unmatched parentheses in the search string');
      this.at++;
      return inner;
    }
    if (t.kind === 'term') return { kind: 'term', words: wordPatterns(t.pieces), text: t.text };
    throw new SearchSyntaxError('MALFORMED_SEARCH', `Unexpected ${t.kind === 'op' ? t.op : ')'} in the search string`);
  }
}

/**
 * Parses a search expression.
 *
 * @throws SearchSyntaxError (`MALFORMED_SEARCH` for bad syntax, `INVALID_SEARCH` when the search
 *   holds fewer than two letters or digits).
 */
export function parseSearchExpression(input: string): SearchExpression {
  const significant = [...input.replace(/\\./g, (e) => e.slice(1))].filter((c) => WORD_CHAR.test(c)).length;
  if (significant < 2) throw new SearchSyntaxError('INVALID_SEARCH', `search term must be longer than one character: ${input}`);
  return new Parser(tokenize(input)).parse();
}

/** Words of a text as the search index sees them (letters and digits, lower case). */
export function indexWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function termMatches(words: readonly RegExp[], fields: readonly string[][]): boolean {
  if (words.length === 0) return false;
  return fields.some((field) => {
    for (let start = 0; start + words.length <= field.length; start++) {
      if (words.every((pattern, k) => pattern.test(field[start + k] as string))) return true;
    }
    return false;
  });
}

/** Whether a record whose searchable fields hold `fields` (as {@link indexWords}) matches. */
export function matches(expression: SearchExpression, fields: readonly string[][]): boolean {
  switch (expression.kind) {
    case 'term':
      return termMatches(expression.words, fields);
    case 'and':
      return matches(expression.left, fields) && matches(expression.right, fields);
    case 'or':
      return matches(expression.left, fields) || matches(expression.right, fields);
    case 'not':
      return !matches(expression.operand, fields);
  }
}
