/**
 * The soak test: 10,000 creates and 10,000 reads through the client at moderate concurrency,
 * about 10% of them hit by an injected fault of every kind (resets after the record was stored
 * included). Afterwards the org holds exactly the creates the client reported as successful plus
 * those whose error said they may have been applied (found again by their unique marker), with
 * no duplicate; every read returned the right record or a typed error.
 *
 * The counts (fault kind × outcome) are printed, written as JSON to the temp directory, and with
 * FORCELINK_WRITE_REPORT=1 written into docs/reliability.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesforceClient } from '../../src/client.js';
import { ApiError, ConnectionError, ForcelinkError } from '../../src/core/errors.js';
import type { FaultSpec } from '../../src/emulator/faults.js';
import { soql } from '../../src/soql/soql.js';
import { connect, type Org } from '../integration/helpers.js';
import { startReliabilityOrg, TAG, tagged, tagHook, until } from './helpers.js';

const CREATES = 10_000;
const READS = 10_000;
const FAULT_RATE = 0.1;
const CONCURRENCY = 32;
const TIMEOUT_MS = 400;

const HTML = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Bad Gateway</h1><hr>nginx</body></html>';

/** What a call of one kind may end with; `stored` is how many records a create of that kind leaves. */
interface Kind {
  name: string;
  fault?: Omit<FaultSpec, 'path' | 'method'>;
  create: { outcomes: string[]; stored: 0 | 1 };
  read: string[];
}

/** A spurious timeout under load is a real timeout: allowed everywhere, and counted. */
const SLOW = 'TimeoutError, may have been applied';

const KINDS: Kind[] = [
  { name: 'connection reset before processing', fault: { reset: true }, create: { outcomes: ['ConnectionError, may have been applied'], stored: 0 }, read: ['ok after retry'] },
  { name: 'connection reset after the record was stored', fault: { resetAfterProcessing: true }, create: { outcomes: ['ConnectionError, may have been applied'], stored: 1 }, read: ['ok after retry'] },
  { name: 'connection reset halfway through the answer', fault: { resetMidBody: true }, create: { outcomes: ['ConnectionError, may have been applied'], stored: 1 }, read: ['ok after retry'] },
  { name: '503 SERVER_UNAVAILABLE', fault: { status: 503 }, create: { outcomes: ['ApiError, not applied'], stored: 0 }, read: ['ok after retry'] },
  { name: '500 UNKNOWN_EXCEPTION', fault: { status: 500 }, create: { outcomes: ['ApiError, not applied'], stored: 0 }, read: ['ApiError'] },
  { name: '502 HTML page from a proxy', fault: { status: 502, body: HTML, contentType: 'text/html' }, create: { outcomes: ['InvalidResponseError, may have been applied'], stored: 0 }, read: ['ok after retry'] },
  { name: '504 HTML page after the record was stored', fault: { status: 504, afterProcessing: true, body: HTML, contentType: 'text/html' }, create: { outcomes: ['InvalidResponseError, may have been applied'], stored: 1 }, read: ['ok after retry'] },
  { name: '429 with Retry-After: 0', fault: { status: 429, headers: { 'Retry-After': '0' } }, create: { outcomes: ['InvalidResponseError, not applied'], stored: 0 }, read: ['ok after retry'] },
  { name: 'no answer within timeoutMs', fault: { delayMs: TIMEOUT_MS + 200 }, create: { outcomes: [SLOW], stored: 1 }, read: ['ok after retry'] },
  { name: 'slow-loris body', fault: { slowBody: true, delayMs: 2_000 }, create: { outcomes: [SLOW], stored: 1 }, read: ['ok after retry'] },
  { name: 'truncated JSON after the record was stored', fault: { truncateBody: 10 }, create: { outcomes: ['InvalidResponseError, may have been applied'], stored: 1 }, read: ['InvalidResponseError'] },
  { name: 'empty body after the record was stored', fault: { status: 201, afterProcessing: true, body: '' }, create: { outcomes: ['InvalidResponseError, may have been applied'], stored: 1 }, read: ['InvalidResponseError'] },
  { name: 'JSON labelled text/html', fault: { contentType: 'text/html' }, create: { outcomes: ['InvalidResponseError, may have been applied'], stored: 1 }, read: ['InvalidResponseError'] },
  { name: 'a 200 whose body is an error array', fault: { status: 200, afterProcessing: true, body: [{ message: 'Unable to lock row', errorCode: 'UNABLE_TO_LOCK_ROW' }] }, create: { outcomes: ['ApiError, may have been applied'], stored: 1 }, read: ['ApiError'] },
  { name: '401 INVALID_SESSION_ID', fault: { status: 401 }, create: { outcomes: ['ok after refresh'], stored: 1 }, read: ['ok after refresh'] },
  { name: '403 REQUEST_LIMIT_EXCEEDED', fault: { status: 403, headers: { 'Sforce-Limit-Info': 'api-usage=15000/15000' } }, create: { outcomes: ['RequestLimitError, not applied'], stored: 0 }, read: ['RequestLimitError'] },
];
const NONE: Kind = { name: 'none', create: { outcomes: ['ok', SLOW], stored: 1 }, read: ['ok', 'ok after retry'] };

