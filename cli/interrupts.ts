/**
 * Ctrl-C and SIGTERM as cancellation requests: the handlers are installed first thing (cli/main.ts), before the
 * command's modules load, so that an interrupt at any moment gives the one-line `CANCELLED` report.
 */
import { GammatsError } from "../src/util/errors.js";

/** Cancellation requests of the user. */
export interface Interrupts {
  /** Aborted on the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** Aborted on the second: stop at once. */
  readonly force: AbortSignal;
  /** The signal that caused the cancellation ("SIGINT" or "SIGTERM"), once aborted. */
  readonly received: string | undefined;
  /** Removes the signal handlers. */
  dispose(): void;
}

/** Installs SIGINT and SIGTERM handlers that turn the signals into `Interrupts` (until `dispose`). */
export function listenForInterrupts(): Interrupts {
  const first = new AbortController();
  const second = new AbortController();
  let received: string | undefined;
  const handler = (sig: NodeJS.Signals) => {
    if (!first.signal.aborted) {
      received = sig;
      first.abort(new GammatsError("CANCELLED", "cancelled"));
    } else second.abort();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: first.signal,
    force: second.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
