/**
 * The syntax tree the SOQL parser produces. Names are kept as written; the binder
 * (`bind.ts`) checks them against the schema. Every node carries `pos`, its offset in the query,
 * for Salesforce's `ERROR at Row:Column` messages.
 *
 * @module
 */
import type { LikeUnit } from './lexer.js';

/** A field or relationship path as written: `Name`, `Owner.Name`, `Account.Owner.Name`. */
export interface FieldPathNode {
  kind: 'field';
  path: string[];
  pos: number;
}

/** Aggregate functions SOQL offers. */
export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'MAX' | 'MIN' | 'SUM' | 'AVG';

/** `COUNT(Id)`, `MAX(Amount) top`, … (`COUNT()` is {@link CountAllNode}). */
export interface AggregateNode {
  kind: 'aggregate';
  fn: AggregateFunction;
  field: FieldPathNode;
  alias?: string;
  pos: number;
}

/** `SELECT COUNT() FROM …`. */
export interface CountAllNode {
  kind: 'countAll';
  pos: number;
}

/** `FIELDS(ALL)`, `FIELDS(STANDARD)`, `FIELDS(CUSTOM)`. */
export interface FieldsNode {
  kind: 'fields';
  which: 'ALL' | 'STANDARD' | 'CUSTOM';
  pos: number;
}

/** A child-relationship subquery in the SELECT list: `(SELECT Id FROM Contacts)`. */
export interface SubqueryNode {
  kind: 'subquery';
  query: QueryNode;
  pos: number;
}

/** A plain field in the SELECT list; it may carry an alias (aggregate queries only). */
export interface AliasedFieldNode extends FieldPathNode {
  alias?: string;
  aliasPos?: number;
}

/** One item of the SELECT list. */
export type SelectItem = AliasedFieldNode | AggregateNode | CountAllNode | FieldsNode | SubqueryNode;

/** Date constants such as `TODAY` or `LAST_N_DAYS:30`. */
export interface DateConstantNode {
  kind: 'dateConstant';
  name: string;
  n?: number;
  pos: number;
}

/** A literal on the right of a comparison. */
export type ValueNode =
  | { kind: 'string'; value: string; like: LikeUnit[]; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'date'; text: string; pos: number }
  | { kind: 'datetime'; text: string; pos: number }
  | DateConstantNode;

/** Comparison operators (`<>` is read as `!=`). */
export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';

/** `field op value`. */
export interface ComparisonNode {
  kind: 'compare';
  left: FieldPathNode | AggregateNode;
  op: ComparisonOperator;
  value: ValueNode;
  pos: number;
}

/** `field [NOT] IN (v1, v2)` or `field [NOT] IN (SELECT … )`. */
export interface InNode {
  kind: 'in';
  left: FieldPathNode | AggregateNode;
  negated: boolean;
  values: ValueNode[] | SubqueryNode;
  pos: number;
}

/** A WHERE or HAVING condition. */
export type ConditionNode =
  | { kind: 'and'; items: ConditionNode[] }
  | { kind: 'or'; items: ConditionNode[] }
  | { kind: 'not'; item: ConditionNode }
  | ComparisonNode
  | InNode;

/** One ORDER BY item. */
export interface OrderItemNode {
  expr: FieldPathNode | AggregateNode;
  descending: boolean;
  /** Explicit NULLS FIRST/LAST; defaults apply when undefined. */
  nullsFirst?: boolean;
}

/** A whole SELECT statement (or subquery). */
export interface QueryNode {
  select: SelectItem[];
  from: { name: string; pos: number };
  where?: ConditionNode;
  groupBy?: FieldPathNode[];
  having?: ConditionNode;
  orderBy?: OrderItemNode[];
  limit?: { value: number; pos: number };
  offset?: { value: number; pos: number };
  pos: number;
}