/** mulberry32: a small seeded PRNG, so every run injects the same faults in the same order. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How an error reached the caller: its class, and for a create whether it says it may have been applied. */
function describeError(error: unknown, op: 'create' | 'read'): string {
  if (!ForcelinkError.is(error)) return `untyped ${String(error)}`;
  if (op === 'read') return error.name;
  const may = error instanceof ConnectionError || error instanceof ApiError ? error.mayHaveBeenApplied : undefined;
  if (may === undefined) return `${error.name} (says nothing about being applied)`;
  return `${error.name}, ${may ? 'may have been applied' : 'not applied'}`;
}

interface Op {
  kind: Kind;
  tag: string;
  outcome?: string;
}
interface CreateOp extends Op {
  marker: string;
  id?: string;
  error?: unknown;
}
interface ReadOp extends Op {
  target?: CreateOp;
}

interface Row {
  op: 'create' | 'read';
  kind: string;
  count: number;
  outcomes: Record<string, number>;
  stored?: number;
}

interface SoakReport {
  creates: number;
  reads: number;
  faultRate: number;
  concurrency: number;
  timeoutMs: number;
  faulted: { creates: number; reads: number };
  rows: Row[];
  requests: number;
  tokenRequests: number;
  durationMs: number;
  stored: number;
  reportedSuccessful: number;
  maybeApplied: { total: number; foundStored: number; notStored: number };
  duplicates: number;
  lost: number;
  unexplained: number;
}

let org: Org;
let sf: SalesforceClient;
beforeAll(async () => {
  org = await startReliabilityOrg({ requestLogLimit: 200_000 });
  ({ sf } = await connect(org, {
    client: { timeoutMs: TIMEOUT_MS, maxConcurrentRequests: CONCURRENCY * 2, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 8 } },
  }));
});
afterAll(() => org.close());

