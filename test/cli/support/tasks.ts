/** Tasks for the harness tests (run in a worker thread by cli/harness.ts). */
import { readFileSync } from "node:fs";
import type { TaskContext } from "../../../cli/task.js";
import { GammatsError } from "../../../src/util/errors.js";

/** Spins synchronously for up to `ms`, checking the abort signal every ~1 ms when `check` (as the fit does). */
export function spin(args: { ms: number; check: boolean }, context: TaskContext): { spunMs: number } {
  context.progress("spin", 0, 1);
  const t0 = Date.now();
  let last = t0;
  while (Date.now() - t0 < args.ms) {
    if (args.check && Date.now() !== last) {
      last = Date.now();
      if (context.signal.aborted) throw new GammatsError("CANCELLED", "spin cancelled");
    }
  }
  return { spunMs: Date.now() - t0 };
}

/** Fails with a typed error, or with Node's ENOENT. */
export function fail(args: { kind: "typed" | "enoent" }): never {
  if (args.kind === "typed") throw new GammatsError("BAD_CONFIG", "no good", { file: "c.yaml", key: "a.b" }, "good");
  readFileSync("/nonexistent/gammats-file");
  throw new Error("unreachable");
}
