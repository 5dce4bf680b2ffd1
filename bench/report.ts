/**
 * The benchmark suite's report: bench/results/README.md (one table row per scenario: wall, CPU, peak RSS of both
 * whole processes, their ratios and the agreement; then the stage timings) and bench/results/scaling.png (wall time
 * against the number of runs, gammats and Gammapy, 1 and 2 workers), both made from bench/results/<scenario>.json.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writePng } from "../src/plot/node.js";
import { formatPx, logTicks, makeScale, polylinePath, svgElement } from "../src/plot/svg.js";
import type { Agreement, SideNumbers } from "./compare.js";
import { DEFAULT_TOLERANCE, type Feature, SCENARIOS, type Tolerance } from "./scenarios.js";

/** One side of a scenario's result: the command, its best run and numbers, or its error. */
export interface SideResult {
  command: string;
  error?: string;
  exit_status?: number;
  wall_s?: number;
  user_s?: number;
  sys_s?: number;
  cpu_s?: number;
  maxrss_mb?: number;
  walls_s?: number[];
  stages_s?: Record<string, number>;
  numbers?: SideNumbers;
}

/** bench/results/<scenario>.json. */
export interface ScenarioResult {
  scenario: string;
  title: string;
  date: string;
  status: "ok" | "failed" | "waiting";
  series?: { name: string; runs: number };
  waiting_for?: Feature[];
  runs?: number;
  machine?: { cpu?: string; cores: number; load_avg_1min_at_start: number };
  config?: string;
  models?: string;
  workers?: { gammats: number; gammapy_n_jobs: number };
  gammats?: SideResult;
  gammapy?: SideResult;
  ratio?: { wall: number; cpu: number; memory: number };
  tolerance?: Tolerance;
  agreement?: Agreement;
}

const FEATURE_OWNER: Record<Feature, string> = {
  workers: "`gammats run --workers N` (issue 8 item 3)",
  "simulate-irf": "`gammats simulate --irf FILE` (issue 8 item 2)",
};

function readResults(dir: string): ScenarioResult[] {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ScenarioResult)
    .filter((r) => typeof r.scenario === "string");
  const order = SCENARIOS.map((s) => s.name);
  return all
    .filter((r) => order.includes(r.scenario))
    .sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
}

const sec = (x: number | undefined) => (x === undefined ? "—" : x < 10 ? x.toFixed(2) : x.toFixed(1));
const mb = (x: number | undefined) => (x === undefined ? "—" : x.toFixed(0));

function row(r: ScenarioResult): string {
  const o = r.gammats;
  const g = r.gammapy;
  if (r.status === "waiting")
    return `| ${r.scenario} | waits for ${r.waiting_for!.map((f) => FEATURE_OWNER[f]).join(", ")} | | | | | | | |`;
  const workers = r.workers ? `${r.workers.gammats} / ${r.workers.gammapy_n_jobs}` : "";
  const rss = `${mb(o?.maxrss_mb)} / ${mb(g?.maxrss_mb)}`;
  if (r.status === "failed") {
    const fail = (side: string, s?: SideResult) => (s?.error ? `${side} fails: ${s.error.replace(/\|/g, "\\|")}` : "");
    const why = [fail("gammats", o), fail("Gammapy", g)].filter(Boolean).join("; ");
    return `| ${r.scenario} | ${sec(o?.wall_s)} | ${sec(g?.wall_s)} | — | — | ${rss} | — | ${workers} | **${why}** |`;
  }
  const a = r.agreement!;
  const ratio = r.ratio!;
  const agreement = a.ok ? a.summary : `**${a.summary}**`;
  return `| ${r.scenario} | ${sec(o!.wall_s)} | ${sec(g!.wall_s)} | ${ratio.wall.toFixed(1)}x | ${ratio.cpu.toFixed(1)}x | ${rss} | ${ratio.memory.toFixed(2)} | ${workers} | ${agreement} |`;
}

/** The main stages of both sides, "ours / theirs" in s. */
function stagesRow(r: ScenarioResult): string | undefined {
  const o = r.gammats?.stages_s;
  const g = r.gammapy?.stages_s;
  if (!o || !g) return undefined;
  const cell = (k: string) => (o[k] === undefined && g[k] === undefined ? "" : `${sec(o[k])} / ${sec(g[k])}`);
  return `| ${r.scenario} | ${["datasets", "excess_map", "ts_map", "fit", "flux_points", "light_curve"].map(cell).join(" | ")} | ${sec(o.write)} | ${sec(g.import)} |`;
}

