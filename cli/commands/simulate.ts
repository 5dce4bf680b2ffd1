/**
 * `gammats simulate --out DIR [--n-obs 4] [--seed N] [--livetime 1800]`: writes a simulated DL3 data store (a
 * Crab-like power-law point source at RA 83.633, Dec 22.014 observed in wobble mode at 0.5 deg in four directions,
 * with the built-in generic-IACT IRFs and background), so that an analysis can run without gammapy-data.
 */

import { statfsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { formatBytes } from "../../src/analysis/memory.js";
import { writeFileAtomic } from "../../src/fits/node.js";
import { exclusionMask } from "../../src/maps/masks.js";
import { writeMapFile } from "../../src/maps/node.js";
import { circle } from "../../src/maps/regions.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { type SimulatedStoreSummary, simulateDataStore } from "../../src/simulate/node.js";
import { GammatsError } from "../../src/util/errors.js";
import { UsageError } from "../errors.js";
import { parseSize } from "../memory.js";
import { COMPLETION_MARKER, checkOutputFolder, OutputFolder } from "../output-folder.js";
import type { TaskContext } from "../task.js";
import { resultJson } from "./run-command.js";

/** Options of the simulate command (strings as given on the command line, or numbers). */
export interface SimulateCommandOptions {
  /** Output folder (created if needed). */
  out: string;
  /** Number of observations (default 4). */
  nObs?: string | number;
  /** Seed of the random stream (default 1). */
  seed?: string | number;
  /** Live time per observation in s (default 1800). */
  livetime?: string | number;
  /** Wobble offset in deg (default 0.5). */
  wobble?: string | number;
  /** No summary on stderr. */
  quiet?: boolean;
  /** Replace a non-empty `out` that is not a previous gammats output. */
  overwrite?: boolean;
}

function numberOption(value: string | number | undefined, name: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const v = typeof value === "string" && value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(v) || (integer && !Number.isSafeInteger(v))) {
    throw new UsageError(`--${name} must be ${integer ? "an integer" : "a number"}, got '${value}'`);
  }
  return v;
}

/** What `simulate` will do, from validated options (plain data: it crosses to the worker thread). */
export interface SimulatePlan {
  readonly nObs: number;
  readonly seed: number;
  readonly livetimeS: number;
  readonly wobbleOffsetDeg: number;
}

/** Default output budget of `simulate` (bytes). */
const DEFAULT_MAX_OUTPUT = 2 * 1024 ** 3;

/**
 * Bytes a simulated observation takes on disk: about 620 kB of IRF tables per file, and about 30 bytes per event at
 * 2.6 events per second of live time (measured on `gammats simulate`: 0.67 MB for 300 s, 1.2 MB for 7200 s), rounded
 * up.
 */
function observationBytes(livetimeS: number): number {
  return 700e3 + 100 * livetimeS;
}

/**
 * Checks the options of `simulate` before anything is written: numbers and ranges, the output folder, and the
 * output's size against the budget (`--max-output`, default 2 GiB) and the free space of the disk.
 */
