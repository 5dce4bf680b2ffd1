/**
 * The benchmark suite: every scenario of bench/scenarios.ts run as whole processes, gammats and Gammapy 1.0 back to
 * back (alternating, best of --runs by wall time) on the same config, data and machine; each process measured by
 * /usr/bin/time (wall, user+sys CPU, peak RSS), with the stage timings each side reports and a check that both give
 * the same numbers (bench/compare.ts). Writes bench/results/<scenario>.json, then the table
 * bench/results/README.md and the scaling plot bench/results/scaling.png from all result files (bench/report.ts).
 *
 *   npm run bench:all                                    # every scenario, best of 3
 *   npm run bench:all -- --only analysis_3d_joint --runs 1
 *   npm run bench:all -- --only scaling                  # names or name prefixes, comma-separated
 *   npm run bench:all -- --list                          # the scenarios and what each waits for
 *   npm run bench:all -- --report                        # recheck the agreement, rebuild table and plot (no runs)
 *   --timeout S: a process still running after S seconds (default 1800) is stopped and recorded as failed
 *
 * Needs the gammapy-data collection ($GAMMATS_DATA, $GAMMAPY_DATA or ../shared/data) and /usr/bin/python3 with
 * Gammapy 1.0. Builds gammats first (`npm run build`) and runs the built CLI as an installed `gammats` runs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import { Document, isScalar, parse as parseYaml, visit } from "yaml";
import type { NumericColumn } from "../src/fits/bintable.js";
import { openFits } from "../src/fits/node.js";
import { compare, type SideNumbers } from "./compare.js";
import { best, measureProcess, type ProcessRun, TIMED_OUT } from "./measure.js";
import { type ScenarioResult, type SideResult, writeReport } from "./report.js";
import { DEFAULT_TOLERANCE, type Feature, SCENARIOS, type Scenario } from "./scenarios.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const resultsDir = join(root, "bench", "results");
const cacheDir = join(root, "bench", ".cache");
const PYTHON = "/usr/bin/python3";

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    runs: { type: "string", default: "3" },
    workers: { type: "string", default: String(availableParallelism()) },
    list: { type: "boolean", default: false },
    report: { type: "boolean", default: false },
    timeout: { type: "string", default: "1800" },
  },
});

/** The last line of a process's stdout as JSON. */
function lastJsonLine(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/** The last non-empty stderr line (the error a failed process printed). */
function lastError(stderr: string): string {
  return (
    stderr
      .trim()
      .split("\n")
      .filter((l) => l.trim())
      .pop() ?? ""
  ).slice(0, 300);
}

const dataDir = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")].find(
  (d) => d && existsSync(join(d, "hess-dl3-dr1")),
);

/** Sets (or deletes, for null) dotted keys of a config tree. */
function applyOverrides(tree: Record<string, unknown>, set: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(set)) {
    const keys = path.split(".");
    let node = tree;
    for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === null) delete node[last];
    else node[last] = value;
  }
}

/** The config a scenario reads: the base config, or the overridden copy in bench/results/configs/. */
function scenarioConfig(s: Scenario, workers: number | undefined): string {
  const set = { ...s.set, ...(workers === undefined ? {} : { "general.n_jobs": workers }) };
  if (Object.keys(set).length === 0) return s.config;
  const tree = parseYaml(readFileSync(join(root, s.config), "utf8")) as Record<string, unknown>;
  applyOverrides(tree, set);
  const out = join(resultsDir, "configs", `${s.name}.yaml`);
  mkdirSync(dirname(out), { recursive: true });
  const header = `# ${s.config} with ${JSON.stringify(set)} (written by bench/suite.ts for the ${s.name} scenario)\n`;
  const doc = new Document(tree);
  // lists of numbers or strings on one line, as the repository's configs write them
  visit(doc, { Seq: (_k, seq) => void (seq.flow = seq.items.every(isScalar)) });
  writeFileSync(out, header + doc.toString({ lineWidth: 120 }));
  return relative(root, out);
}

/** The gammats CLI as a node command line: node, the shebang's flags and dist/cli/main.js. */
function gammatsCli(): string[] {
  const cli = join(root, "dist", "cli", "main.js");
  const flags = readFileSync(cli, "utf8")
    .split("\n")[0]
    .split(/\s+/)
    .filter((a) => a.startsWith("--"));
  return [...flags, relative(root, cli)];
}

/** Which CLI features the built gammats has (from its --help texts). */
function detectFeatures(cli: string[], env: NodeJS.ProcessEnv): Set<Feature> {
  const help = (cmd: string) => execFileSync(process.execPath, [...cli, cmd, "--help"], { cwd: root, env }).toString();
  const have = new Set<Feature>();
  if (help("run").includes("--workers")) have.add("workers");
  if (help("simulate").includes("--irf")) have.add("simulate-irf");
  return have;
}

/** A side script for node: bundled with esbuild into bench/.cache (dependencies stay external). */
function bundle(script: string): string {
  const out = join(cacheDir, `${script.replace(/[/.]/g, "_")}.mjs`);
  buildSync({
    entryPoints: [join(root, script)],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: out,
    logLevel: "error",
  });
  return relative(root, out);
}