describe('soak: 10,000 creates and 10,000 reads with ~10% injected faults', () => {
  it('loses nothing, duplicates nothing, and every failure is typed', { timeout: 180_000 }, async () => {
    const started = Date.now();
    const random = prng(20_240_601);
    const pick = (): Kind => (random() < FAULT_RATE ? KINDS[Math.floor(random() * KINDS.length)]! : NONE);
    const creates: CreateOp[] = Array.from({ length: CREATES }, (_, i) => ({ kind: pick(), tag: `c${i}`, marker: `soak-${i.toString().padStart(5, '0')}` }));
    const reads: ReadOp[] = Array.from({ length: READS }, (_, i) => ({ kind: pick(), tag: `r${i}` }));
    const succeeded: CreateOp[] = [];
    const tokenBefore = org.tokenRequests.total;

    const runCreate = async (op: CreateOp) => {
      if (op.kind.fault) org.faults.inject({ path: tagged(op.tag), method: 'POST', ...op.kind.fault });
      try {
        const result = await sf.sobject('Soak__c').create({ Name: op.marker, Marker__c: op.marker }, { hooks: tagHook(op.tag) });
        op.id = result.id;
        op.outcome = 'ok';
        succeeded.push(op);
      } catch (error) {
        op.error = error;
        op.outcome = describeError(error, 'create');
      }
    };
    const runRead = async (op: ReadOp) => {
      while (succeeded.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      const target = succeeded[Math.floor(random() * succeeded.length)]!;
      op.target = target;
      if (op.kind.fault) org.faults.inject({ path: tagged(op.tag), method: 'GET', ...op.kind.fault });
      try {
        const record = await sf.sobject('Soak__c').retrieve(target.id!, { hooks: tagHook(op.tag) });
        op.outcome = record.Id === target.id && record.Marker__c === target.marker ? 'ok' : `WRONG RECORD ${JSON.stringify(record).slice(0, 80)}`;
      } catch (error) {
        op.outcome = describeError(error, 'read');
      }
    };

    // Creates and reads interleaved; each worker takes the next operation.
    const queue: Array<() => Promise<void>> = [];
    for (let i = 0; i < Math.max(CREATES, READS); i++) {
      if (i < CREATES) queue.push(() => runCreate(creates[i]!));
      if (i < READS) queue.push(() => runRead(reads[i]!));
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < queue.length) await queue[next++]!();
      }),
    );
    // A create that timed out is still being processed by the slow server: wait for all of them.
    const logged = () => new Set(org.requests.map((r) => r.query[TAG]));
    await until(() => {
      const seen = logged();
      return creates.every((op) => seen.has(op.tag));
    }, 30_000);
    expect(org.faults.pending).toBe(0);

    // Attempts per call, from the org's request log: "ok" after more than one attempt was retried.
    const attempts = new Map<string, number>();
    for (const entry of org.requests) {
      const tag = entry.query[TAG];
      if (tag) attempts.set(tag, (attempts.get(tag) ?? 0) + 1);
    }
    for (const op of [...creates, ...reads]) {
      if (op.outcome === 'ok' && (attempts.get(op.tag) ?? 0) > 1) op.outcome = op.kind.fault?.status === 401 ? 'ok after refresh' : 'ok after retry';
    }

    // The org's records, by marker.
    const storedByMarker = new Map<string, string[]>();
    for (const record of org.records('Soak__c')) {
      const marker = String(record.Marker__c);
      storedByMarker.set(marker, [...(storedByMarker.get(marker) ?? []), String(record.Id)]);
    }
    const stored = (op: CreateOp) => storedByMarker.get(op.marker)?.length ?? 0;

    // Reconcile the creates that may have been applied, the way a caller would: look them up by marker.
    const maybe = creates.filter((op) => op.error !== undefined && (op.error as { mayHaveBeenApplied?: boolean }).mayHaveBeenApplied === true);
    const found = new Set<string>();
    for (let i = 0; i < maybe.length; i += 200) {
      const markers = maybe.slice(i, i + 200).map((op) => op.marker);
      for await (const row of sf.query<{ Marker__c: string }>(soql`SELECT Id, Marker__c FROM Soak__c WHERE Marker__c IN ${markers}`)) found.add(row.Marker__c);
    }

    // Counts: fault kind × outcome.
    const rows = new Map<string, Row>();
    const count = (op: 'create' | 'read', item: Op, storedCount?: number) => {
      const key = `${op} ${item.kind.name}`;
      const row = rows.get(key) ?? { op, kind: item.kind.name, count: 0, outcomes: {}, ...(op === 'create' ? { stored: 0 } : {}) };
      row.count++;
      row.outcomes[item.outcome!] = (row.outcomes[item.outcome!] ?? 0) + 1;
      if (storedCount !== undefined) row.stored = (row.stored ?? 0) + storedCount;
      rows.set(key, row);
    };
    for (const op of creates) count('create', op, stored(op));
    for (const op of reads) count('read', op);

    const knownMarkers = new Set(creates.map((op) => op.marker));
    const duplicates = [...storedByMarker.values()].filter((ids) => ids.length > 1).length;
    const unexplained = [...storedByMarker.keys()].filter((marker) => !knownMarkers.has(marker)).length;
    const lost = succeeded.filter((op) => stored(op) !== 1).length;
    const report: SoakReport = {
      creates: CREATES,
      reads: READS,
      faultRate: FAULT_RATE,
      concurrency: CONCURRENCY,
      timeoutMs: TIMEOUT_MS,
      faulted: { creates: creates.filter((op) => op.kind !== NONE).length, reads: reads.filter((op) => op.kind !== NONE).length },
      rows: [...rows.values()].sort((a, b) => a.op.localeCompare(b.op) || KINDS.indexOf(byName(a.kind)) - KINDS.indexOf(byName(b.kind))),
      requests: org.requests.length,
      tokenRequests: org.tokenRequests.total - tokenBefore,
      durationMs: Date.now() - started,
      stored: [...storedByMarker.values()].reduce((sum, ids) => sum + ids.length, 0),
      reportedSuccessful: succeeded.length,
      maybeApplied: { total: maybe.length, foundStored: found.size, notStored: maybe.length - found.size },
      duplicates,
      lost,
      unexplained,
    };
    publish(report);

    // Nothing duplicated, nothing unexplained, nothing lost.
    expect(duplicates).toBe(0);
    expect(unexplained).toBe(0);
    expect(lost).toBe(0);
    for (const op of succeeded) expect(storedByMarker.get(op.marker)).toEqual([op.id]);
    for (const op of creates) {
      if (op.id !== undefined) continue;
      // Every other create reached the caller as a typed error saying whether it may have been applied.
      expect(op.error instanceof ConnectionError || op.error instanceof ApiError, op.outcome).toBe(true);
      const may = (op.error as ConnectionError | ApiError).mayHaveBeenApplied;
      if (!may) expect(stored(op), `${op.marker}: ${op.outcome}`).toBe(0);
    }
    // The records equal the reported successes plus the may-have-been-applied creates found again.
    expect(report.stored).toBe(succeeded.length + found.size);
    for (const op of maybe) expect(found.has(op.marker)).toBe(stored(op) === 1);

    // Each kind ended the way it must, and its creates left the records they must.
    // (Under a loaded machine any call may also time out; the invariants above still hold for it.)
    for (const op of creates) {
      expect([...op.kind.create.outcomes, SLOW], `create ${op.marker} (${op.kind.name})`).toContain(op.outcome);
      if (op.outcome !== SLOW || op.kind.create.outcomes.includes(SLOW)) expect(stored(op), `create ${op.marker} (${op.kind.name})`).toBe(op.kind.create.stored);
    }
    for (const op of reads) expect([...op.kind.read, 'TimeoutError'], `read ${op.tag} (${op.kind.name})`).toContain(op.outcome);

    // About 10% faulted, every kind present in both operations.
    expect(report.faulted.creates / CREATES).toBeGreaterThan(0.08);
    expect(report.faulted.creates / CREATES).toBeLessThan(0.12);
    for (const kind of KINDS) {
      expect(creates.some((op) => op.kind === kind)).toBe(true);
      expect(reads.some((op) => op.kind === kind)).toBe(true);
    }
    // No refresh loop: one token request per injected 401 at most.
    const injected401 = [...creates, ...reads].filter((op) => op.kind.fault?.status === 401).length;
    expect(report.tokenRequests).toBeLessThanOrEqual(injected401);
  });
});