export function prepareSimulate(opts: SimulateCommandOptions & { maxOutput?: string }): SimulatePlan {
  if (!opts.out) throw new UsageError("--out DIR is required");
  const nObs = numberOption(opts.nObs, "n-obs", 4, true);
  if (nObs < 1) throw new UsageError(`--n-obs must be >= 1, got ${nObs}`);
  const livetimeS = numberOption(opts.livetime, "livetime", 1800);
  if (!(livetimeS > 0) || livetimeS > 1e7) throw new UsageError(`--livetime must be in (0, 1e7] s, got ${livetimeS}`);
  const wobbleOffsetDeg = numberOption(opts.wobble, "wobble", 0.5);
  if (!(wobbleOffsetDeg >= 0 && wobbleOffsetDeg <= 5))
    throw new UsageError(`--wobble must be in [0, 5] deg (the IRFs' field of view), got ${wobbleOffsetDeg}`);
  const seed = numberOption(opts.seed, "seed", 1, true);
  checkOutputFolder(opts.out, { overwrite: opts.overwrite });
  const budget = opts.maxOutput ? parseSize(opts.maxOutput, "--max-output") : DEFAULT_MAX_OUTPUT;
  const bytes = nObs * observationBytes(livetimeS);
  const parent = dirname(resolve(opts.out));
  const free = (() => {
    try {
      const st = statfsSync(parent);
      return st.bavail * st.bsize;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  })();
  const limit = Math.min(budget, free);
  if (bytes > limit)
    throw new GammatsError(
      "TOO_LARGE",
      `${nObs} observations of ${livetimeS} s take about ${formatBytes(bytes)}, more than ${limit === free ? `the free space on the disk (${formatBytes(free)})` : `the output budget of ${formatBytes(budget)} (--max-output)`}`,
      { key: "--n-obs" },
      "fewer or shorter observations, or a larger --max-output",
    );
  return { nObs, seed, livetimeS, wobbleOffsetDeg };
}

/**
 * The task of `gammats simulate`: checks the options (`prepareSimulate`, for the output folder `options.out`), then
 * writes the data store into `staging` (an empty folder), result.json last.
 */
export function simulateTask(
  args: { options: SimulateCommandOptions & { maxOutput?: string }; staging: string },
  context: TaskContext,
): SimulatedStoreSummary {
  const plan = prepareSimulate(args.options);
  const summary = simulateDataStore(args.staging, { ...plan, signal: context.signal });
  writeFileAtomic(join(args.staging, COMPLETION_MARKER), resultJson(summary));
  return summary;
}

/** Lines describing a written store (what `simulate` prints on stderr). */
export function formatSimulateSummary(summary: SimulatedStoreSummary, out: string): string {
  const lines = summary.observations.map(
    (o) =>
      `obs ${o.obsId}: ${o.nEvents} events (${o.nSource} source, expected ${o.expectedSource.toFixed(1)}; ` +
      `${o.nBackground} background, expected ${o.expectedBackground.toFixed(1)}) -> ${o.fileName}`,
  );
  return [...lines, `wrote ${summary.observations.length} observations to ${out}`].join("\n");
}

/**
 * Runs the simulate command in-process: checks (`prepareSimulate`), writes the data store all-or-nothing and returns
 * its summary (also printed on stderr unless `quiet`).
 */
export function simulateCommand(opts: SimulateCommandOptions): SimulatedStoreSummary {
  prepareSimulate(opts);
  const folder = OutputFolder.open(opts.out, { overwrite: opts.overwrite });
  let summary: SimulatedStoreSummary;
  try {
    const signal = new AbortController().signal;
    summary = simulateTask(
      { options: opts, staging: folder.staging },
      { signal, log: () => {}, progress: () => {}, warn: () => {} },
    );
    folder.commit();
  } finally {
    folder.discard();
  }
  const result = { ...summary, dir: folder.path };
  if (!opts.quiet) process.stderr.write(`${formatSimulateSummary(result, opts.out)}\n`);
  return result;
}

/**
 * An AnalysisConfig YAML (as examples/crab-1d.yaml: 1D, reflected regions, safe mask aeff-default + aeff-max 10%,
 * power-law fit and 6 flux points over 1-20 TeV) for the simulated Crab-like source in the store at `storeDir`
 * with observation ids `obsIds`, for `gammats run` (e.g. the demo without gammapy-data). The source is named `crab`
 * so that examples/crab-1d-models.yaml applies.
 */
export function simulatedCrabConfigYaml(storeDir: string, obsIds: readonly number[]): string {
  return [
    "# 1D spectral analysis of a simulated Crab-like source (gammats simulate).",
    "general:",
    "  log: {level: warning}",
    "  outdir: .",
    "observations:",
    `  datastore: ${JSON.stringify(storeDir)}`,
    `  obs_ids: [${obsIds.join(", ")}]`,
    "datasets:",
    "  type: 1d",
    "  stack: true",
    "  geom:",
    "    axes:",
    "      energy: {min: 0.5 TeV, max: 30 TeV, nbins: 20}",
    "      energy_true: {min: 0.1 TeV, max: 50 TeV, nbins: 40}",
    "  on_region: {frame: icrs, lon: 83.633 deg, lat: 22.014 deg, radius: 0.11 deg}",
    "  containment_correction: true",
    "  safe_mask:",
    "    methods: [aeff-default, aeff-max]",
    "    parameters: {aeff_percent: 10}",
    "  background:",
    "    method: reflected",
    "fit:",
    "  fit_range: {min: 1 TeV, max: 20 TeV}",
    "flux_points:",
    "  energy: {min: 1 TeV, max: 20 TeV, nbins: 6}",
    "  source: crab",
    "",
  ].join("\n");
}

/**
 * Writes `exclusion.fits` into the store folder: a 4 x 4 deg mask around the simulated source excluding 0.3 deg
 * around it (for the FoV background normalisation); returns its path.
 */
export function writeSimulatedExclusionMask(storeDir: string): string {
  const geom = WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, frame: "icrs", binszDeg: 0.02, widthDeg: 4 });
  const path = join(storeDir, "exclusion.fits");
  writeMapFile(path, exclusionMask(geom, [circle(83.633, 22.014, 0.3)]));
  return path;
}

