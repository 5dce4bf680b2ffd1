/**
 * Benchmark: a whole Crab analysis (../shared/reference/crab-<1d|3d>.yaml + crab-<1d|3d>-models.yaml) run end to end
 * by `gammats run` (built CLI, one process) and by Gammapy's own script (../shared/reference/run_gammapy_<1d|3d>.py,
 * one process), on the same data in the same script. Reports whole-process wall time and peak RSS (from
 * /usr/bin/time) of each, in-process stage timings, the ratios, and checks that the fitted index agrees.
 * Usage: `npm run bench:1d`, `npm run bench:3d` (builds first; needs /usr/bin/python3 with Gammapy).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { best, measured } from "./measure.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ref = resolve(root, "..", "shared", "reference");
const data = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")].find(
  (d) => d && existsSync(join(d, "hess-dl3-dr1")),
);
if (!data) throw new Error("H.E.S.S. DL3 DR1 not found: set GAMMATS_DATA");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const kind = process.argv[2] === "3d" ? "3d" : "1d";
// the child processes must not inherit tsx's loader (NODE_OPTIONS set by `tsx` for this script)
const { NODE_OPTIONS: _loader, ...cleanEnv } = process.env;
const env = { ...cleanEnv, GAMMAPY_DATA: resolve(data), GAMMATS_DATA: resolve(data) };

/** Runs a command in the repository with the benchmark environment. */
const run = (cmd: string, args: string[]) => measured(cmd, args, root, env);

execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
const config = join(ref, `crab-${kind}.yaml`);
const models = join(ref, `crab-${kind}-models.yaml`);
const out = mkdtempSync(join(tmpdir(), `gammats-bench-${kind}-`));
// run the CLI as its shebang does (node flags included), as an installed `gammats` runs
const cli = join(root, "dist", "cli", "main.js");
const nodeFlags = readFileSync(cli, "utf8")
  .split("\n")[0]
  .split(/\s+/)
  .filter((a) => a.startsWith("--"));
const ours = best(
  Array.from({ length: runs }, () =>
    run(process.execPath, [...nodeFlags, cli, "run", config, "--models", models, "--out", out, "--quiet", "--json"]),
  ),
);
const theirs = best(
  Array.from({ length: runs }, () => run("/usr/bin/python3", [join(ref, `run_gammapy_${kind}.py`), config, models])),
);
const o = JSON.parse(ours.stdout);
const g = JSON.parse(theirs.stdout.slice(theirs.stdout.indexOf("{")));
const index = (ps: Array<{ name: string; value: number }> | string) =>
  typeof ps === "string"
    ? Number(/'index', 'value': ([0-9.e+-]+)/.exec(ps)?.[1])
    : ps.find((p) => p.name === "index")!.value;
const report = {
  task:
    kind === "1d"
      ? "1D Crab analysis end to end (crab-1d.yaml: 4 H.E.S.S. runs, reflected regions, stacked WStat PL fit, 6 flux points)"
      : "3D Crab analysis end to end (crab-3d.yaml: 4 H.E.S.S. runs, FoV background, excess map, stacked Cash fit of a point source, 4 flux points)",
  runs,
  gammats: { wall_s: ours.wall_s, maxrss_mb: ours.maxrss_mb, stages_s: o.timings_s },
  gammapy: { wall_s: theirs.wall_s, maxrss_mb: theirs.maxrss_mb, stages_s: g.timings_s },
  agreement: {
    index_gammats: index(o.parameters),
    index_gammapy: index(g.parameters),
    counts: [o.info.counts, g.info.counts],
  },
  ratio: { wall_time: theirs.wall_s / ours.wall_s, peak_memory: ours.maxrss_mb / theirs.maxrss_mb },
};
rmSync(out, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
