/**
 * Benchmark: the joint fits of issue 10 run end to end by `gammats fit` (built CLI, one process, with its SED plot)
 * and by Gammapy 1.0 (bench/joint_fit_gammapy.py, one process: Datasets.read, Fit, Models.write), back to back on the
 * same files: the joint-Crab OGIP spectra (MAGIC, VERITAS, FACT, H.E.S.S.) with a log-parabola and a cutoff power
 * law, three flux-point datasets (3FHL, gamma-cat, H.E.S.S.) with a log-parabola, and the mixed joint fit (spectra +
 * flux points). Reports whole-process wall time (best of BENCH_RUNS, default 3) and peak RSS from /usr/bin/time, the
 * ratio, and the agreement of total statistic, values and errors. The machine is shared: compare the ratios.
 * Usage: `npm run bench:joint` (builds first; needs /usr/bin/python3 with Gammapy).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { best, measured } from "./measure.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fix = join(root, "test", "fixtures", "joint");
const data = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")].find(Boolean)!;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const { NODE_OPTIONS: _loader, ...cleanEnv } = process.env;
const env = { ...cleanEnv, GAMMAPY_DATA: resolve(data), GAMMATS_DATA: resolve(data) };
/** The joint-Crab paper's fit ranges (TeV) by dataset name prefix. */
const RANGES = ["magic*=0.08:30", "veritas*=0.15:30", "fact=0.4:30", "hess_2*=0.5:30"];

/** Runs a command in the repository with the benchmark environment. */
const run = (cmd: string, args: string[]) => measured(cmd, args, root, env);

execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
const cli = join(root, "dist", "cli", "main.js");
const nodeFlags = readFileSync(cli, "utf8")
  .split("\n")[0]
  .split(/\s+/)
  .filter((a) => a.startsWith("--"));
const cases = [
  { name: "joint-Crab spectra, log-parabola", index: "joint-crab.yaml", models: "crab-lp.yaml", ranges: RANGES },
  { name: "joint-Crab spectra, cutoff power law", index: "joint-crab.yaml", models: "crab-ecpl.yaml", ranges: RANGES },
  {
    name: "flux points (3FHL, gamma-cat, H.E.S.S.), log-parabola",
    index: "flux-points.yaml",
    models: "crab-lp.yaml",
    ranges: [],
  },
  { name: "mixed: spectra + flux points, log-parabola", index: "mixed.yaml", models: "crab-lp.yaml", ranges: RANGES },
];
const report = cases.map((c) => {
  const out = mkdtempSync(join(tmpdir(), "gammats-bench-fit-"));
  const index = join(fix, c.index);
  const models = join(fix, c.models);
  const ours = best(
    Array.from({ length: runs }, () =>
      run(process.execPath, [
        ...nodeFlags,
        cli,
        "fit",
        index,
        "--models",
        models,
        "--out",
        out,
        ...c.ranges.flatMap((r) => ["--fit-range", r]),
        "--quiet",
        "--json",
      ]),
    ),
  );
  const theirs = best(
    Array.from({ length: runs }, () =>
      run("/usr/bin/python3", [join(root, "bench", "joint_fit_gammapy.py"), index, models, out, ...c.ranges]),
    ),
  );
  rmSync(out, { recursive: true, force: true });
  const o = JSON.parse(ours.stdout);
  const g = JSON.parse(theirs.stdout.slice(theirs.stdout.indexOf("{")));
  const worst = { value: 0, error: 0 };
  for (const gp of g.parameters) {
    if (gp.frozen) continue;
    const [model, , pname] = gp.name.split(".");
    const op = o.parameters.find((p: { model: string; name: string }) => p.model === model && p.name === pname);
    worst.value = Math.max(worst.value, Math.abs(op.value - gp.value) / Math.abs(gp.value));
    worst.error = Math.max(worst.error, Math.abs(op.error - gp.error) / gp.error);
  }
  return {
    case: c.name,
    gammats: { wall_s: ours.wall_s, maxrss_mb: ours.maxrss_mb, stages_s: o.timings_s },
    gammapy: { wall_s: theirs.wall_s, maxrss_mb: theirs.maxrss_mb, stages_s: g.timings_s },
    agreement: {
      total_stat: [o.fit.total_stat, g.fit.total_stat],
      worst_relative_value: worst.value,
      worst_relative_error: worst.error,
    },
    ratio: { wall_time: theirs.wall_s / ours.wall_s, peak_memory: ours.maxrss_mb / theirs.maxrss_mb },
  };
});
// the machine is shared: the load average tells how noisy the wall times are (compare the ratios)
process.stdout.write(`${JSON.stringify({ runs, loadavg_1_5_15: loadavg(), cases: report }, null, 2)}\n`);
