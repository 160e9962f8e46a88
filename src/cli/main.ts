#!/usr/bin/env node
/**
 * The `forcelink` command line: `demo`, `emulator`, and the commands that talk to an org.
 *
 * @module
 */
import { runDemo } from './demo.js';
import { runEmulator } from './emulator.js';
import { runTypes } from './types.js';

const USAGE = `Usage: forcelink <command> [options]

Commands:
  demo                      run the end-to-end demo against an embedded emulator
  emulator [--port N]       serve a local Salesforce org (Ctrl-C to stop)
  types --out FILE          write TypeScript interfaces for an org's sObjects
        [--objects A,B] [--emulator | --login-url URL --client-id ID]
        (or FORCELINK_ACCESS_TOKEN + FORCELINK_INSTANCE_URL in the environment)
`;

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
