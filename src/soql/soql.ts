/**
 * The `soql` tagged template: every interpolated value becomes a SOQL literal, escaped so that no
 * value can end its literal early and change the query.
 *
 * | value | becomes |
 * |---|---|
 * | string | `'…'` with `\\ \' \" \n \r \t \b \f` escaped |
 * | `Date` | datetime literal in UTC, `2024-01-15T10:00:00.000Z` |
 * | number, bigint | plain decimal (`0.0000001`, never `1e-7`); NaN and ±Infinity are refused |
 * | boolean | `true` / `false` |
 * | `null` | `null` (`undefined` is refused: it is almost always a missing variable) |
 * | array | `('a','b')` for `IN` / `NOT IN`; empty arrays are refused |
 * | {@link SoqlQuery} | embedded verbatim (nested `soql`, `soql.raw`, `soql.like`, `soql.date`, `soql.identifier`) |
 *
 * @module
 */
import { ValidationError } from '../core/errors.js';

const BRAND = Symbol.for('forcelink.soql');

/**
 * A piece of SOQL text that is already safe: a whole query built by {@link soql}, or a fragment
 * from `soql.raw`, `soql.like`, `soql.date` or `soql.identifier`. Embedding one in another `soql`
 * template inserts its text verbatim.
 *
 * @example
 * ```ts
 * const where = soql`Email = ${email}`;
 * const query = soql`SELECT Id FROM Lead WHERE ${where}`;
 * query.text;        // "SELECT Id FROM Lead WHERE Email = 'a@example.com'"
 * String(query);     // the same
 * ```
 */
export interface SoqlQuery {
  /** The SOQL text. */
  readonly text: string;
  /** The SOQL text. */
  toString(): string;
  /** The SOQL text, so a query serialises as a plain string. */
  toJSON(): string;
}

/** The only maker of {@link SoqlQuery} values; not exported, so only this module vouches for text. */
class Fragment implements SoqlQuery {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    Object.defineProperty(this, BRAND, { value: true });
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}

/**
 * True for a {@link SoqlQuery} (a `soql` result or fragment), also one made by another copy of
 * forcelink.
 *
 * @example
 * ```ts
 * isSoqlQuery(soql`SELECT Id FROM Lead`); // true
 * isSoqlQuery('SELECT Id FROM Lead');     // false
 * ```
 */
