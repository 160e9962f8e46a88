import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTypes } from '../../../src/cli/types.js';
import { ValidationError } from '../../../src/core/errors.js';
import { SalesforceEmulator } from '../../../src/emulator/index.js';

const repo = resolve(import.meta.dirname, '../../..');
let dir: string;
let org: SalesforceEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forcelink-types-'));
  org = await SalesforceEmulator.start({
    seed: 'types',
    schema: [{
      name: 'Invoice__c',
      fields: [
        { name: 'Account__c', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account__r', childRelationshipName: 'Invoices__r' },
        { name: 'Amount__c', type: 'currency' },
        { name: 'Stage__c', type: 'picklist', picklistValues: ['Draft', 'Sent', 'Paid'] },
        { name: 'Paid__c', type: 'boolean' },
        { name: 'Due__c', type: 'date' },
      ],
    }],
  });
  const issued = org.issueTokens({ refreshToken: false });
  env = { FORCELINK_ACCESS_TOKEN: issued.access_token, FORCELINK_INSTANCE_URL: issued.instance_url };
});
afterAll(async () => {
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

/** Type errors of `files` compiled with the project's settings, as `file:line message`. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(repo, 'node_modules/@types')],
    skipLibCheck: true,
    noUncheckedIndexedAccess: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('forcelink types', () => {
  it('writes interfaces and an SObjectMap that type the client by object name', async () => {
    const out = join(dir, 'types', 'salesforce.d.ts');
    const lines: string[] = [];
    const file = await runTypes(['--out', out, '--objects', 'Account,Contact,Invoice__c,User'], env, (l) => lines.push(l));
    expect(file).toBe(out);
    expect(lines).toEqual([`forcelink types: wrote 4 sObject interfaces to ${out}`]);
    const source = await readFile(out, 'utf8');
    expect(source).toContain(`from ${org.instanceUrl} (API v62.0)`);
    expect(source).not.toContain(env.FORCELINK_ACCESS_TOKEN as string);
    expect(source).toContain('export interface Invoice__c {');
    expect(source).toContain('  Stage__c?: ("Draft" | "Sent" | "Paid" | (string & {})) | null;');
    expect(source).toContain('  Amount__c?: number | null;');
    expect(source).toContain('  Paid__c?: boolean;');
    expect(source).toContain('  Account__r?: Account | null;');
    expect(source).toContain('  Invoices__r?: SObjectChildRecords<Invoice__c> | null;');
    expect(source).toContain('  Cases?: SObjectChildRecords<SObjectRecord> | null;');
    expect(source).toMatch(/export interface SObjectMap \{\n {2}Account: Account;\n {2}Contact: Contact;\n {2}Invoice__c: Invoice__c;\n {2}User: User;\n\}/);

    const usage = join(dir, 'types', 'usage.ts');
    await writeFile(usage, `
import type { Account, Invoice__c, SObjectMap } from './salesforce.js';
import { SalesforceClient } from ${JSON.stringify(join(repo, 'src/client.js'))};

declare const sf: SalesforceClient<SObjectMap>;

export async function check(id: string): Promise<void> {
  const account = await sf.sobject('Account').retrieve(id);
  const name: string | undefined = account.Name;
  const parent: Account | null | undefined = account.Parent;
  const firstInvoice: Invoice__c | undefined = account.Invoices__r?.records[0];
  const stage: 'Draft' | 'Sent' | 'Paid' | (string & {}) | null | undefined = firstInvoice?.Stage__c;
  const amount: number | null | undefined = (await sf.sobject('Invoice__c').retrieve(id)).Amount__c;
  await sf.sobject('Invoice__c').create({ Amount__c: 12.5, Stage__c: 'Draft' });
  const untyped = await sf.sobject('Lead').retrieve(id);
  const anything: unknown = untyped.Whatever__c;
  const changed = await sf.sobject('Account').retrieveIfChanged(id, { etag: '"x"' });
  if (changed.modified) { const n: string | undefined = changed.record.Name; void n; }
  void [name, parent, stage, amount, anything];
  // @ts-expect-error not a field of Account
  void account.NoSuchField__c;
  // @ts-expect-error Name is text
  const wrong: number | undefined = account.Name;
  // @ts-expect-error Amount__c is a number
  await sf.sobject('Invoice__c').create({ Amount__c: 'lots' });
  void wrong;
}
`);
    expect(typeErrors([usage])).toEqual([]);
  }, 60_000);

  it('the generated file fails to typecheck code that misuses it (the check is real)', async () => {
    const out = join(dir, 'neg', 'salesforce.d.ts');
    await runTypes(['--out', out, '--objects', 'Invoice__c'], env, () => undefined);
    const usage = join(dir, 'neg', 'usage.ts');
    await writeFile(usage, `
import type { Invoice__c } from './salesforce.js';
export const invoice: Invoice__c = { Id: 'a00', Amount__c: 'not a number' };
`);
    const errors = typeErrors([usage]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/usage\.ts:3 .*not assignable to type 'number'/);
  }, 60_000);

  it('runs against an embedded emulator with --emulator', async () => {
    const out = join(dir, 'emu.d.ts');
    await runTypes(['--emulator', '--seed', 's', '--out', out, '--objects', 'Lead'], {}, () => undefined);
    const source = await readFile(out, 'utf8');
    expect(source).toContain('export interface Lead {');
    expect(source).toContain('  Owner?: SObjectRecord | null;');
    expect(source).toContain('  Status?: "Open - Not Contacted" | "Working - Contacted" | "Closed - Converted" | "Closed - Not Converted" | (string & {});');
  });

  it('describes every queryable object when --objects is not given', async () => {
    const out = join(dir, 'all.d.ts');
    await runTypes(['--out', out], env, () => undefined);
    const source = await readFile(out, 'utf8');
    for (const name of ['Account', 'Contact', 'Lead', 'Case', 'Opportunity', 'User', 'Invoice__c']) expect(source).toContain(`export interface ${name} {`);
  });

  it('refuses missing or unsafe arguments', async () => {
    await expect(runTypes(['--objects', 'Lead'], env)).rejects.toThrow(/--out is required/);
    await expect(runTypes(['--out', join(dir, 'x.d.ts'), '--objects', 'Lead,../x'], env)).rejects.toBeInstanceOf(ValidationError);
    await expect(runTypes(['--out', join(dir, 'x.d.ts')], {})).rejects.toThrow(/say which org/);
    await expect(runTypes(['--out'], env)).rejects.toThrow(/--out needs a value/);
  });
});