/**
 * An AnalysisConfig YAML for the 3D analysis of the simulated store (as examples/crab-3d.yaml: 2 x 2 deg map of
 * 0.02 deg pixels around the source, 1-10 TeV, FoV background scaled outside the exclusion mask (see
 * `writeSimulatedExclusionMask`), point-source fit and 4 flux points; a light curve per observation), for
 * examples/crab-3d-models.yaml.
 */
export function simulatedCrab3dConfigYaml(storeDir: string, obsIds: readonly number[], exclusionPath?: string): string {
  return [
    "# 3D analysis of a simulated Crab-like source (gammats simulate).",
    "general:",
    "  log: {level: warning}",
    "observations:",
    `  datastore: ${JSON.stringify(storeDir)}`,
    `  obs_ids: [${obsIds.join(", ")}]`,
    "datasets:",
    "  type: 3d",
    "  stack: true",
    "  geom:",
    "    wcs:",
    "      skydir: {frame: icrs, lon: 83.633 deg, lat: 22.014 deg}",
    "      binsize: 0.02 deg",
    "      width: {width: 2 deg, height: 2 deg}",
    "      binsize_irf: 0.2 deg",
    "    selection: {offset_max: 2.5 deg}",
    "    axes:",
    "      energy: {min: 1 TeV, max: 10 TeV, nbins: 10}",
    "      energy_true: {min: 0.5 TeV, max: 20 TeV, nbins: 20}",
    "  background:",
    "    method: fov_background",
    ...(exclusionPath ? [`    exclusion: ${JSON.stringify(exclusionPath)}`] : []),
    "    parameters: {method: scale}",
    "  safe_mask:",
    "    methods: [offset-max]",
    "    parameters: {offset_max: 2.5 deg}",
    "fit:",
    "  fit_range: {min: 1 TeV, max: 10 TeV}",
    "flux_points:",
    "  energy: {min: 1 TeV, max: 10 TeV, nbins: 4}",
    "  source: crab",
    "excess_map:",
    "  correlation_radius: 0.1 deg",
    "  energy_edges: {min: 1 TeV, max: 10 TeV, nbins: 1}",
    "light_curve:",
    "  energy_edges: {min: 1 TeV, max: 10 TeV, nbins: 1}",
    "  source: crab",
    "",
  ].join("\n");
}