export function isSoqlQuery(value: unknown): value is SoqlQuery {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/**
 * A value that may appear inside an `IN (…)` list.
 *
 * @example
 * ```ts
 * const ids: SoqlScalar[] = ['001D000000IqhSLIAZ', '001D000000INjVeIAL'];
 * soql`SELECT Id FROM Account WHERE Id IN ${ids}`;
 * ```
 */
export type SoqlScalar = string | number | bigint | boolean | null | Date | SoqlQuery;

/**
 * Anything the {@link soql} template accepts as an interpolated value.
 *
 * @example
 * ```ts
 * function byField(field: string, value: SoqlValue) {
 *   return soql`SELECT Id FROM Lead WHERE ${soql.identifier(field)} = ${value}`;
 * }
 * ```
 */
export type SoqlValue = SoqlScalar | readonly SoqlScalar[];

/**
 * Where the user's text may sit inside a `LIKE` pattern; see {@link SoqlTag.like}.
 *
 * @example
 * ```ts
 * const match: LikeMatch = 'startsWith';
 * soql`SELECT Id FROM Account WHERE Name LIKE ${soql.like(term, match)}`; // 'term%'
 * ```
 */
export type LikeMatch = 'exact' | 'startsWith' | 'endsWith' | 'contains';

/**
 * The type of {@link soql}: the tag and its helpers.
 *
 * @example
 * ```ts
 * const tag: SoqlTag = soql;
 * tag`SELECT Id FROM Lead WHERE Name = ${tag.like('a_b')}`;
 * ```
 */
export interface SoqlTag {
  (strings: TemplateStringsArray, ...values: SoqlValue[]): SoqlQuery;
  /**
   * A `LIKE` pattern literal in which `%` and `_` of `value` match themselves (`\%`, `\_`).
   * `match` adds real wildcards around the escaped text: `'contains'` gives `'%text%'`.
   */
  like(value: string, match?: LikeMatch): SoqlQuery;
  /** Trusted text, embedded verbatim. Never pass user input. */
  raw(text: string): SoqlQuery;
  /** A date-only literal `YYYY-MM-DD` (the UTC date of a `Date`, or a `YYYY-MM-DD` string). */
  date(value: Date | string): SoqlQuery;
  /** A validated object or field name, or a relationship path like `Account.Owner.Name`. */
  identifier(name: string): SoqlQuery;
}

const STRING_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
const STRING_SPECIALS = /[\\'"\n\r\t\b\f]/g;
const LIKE_SPECIALS = /[\\'"\n\r\t\b\f%_]/g;
const LIKE_ESCAPES: Record<string, string> = { ...STRING_ESCAPES, '%': '\\%', _: '\\_' };

/** `value` as a quoted SOQL string literal. */
function quote(value: string): string {
  return `'${value.replace(STRING_SPECIALS, (ch) => STRING_ESCAPES[ch] ?? ch)}'`;
}

/** Expands `1.5e-7` / `1e+21` (as printed by `String(number)`) into plain decimal digits. */
function plainDecimal(printed: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(printed);
  if (!match) return printed;
  const [, sign = '', lead = '', fraction = '', exp = '0'] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exp); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  // String(number) uses exponents only below 1e-6 and from 1e21 on, so here the point lies past
  // the last of at most 17 significant digits.
  return sign + digits.padEnd(point, '0');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new ValidationError(`soql: cannot embed the number ${value}`);
  if (Object.is(value, -0)) return '0';
  return plainDecimal(String(value));
}

function formatDateTime(value: Date): string {
  const time = value.getTime();
  if (Number.isNaN(time)) throw new ValidationError('soql: cannot embed an invalid Date');
  const year = value.getUTCFullYear();
  if (year < 0 || year > 9999) throw new ValidationError(`soql: year ${year} is outside 0000–9999`);
  return value.toISOString();
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

function formatScalar(value: unknown, where: string): string {
  if (isSoqlQuery(value)) return value.text;
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return formatNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      throw new ValidationError(`soql: ${where} is undefined; pass null to compare with null`);
    default:
      if (value === null) return 'null';
      if (value instanceof Date) return formatDateTime(value);
      throw new ValidationError(`soql: cannot embed a value of type ${describe(value)} (${where})`);
  }
}

function formatValue(value: unknown, where: string): string {
  if (!Array.isArray(value)) return formatScalar(value, where);
  if (value.length === 0) throw new ValidationError(`soql: ${where} is an empty array; IN () is not valid SOQL`);
  const items = value.map((item: unknown, i) => {
    if (Array.isArray(item)) throw new ValidationError(`soql: ${where} holds a nested array at index ${i}`);
    return formatScalar(item, `${where}, index ${i}`);
  });
  return `(${items.join(',')})`;
}

function isTemplateStrings(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Array.isArray((value as { raw?: unknown }).raw);
}

const API_NAME_SEGMENT = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$/;
const MAX_API_NAME_LENGTH = 80;

/**
 * True if `name` is a Salesforce API name: `Account`, `Custom__c`, `ns__Obj__c`, `Obj__mdt`,
 * `Event__e`, `Owner__r`, `Geo__Latitude__s`: letters, digits and single underscores, starting with a
 * letter, up to four parts joined by `__`, at most 80 characters.
 *
 * @example
 * ```ts
 * isApiName('ns__Invoice__c'); // true
 * isApiName('Name; DROP');     // false
 * ```
 */
export function isApiName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_API_NAME_LENGTH) return false;
  const parts = name.split('__');
  return parts.length <= 4 && parts.every((part) => API_NAME_SEGMENT.test(part));
}

