/**
 * The gammats process as users run it (spawned, from source through tsx's loader, in its own process group as a
 * terminal runs it): exit codes and one-line errors at the process boundary, Ctrl-C in the steps of a 1D and a 3D
 * run (stops within 1 s, one line, --out as it was; GAMMATS_SIGNAL_TESTS=all for every step), and SIGKILL at random
 * moments (--out never looks complete unless the run completed). `scripts/kill-test.ts` runs the SIGKILL check with
 * more tries.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../cli/errors.js";
import { cliProcess, expectFailure, leftovers, snapshot, spawnCli } from "../support/cli.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "gammats-process-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Only the lines gammats reports with (progress lines do not start with "gammats:"). */
const reportLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("gammats:"));

describe("the gammats process", () => {
  it("bad input: documented exit codes, one line and no stack trace; --debug adds the stack", async () => {
    const file = join(base, "a-file");
    writeFileSync(file, "x");
    const [usage, fs, bad, debug] = await Promise.all([
      cliProcess(["run", "c.yaml", "--out", "o", "--frobnicate"]),
      cliProcess(["run", join(base, "none.yaml"), "--out", join(base, "o")]),
      cliProcess(["info", join(REPO_ROOT, "README.md")]),
      cliProcess(["info", join(REPO_ROOT, "README.md"), "--debug"]),
    ]);
    expectFailure({ ...usage, ms: 0 }, EXIT.USAGE, "USAGE", /--frobnicate/);
    expectFailure({ ...fs, ms: 0 }, EXIT.FILESYSTEM, "NOT_FOUND", /none\.yaml/);
    expectFailure({ ...bad, ms: 0 }, EXIT.BAD_INPUT, "NOT_FITS");
    expect(debug.code).toBe(EXIT.BAD_INPUT);
    expect(debug.stderr).toMatch(/\[NOT_FITS\]\n.*FitsError[^\n]*\n\s+at /);
  }, 60_000);
});

/** A previous complete output in `dir` (a result.json and a file), which a cancelled run must leave as it was. */
function previousOutput(dir: string): string {
  mkdirSync(dir);
  writeFileSync(join(dir, "result.json"), '{"previous": true}\n');
  writeFileSync(join(dir, "models.yaml"), "components: []\n");
  return snapshot(dir);
}

/**
 * Runs `gammats run` and sends SIGINT to its process group when stderr shows `after` (a stage's "done" line: the
 * signal then arrives at the start of the next step). Resolves with the time from the signal to the exit.
 */
function interruptAfter(argv: string[], after: string) {
  return new Promise<{ code: number | null; stderr: string; stopMs: number; sent: boolean }>((resolve) => {
    const p = spawnCli(argv);
    let stderr = "";
    let sentAt = 0;
    p.stderr.on("data", (d) => {
      stderr += d;
      if (!sentAt && stderr.includes(after)) {
        sentAt = performance.now();
        process.kill(-p.pid!, "SIGINT");
      }
    });
    p.on("exit", (code) => resolve({ code, stderr, stopMs: performance.now() - sentAt, sent: sentAt > 0 }));
  });
}

/** An example config restricted to two Crab runs (faster; the steps are the same). */
function twoRuns(name: string): string {
  const path = join(base, name);
  if (!existsSync(path)) {
    const text = readFileSync(join(REPO_ROOT, "examples", name), "utf8");
    writeFileSync(path, text.replace(/obs_ids: \[[^\]]*\]/, "obs_ids: [23523, 23526]"));
  }
  return path;
}

const configs = {
  "1d": {
    config: "crab-1d.yaml",
    models: join(REPO_ROOT, "examples", "crab-1d-models.yaml"),
    steps: ["observations done", "datasets done", "fit done", "flux_points done"],
  },
  "3d": {
    config: "crab-3d.yaml",
    models: join(REPO_ROOT, "examples", "crab-3d-models.yaml"),
    steps: [
      "observations done",
      "datasets done",
      "excess_map done",
      "fit done",
      "flux_points done",
      "light_curve done",
    ],
  },
};

/**
 * Steps after which SIGINT is sent by default (the reduction, the 1D and 3D fits, the light curve, the writing);
 * GAMMATS_SIGNAL_TESTS=all sends it after every step of both runs (11 runs, a few minutes).
 */
const DEFAULT_STEPS = new Set([
  "1d observations done",
  "1d datasets done",
  "1d flux_points done",
  "3d excess_map done",
  "3d flux_points done",
]);
const ALL_STEPS = process.env.GAMMATS_SIGNAL_TESTS === "all";

describe.skipIf(!DATA_DIR)(`Ctrl-C in the steps of the H.E.S.S. Crab runs ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  for (const [kind, c] of Object.entries(configs))
    for (const step of c.steps.filter((st) => ALL_STEPS || DEFAULT_STEPS.has(`${kind} ${st}`)))
      it(`${kind}: SIGINT after '${step}' stops within 1 s, prints one line, leaves --out as it was`, async () => {
        const out = join(base, `out-${kind}-${step.replace(/\W+/g, "-")}`);
        const before = previousOutput(out);
        const r = await interruptAfter(["run", twoRuns(c.config), "--models", c.models, "--out", out], step);
        expect(r.sent, r.stderr).toBe(true);
        expect(r.code, r.stderr).toBe(EXIT.CANCELLED);
        expect(reportLines(r.stderr), r.stderr).toEqual([
          `gammats: cancelled by SIGINT; '${out}' left as it was [CANCELLED]`,
        ]);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stopMs, r.stderr).toBeLessThan(1000);
        expect(snapshot(out)).toBe(before);
        expect(leftovers(base)).toEqual([]);
      }, 120_000);
});

describe.skipIf(!DATA_DIR)(`SIGKILL at random moments ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("never leaves --out looking complete: it is the previous output or the new complete one", async () => {
    const out = join(base, "out-kill");
    const before = previousOutput(out);
    const c = configs["1d"];
    const tries = Number(process.env.GAMMATS_KILL_TRIES ?? 3);
    for (let k = 0; k < tries; k++) {
      const p = spawnCli(["run", twoRuns(c.config), "--models", c.models, "--out", out, "--quiet"]);
      const delay = 300 + Math.random() * 4000;
      const timer = setTimeout(() => process.kill(-p.pid!, "SIGKILL"), delay);
      const code = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
      clearTimeout(timer);
      const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
      if (code === 0) expect(result.outputs).toContain("flux_points.fits");
      else expect(snapshot(out)).toBe(before);
      if (code === 0) break;
    }
    // the next run removes what the killed ones left next to --out, and completes
    const r = await cliProcess(["run", twoRuns(c.config), "--models", c.models, "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, "flux_points.fits"))).toBe(true);
    expect(leftovers(base)).toEqual([]);
  }, 180_000);
});
