/**
 * Compiles WHERE and HAVING conditions into predicates. Semantics follow SOQL: text compares
 * ignoring case, `!=` and `NOT IN` also match empty values, ordering comparisons never match
 * empty values, and date constants stand for a range of days.
 *
 * @module
 */
import type { AggregateNode, ComparisonNode, ConditionNode, FieldPathNode, InNode, SubqueryNode } from './ast.js';
import type { QueryContext } from './context.js';
import { positionedError } from './errors.js';
import { compileLike } from './text.js';
import { normalizer, typedLiteral, type Key, type OperandType, type TypedLiteral } from './values.js';

/** Something a condition can test: a field of a record, or a group's field or aggregate. */
export interface Operand<Row> extends OperandType {
  get(row: Row): unknown;
}

/** What compiling a condition needs from the query around it. */
export interface ConditionEnv<Row> {
  ctx: QueryContext;
  operand(node: FieldPathNode | AggregateNode): Operand<Row>;
  /** The normalized IDs a semi-join subquery (`Id IN (SELECT AccountId FROM Contact)`) selects. */
  semiJoin(node: SubqueryNode): Set<Key>;
}

/** A compiled condition. */
export type Predicate<Row> = (row: Row) => boolean;

/**
 * Compiles `condition` into a predicate, type-checking every literal.
 *
 * @throws SoqlError for unknown fields, wrongly typed literals and unsupported operators.
 * @example
 * ```ts
 * const matches = compileCondition(env, ast.where);
 * const rows = records.filter(matches);
 * ```
 */
export function compileCondition<Row>(env: ConditionEnv<Row>, condition: ConditionNode): Predicate<Row> {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.items.map((c) => compileCondition(env, c));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = condition.items.map((c) => compileCondition(env, c));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compileCondition(env, condition.item);
      return (row) => !inner(row);
    }
    case 'compare':
      return compileComparison(env, condition);
    case 'in':
      return compileIn(env, condition);
  }
}

function compileComparison<Row>(env: ConditionEnv<Row>, node: ComparisonNode): Predicate<Row> {
  const operand = env.operand(node.left);
  const normalize = normalizer(operand.category);
  const get = operand.get;
  if (node.op === 'LIKE') {
    if (operand.category !== 'string' || (node.value.kind !== 'null' && node.value.kind !== 'string')) {
      typedLiteral(env.ctx, operand, node.value);
      throw positionedError('INVALID_FIELD', env.ctx.query, node.pos, `invalid operator on field '${operand.label}' of type ${operand.typeName}`);
    }
    if (node.value.kind === 'string' && node.value.value !== '') {
      const matches = compileLike(node.value.like);
      return (row) => {
        const v = get(row);
        return typeof v === 'string' && v !== '' && matches(v);
      };
    }
    return (row) => normalize(get(row)) === null;
  }
  const literal = typedLiteral(env.ctx, operand, node.value);
  const test = literalTest(node.op, literal);
  return (row) => test(normalize(get(row)));
}

/** The test of one normalized value against a comparison with `literal`. */
function literalTest(op: Exclude<ComparisonNode['op'], 'LIKE'>, literal: TypedLiteral): (v: Key | null) => boolean {
  if (literal.kind === 'range') {
    const { start, end } = literal;
    switch (op) {
      case '=': return (v) => typeof v === 'number' && v >= start && v < end;
      case '!=': return (v) => typeof v !== 'number' || v < start || v >= end;
      case '<': return (v) => typeof v === 'number' && v < start;
      case '<=': return (v) => typeof v === 'number' && v < end;
      case '>': return (v) => typeof v === 'number' && v >= end;
      case '>=': return (v) => typeof v === 'number' && v >= start;
    }
  }
  const key = literal.key;
  if (key === null) {
    if (op === '=') return (v) => v === null;
    if (op === '!=') return (v) => v !== null;
    return () => false;
  }
  switch (op) {
    case '=': return (v) => v === key;
    case '!=': return (v) => v !== key;
    case '<': return (v) => v !== null && v < key;
    case '<=': return (v) => v !== null && v <= key;
    case '>': return (v) => v !== null && v > key;
    case '>=': return (v) => v !== null && v >= key;
  }
}

function compileIn<Row>(env: ConditionEnv<Row>, node: InNode): Predicate<Row> {
  const operand = env.operand(node.left);
  const normalize = normalizer(operand.category);
  const get = operand.get;
  let member: (v: Key | null) => boolean;
  if (!Array.isArray(node.values)) {
    if (operand.category !== 'id') {
      throw positionedError('INVALID_FIELD', env.ctx.query, node.pos, `The selected field '${operand.label}' in a semi join or anti join must be an ID or reference field`);
    }
    const ids = env.semiJoin(node.values);
    member = (v) => v !== null && ids.has(v);
  } else {
    const keys = new Set<Key>();
    const ranges: { start: number; end: number }[] = [];
    let hasNull = false;
    for (const value of node.values) {
      const literal = typedLiteral(env.ctx, operand, value);
      if (literal.kind === 'range') ranges.push(literal);
      else if (literal.key === null) hasNull = true;
      else keys.add(literal.key);
    }
    member = (v) => (v === null ? hasNull : keys.has(v) || (typeof v === 'number' && ranges.some((r) => v >= r.start && v < r.end)));
  }
  return node.negated ? (row) => !member(normalize(get(row))) : (row) => member(normalize(get(row)));
}