function table(results: ScenarioResult[]): string {
  const loads = results.flatMap((r) => (r.machine ? [r.machine.load_avg_1min_at_start / r.machine.cores] : []));
  const machine = results.find((r) => r.machine)?.machine;
  const maxLoad = Math.max(0, ...loads);
  const dates = results.map((r) => r.date.slice(0, 10)).sort();
  const t = DEFAULT_TOLERANCE;
  return [
    "# Benchmark suite: gammats vs Gammapy 1.0, whole processes",
    "",
    "Made by `npm run bench:all` (bench/suite.ts; scenarios in bench/scenarios.ts). Each scenario runs `gammats run`",
    "(the built CLI, as installed) and Gammapy 1.0's `Analysis` (bench/gammapy_run.py) on the same AnalysisConfig and",
    "models YAML (the exact config of each scenario is in `configs/` when it differs from the repository's), or one",
    "script per side where the config cannot express the scenario (TS map: bench/tsmap.ts, bench/ts_map_gammapy.py).",
    "Both sides run back to back, alternating, on the same machine; the best of the runs (least wall time) is kept.",
    "Wall, CPU (user+sys) and peak RSS are of the whole process (`/usr/bin/time`), interpreter start and imports",
    "included; gammats also writes its outputs (datasets, models, FITS files, figures), the Gammapy script writes none.",
    "Both sides get the same parallelism: `gammats run --workers N` and Gammapy's `general.n_jobs: N` (N = all cores",
    "unless the scenario sets it; Gammapy 1.0 uses it for the 3D data reduction only). A gammats without `--workers`",
    "runs on one thread (column `workers`). Peak RSS of Gammapy with `n_jobs` > 1 is that of its largest process.",
    "",
    `Taken ${dates[0]}${dates.at(-1) !== dates[0] ? ` to ${dates.at(-1)}` : ""} on ${machine?.cpu ?? "?"}, ${machine?.cores ?? "?"} cores;`,
    `largest 1-minute load average per core at the start of a scenario: ${maxLoad.toFixed(2)}.`,
    maxLoad > 0.5
      ? "**These numbers were taken on a loaded machine (other jobs running): wall times and their ratios are noisy; the CPU ratio is the steadier one.**"
      : "The machine was quiet (load average per core at most 0.5).",
    "",
    `Agreement: every free parameter within ${t.rel} relative, or within ${t.converged} σ (σ: Gammapy's error; MIGRAD's`,
    `convergence tolerance) when that is larger, and never more than ${t.sigma} σ; parameter errors within ${t.errorRel * 100}%;`,
    `total statistic within ${t.stat}; the counts of each dataset equal; flux points and light-curve points within`,
    `${t.pointsRel * 100}% (or ${t.sigma} of their error); TS-map peak within ${t.rel} and at the same pixel.`,
    "Per-scenario tolerances, every check and both values are in the scenario's JSON file.",
    "",
    "| scenario | gammats wall (s) | Gammapy wall (s) | speed-up (wall) | speed-up (CPU) | peak RSS (MB) gammats / Gammapy | memory ratio | workers gammats / Gammapy n_jobs | agreement |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results.map(row),
    "",
    "What each scenario runs (its JSON file has both command lines):",
    "",
    ...results.map((r) => `- ${r.scenario}: ${r.title}`),
    "",
    "Rerun one row: `npm run bench:all -- --only <scenario> --runs 3`; list them: `npm run bench:all -- --list`.",
    "",
    "Stage timings (s), gammats / Gammapy, of the best runs (Gammapy's `import` is its module import time; gammats'",
    "`write` is writing its outputs):",
    "",
    "| scenario | datasets | excess map | TS map | fit | flux points | light curve | gammats write | Gammapy import |",
    "|---|---|---|---|---|---|---|---|---|",
    ...results.map(stagesRow).filter((x): x is string => x !== undefined),
    "",
    "![wall time against the number of runs](scaling.png)",
    "",
  ].join("\n");
}

const COLORS = { gammats: "#1f77b4", Gammapy: "#ff7f0e" };
const FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

