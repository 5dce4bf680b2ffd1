/** Whole-process measurements of the side-by-side benchmarks (gammats vs Gammapy, each in its own process). */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One process run: wall seconds and peak resident memory (MB) from /usr/bin/time, and its stdout. */
export interface Measured {
  readonly wall_s: number;
  readonly maxrss_mb: number;
  readonly stdout: string;
}

/** Runs `cmd args` in `cwd` with `env` under /usr/bin/time. */
export function measured(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Measured {
  const timeFile = join(tmpdir(), `gammats-bench-${process.pid}.time`);
  const stdout = execFileSync("/usr/bin/time", ["-f", "%e %M", "-o", timeFile, cmd, ...args], {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 << 20,
  });
  const [wall, rssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(timeFile, { force: true });
  return { wall_s: wall, maxrss_mb: rssKb / 1024, stdout };
}

/** The run with the smallest wall time. */
export function best<T extends { wall_s: number }>(xs: readonly T[]): T {
  return xs.reduce((a, b) => (b.wall_s < a.wall_s ? b : a));
}
