/**
 * One measurement in a fresh process: receives a job from bench/run.mjs over IPC, runs the
 * scenario's client side, reports `{ ok, value | error }` and exits.
 */
process.once('message', async (job) => {
  let message;
  try {
    const scenario = await import(`./scenarios/${job.scenario}.client.mjs`);
    message = { ok: true, value: await scenario.run(job) };
  } catch (error) {
    message = { ok: false, error: String(error?.stack ?? error) };
  }
  process.send(message, () => process.exit(0));
});
process.send({ ready: true });
