/**
 * Stopping on SIGINT (Ctrl-C) or SIGTERM within seconds, whatever the database is doing.
 *
 * Stages of a stop:
 *   1. the signal aborts the work's AbortSignal: the load notices between chunks and rolls back cleanly;
 *   2. if the work is still running after CANCEL_AFTER_MS, a statement is stuck inside the database: it is
 *      cancelled from outside (`Database.cancel`: pg_cancel_backend on a server, the worker thread
 *      terminated on PGlite), the load fails, nothing of it committed;
 *   3. if the process has still not ended after EXIT_AFTER_MS, the database is closed (the embedded
 *      directory's lock released) and the process exits with 130.
 * A signal while the database is still opening lets the opening finish (a half-created embedded database
 * would be broken); the work then stops before loading anything. A second signal skips all waiting.
 */
import type { Database } from '../db/session.js';

/** Time the work gets to stop by itself before its running statement is cancelled, in ms. */
export const CANCEL_AFTER_MS = 1000;
/** Time after the signal at which the process exits even if the database has not answered, in ms. */
export const EXIT_AFTER_MS = 8000;

export interface Interrupt {
  readonly signal: AbortSignal;
  /** The database to cancel and close on a stop (set once it is open). */
  watch(db: Database): void;
  /**
   * The work has returned (rolled back or not): no statement of it can be stuck any more, so the pending
   * cancel must not stop the database's ROLLBACK, COMMIT or close. A second signal still exits at once.
   */
  settle(): void;
  dispose(): void;
}

/** Installs the SIGINT/SIGTERM handlers for one command run. */
export function interruptOnSignals(): Interrupt {
  const controller = new AbortController();
  let db: Database | undefined;
  const timers: NodeJS.Timeout[] = [];
  const cancel = () => db?.cancel().catch(() => undefined) ?? Promise.resolve();
  const exit = async () => {
    await cancel();
    // Close (releasing the embedded directory's lock), but never wait on a database that does not answer.
    await Promise.race([db?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    process.exit(130);
  };
  let settled = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      void exit();
      return;
    }
    console.error(`\nservq: ${name}: stopping; the current batch is rolled back (press Ctrl-C again to quit at once)`);
    controller.abort();
    // While the database is still opening (a first PGlite start creates it: seconds), let it finish: killing
    // it half-created would leave a broken directory. The work then sees the abort before loading anything.
    if (db !== undefined) startTimers();
  };
  const startTimers = () => {
    timers.push(setTimeout(() => void (settled ? undefined : cancel()), CANCEL_AFTER_MS).unref());
    timers.push(
      setTimeout(() => {
        if (settled) return; // the work stopped; the database is closing normally
        console.error('servq: the database did not stop in time; exiting (nothing of the current batch was committed)');
        void exit();
      }, EXIT_AFTER_MS).unref(),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    watch(database) {
      db = database;
      if (controller.signal.aborted) startTimers();
    },
    settle() {
      settled = true;
    },
    dispose() {
      for (const timer of timers) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
