/**
 * The worker thread's program, kept as a string and started with `new Worker(code, { eval: true })`
 * so it works the same from source (vitest) and from the bundled `dist/script.{js,cjs}`. It is
 * CommonJS; the QuickJS packages are `require`d by the absolute paths the main thread resolved.
 *
 * The worker loads the WASM module once. `compile` checks the syntax and finds which Cyclr event
 * functions the script declares without running any of it: the source is placed after a `return`
 * inside a function, where its declarations are hoisted but no statement executes. Each `call`
 * then gets a brand-new QuickJS runtime and context (fresh globals, exact memory accounting,
 * nothing left for a garbage collector to miss) with the prelude already run — the worker
 * prepares the next one while idle, right after answering — defines the globals, runs the script
 * and the event function, drains the job queue, reads the globals back, answers, and only then
 * disposes of everything.
 *
 * Helper calls block the worker: it posts `{ type: 'host' }`, sleeps in `Atomics.wait` on a
 * shared flag, and reads the answer with `receiveMessageOnPort` once the main thread has posted it
 * and flipped the flag. The interrupt handler enforces the deadline between bytecodes; the main
 * thread terminates the worker if it ever overruns that (long built-in work), see `sandbox.ts`.
 *
 * Messages out: `ready { events }`, `compile-error { message }`, `fatal { message }`,
 * `host { op, args }`, `log { line }`, `result { id, outcome, retire }` where `outcome` is
 * `{ status: 'ok', text }` or `{ status: 'error', kind, name, message, stack }`.
 *
 * @module
 */
