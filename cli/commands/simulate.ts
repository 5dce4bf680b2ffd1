/**
 * `gammats simulate --out DIR [--n-obs 4] [--seed N] [--livetime 1800]`: writes a simulated DL3 data store (a
 * Crab-like power-law point source at RA 83.633, Dec 22.014 observed in wobble mode at 0.5 deg in four directions,
 * with the built-in generic-IACT IRFs and background), so that an analysis can run without gammapy-data.
 */

import { join } from "node:path";
import { exclusionMask } from "../../src/maps/masks.js";
import { writeMapFile } from "../../src/maps/node.js";
import { circle } from "../../src/maps/regions.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { type SimulatedStoreSummary, simulateDataStore } from "../../src/simulate/node.js";
import { ArgumentError } from "../../src/util/errors.js";

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
}

function numberOption(value: string | number | undefined, name: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v) || (integer && !Number.isSafeInteger(v))) {
    throw new ArgumentError(`--${name} must be ${integer ? "an integer" : "a number"}, got '${value}'`, name);
  }
  return v;
}

/** Runs the simulate command: writes the data store and returns its summary (also printed unless `quiet`). */
export function simulateCommand(opts: SimulateCommandOptions): SimulatedStoreSummary {
  if (!opts.out) throw new ArgumentError("--out DIR is required", "out");
  const nObs = numberOption(opts.nObs, "n-obs", 4, true);
  if (nObs < 1) throw new ArgumentError(`--n-obs must be >= 1, got ${nObs}`, "n-obs");
  const livetimeS = numberOption(opts.livetime, "livetime", 1800);
  if (!(livetimeS > 0)) throw new ArgumentError(`--livetime must be > 0, got ${livetimeS}`, "livetime");
  const summary = simulateDataStore(opts.out, {
    nObs,
    seed: numberOption(opts.seed, "seed", 1, true),
    livetimeS,
    wobbleOffsetDeg: numberOption(opts.wobble, "wobble", 0.5),
  });
  if (!opts.quiet) {
    for (const o of summary.observations) {
      process.stderr.write(
        `obs ${o.obsId}: ${o.nEvents} events (${o.nSource} source, expected ${o.expectedSource.toFixed(1)}; ` +
          `${o.nBackground} background, expected ${o.expectedBackground.toFixed(1)}) -> ${o.fileName}\n`,
      );
    }
    process.stderr.write(`wrote ${summary.observations.length} observations to ${summary.dir}\n`);
  }
  return summary;
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
