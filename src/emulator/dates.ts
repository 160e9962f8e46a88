/**
 * Salesforce's date and datetime text forms: dates `YYYY-MM-DD`, datetimes
 * `YYYY-MM-DDTHH:mm:ss.SSS+0000` (always UTC on the wire).
 *
 * @module
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `ms` as a Salesforce datetime string. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The date part (`YYYY-MM-DD`) of `ms`, in UTC. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A `YYYY-MM-DD` string if `value` is a real calendar date, else undefined. */
export function parseDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatDate(ms) === value ? value : undefined;
}

/** An ISO-8601 datetime normalised to Salesforce's form, or undefined if `value` is not one. */
export function parseDateTime(value: string): string | undefined {
  const m = DATETIME.exec(value);
  if (!m || parseDate(m[1] as string) === undefined) return undefined;
  const zone = m[6] === undefined || m[6] === 'Z' ? 'Z' : m[6].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const fraction = (m[5] ?? '.000').slice(0, 4).padEnd(4, '0');
  const ms = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${fraction}${zone}`);
  return Number.isNaN(ms) ? undefined : formatDateTime(ms);
}