export const WORKER_SOURCE = String.raw`'use strict';
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { newQuickJSWASMModuleFromVariant } = require(workerData.corePath);
const variant = require(workerData.variantPath);

const flag = new Int32Array(workerData.signal);
const replies = workerData.replies;
const STACK_LINES = 20;
const CLASSIFY_BUDGET_MS = 250;
const SENTINEL = '__forcelink_unset__';

const TIMEOUT = { status: 'error', kind: 'timeout', name: 'InternalError', message: 'interrupted', stack: '' };

let deadline = Infinity;
let interrupted = false;
let logBudget = 0;

function ask(op, args) {
  parentPort.postMessage({ type: 'host', op: op, args: args });
  Atomics.wait(flag, 0, 0);
  Atomics.store(flag, 0, 0);
  const received = receiveMessageOnPort(replies);
  return received === undefined ? 'Ethe host did not answer' : received.message;
}

function log(args) {
  if (!workerData.hasLogger || logBudget <= 0) return 'V';
  let line;
  try { line = String(JSON.parse(args)[0]); } catch (error) { return 'V'; }
  if (line.length > logBudget) {
    line = line.slice(0, logBudget) + ' [forcelink: log output truncated]';
    logBudget = 0;
  } else {
    logBudget -= line.length;
  }
  parentPort.postMessage({ type: 'log', line: line });
  return 'V';
}

function newRuntime(module) {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(workerData.memoryLimitBytes);
  runtime.setMaxStackSize(workerData.maxStackBytes);
  runtime.setInterruptHandler(function () {
    if (Date.now() <= deadline) return false;
    interrupted = true;
    return true;
  });
  return runtime;
}

function errorText(ctx, handle) {
  try {
    const error = ctx.dump(handle);
    if (error && typeof error === 'object') {
      const where = error.lineNumber ? ' (line ' + error.lineNumber + ')' : '';
      return String(error.name || 'Error') + ': ' + String(error.message) + where;
    }
    return String(error);
  } catch (failure) {
    return 'the script could not be compiled';
  }
}

function probeSource(events, source) {
  let code = 'var ' + SENTINEL + ' = {};\n';
  for (const name of events) code += name + ' = ' + SENTINEL + ';\n';
  code += '(function () {\nvar __forcelink_found__ = "";\n';
  for (const name of events) {
    code += 'try { if (' + name + ' !== ' + SENTINEL + ') __forcelink_found__ += "' + name + ',"; }' +
      ' catch (e) { __forcelink_found__ += "' + name + ',"; }\n';
  }
  return code + 'return __forcelink_found__;\n' + source + '\n})()';
}

function compile(module) {
  const runtime = newRuntime(module);
  const ctx = runtime.newContext();
  deadline = Date.now() + workerData.timeoutMs;
  try {
    const checked = ctx.evalCode(workerData.source, 'script.js', { type: 'global', compileOnly: true });
    if (checked.error) {
      const message = errorText(ctx, checked.error);
      checked.error.dispose();
      return { type: 'compile-error', message: message };
    }
    checked.value.dispose();
    const probe = ctx.evalCode(probeSource(workerData.events, workerData.source), 'script.js', { type: 'global' });
    if (probe.error) {
      const message = errorText(ctx, probe.error);
      probe.error.dispose();
      return { type: 'compile-error', message: message };
    }
    const found = ctx.getString(probe.value);
    probe.value.dispose();
    return { type: 'ready', events: found.split(',').filter(Boolean) };
  } finally {
    deadline = Infinity;
    ctx.dispose();
    runtime.dispose();
  }
}

function internalKind(name, message) {
  if (name !== 'InternalError' && name !== 'RangeError') return undefined;
  if (message === 'out of memory' || message === 'string too long') return 'oom';
  if (message === 'stack overflow' || message === 'Maximum call stack size exceeded') return 'stack';
  if (message === 'interrupted') return 'timeout';
  return undefined;
}

function readMessage(ctx, handle) {
  try {
    const message = ctx.getProp(handle, 'message');
    const name = ctx.getProp(handle, 'name');
    const result = { name: ctx.typeof(name) === 'string' ? ctx.getString(name) : '',
      message: ctx.typeof(message) === 'string' ? ctx.getString(message) : '' };
    message.dispose();
    name.dispose();
    return result;
  } catch (failure) {
    return { name: '', message: '' };
  }
}

function describe(ctx, kit, handle) {
  if (interrupted) return TIMEOUT;
  deadline = Date.now() + CLASSIFY_BUDGET_MS;
  let described;
  const classify = ctx.evalCode(workerData.classify, 'forcelink-classify.js', { type: 'global' });
  if (!classify.error) {
    const result = ctx.callFunction(classify.value, ctx.undefined, handle, kit);
    classify.value.dispose();
    if (result.error) result.error.dispose();
    else {
      described = JSON.parse(ctx.getString(result.value));
      result.value.dispose();
    }
  } else {
    classify.error.dispose();
  }
  if (described === undefined) {
    const direct = readMessage(ctx, handle);
    const kind = internalKind(direct.name, direct.message);
    return { status: 'error', kind: kind || 'throw', name: direct.name,
      message: kind ? direct.message : 'the script threw a value that could not be read', stack: '' };
  }
  // QuickJS throws null when it cannot even allocate its "out of memory" error.
  const kind = described.nil ? 'oom' : internalKind(described.name, described.message);
  return {
    status: 'error',
    kind: kind || described.kind,
    name: described.name,
    message: described.message,
    stack: described.stack.split('\n').slice(0, STACK_LINES).join('\n'),
  };
}

// The prelude itself failed: out of memory before the script ran, else a forcelink bug.
function setupFailure(ctx, handle) {
  const direct = readMessage(ctx, handle);
  const kind = internalKind(direct.name, direct.message);
  if (kind) return { status: 'error', kind: kind, name: direct.name, message: direct.message, stack: '' };
  return { status: 'error', kind: 'fatal', name: 'Error', message: errorText(ctx, handle), stack: '' };
}

// A fresh runtime and context with the prelude already run, ready for the next call. Prepared
// while the worker is idle, so a call only pays for its own script.
function prepare(module) {
  const handles = [];
  const keep = function (handle) { handles.push(handle); return handle; };
  const state = { runtime: undefined, ctx: undefined, handles: handles, keep: keep, api: undefined, failure: undefined };
  try {
    const runtime = state.runtime = newRuntime(module);
    const ctx = state.ctx = runtime.newContext();
    const host = keep(ctx.newFunction('host', function (opHandle, argsHandle) {
      const op = ctx.getString(opHandle);
      if (op === 'helpers') return ctx.evalCode(workerData.helpers, 'forcelink-helpers.js', { type: 'global' });
      const args = ctx.getString(argsHandle);
      return ctx.newString(op === 'log' ? log(args) : ask(op, args));
    }));
    const prelude = ctx.evalCode(workerData.prelude, 'forcelink-prelude.js', { type: 'global' });
    if (prelude.error) {
      state.failure = setupFailure(ctx, keep(prelude.error));
      return state;
    }
    const api = ctx.callFunction(keep(prelude.value), ctx.undefined, host);
    if (api.error) {
      state.failure = setupFailure(ctx, keep(api.error));
      return state;
    }
    keep(api.value);
    state.api = {
      enter: keep(ctx.getProp(api.value, 0)),
      invoke: keep(ctx.getProp(api.value, 1)),
      exit: keep(ctx.getProp(api.value, 2)),
      kit: keep(ctx.getProp(api.value, 3)),
    };
  } catch (error) {
    state.failure = crash(error);
  }
  return state;
}

// A trap inside the engine (or the host's own stack running out): the WASM state is suspect.
function crash(error) {
  const overflow = error instanceof RangeError;
  return { status: 'error', kind: overflow ? 'stack' : 'fatal', name: overflow ? 'RangeError' : 'Error',
    message: overflow ? 'stack overflow' : String(error && error.message || error), stack: '' };
}

// Frees a state; false if that failed (the engine is then not trusted again).
function release(state) {
  try {
    for (let i = state.handles.length - 1; i >= 0; i--) if (state.handles[i].alive) state.handles[i].dispose();
    if (state.ctx) state.ctx.dispose();
    if (state.runtime) state.runtime.dispose();
    return true;
  } catch (error) {
    return false;
  }
}

function execute(state, message) {
  const ctx = state.ctx;
  const api = state.api;
  const keep = state.keep;
  const fail = function (handle) { keep(handle); return describe(ctx, api.kit, handle); };
  const entered = ctx.callFunction(api.enter, ctx.undefined, keep(ctx.newString(message.names)),
    keep(ctx.newString(message.writable)), keep(ctx.newString(message.values)));
  if (entered.error) return fail(entered.error);
  keep(entered.value);
  const evaluated = ctx.evalCode(workerData.source, 'script.js', { type: 'global' });
  if (evaluated.error) return fail(evaluated.error);
  keep(evaluated.value);
  const called = ctx.callFunction(api.invoke, ctx.undefined, keep(ctx.newString(message.event)));
  if (called.error) return fail(called.error);
  const returned = keep(called.value);
  const jobs = state.runtime.executePendingJobs();
  if (jobs.error) return fail(jobs.error);
  // An interrupt inside a promise job only rejects that job's promise; it still ends the call.
  if (interrupted) return TIMEOUT;
  const exited = ctx.callFunction(api.exit, ctx.undefined, returned);
  if (exited.error) return fail(exited.error);
  if (interrupted) return TIMEOUT;
  return { status: 'ok', text: ctx.getString(keep(exited.value)) };
}

let prepared;

function run(module, message) {
  const state = prepared || prepare(module);
  prepared = undefined;
  interrupted = false;
  logBudget = workerData.logLimit;
  deadline = message.deadline;
  let outcome = state.failure;
  if (!outcome) {
    try {
      outcome = execute(state, message);
    } catch (error) {
      outcome = crash(error);
    }
  }
  deadline = Infinity;
  const retire = outcome.kind === 'fatal' || (outcome.kind === 'stack' && outcome.name === 'RangeError');
  return { outcome: outcome, retire: retire, state: state };
}

newQuickJSWASMModuleFromVariant(variant).then(function (module) {
  const compiled = compile(module);
  parentPort.postMessage(compiled);
  if (compiled.type !== 'ready') return;
  prepared = prepare(module);
  parentPort.on('message', function (message) {
    if (!message || message.type !== 'call') return;
    const done = run(module, message);
    const retire = !release(done.state) || done.retire;
    parentPort.postMessage({ type: 'result', id: message.id, outcome: done.outcome, retire: retire });
    if (!retire) setImmediate(function () { if (!prepared) prepared = prepare(module); });
  });
}).catch(function (error) {
  parentPort.postMessage({ type: 'fatal', message: String(error && error.message || error) });
});
`;