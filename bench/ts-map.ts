/**
 * Benchmark: TS map of the stacked Crab 3D dataset (../shared/reference/crab-3d.yaml, no source model) with the default
 * estimator, gammats `estimateTSMap` vs Gammapy 1.0 `TSMapEstimator().run` (bench/ts_map_gammapy.py, its own process,
 * dataset built with gammapy.analysis). Times only the TS-map call on each side (best of BENCH_RUNS, default 3; wall
 * and CPU time, the CPU ratio being the steadier one on a shared machine), plus
 * whole-process wall time and peak RSS of both processes, and checks the peak sqrt(TS).
 * Usage: `npx tsx bench/ts-map.ts` (needs the real data and /usr/bin/python3 with Gammapy). `--worker` runs our side only.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { estimateTSMap } from "../src/estimators/index.js";
import { reduceCrab3d } from "../test/support/crab3d.js";
import { measured } from "./measure.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const config = resolve(root, "..", "shared", "reference", "crab-3d.yaml");
const data = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")].find(
  (d) => d && existsSync(join(d, "hess-dl3-dr1")),
);
if (!data) throw new Error("H.E.S.S. DL3 DR1 not found: set GAMMATS_DATA");
const runs = Number(process.env.BENCH_RUNS ?? 3);

/** Our side: reduce the dataset as crab-3d.yaml, then time estimateTSMap (best of `runs`). */
/** Timings (s), peak sqrt(TS) with its flat pixel index, and peak RSS (MB) of our side. */
interface OurResult {
  ts_map_s: number;
  ts_map_cpu_s: number;
  times_s: number[];
  peak_sqrt_ts: number;
  peak_index: number;
  maxrss_mb: number;
}

function ours(): OurResult {
  const ds = reduceCrab3d(); // the stacked dataset of crab-3d.yaml, as the tests build it
  const times: number[] = [];
  const cpu: number[] = [];
  let result = estimateTSMap(ds);
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    result = estimateTSMap(ds);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    times.push((performance.now() - t0) / 1000);
  }
  let best = Number.NEGATIVE_INFINITY;
  let index = -1;
  result.maps.sqrt_ts.forEach((v, i) => {
    if (v > best) {
      best = v;
      index = i;
    }
  });
  return {
    ts_map_s: Math.min(...times),
    times_s: times,
    ts_map_cpu_s: Math.min(...cpu),
    peak_sqrt_ts: best,
    peak_index: index,
    maxrss_mb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs a command in the repository with the benchmark environment. */
const run = (cmd: string, args: string[]) =>
  measured(cmd, args, root, { ...process.env, GAMMAPY_DATA: resolve(data!), GAMMATS_DATA: resolve(data!) });

if (process.argv.includes("--worker")) {
  console.log(JSON.stringify(ours()));
} else {
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const g = run(tsx, [fileURLToPath(import.meta.url), "--worker"]);
  const o = JSON.parse(g.stdout.trim().split("\n").pop()!);
  const p = run("/usr/bin/python3", [join(root, "bench", "ts_map_gammapy.py"), config]);
  const q = JSON.parse(p.stdout.trim().split("\n").pop()!);
  const report = {
    task: "TS map, default TSMapEstimator, stacked Crab 3D dataset (crab-3d.yaml), timing the TS-map call only",
    runs,
    gammats: {
      ts_map_s: o.ts_map_s,
      ts_map_cpu_s: o.ts_map_cpu_s,
      times_s: o.times_s,
      process_wall_s: g.wall_s,
      maxrss_mb: g.maxrss_mb,
    },
    gammapy: {
      ts_map_s: q.ts_map_s,
      ts_map_cpu_s: q.ts_map_cpu_s,
      times_s: q.times_s,
      process_wall_s: p.wall_s,
      maxrss_mb: p.maxrss_mb,
    },
    speedup_ts_map: q.ts_map_s / o.ts_map_s,
    speedup_ts_map_cpu: q.ts_map_cpu_s / o.ts_map_cpu_s,
    peak_sqrt_ts: {
      gammats: o.peak_sqrt_ts,
      gammapy: q.peak_sqrt_ts,
      gammapy_index: q.peak_index,
      gammats_flat_index: o.peak_index,
    },
  };
  console.log(JSON.stringify(report, null, 1));
}
