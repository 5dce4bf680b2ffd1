#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc
/**
 * The `gammats` command. The shebang runs node with a small young generation (analyses allocate many short-lived
 * typed arrays; small semi-spaces keep the peak resident memory low at no measurable cost in speed) and with `gc`
 * exposed, so that the memory of reduced observations is returned before the next step.
 */
import { listenForInterrupts } from "./interrupts.js";

// first of all: Ctrl-C from now on is a cancellation the command reports, not a silent kill
const interrupts = listenForInterrupts();
const { gammats } = await import("./app.js");
const { describeFailure } = await import("./errors.js");
const { processIo } = await import("./session.js");

try {
  process.exitCode = await gammats(process.argv.slice(2), { ...processIo(), interrupts });
} catch (err) {
  // gammats() reports every failure itself; this is a last guard against a bug in the command line
  const f = describeFailure(err);
  process.stderr.write(`${f.line}\n${process.argv.includes("--debug") && f.stack ? `${f.stack}\n` : ""}`);
  process.exitCode = f.exitCode;
}
// nothing should keep the process alive now; if something does (a bug), exit anyway instead of hanging
setTimeout(() => process.exit(), 2000).unref();
