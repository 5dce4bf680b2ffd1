/** Whole-process measurements of the side-by-side benchmarks (gammats vs Gammapy, each in its own process). */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One process run: wall seconds and peak resident memory (MB) from /usr/bin/time, and its stdout. */
export interface Measured {
  readonly wall_s: number;
  readonly maxrss_mb: number;
  readonly stdout: string;
}

/** One process run with its CPU time (user and system seconds), exit status and stderr. */
export interface ProcessRun extends Measured {
  readonly user_s: number;
  readonly sys_s: number;
  /** user_s + sys_s. */
  readonly cpu_s: number;
  readonly status: number;
  readonly stderr: string;
}

/** Exit status of a run stopped by `timeoutS` (coreutils `timeout`). */
export const TIMED_OUT = 124;

/**
 * Runs `cmd args` in `cwd` with `env` under /usr/bin/time; never throws on the command's failure. With `timeoutS`,
 * the command runs under coreutils `timeout` (TERM after `timeoutS`, KILL 10 s later; exit status `TIMED_OUT`).
 */
export function measureProcess(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutS?: number,
): ProcessRun {
  const timeFile = join(tmpdir(), `gammats-bench-${process.pid}.time`);
  const limit = timeoutS === undefined ? [] : ["timeout", "-k", "10", String(timeoutS)];
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timeFile, ...limit, cmd, ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  const [wall, user, sys, rssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(timeFile, { force: true });
  return {
    wall_s: wall,
    user_s: user,
    sys_s: sys,
    cpu_s: user + sys,
    maxrss_mb: rssKb / 1024,
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** Runs `cmd args` in `cwd` with `env` under /usr/bin/time; throws with the command's stderr when it fails. */
export function measured(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Measured {
  const run = measureProcess(cmd, args, cwd, env);
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${run.status}): ${run.stderr.trim()}`);
  return run;
}

/** The run with the smallest wall time. */
export function best<T extends { wall_s: number }>(xs: readonly T[]): T {
  return xs.reduce((a, b) => (b.wall_s < a.wall_s ? b : a));
}
