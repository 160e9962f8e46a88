/**
 * Aggregate queries: `COUNT(Id)`, `COUNT_DISTINCT`, `MAX`, `MIN`, `SUM`, `AVG`, with or without
 * GROUP BY, HAVING and ORDER BY over groups. Answers are `AggregateResult` records whose keys are
 * the grouped field names and `expr0`, `expr1`, … (or the aliases).
 *
 * @module
 */
import type { SalesforceRecord } from '../../core/types.js';
import type { AggregateNode, FieldPathNode, QueryNode } from './ast.js';
import type { ObjectSchema, StoredRecord } from '../schema.js';
import type { QueryContext } from './context.js';
import { positionedError } from './errors.js';
import { resolvePath, type ResolvedPath } from './fields.js';
import { compileCondition, type Operand } from './filter.js';
import { matchRecords, typeName, wherePredicate, type CompiledQuery } from './record-query.js';
import { sortRows, type SortSpec } from './sort.js';
import { normalizer, type Key, type OperandType } from './values.js';

/** One group: the grouped values (first seen) and its member records. */
interface Group {
  values: unknown[];
  members: StoredRecord[];
  cache: Map<string, unknown>;
}

/** An aggregate call checked against the schema, able to compute itself over a group. */
interface CompiledAggregate extends OperandType {
  signature: string;
  compute(members: readonly StoredRecord[]): unknown;
}

/**
 * True when the query groups or aggregates (COUNT() alone is a record query).
 *
 * @example
 * ```ts
 * isAggregateQuery(parseSoql('SELECT COUNT(Id) FROM Lead')); // true
 * ```
 */
export function isAggregateQuery(ast: QueryNode): boolean {
  return ast.groupBy !== undefined || ast.select.some((item) => item.kind === 'aggregate');
}

function compileAggregate(ctx: QueryContext, schema: ObjectSchema, node: AggregateNode): CompiledAggregate {
  const path = resolvePath(ctx, schema, node.field);
  const normalize = normalizer(path.category);
  const signature = `${node.fn}(${path.key})`;
  const numeric = path.category === 'number';
  if ((node.fn === 'SUM' || node.fn === 'AVG') && !numeric) {
    throw positionedError('MALFORMED_QUERY', ctx.query, node.field.pos, `field ${path.name} does not support aggregate operator ${node.fn}`);
  }
  const get = path.get;
  switch (node.fn) {
    case 'COUNT':
      return {
        signature, category: 'number', label: signature, typeName: 'integer',
        compute: (members) => members.reduce((n, r) => (normalize(get(r)) === null ? n : n + 1), 0),
      };
    case 'COUNT_DISTINCT':
      return {
        signature, category: 'number', label: signature, typeName: 'integer',
        compute: (members) => {
          const seen = new Set<Key>();
          for (const r of members) {
            const k = normalize(get(r));
            if (k !== null) seen.add(k);
          }
          return seen.size;
        },
      };
    case 'SUM':
    case 'AVG':
      return {
        signature, category: 'number', label: signature, typeName: 'double',
        compute: (members) => {
          let sum = 0;
          let count = 0;
          for (const r of members) {
            const k = normalize(get(r));
            if (typeof k === 'number') {
              sum += k;
              count++;
            }
          }
          if (count === 0) return null;
          return node.fn === 'SUM' ? sum : sum / count;
        },
      };
    case 'MAX':
    case 'MIN': {
      const sign = node.fn === 'MAX' ? 1 : -1;
      return {
        signature, category: path.category, label: signature, typeName: typeName(path),
        compute: (members) => {
          let best: Key | null = null;
          let value: unknown = null;
          for (const r of members) {
            const raw = get(r);
            const k = normalize(raw);
            if (k !== null && (best === null || (k > best ? sign > 0 : k < best && sign < 0))) {
              best = k;
              value = raw;
            }
          }
          return value;
        },
      };
    }
  }
}

/**
 * Compiles an aggregate query.
 *
 * @throws SoqlError for ungrouped fields, aggregates on unsuitable fields and the like.
 * @example
 * ```ts
 * compileAggregateQuery(ctx, schema, parseSoql('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry'));
 * ```
 */
