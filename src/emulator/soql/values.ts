/**
 * Comparable keys for stored values and typed literals, by comparison category. Text folds case,
 * IDs compare in their 18-character form, dates as epoch days, datetimes as epoch milliseconds.
 *
 * @module
 */
import type { ValueNode } from './ast.js';
import { canonicalId, normalizeId, type Category, type QueryContext } from './context.js';
import { dateConstantRange, epochDay, epochMs, MS_PER_DAY, storedDay, storedMs } from './dates.js';
import { positionedError, quoteSafe, SoqlError } from './errors.js';
import { fold } from './text.js';

/** A comparable key; keys of one category are all numbers or all strings. */
export type Key = string | number;

/** Turns a stored value into its key, or `null` for empty values. */
export type Normalizer = (value: unknown) => Key | null;

/** A literal after type checking: one key (or null), or a date-constant range `[start, end)`. */
export type TypedLiteral = { kind: 'point'; key: Key | null } | { kind: 'range'; start: number; end: number };

/**
 * The normalizer of a category.
 *
 * @example
 * ```ts
 * normalizer('string')('ACME'); // 'acme'
 * ```
 */
export function normalizer(category: Category): Normalizer {
  switch (category) {
    case 'string':
      return (v) => (typeof v === 'string' ? (v === '' ? null : fold(v)) : v === null || v === undefined ? null : fold(String(v)));
    case 'id':
      return normalizeId;
    case 'boolean':
      return (v) => (v === true ? 1 : v === false ? 0 : null);
    case 'number':
      return (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);
    case 'date':
      return (v) => storedDay(v) ?? null;
    case 'datetime':
      return (v) => storedMs(v) ?? null;
  }
}

/** What an operand looks like to the type checker. */
export interface OperandType {
  category: Category;
  /** The field name used in messages. */
  label: string;
  /** Salesforce's type name in messages: `string`, `id`, `double`, `integer`, `boolean`, `date`, `dateTime`. */
  typeName: string;
}

function typeError(ctx: QueryContext, operand: OperandType, value: ValueNode): SoqlError {
  const quoted = operand.category === 'string' || operand.category === 'id';
  return positionedError(
    'INVALID_FIELD',
    ctx.query,
    value.pos,
    `value of filter criterion for field '${operand.label}' must be of type ${operand.typeName} and should ` +
      `${quoted ? '' : 'not '}be enclosed in quotes`,
  );
}

/**
 * Type-checks `value` against `operand` and converts it to a key.
 *
 * @throws SoqlError INVALID_FIELD for a literal of the wrong type, INVALID_QUERY_FILTER_OPERATOR
 *   for a malformed ID, MALFORMED_QUERY for an impossible date.
  *
 * @example
 * ```ts
 * typedLiteral(ctx, operand, { kind: 'number', value: 5, text: '5', pos: 40 }); // { kind: 'point', key: 5 }
 * ```
 */
export function typedLiteral(ctx: QueryContext, operand: OperandType, value: ValueNode): TypedLiteral {
  if (value.kind === 'null') return { kind: 'point', key: null };
  switch (operand.category) {
    case 'string':
      if (value.kind !== 'string') throw typeError(ctx, operand, value);
      return { kind: 'point', key: value.value === '' ? null : fold(value.value) };
    case 'id':
      if (value.kind !== 'string') throw typeError(ctx, operand, value);
      if (value.value === '') return { kind: 'point', key: null };
      const id = canonicalId(value.value);
      if (id === undefined) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${quoteSafe(value.value)}`);
      return { kind: 'point', key: id };
    case 'boolean':
      if (value.kind !== 'boolean') throw typeError(ctx, operand, value);
      return { kind: 'point', key: value.value ? 1 : 0 };
    case 'number':
      if (value.kind !== 'number') throw typeError(ctx, operand, value);
      return { kind: 'point', key: value.value };
    case 'date': {
      if (value.kind === 'dateConstant') return { kind: 'range', ...dateConstantRange(value.name, value.n ?? 0, ctx.options.now) };
      if (value.kind !== 'date') throw typeError(ctx, operand, value);
      const day = epochDay(value.text);
      if (day === undefined) throw invalidDate(ctx, value);
      return { kind: 'point', key: day };
    }
    case 'datetime': {
      if (value.kind === 'dateConstant') {
        const range = dateConstantRange(value.name, value.n ?? 0, ctx.options.now);
        return { kind: 'range', start: range.start * MS_PER_DAY, end: range.end * MS_PER_DAY };
      }
      if (value.kind !== 'datetime') throw typeError(ctx, operand, value);
      const ms = epochMs(value.text);
      if (ms === undefined) throw invalidDate(ctx, value);
      return { kind: 'point', key: ms };
    }
  }
}

function invalidDate(ctx: QueryContext, value: ValueNode & { text: string }): SoqlError {
  const what = value.kind === 'date' ? 'date' : 'datetime';
  return positionedError('MALFORMED_QUERY', ctx.query, value.pos, `Invalid ${what}: ${value.text}`);
}
