#!/usr/bin/env node
/**
 * The `forcelink` command line: `demo`, `emulator`, and the commands that talk to an org.
 *
 * @module
 */
import { runDemo } from './demo.js';
import { runEmulator } from './emulator.js';
import { runLogin, runQuery, runRequest, type CommandIo } from './org-commands.js';
import { runTypes } from './types.js';

const USAGE = `Usage: forcelink <command> [options]

Commands:
  demo                      run the end-to-end demo against an embedded emulator
  emulator [--port N]       serve a local Salesforce org (Ctrl-C to stop)
  types --out FILE          write TypeScript interfaces for an org's sObjects
        [--objects A,B] [--emulator | --login-url URL --client-id ID]
        (or FORCELINK_ACCESS_TOKEN + FORCELINK_INSTANCE_URL in the environment)
  login --client-id ID      sign in through the browser; keeps the token in ~/.forcelink/tokens.json
        [--client-secret S] [--login-url URL] [--redirect-uri URI] [--store PATH] [--key K] [--no-open]
  query "SOQL"              stream records as JSON lines [--all] [--max N] [--store PATH] [--key K]
  request [METHOD] PATH     one REST call, JSON out [--data JSON] [--store PATH] [--key K]

Org commands read FORCELINK_CLIENT_ID, FORCELINK_CLIENT_SECRET, FORCELINK_LOGIN_URL and
FORCELINK_TOKEN_STORE when the flags are not given.
`;

const io: CommandIo = {
  env: process.env,
  out: (text) => void process.stdout.write(text),
  err: (line) => void process.stderr.write(`${line}\n`),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      await runDemo();
      return 0;
    case 'emulator':
      await runEmulator(rest);
      return 0;
    case 'types':
      await runTypes(rest);
      return 0;
    case 'login':
      await runLogin(rest, io);
      return 0;
    case 'query':
      await runQuery(rest, io);
      return 0;
    case 'request':
      await runRequest(rest, io);
      return 0;
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`forcelink: unknown command '${command}'\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`forcelink: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