export function compileAggregateQuery(ctx: QueryContext, schema: ObjectSchema, ast: QueryNode): CompiledQuery {
  const groupPaths = (ast.groupBy ?? []).map((node) => resolvePath(ctx, schema, node));
  const groupIndex = (node: FieldPathNode): { path: ResolvedPath; index: number } => {
    const path = resolvePath(ctx, schema, node);
    const index = groupPaths.findIndex((g) => g.key === path.key);
    if (index < 0) {
      throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, `Field must be grouped or aggregated: ${path.name}`);
    }
    return { path, index };
  };

  const columns: { key: string; value: (group: Group) => unknown }[] = [];
  let exprCount = 0;
  for (const item of ast.select) {
    if (item.kind === 'field') {
      const { path, index } = groupIndex(item);
      columns.push({ key: item.alias ?? path.name, value: (g) => g.values[index] ?? null });
    } else if (item.kind === 'aggregate') {
      const agg = compileAggregate(ctx, schema, item);
      columns.push({ key: item.alias ?? `expr${exprCount++}`, value: (g) => aggregateValue(g, agg) });
    } else {
      throw positionedError('MALFORMED_QUERY', ctx.query, item.pos, 'Only grouped fields and aggregate functions may be selected in an aggregate query');
    }
  }

  const operand = (node: FieldPathNode | AggregateNode): Operand<Group> => {
    if (node.kind === 'aggregate') {
      const agg = compileAggregate(ctx, schema, node);
      return { ...agg, get: (g) => aggregateValue(g, agg) };
    }
    const { path, index } = groupIndex(node);
    return { category: path.category, label: path.name, typeName: typeName(path), get: (g) => g.values[index] ?? null };
  };
  const having = ast.having === undefined
    ? () => true
    : compileCondition<Group>({ ctx, operand, semiJoin: (node) => {
      throw positionedError('MALFORMED_QUERY', ctx.query, node.pos, 'Semi join subqueries are not allowed in HAVING');
    } }, ast.having);
  const specs: SortSpec<Group>[] = (ast.orderBy ?? []).map((item) => {
    const op = operand(item.expr);
    const normalize = normalizer(op.category);
    return { key: (g) => normalize(op.get(g)), descending: item.descending, nullsFirst: item.nullsFirst ?? !item.descending };
  });

  const records = matchRecords(ctx, schema, wherePredicate(ctx, schema, ast.where, true));
  const groups = sortRows(groupRecords(records, groupPaths).filter(having), specs);
  const offset = ast.offset?.value ?? 0;
  const limit = ast.limit?.value ?? Infinity;
  const rows = groups.slice(offset, offset + limit);
  return {
    objectName: schema.name,
    totalSize: rows.length,
    rowCount: rows.length,
    page(pageOffset, pageLimit) {
      const from = Math.max(0, pageOffset);
      return rows.slice(from, from + Math.max(0, pageLimit)).map((group) => {
        const out: SalesforceRecord = { attributes: { type: 'AggregateResult' } };
        for (const column of columns) out[column.key] = column.value(group);
        return out;
      });
    },
  };
}

function aggregateValue(group: Group, agg: CompiledAggregate): unknown {
  if (!group.cache.has(agg.signature)) group.cache.set(agg.signature, agg.compute(group.members));
  return group.cache.get(agg.signature);
}

/** Splits records into groups by the normalized values of the GROUP BY fields (one group without GROUP BY). */
function groupRecords(records: readonly StoredRecord[], paths: readonly ResolvedPath[]): Group[] {
  if (paths.length === 0) return [{ values: [], members: records.slice(), cache: new Map() }];
  const normalizers = paths.map((p) => normalizer(p.category));
  const groups = new Map<unknown, Group>();
  for (const record of records) {
    const raw = paths.map((p) => p.get(record));
    const keys = raw.map((v, i) => (normalizers[i] as (v: unknown) => Key | null)(v));
    const id = keys.length === 1 ? keys[0] : JSON.stringify(keys);
    let group = groups.get(id);
    if (group === undefined) {
      group = { values: raw, members: [], cache: new Map() };
      groups.set(id, group);
    }
    group.members.push(record);
  }
  return [...groups.values()];
}
