/**
 * Turns a failed sandbox call into forcelink's errors: a script's `throw` into
 * {@link ScriptError} with the script's own message, `AuthRefreshException` and
 * `AuthSessionException` into {@link AuthRefreshRequestedError}, the time limit into
 * {@link ScriptTimeoutError}, and the memory and stack limits into {@link ScriptError}s whose
 * messages start with `out of memory` / `stack overflow`. Messages are redacted by the error base
 * class; the script's stack (redacted too) is kept as the `cause`.
 *
 * @module
 */
import { AuthRefreshRequestedError, ScriptError, ScriptTimeoutError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { SandboxLimits, SandboxOutcome } from './sandbox-thread.js';

type Failure = Extract<SandboxOutcome, { status: 'error' }>;

/** The script's own error, as seen inside the sandbox, for `cause`. */
function scriptCause(failure: Failure): Error {
  const cause = new Error(redactText(failure.message));
  cause.name = failure.name || 'Error';
  cause.stack = redactText(`${cause.name}: ${failure.message}\n${failure.stack}`.trimEnd());
  return cause;
}

/**
 * The error a failed call rejects with.
 *
 * @example
 * ```ts
 * if (outcome.status === 'error') throw failureError(outcome, limits);
 * ```
 */
export function failureError(failure: Failure, limits: SandboxLimits): Error {
  switch (failure.kind) {
    case 'timeout':
      return new ScriptTimeoutError(`the script ran longer than its ${limits.timeoutMs} ms time limit`);
    case 'oom':
      return new ScriptError(`out of memory: the script exceeded its ${limits.memoryLimitBytes}-byte memory limit`, {
        cause: scriptCause(failure),
      });
    case 'stack':
      return new ScriptError(`stack overflow: the script exceeded its ${limits.maxStackBytes}-byte stack limit`, {
        cause: scriptCause(failure),
      });
    case 'refresh':
      return new AuthRefreshRequestedError(`the script asked for a token refresh (AuthRefreshException: ${failure.message})`);
    case 'session':
      return new AuthRefreshRequestedError(`the script asked for a new session (AuthSessionException: ${failure.message})`);
    case 'fatal':
      return new ScriptError(`the script engine failed: ${failure.message}`);
    case 'throw':
      return new ScriptError(failure.message || failure.name || 'the script threw', { cause: scriptCause(failure) });
  }
}
