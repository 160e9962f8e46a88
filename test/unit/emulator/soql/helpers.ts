/** Shared helpers for the SOQL engine tests. */
import { expect } from 'vitest';
import type { SalesforceRecord } from '../../../../src/core/types.js';
import type { SoqlDataSource } from '../../../../src/emulator/schema.js';
import { prepareQuery, SoqlError } from '../../../../src/emulator/soql-engine.js';
import { NOW } from './fixture.js';

/** Runs a query and returns its totalSize and all its records. */
export function run(
  source: SoqlDataSource,
  soql: string,
  options: { includeDeleted?: boolean; now?: Date; apiVersion?: string } = {},
): { totalSize: number; rowCount: number; records: SalesforceRecord[] } {
  const q = prepareQuery(soql, source, { includeDeleted: options.includeDeleted ?? false, now: options.now ?? NOW, apiVersion: options.apiVersion });
  return { totalSize: q.totalSize, rowCount: q.rowCount, records: q.page(0, q.rowCount) };
}

/** The SoqlError a query fails with (fails the test when it succeeds or throws anything else). */
export function fail(source: SoqlDataSource, soql: string, options: { includeDeleted?: boolean } = {}): SoqlError {
  try {
    prepareQuery(soql, source, { includeDeleted: options.includeDeleted ?? false, now: NOW });
  } catch (error) {
    expect(error).toBeInstanceOf(SoqlError);
    return error as SoqlError;
  }
  throw new Error(`expected ${soql} to fail`);
}

/** One field of every record. */
export function column(records: SalesforceRecord[], field: string): unknown[] {
  return records.map((r) => r[field]);
}
