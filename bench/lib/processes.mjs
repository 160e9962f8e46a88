/**
 * Child processes of the bench: the emulator server (one per configuration, kept across rounds)
 * and one fresh client process per measurement.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../server.mjs', import.meta.url));
const CLIENT = fileURLToPath(new URL('../client.mjs', import.meta.url));

function firstMessage(child, what) {
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`${what} exited (${signal ?? code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

/** Starts the emulator in a child process; `call(cmd, args)` drives it. */
export async function startServer(options) {
  const child = fork(SERVER, [], { execArgv: ['--max-old-space-size=8192'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await firstMessage(child, 'the bench server');
  let nextId = 0;
  const pending = new Map();
  child.on('message', ({ id, ok, value, error }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (ok) waiter?.resolve(value);
    else waiter?.reject(new Error(`server: ${error}`));
  });
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the bench server exited'));
    pending.clear();
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, args });
    });
  const info = await call('start', options);
  return {
    info,
    call,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => {});
      await exited;
    },
  };
}

/**
 * Runs one job in a fresh client process and returns what it reports. `execArgv` adds Node flags
 * (e.g. `--expose-gc`, `--cpu-prof`).
 */
export async function runClient(job, { execArgv = [], timeoutMs = 600_000 } = {}) {
  const child = fork(CLIENT, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    await firstMessage(child, 'a bench client');
    const answer = firstMessage(child, 'a bench client');
    child.send(job);
    const message = await answer;
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    if (!message.ok) throw new Error(`${job.scenario}/${job.variant}: ${message.error}`);
    return message.value;
  } finally {
    clearTimeout(timer);
  }
}
