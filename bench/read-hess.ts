/**
 * Benchmark: read all 105 H.E.S.S. DL3 DR1 event lists and IRFs with gammats and with Gammapy, in one script, on the
 * same data. Each side runs in its own process; we report the read time (inside the process), the whole-process wall
 * time, and the peak resident memory of each, and the ratios. Usage: `npm run bench` (needs /usr/bin/python3 with
 * Gammapy: `apt-get install -y python3-gammapy`).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const data = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")].find(
  (d) => d && existsSync(join(d, "hess-dl3-dr1")),
);
if (!data) throw new Error("H.E.S.S. DL3 DR1 not found: set GAMMATS_DATA");
const store = join(data, "hess-dl3-dr1");
const runs = Number(process.env.BENCH_RUNS ?? 3);

function timed(cmd: string, args: string[]): { wall_s: number; out: Record<string, number> } {
  const t0 = performance.now();
  const stdout = execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return { wall_s: (performance.now() - t0) / 1000, out: JSON.parse(stdout.trim().split("\n").pop() as string) };
}

function best<T extends { wall_s: number }>(xs: T[]): T {
  return xs.reduce((a, b) => (b.wall_s < a.wall_s ? b : a));
}

const node = process.execPath;
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
const ours = best(
  Array.from({ length: runs }, () => timed(node, [tsx, join(root, "bench", "read-hess-worker.ts"), store])),
);
const theirs = best(
  Array.from({ length: runs }, () => timed("/usr/bin/python3", [join(root, "bench", "read_hess_gammapy.py"), store])),
);
if (ours.out.events !== theirs.out.events)
  throw new Error(`event counts differ: ${ours.out.events} vs ${theirs.out.events}`);

const report = {
  task: "read 105 H.E.S.S. DR1 observations: events (all columns), GTI, AEFF, EDISP, PSF, BKG",
  runs,
  events: ours.out.events,
  gammats: { read_s: ours.out.read_s, wall_s: ours.wall_s, maxrss_mb: ours.out.maxrss_mb },
  gammapy: {
    read_s: theirs.out.read_s,
    import_s: theirs.out.import_s,
    wall_s: theirs.wall_s,
    maxrss_mb: theirs.out.maxrss_mb,
  },
  ratio: {
    read_time: theirs.out.read_s / ours.out.read_s,
    wall_time: theirs.wall_s / ours.wall_s,
    peak_memory: ours.out.maxrss_mb / theirs.out.maxrss_mb,
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