/**
 * True if `path` is an API name or a dot-separated relationship path of API names
 * (`Account.Owner.Name`).
 *
 * @example
 * ```ts
 * isFieldPath('Account.Owner.Name'); // true
 * isFieldPath('Account..Name');      // false
 * ```
 */
export function isFieldPath(path: unknown): path is string {
  return typeof path === 'string' && path.split('.').every(isApiName);
}

function like(value: string, match: LikeMatch = 'exact'): SoqlQuery {
  if (typeof value !== 'string') throw new ValidationError(`soql.like: expected a string, got ${describe(value)}`);
  const escaped = value.replace(LIKE_SPECIALS, (ch) => LIKE_ESCAPES[ch] ?? ch);
  switch (match) {
    case 'exact':
      return new Fragment(`'${escaped}'`);
    case 'startsWith':
      return new Fragment(`'${escaped}%'`);
    case 'endsWith':
      return new Fragment(`'%${escaped}'`);
    case 'contains':
      return new Fragment(`'%${escaped}%'`);
    default:
      throw new ValidationError(`soql.like: unknown match ${JSON.stringify(String(match))}`);
  }
}

function raw(text: string): SoqlQuery {
  if (typeof text !== 'string') throw new ValidationError(`soql.raw: expected a string, got ${describe(text)}`);
  return new Fragment(text);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function date(value: Date | string): SoqlQuery {
  if (value instanceof Date) return new Fragment(formatDateTime(value).slice(0, 10));
  if (typeof value === 'string') {
    const match = DATE_ONLY.exec(value);
    if (match) {
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const check = new Date(Date.UTC(2000, m - 1, d));
      check.setUTCFullYear(y);
      if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
        return new Fragment(value);
      }
    }
    throw new ValidationError('soql.date: expected a Date or a calendar date like 2024-01-15');
  }
  throw new ValidationError(`soql.date: expected a Date or a string, got ${describe(value)}`);
}

function identifier(name: string): SoqlQuery {
  if (!isFieldPath(name)) {
    throw new ValidationError(`soql.identifier: not a valid object or field name: ${JSON.stringify(String(name).slice(0, 90))}`);
  }
  return new Fragment(name);
}

function tag(strings: TemplateStringsArray, ...values: SoqlValue[]): SoqlQuery {
  if (!isTemplateStrings(strings)) {
    throw new ValidationError('soql must be used as a tagged template: soql`SELECT … WHERE Name = ${value}`');
  }
  let text = '';
  for (let i = 0; i < strings.length; i++) {
    const chunk = strings[i];
    if (chunk === undefined) throw new ValidationError('soql: the template holds an invalid escape sequence');
    text += chunk;
    if (i < values.length) text += formatValue(values[i], `value #${i + 1}`);
  }
  return new Fragment(text);
}

/**
 * Builds a SOQL query; each `${value}` becomes a correctly escaped literal (see the module table).
 *
 * @throws ValidationError for a value SOQL cannot express: `undefined`, NaN, ±Infinity, an invalid
 * `Date`, an empty or nested array, a plain object, a function or a symbol.
 * @example
 * ```ts
 * const q = soql`SELECT Id FROM Lead WHERE Email = ${email} AND CreatedDate > ${since}`;
 * const byIds = soql`SELECT Id FROM Account WHERE Id IN ${ids}`;            // ('001…','001…')
 * const search = soql`SELECT Id FROM Account WHERE Name LIKE ${soql.like(term, 'startsWith')}`;
 * const closing = soql`SELECT Id FROM Opportunity WHERE CloseDate = ${soql.date(new Date())}`;
 * const field = soql`SELECT ${soql.identifier('Owner.Name')} FROM Account`;
 * for await (const lead of sf.query(q)) console.log(lead.Id);
 * ```
 */
export const soql: SoqlTag = Object.assign(tag, { like, raw, date, identifier });
