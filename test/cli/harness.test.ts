/**
 * The task harness (cli/harness.ts) with real worker threads: an interrupt reaches a task that runs synchronous code
 * (through the shared flag its abort signal reads), a task that never checks is terminated after the grace period,
 * and errors cross the thread boundary typed.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { describeFailure, EXIT } from "../../cli/errors.js";
import { CANCEL_GRACE_MS, runTask } from "../../cli/harness.js";
import type { Interrupts } from "../../cli/interrupts.js";
import { GammatsError } from "../../src/util/errors.js";
import { REPO_ROOT } from "../support/data.js";

const module = pathToFileURL(join(REPO_ROOT, "test", "cli", "support", "tasks.ts")).href;

function interrupts(): Interrupts & { fire: () => void } {
  const first = new AbortController();
  return {
    signal: first.signal,
    force: new AbortController().signal,
    received: "SIGINT",
    dispose: () => {},
    fire: () => first.abort(),
  };
}

/** Runs `spin` and interrupts it once it has started; resolves with the time from the interrupt to the settling. */
async function interruptSpin(check: boolean): Promise<{ error: unknown; stopMs: number }> {
  const i = interrupts();
  let firedAt = 0;
  const p = runTask(
    { module, name: "spin", args: { ms: 20_000, check } },
    {
      interrupts: i,
      onMessage: (m) => {
        if (m.type === "progress") {
          firedAt = performance.now();
          i.fire();
        }
      },
    },
  );
  const error = await p.then(
    () => undefined,
    (e) => e,
  );
  return { error, stopMs: performance.now() - firedAt };
}

describe("runTask in a worker thread", () => {
  it("a synchronous loop that checks its abort signal stops at once when interrupted", async () => {
    const { error, stopMs } = await interruptSpin(true);
    expect(error).toBeInstanceOf(GammatsError);
    expect((error as GammatsError).code).toBe("CANCELLED");
    expect(stopMs).toBeLessThan(CANCEL_GRACE_MS);
  }, 30_000);

  it("a synchronous loop that never checks is terminated after the grace period", async () => {
    const { error, stopMs } = await interruptSpin(false);
    expect((error as GammatsError).code).toBe("CANCELLED");
    expect(stopMs).toBeGreaterThanOrEqual(CANCEL_GRACE_MS - 5);
    expect(stopMs).toBeLessThan(1000);
  }, 30_000);

  it("results and errors cross the thread boundary: typed errors keep code and message, ENOENT is a file error", async () => {
    const i = interrupts();
    expect(await runTask({ module, name: "spin", args: { ms: 1, check: true } }, { interrupts: i })).toMatchObject({
      spunMs: expect.any(Number),
    });
    const typed = await runTask({ module, name: "fail", args: { kind: "typed" } }, { interrupts: i }).catch((e) => e);
    expect(describeFailure(typed)).toMatchObject({
      exitCode: EXIT.BAD_INPUT,
      line: "gammats: c.yaml: a.b: no good (expected good) [BAD_CONFIG]",
    });
    const enoent = await runTask({ module, name: "fail", args: { kind: "enoent" } }, { interrupts: i }).catch((e) => e);
    expect(describeFailure(enoent)).toMatchObject({
      exitCode: EXIT.FILESYSTEM,
      line: "gammats: cannot open '/nonexistent/gammats-file': no such file or folder (ENOENT) [NOT_FOUND]",
    });
  }, 30_000);
});