/** gammats' light curve (out/light_curve.fits) as the suite compares it. */
function readLightCurve(path: string): SideNumbers["light_curve"] {
  if (!existsSync(path)) return undefined;
  const file = openFits(path);
  const table = file.table("LIGHT_CURVE");
  const col = (name: string) =>
    Array.from((table.column(name) as NumericColumn).data, (v) => (Number.isFinite(v) ? v : null));
  const lc = { time_min: col("time_min"), norm: col("norm"), norm_err: col("norm_err"), ts: col("ts") };
  file.close();
  return lc;
}

/** One side's command line for a scenario (program and arguments). */
interface Side {
  cmd: string;
  argv: string[];
  /** Collects the side's numbers after a run (stdout JSON, plus files it wrote). */
  read: (m: ProcessRun) => SideNumbers & { timings_s?: Record<string, number> };
  /** Removes what a run wrote (successful or not). */
  cleanup?: () => void;
}

function sides(s: Scenario, config: string, cli: string[], gammatsWorkers: string[]): { gammats: Side; gammapy: Side } {
  const models = s.models ? [s.models] : [];
  if (s.scripts)
    return {
      gammats: {
        cmd: process.execPath,
        argv: [...cli.slice(0, -1), bundle(s.scripts.gammats), config],
        read: (m) => lastJsonLine(m.stdout),
      },
      gammapy: { cmd: PYTHON, argv: [s.scripts.gammapy, config, ...models], read: (m) => lastJsonLine(m.stdout) },
    };
  const out = join(tmpdir(), `gammats-bench-out-${process.pid}`);
  return {
    gammats: {
      cmd: process.execPath,
      argv: [
        ...cli,
        "run",
        config,
        ...(s.models ? ["--models", s.models] : []),
        "--out",
        out,
        "--quiet",
        "--json",
        ...gammatsWorkers,
      ],
      read: (m) => {
        // result.json, printed by --json
        const r = JSON.parse(m.stdout) as SideNumbers & { datasets_info?: Array<{ counts: number }> };
        r.datasets_counts = (r.datasets_info ?? [r.info as { counts: number }]).map((i) => i.counts);
        delete r.datasets_info;
        r.light_curve = readLightCurve(join(out, "light_curve.fits"));
        return r;
      },
      cleanup: () => rmSync(out, { recursive: true, force: true }),
    },
    gammapy: { cmd: PYTHON, argv: ["bench/gammapy_run.py", config, ...models], read: (m) => lastJsonLine(m.stdout) },
  };
}

/** Writes a simulated store if it is not there yet (not timed). */
function ensureStore(s: Scenario, cli: string[], env: NodeJS.ProcessEnv): void {
  const st = s.store;
  if (!st || existsSync(join(root, st.dir, "hdu-index.fits.gz"))) return;
  const irf = st.irf ? ["--irf", join(dataDir!, st.irf)] : [];
  process.stderr.write(`  simulating ${st.nObs} runs into ${st.dir}\n`);
  execFileSync(
    process.execPath,
    [...cli, "simulate", "--out", st.dir, "--n-obs", String(st.nObs), "--seed", String(st.seed), "--quiet", ...irf],
    { cwd: root, env, stdio: "inherit" },
  );
}