/** One panel of the scaling plot: wall time against runs for one series, both sides, 1 and 2 workers. */
function panel(
  results: ScenarioResult[],
  series: string,
  x0: number,
  w: number,
  h: number,
  yDomain: [number, number],
): string {
  const top = 80;
  const left = x0 + 70;
  const plotW = w - 90;
  const plotH = h - top - 60;
  const runs = results.map((r) => r.series!.runs);
  const xs = makeScale(true, [Math.min(...runs) / 1.5, Math.max(...runs) * 1.5], [left, left + plotW]);
  const ys = makeScale(true, yDomain, [top + plotH, top]);
  const parts: string[] = [
    svgElement("rect", { x: left, y: top, width: plotW, height: plotH, fill: "none", stroke: "#444" }),
    svgElement(
      "text",
      { x: left + plotW / 2, y: top - 12, "text-anchor": "middle", "font-size": 15, "font-family": FONT },
      series,
    ),
  ];
  const ticks = logTicks(...yDomain);
  for (const v of ticks.minor) {
    const y = ys.map(v);
    parts.push(svgElement("line", { x1: left - 4, x2: left, y1: y, y2: y, stroke: "#444" }));
  }
  for (const t of ticks.major) {
    const y = ys.map(t.value);
    parts.push(svgElement("line", { x1: left, x2: left + plotW, y1: y, y2: y, stroke: "#ddd" }));
    parts.push(
      svgElement(
        "text",
        { x: left - 6, y: y + 4, "text-anchor": "end", "font-size": 12, "font-family": FONT },
        t.label,
      ),
    );
  }
  for (const n of [...new Set(runs)]) {
    const x = xs.map(n);
    parts.push(svgElement("line", { x1: x, x2: x, y1: top + plotH, y2: top + plotH + 5, stroke: "#444" }));
    parts.push(
      svgElement(
        "text",
        { x, y: top + plotH + 20, "text-anchor": "middle", "font-size": 12, "font-family": FONT },
        String(n),
      ),
    );
  }
  parts.push(
    svgElement(
      "text",
      { x: left + plotW / 2, y: top + plotH + 42, "text-anchor": "middle", "font-size": 14, "font-family": FONT },
      "number of runs",
    ),
  );
  for (const side of ["gammats", "Gammapy"] as const)
    for (const workers of [1, 2]) {
      const pts = results
        .filter((r) => r.workers?.gammapy_n_jobs === workers && r.status === "ok")
        .map((r) => ({ n: r.series!.runs, t: (side === "gammats" ? r.gammats : r.gammapy)!.wall_s! }))
        .sort((a, b) => a.n - b.n);
      if (pts.length === 0) continue;
      const px = pts.map((p) => xs.map(p.n));
      const py = pts.map((p) => ys.map(p.t));
      const style = {
        stroke: COLORS[side],
        "stroke-width": 2,
        fill: "none",
        "stroke-dasharray": workers === 2 ? "6 4" : undefined,
      };
      parts.push(svgElement("path", { d: polylinePath(px, py), ...style }));
      for (const [i, x] of px.entries())
        parts.push(
          svgElement("circle", {
            cx: x,
            cy: py[i],
            r: 4,
            fill: workers === 1 ? COLORS[side] : "white",
            stroke: COLORS[side],
            "stroke-width": 2,
          }),
        );
    }
  return parts.join("");
}

/** The scaling plot (SVG): one panel per series. */
function scalingSvg(results: ScenarioResult[], note: string): string | undefined {
  const withSeries = results.filter((r) => r.series && r.status === "ok");
  if (withSeries.length === 0) return undefined;
  const names = [...new Set(withSeries.map((r) => r.series!.name))];
  const times = withSeries.flatMap((r) => [r.gammats!.wall_s!, r.gammapy!.wall_s!]);
  const yDomain: [number, number] = [Math.min(...times) / 1.5, Math.max(...times) * 1.5];
  const panelW = 460;
  const height = 470;
  const width = panelW * names.length;
  const title = svgElement(
    "text",
    { x: width / 2, y: 26, "text-anchor": "middle", "font-size": 16, "font-family": FONT },
    `3D stacked point-source analysis (reduce + fit), gammats vs Gammapy 1.0${note}`,
  );
  const legend = [
    ["gammats, 1 worker", COLORS.gammats, undefined],
    ["gammats, 2 workers", COLORS.gammats, "6 4"],
    ["Gammapy 1.0, n_jobs 1", COLORS.Gammapy, undefined],
    ["Gammapy 1.0, n_jobs 2", COLORS.Gammapy, "6 4"],
  ] as const;
  const legendSvg = legend
    .map(([label, color, dash], i) => {
      const x = 80 + i * 200;
      return (
        svgElement("line", {
          x1: x,
          x2: x + 30,
          y1: height - 14,
          y2: height - 14,
          stroke: color,
          "stroke-width": 2,
          "stroke-dasharray": dash,
        }) + svgElement("text", { x: x + 36, y: height - 10, "font-size": 12, "font-family": FONT }, label)
      );
    })
    .join("");
  const body = names
    .map((n, i) =>
      panel(
        withSeries.filter((r) => r.series!.name === n),
        n,
        i * panelW,
        panelW,
        height - 20,
        yDomain,
      ),
    )
    .join("");
  const yLabel = svgElement(
    "text",
    {
      x: 18,
      y: height / 2,
      transform: `rotate(-90 18 ${formatPx(height / 2)})`,
      "text-anchor": "middle",
      "font-size": 14,
      "font-family": FONT,
    },
    "whole-process wall time (s)",
  );
  return svgElement(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", width, height, viewBox: `0 0 ${width} ${height}` },
    svgElement("rect", { width, height, fill: "white" }) + title + body + yLabel + legendSvg,
  );
}

/** Writes README.md and scaling.png into `dir` from the scenario JSON files there. */
export function writeReport(dir: string): void {
  const results = readResults(dir);
  writeFileSync(join(dir, "README.md"), table(results));
  const loaded = results.some((r) => r.series && r.machine && r.machine.load_avg_1min_at_start > 0.5 * r.machine.cores);
  const svg = scalingSvg(results, loaded ? " (loaded machine: noisy)" : "");
  if (svg) writePng(join(dir, "scaling.png"), svg, 1400);
}
