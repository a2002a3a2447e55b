/**
 * Transient database errors — the server restarting, a dropped connection, a serialization failure or
 * deadlock, too many connections — are retried with exponential backoff; every other error is final. A step
 * can be retried whole because each of servq's writes is all-or-nothing and idempotent (a file loads once,
 * a report folder is renamed into place).
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** SQLSTATE classes and codes that mean "try again" (PostgreSQL, appendix A). */
const TRANSIENT_SQLSTATE = /^(08...|40001|40P01|53300|57P01|57P02|57P03)$/;
/** Node socket errors of a connection that went away. */
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** True for an error (or one of its causes) that a retry may cure. */
export function isTransient(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_ERRNO.has(code))) return true;
    const message = e instanceof Error ? e.message : '';
    if (/Connection terminated unexpectedly|terminating connection due to administrator command|the database system is (starting up|shutting down)/i.test(message)) return true;
  }
  return false;
}

export interface RetryPolicy {
  /** Attempts in all (1 = no retry). */
  readonly attempts: number;
  /** Wait before the second attempt; each later wait is 4× longer. */
  readonly firstDelayMs: number;
}

/**
 * Runs `work` until it succeeds, fails with a non-transient error, or has used `policy.attempts`.
 * @param onRetry told of each retry (attempt number about to start, the error, the wait)
 * @returns the result and the number of attempts made
 */
export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (attempt: number, error: unknown, waitMs: number) => void,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(attempt), attempts: attempt };
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error) || signal?.aborted) throw Object.assign(error as object, { attempts: attempt });
      const waitMs = policy.firstDelayMs * 4 ** (attempt - 1);
      onRetry?.(attempt + 1, error, waitMs);
      await sleep(waitMs, undefined, signal ? { signal } : {}).catch(() => undefined);
      // Stopped while waiting: do not start the work again; the caller sees the last error.
      if (signal?.aborted) throw Object.assign(error as object, { attempts: attempt });
    }
  }
}

/** An error with its causes, as one line: "report failed: cannot write …: EACCES (cause: …)". */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = e instanceof Error ? e.message : String(e);
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !message.includes(code) ? `${message} [${code}]` : message);
  }
  return parts.join(' (cause: ') + ')'.repeat(Math.max(0, parts.length - 1));
}
