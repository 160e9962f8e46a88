/**
 * A recursive-descent parser for the SOQL that integrations send. Nesting is capped, so no input
 * can exhaust the stack. Errors are worded like Salesforce's (`unexpected token: 'FORM'`).
 *
 * @module
 */
import type {
  AggregateFunction,
  AliasedFieldNode,
  AggregateNode,
  ComparisonOperator,
  ConditionNode,
  FieldPathNode,
  OrderItemNode,
  QueryNode,
  SelectItem,
  SubqueryNode,
  ValueNode,
} from './ast.js';
import { positionedError, quoteSafe, SoqlError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Longest statement accepted, like Salesforce's 100,000-character limit. */
export const MAX_QUERY_LENGTH = 100_000;
/** Deepest nesting of parentheses and subqueries accepted. */
export const MAX_NESTING = 64;

const AGGREGATES = new Set<string>(['COUNT', 'COUNT_DISTINCT', 'MAX', 'MIN', 'SUM', 'AVG']);

/** Words that cannot be a field name, because they would make the grammar ambiguous. */
const RESERVED = new Set([
  'AND', 'OR', 'NOT', 'SELECT', 'FROM', 'WHERE', 'IN', 'LIKE', 'NULL', 'TRUE', 'FALSE', 'ORDER', 'GROUP', 'BY',
  'HAVING', 'LIMIT', 'OFFSET', 'ASC', 'DESC', 'NULLS', 'WITH', 'INCLUDES', 'EXCLUDES', 'USING', 'FOR',
]);

/** Date constants that take `:n`. */
const DATE_CONSTANTS_N = new Set([
  'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO', 'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'N_WEEKS_AGO', 'LAST_N_MONTHS',
  'NEXT_N_MONTHS', 'N_MONTHS_AGO', 'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'N_QUARTERS_AGO', 'LAST_N_YEARS',
  'NEXT_N_YEARS', 'N_YEARS_AGO',
]);

/** Date constants without an argument. */
const DATE_CONSTANTS = new Set([
  'YESTERDAY', 'TODAY', 'TOMORROW', 'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK', 'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS', 'THIS_QUARTER', 'LAST_QUARTER', 'NEXT_QUARTER', 'THIS_YEAR', 'LAST_YEAR', 'NEXT_YEAR',
]);

/**
 * Parses one SOQL statement.
 *
 * @throws SoqlError (MALFORMED_QUERY) for empty, too long or malformed statements.
 * @example
 * ```ts
 * const ast = parseSoql('SELECT Id, Owner.Name FROM Lead WHERE CreatedDate = TODAY LIMIT 10');
 * ```
 */
export function parseSoql(query: string): QueryNode {
  if (query.trim() === '') throw new SoqlError('MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
  if (query.length > MAX_QUERY_LENGTH) {
    throw new SoqlError('MALFORMED_QUERY', `SOQL statements cannot be longer than ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters.`);
  }
  const parser = new Parser(query, tokenize(query));
  const ast = parser.query(0);
  parser.expectEnd();
  return ast;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  private get token(): Token {
    return this.tokens[this.index] as Token;
  }

  private peek(ahead = 1): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.token;
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  private isWord(word: string, t: Token = this.token): boolean {
    return t.kind === 'ident' && t.upper === word;
  }

  private isPunct(p: string, t: Token = this.token): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private unexpected(t: Token = this.token): SoqlError {
    return positionedError('MALFORMED_QUERY', this.source, t.pos, `unexpected token: '${quoteSafe(t.text)}'`);
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected();
    return this.next();
  }

  private expectPunct(p: string): Token {
    if (!this.isPunct(p)) throw this.unexpected();
    return this.next();
  }

  private checkDepth(depth: number, t: Token): void {
    if (depth > MAX_NESTING) {
      throw positionedError('MALFORMED_QUERY', this.source, t.pos, 'SOQL statement is nested too deeply');
    }
  }

  expectEnd(): void {
    if (this.token.kind !== 'eof') throw this.unexpected();
  }

  query(depth: number): QueryNode {
    const start = this.expectWord('SELECT');
    const select = this.selectList(depth);
    this.expectWord('FROM');
    const fromToken = this.token;
    if (fromToken.kind !== 'ident') throw this.unexpected();
    this.next();
    const node: QueryNode = { select, from: { name: fromToken.text, pos: fromToken.pos }, pos: start.pos };
    if (this.isWord('USING')) {
      this.next();
      this.expectWord('SCOPE');
      if (this.token.kind !== 'ident') throw this.unexpected();
      this.next();
    }
    if (this.isWord('WHERE')) {
      this.next();
      node.where = this.condition(depth);
    }
    if (this.isWord('WITH')) {
      this.next();
      if (!['SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE'].includes(this.token.upper) || this.token.kind !== 'ident') {
        throw this.unexpected();
      }
      this.next();
    }
    if (this.isWord('GROUP')) {
      this.next();
      this.expectWord('BY');
      const groupBy = [this.fieldPath()];
      while (this.isPunct(',')) {
        this.next();
        groupBy.push(this.fieldPath());
      }
      node.groupBy = groupBy;
    }
    if (this.isWord('HAVING')) {
      this.next();
      node.having = this.condition(depth);
    }
    if (this.isWord('ORDER')) {
      this.next();
      this.expectWord('BY');
      node.orderBy = this.orderList();
    }
    if (this.isWord('LIMIT')) {
      this.next();
      node.limit = this.integer();
    }
    if (this.isWord('OFFSET')) {
      this.next();
      node.offset = this.integer();
    }
    if (this.isWord('FOR')) {
      this.next();
      if (!['VIEW', 'REFERENCE', 'UPDATE'].includes(this.token.upper) || this.token.kind !== 'ident') throw this.unexpected();
      this.next();
    }
    if (this.isWord('UPDATE')) {
      this.next();
      if (!['TRACKING', 'VIEWSTAT'].includes(this.token.upper) || this.token.kind !== 'ident') throw this.unexpected();
      this.next();
    }
    return node;
  }

  private integer(): { value: number; pos: number } {
    const t = this.token;
    if (t.kind !== 'number' || t.text.includes('.')) throw this.unexpected();
    this.next();
    return { value: Number(t.text), pos: t.pos };
  }

  private selectList(depth: number): SelectItem[] {
    const items = [this.selectItem(depth)];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.selectItem(depth));
    }
    return items;
  }

  private selectItem(depth: number): SelectItem {
    const t = this.token;
    if (this.isPunct('(')) {
      return this.subquery(depth);
    }
    if (t.kind === 'ident' && this.isPunct('(', this.peek())) {
      if (t.upper === 'FIELDS') {
        this.next();
        this.next();
        const which = this.token;
        if (which.kind !== 'ident' || !['ALL', 'STANDARD', 'CUSTOM'].includes(which.upper)) throw this.unexpected();
        this.next();
        this.expectPunct(')');
        return { kind: 'fields', which: which.upper as 'ALL' | 'STANDARD' | 'CUSTOM', pos: t.pos };
      }
      if (t.upper === 'COUNT' && this.isPunct(')', this.peek(2))) {
        this.next();
        this.next();
        this.next();
        return { kind: 'countAll', pos: t.pos };
      }
      const aggregate = this.aggregate();
      const alias = this.alias();
      if (alias !== undefined) aggregate.alias = alias.name;
      return aggregate;
    }
    const field: AliasedFieldNode = this.fieldPath();
    const alias = this.alias();
    if (alias !== undefined) {
      field.alias = alias.name;
      field.aliasPos = alias.pos;
    }
    return field;
  }

  /** An alias is a plain word followed by `,` or `FROM`; anything else is left for the caller to refuse. */
  private alias(): { name: string; pos: number } | undefined {
    const t = this.token;
    const after = this.peek();
    if (t.kind === 'ident' && !RESERVED.has(t.upper) && (this.isPunct(',', after) || this.isWord('FROM', after))) {
      this.next();
      return { name: t.text, pos: t.pos };
    }
    return undefined;
  }

  private subquery(depth: number): SubqueryNode {
    const open = this.expectPunct('(');
    this.checkDepth(depth + 1, open);
    const query = this.query(depth + 1);
    this.expectPunct(')');
    return { kind: 'subquery', query, pos: open.pos };
  }

  private aggregate(): AggregateNode {
    const t = this.next();
    if (!AGGREGATES.has(t.upper)) {
      throw positionedError('MALFORMED_QUERY', this.source, t.pos, `Unknown function: ${quoteSafe(t.text)}`);
    }
    this.expectPunct('(');
    const field = this.fieldPath();
    this.expectPunct(')');
    return { kind: 'aggregate', fn: t.upper as AggregateFunction, field, pos: t.pos };
  }

  private fieldPath(): FieldPathNode {
    const first = this.token;
    if (first.kind !== 'ident' || RESERVED.has(first.upper)) throw this.unexpected();
    this.next();
    const path = [first.text];
    while (this.isPunct('.')) {
      this.next();
      const part = this.token;
      if (part.kind !== 'ident') throw this.unexpected();
      this.next();
      path.push(part.text);
    }
    return { kind: 'field', path, pos: first.pos };
  }

  /** A field path or an aggregate call (the binder refuses aggregates outside aggregate queries). */
  private operand(): FieldPathNode | AggregateNode {
    if (this.token.kind === 'ident' && this.isPunct('(', this.peek())) return this.aggregate();
    return this.fieldPath();
  }

  private orderList(): OrderItemNode[] {
    const items: OrderItemNode[] = [];
    do {
      if (items.length > 0) this.next();
      const expr = this.operand();
      const item: OrderItemNode = { expr, descending: false };
      if (this.isWord('ASC')) this.next();
      else if (this.isWord('DESC')) {
        this.next();
        item.descending = true;
      }
      if (this.isWord('NULLS')) {
        this.next();
        if (this.isWord('FIRST')) item.nullsFirst = true;
        else if (this.isWord('LAST')) item.nullsFirst = false;
        else throw this.unexpected();
        this.next();
      }
      items.push(item);
    } while (this.isPunct(','));
    return items;
  }

  /** A chain of conditions joined by one connector; SOQL refuses `a AND b OR c` without parentheses. */
  private condition(depth: number): ConditionNode {
    const first = this.unary(depth);
    if (!this.isWord('AND') && !this.isWord('OR')) return first;
    const connector = this.token.upper as 'AND' | 'OR';
    const items = [first];
    while (this.isWord('AND') || this.isWord('OR')) {
      if (this.token.upper !== connector) throw this.unexpected();
      this.next();
      items.push(this.unary(depth));
    }
    return connector === 'AND' ? { kind: 'and', items } : { kind: 'or', items };
  }

  private unary(depth: number): ConditionNode {
    const t = this.token;
    this.checkDepth(depth, t);
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary(depth + 1) };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    return this.simple(depth);
  }

  private simple(depth: number): ConditionNode {
    const left = this.operand();
    const opToken = this.token;
    if (this.isWord('IN') || (this.isWord('NOT') && this.isWord('IN', this.peek()))) {
      const negated = this.isWord('NOT');
      if (negated) this.next();
      this.next();
      if (this.isPunct('(') && this.isWord('SELECT', this.peek())) {
        return { kind: 'in', left, negated, values: this.subquery(depth), pos: opToken.pos };
      }
      this.expectPunct('(');
      const values = [this.value()];
      while (this.isPunct(',')) {
        this.next();
        values.push(this.value());
      }
      this.expectPunct(')');
      return { kind: 'in', left, negated, values, pos: opToken.pos };
    }
    let op: ComparisonOperator;
    if (this.isWord('LIKE')) op = 'LIKE';
    else if (opToken.kind === 'punct' && ['=', '!=', '<>', '<', '>', '<=', '>='].includes(opToken.text)) {
      op = opToken.text === '<>' ? '!=' : (opToken.text as ComparisonOperator);
    } else throw this.unexpected();
    this.next();
    return { kind: 'compare', left, op, value: this.value(), pos: opToken.pos };
  }

  private value(): ValueNode {
    const t = this.token;
    switch (t.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: t.value ?? '', like: t.like ?? [], pos: t.pos };
      case 'number':
        this.next();
        return { kind: 'number', value: Number(t.text), text: t.text, pos: t.pos };
      case 'date':
        this.next();
        return { kind: 'date', text: t.text, pos: t.pos };
      case 'datetime':
        this.next();
        return { kind: 'datetime', text: t.text, pos: t.pos };
      case 'punct': {
        const num = this.peek();
        if ((t.text === '-' || t.text === '+') && num.kind === 'number' && num.pos === t.pos + 1) {
          this.next();
          this.next();
          const text = t.text === '-' ? `-${num.text}` : num.text;
          return { kind: 'number', value: Number(text), text, pos: t.pos };
        }
        throw this.unexpected();
      }
      case 'ident':
        return this.wordValue(t);
      default:
        throw this.unexpected();
    }
  }

  private wordValue(t: Token): ValueNode {
    if (t.upper === 'NULL') {
      this.next();
      return { kind: 'null', pos: t.pos };
    }
    if (t.upper === 'TRUE' || t.upper === 'FALSE') {
      this.next();
      return { kind: 'boolean', value: t.upper === 'TRUE', pos: t.pos };
    }
    if (DATE_CONSTANTS.has(t.upper)) {
      this.next();
      return { kind: 'dateConstant', name: t.upper, pos: t.pos };
    }
    if (DATE_CONSTANTS_N.has(t.upper)) {
      this.next();
      this.expectPunct(':');
      const n = this.token;
      if (n.kind !== 'number' || n.text.includes('.')) throw this.unexpected();
      this.next();
      return { kind: 'dateConstant', name: t.upper, n: Number(n.text), pos: t.pos };
    }
    throw this.unexpected();
  }
}
