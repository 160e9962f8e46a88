/**
 * Seeds Accounts inside the emulator's process through its public `org.insert()` (the same field
 * checks as the REST API, no HTTP), in chunks so the process stays responsive.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { accountFields } from './records.mjs';

const CHUNK = 10_000;

/** Inserts `count` Accounts; returns up to `keepIds` of their IDs. */
export async function seedRecords(org, { count, keepIds = 0 }) {
  const ids = [];
  for (let start = 0; start < count; start += CHUNK) {
    const records = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) records.push(accountFields(i));
    const inserted = org.insert('Account', records);
    if (ids.length < keepIds) ids.push(...inserted.slice(0, keepIds - ids.length));
    await yieldToLoop();
  }
  return { count, ids };
}
