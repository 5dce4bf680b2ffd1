/**
 * Helpers for command-line tests: run `gammats` in-process (the same code path as the process, tasks in this thread)
 * or as a spawned process, capture its output, and snapshot folders to check that a failed command left them as
 * they were.
 */
import { spawn } from "node:child_process";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { gammats } from "../../cli/app.js";
import type { Interrupts } from "../../cli/interrupts.js";
import { REPO_ROOT } from "./data.js";

/** What a command printed and returned. */
export interface CliOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const never: Interrupts = {
  signal: new AbortController().signal,
  force: new AbortController().signal,
  received: undefined,
  dispose: () => {},
};

/** Runs `gammats ARGV` in-process (tasks in this thread); resolves with its exit code and output. */
export async function cliInProcess(argv: readonly string[]): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const t0 = performance.now();
  const code = await gammats(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    inProcess: true,
    interrupts: never,
  });
  return { code, stdout, stderr, ms: performance.now() - t0 };
}

/** A spawned `gammats` process (from source through tsx's loader), in its own process group. */
export function spawnCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ["--import", "tsx", join(REPO_ROOT, "cli", "main.ts"), ...argv], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs a spawned `gammats ARGV` to its end (killed after `timeoutMs`). */
export function cliProcess(
  argv: readonly string[],
  timeoutMs = 60_000,
): Promise<CliOutcome & { signal: string | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawnCli(argv);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => process.kill(-p.pid!, "SIGKILL"), timeoutMs);
    p.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/**
 * The state of a path for before/after comparisons: "absent", or each entry (recursively, hidden ones too) with its
 * size and modification time.
 */
export function snapshot(path: string): string {
  if (!existsSync(path)) return "absent";
  const out: string[] = [];
  const walk = (p: string, rel: string) => {
    const st = lstatSync(p);
    out.push(`${rel} ${st.isDirectory() ? "dir" : st.size} ${st.mtimeMs}`);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e), `${rel}/${e}`);
  };
  walk(path, ".");
  return out.join("\n");
}

/** Entries next to `path` that a gammats run leaves while it works (staging and set-aside folders). */
export function leftovers(parent: string): string[] {
  return readdirSync(parent).filter((e) => /\.gammats-(tmp|old)-/.test(e));
}

/**
 * Asserts a failure as the CLI promises it: the exit code, exactly one line on stderr ending with `[CODE]`, matching
 * `pattern`, no stack trace, within 5 s.
 */
export function expectFailure(r: CliOutcome, exitCode: number, code: string, pattern?: RegExp): void {
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  const context = `stderr: ${r.stderr}`;
  expect(lines, context).toHaveLength(1);
  expect(lines[0], context).toMatch(new RegExp(`^gammats: .*\\[${code}\\]$`));
  if (pattern) expect(lines[0], context).toMatch(pattern);
  expect(r.stderr, context).not.toMatch(/\n\s+at /);
  expect(r.code, context).toBe(exitCode);
  expect(r.ms, context).toBeLessThan(5000);
}

/** Sets a value at a dotted path of a YAML document (list items by index; objects made as needed; undefined deletes). */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let o = doc;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== "object") o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}