const shellQuote = (a: string) => (/^[\w./:=,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
const commandLine = (side: Side) => [side.cmd === PYTHON ? PYTHON : "node", ...side.argv].map(shellQuote).join(" ");

/** A run of one side: its measurement and, when it succeeded, its numbers. */
interface Outcome {
  m: ProcessRun;
  numbers?: SideNumbers & { timings_s?: Record<string, number> };
}

function runSide(side: Side, env: NodeJS.ProcessEnv): Outcome {
  const m = measureProcess(side.cmd, side.argv, root, env, Number(args.timeout));
  const numbers = m.status === 0 ? side.read(m) : undefined;
  side.cleanup?.();
  return { m, numbers };
}

/** The best run (least wall time) of a side, or its error when no run succeeded. */
function summarise(side: Side, outcomes: Outcome[]): SideResult {
  const command = commandLine(side);
  const ok = outcomes.filter((x) => x.numbers);
  if (ok.length === 0) {
    const { m } = outcomes[0];
    const error =
      m.status === TIMED_OUT
        ? `no exit after ${args.timeout} s (stopped)${m.stdout.trim() ? ", though it printed its result" : ""}`
        : lastError(m.stderr) || `exit status ${m.status}`;
    return { command, error, exit_status: m.status };
  }
  const fastest = best(ok.map((x) => ({ ...x, wall_s: x.m.wall_s })));
  const { stdout: _o, stderr: _e, status: _s, ...times } = fastest.m;
  const { timings_s, ...numbers } = fastest.numbers!;
  return { command, ...times, walls_s: outcomes.map((x) => x.m.wall_s), stages_s: timings_s, numbers };
}

/** Runs one scenario (both sides alternately, `runs` times each); returns its result record. */
function runScenario(
  s: Scenario,
  cli: string[],
  features: Set<Feature>,
  env: NodeJS.ProcessEnv,
  runs: number,
): ScenarioResult {
  const base = { scenario: s.name, title: s.title, date: new Date().toISOString(), series: s.series };
  const missing = (s.needs ?? []).filter((f) => !features.has(f));
  if (missing.length) return { ...base, status: "waiting", waiting_for: missing };
  const workers = s.workers ?? Number(args.workers);
  ensureStore(s, cli, env);
  const config = scenarioConfig(s, s.scripts ? undefined : workers);
  const gammatsWorkers = features.has("workers") ? ["--workers", String(workers)] : [];
  const { gammats, gammapy } = sides(s, config, cli, gammatsWorkers);
  const load = loadavg()[0];
  const ours: Outcome[] = [];
  const theirs: Outcome[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(runSide(gammats, env));
    theirs.push(runSide(gammapy, { ...env, BENCH_RUNS: "1" }));
  }
  const o = summarise(gammats, ours);
  const g = summarise(gammapy, theirs);
  const tolerance = { ...DEFAULT_TOLERANCE, ...s.tolerance };
  const record: ScenarioResult = {
    ...base,
    status: o.numbers && g.numbers ? "ok" : "failed",
    runs,
    machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), load_avg_1min_at_start: load },
    config,
    models: s.models,
    workers: { gammats: features.has("workers") ? workers : 1, gammapy_n_jobs: s.scripts ? 1 : workers },
    gammats: o,
    gammapy: g,
  };
  if (record.status === "ok") {
    record.ratio = { wall: g.wall_s! / o.wall_s!, cpu: g.cpu_s! / o.cpu_s!, memory: o.maxrss_mb! / g.maxrss_mb! };
    record.tolerance = tolerance;
    record.agreement = compare(o.numbers!, g.numbers!, tolerance);
  }
  return record;
}

/** Re-derives the agreement of recorded results from their numbers with the current tolerances. */
function recheck(scenarios: readonly Scenario[]): void {
  for (const s of scenarios) {
    const path = join(resultsDir, `${s.name}.json`);
    if (!existsSync(path)) continue;
    const r = JSON.parse(readFileSync(path, "utf8")) as ScenarioResult;
    if (r.status !== "ok") continue;
    r.tolerance = { ...DEFAULT_TOLERANCE, ...s.tolerance };
    r.agreement = compare(r.gammats!.numbers!, r.gammapy!.numbers!, r.tolerance);
    writeFileSync(path, `${JSON.stringify(r, null, 1)}\n`);
  }
}

function main(): void {
  // each --only token is a scenario name, or else a prefix of names ("scaling", "scaling_dr1")
  const tokens = args.only?.split(",") ?? [];
  const matches = (s: Scenario, t: string) =>
    s.name === t || (!SCENARIOS.some((x) => x.name === t) && s.name.startsWith(t));
  const selected = SCENARIOS.filter((s) => tokens.length === 0 || tokens.some((t) => matches(s, t)));
  if (args.only && selected.length === 0) throw new Error(`no scenario matches --only ${args.only} (see --list)`);
  if (args.report) {
    recheck(selected);
    writeReport(resultsDir);
    return;
  }
  if (!dataDir) throw new Error("gammapy-data not found: set GAMMATS_DATA or GAMMAPY_DATA");
  // the child processes must not inherit tsx's loader (NODE_OPTIONS set by `tsx` for this script)
  const { NODE_OPTIONS: _loader, ...cleanEnv } = process.env;
  const env = { ...cleanEnv, GAMMAPY_DATA: resolve(dataDir), GAMMATS_DATA: resolve(dataDir) };
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  const cli = gammatsCli();
  const features = detectFeatures(cli, env);
  if (args.list) {
    for (const s of selected) {
      const missing = (s.needs ?? []).filter((f) => !features.has(f));
      process.stdout.write(
        `${s.name.padEnd(22)} ${s.title}${missing.length ? `  [waits for: ${missing.join(", ")}]` : ""}\n`,
      );
    }
    return;
  }
  mkdirSync(resultsDir, { recursive: true });
  const runs = Number(args.runs);
  for (const s of selected) {
    process.stderr.write(`${s.name}: ${s.title}\n`);
    const record = runScenario(s, cli, features, env, runs);
    writeFileSync(join(resultsDir, `${s.name}.json`), `${JSON.stringify(record, null, 1)}\n`);
    const r = record;
    const line =
      r.status === "ok"
        ? `${r.ratio!.wall.toFixed(1)}x the speed of Gammapy; agreement: ${r.agreement!.summary}`
        : r.status === "waiting"
          ? `waiting for ${r.waiting_for!.join(", ")}`
          : `FAILED: gammats: ${r.gammats?.error ?? "ok"}; Gammapy: ${r.gammapy?.error ?? "ok"}`;
    process.stderr.write(`  ${line}\n`);
    if (r.agreement && !r.agreement.ok) process.stderr.write(`  *** ${s.name}: gammats and Gammapy DISAGREE ***\n`);
  }
  writeReport(resultsDir);
}

main();
