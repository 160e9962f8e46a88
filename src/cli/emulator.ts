import { SalesforceEmulator } from '../emulator/index.js';
import { intOption, parseArgs } from './args.js';

/** `forcelink emulator [--port N] [--host H] [--seed S] [--client-id ID] [--client-secret S]`: serves until SIGINT/SIGTERM. */
export async function runEmulator(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  const org = await SalesforceEmulator.start({
    port: intOption(args.port, 'port', 0),
    ...(typeof args.host === 'string' ? { host: args.host } : {}),
    ...(typeof args.seed === 'string' ? { seed: args.seed } : {}),
    ...(typeof args['client-id'] === 'string' ? { clientId: args['client-id'] } : {}),
    ...(typeof args['client-secret'] === 'string' ? { clientSecret: args['client-secret'] } : {}),
  });
  process.stdout.write(
    [
      `forcelink emulator listening`,
      `  login URL:     ${org.loginUrl}`,
      `  instance URL:  ${org.instanceUrl}`,
      `  client id:     ${org.clientId}`,
      `  client secret: (not printed; choose one with --client-secret)`,
      `  redirect URI:  ${org.redirectUri}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await org.close();
}