function byName(name: string): Kind {
  return KINDS.find((k) => k.name === name) ?? NONE;
}

function table(report: SoakReport): string {
  const lines = [
    '| operation | fault kind | calls | outcome | records stored |',
    '|---|---|---:|---|---:|',
  ];
  for (const row of report.rows) {
    const outcomes = Object.entries(row.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, n]) => `${outcome}: ${n}`)
      .join('<br>');
    lines.push(`| ${row.op} | ${row.kind} | ${row.count} | ${outcomes} | ${row.stored ?? '—'} |`);
  }
  return lines.join('\n');
}

function summary(report: SoakReport): string {
  return [
    `${report.creates.toLocaleString('en')} creates and ${report.reads.toLocaleString('en')} reads, ${report.concurrency} at a time, ` +
      `timeoutMs ${report.timeoutMs}; faults injected into ${report.faulted.creates} creates and ${report.faulted.reads} reads ` +
      `(${((100 * (report.faulted.creates + report.faulted.reads)) / (report.creates + report.reads)).toFixed(1)}%).`,
    `${report.requests.toLocaleString('en')} HTTP requests reached the org, plus ${report.tokenRequests} token refreshes; ` +
      `the run took ${(report.durationMs / 1000).toFixed(1)} s.`,
    `Records stored: ${report.stored} = ${report.reportedSuccessful} creates reported successful + ${report.maybeApplied.foundStored} ` +
      `of the ${report.maybeApplied.total} whose error said "may have been applied", found again by marker ` +
      `(the other ${report.maybeApplied.notStored} were not stored).`,
    `Duplicates: ${report.duplicates}. Records nobody asked for: ${report.unexplained}. Successful creates not stored exactly once: ${report.lost}.`,
  ].join('\n');
}

function publish(report: SoakReport): void {
  const file = join(tmpdir(), `forcelink-soak-${process.pid}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${summary(report)}\n\n${table(report)}\n\n(JSON: ${file})`);
  if (process.env.FORCELINK_WRITE_REPORT !== '1') return;
  const docs = new URL('../../docs/reliability.md', import.meta.url);
  const text = readFileSync(docs, 'utf8');
  const start = '<!-- soak:start -->';
  const end = '<!-- soak:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/reliability.md lacks the ${start} … ${end} markers`);
  writeFileSync(docs, `${text.slice(0, from + start.length)}\n${summary(report)}\n\n${table(report)}\n${text.slice(to)}`);
}
