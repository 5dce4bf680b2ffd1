/**
 * `gammats fit DATASETS_YAML --models MODELS_YAML --out DIR`: a joint likelihood fit of every dataset of a Gammapy
 * datasets YAML (spectrum OGIP/GADF, flux points, map and on-off map datasets; file names relative to the YAML,
 * `$VAR` expanded). Everything is read and checked before the fit; outputs: `models.yaml` with errors and
 * `models_covariance.dat` (as Gammapy's `Models.write`), `flux_points_<name>.fits` for `--flux-points`,
 * `sed.svg`/`sed.png` (every dataset's flux points with the fitted model and its error band), `contour.svg`/`.png`
 * and `contour.json` for `--contour`, and `result.json` last (fit result, per-dataset statistic, timings).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { analysisEnv } from "../../src/analysis/node.js";
import type { Dataset } from "../../src/datasets/dataset.js";
import type { Datasets } from "../../src/datasets/datasets.js";
import { parseDatasetsIndex } from "../../src/datasets/datasets-io.js";
import { fitEnergyRange, setFitEnergyRange } from "../../src/datasets/fit-range.js";
import { FluxPointsDataset, type FluxPointsStatType } from "../../src/datasets/flux-points-dataset.js";
import { readDatasets } from "../../src/datasets/node.js";
import { estimateFluxPoints, type FluxEstimationDataset, type FluxPoints } from "../../src/estimators/flux-points.js";
import { fluxPointsToHdus } from "../../src/estimators/flux-points-io.js";
import { openFits, writeFileAtomic, writeFitsFile } from "../../src/fits/node.js";
import { ALL_DATASET_FORMATS } from "../../src/makers/dataset-formats.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { Covariance } from "../../src/modeling/covariance.js";
import { Fit, type FitResult } from "../../src/modeling/fit.js";
import type { Models } from "../../src/modeling/models.js";
import { readModelsYaml } from "../../src/modeling/models-io.js";
import { readLightCurveTable, writeModelsFiles } from "../../src/modeling/node.js";
import type { Parameter } from "../../src/modeling/parameter.js";
import { readEblTable } from "../../src/modeling/spectral-models.js";
import { contourPlotSvg } from "../../src/plot/contour.js";
import { writePng } from "../../src/plot/node.js";
import { sedPlotSvg } from "../../src/plot/sed.js";
import { jointSedPlotData } from "../../src/plot/spectrum-data.js";
import { expandVars } from "../../src/util/env.js";
import { GammatsError } from "../../src/util/errors.js";

/** Options of `fitDatasets` (the CLI's flags, parsed). */
export interface FitCommandOptions {
  readonly modelsPath: string;
  readonly outDir: string;
  /** `[NAME=]MIN:MAX` in TeV; NAME may end in `*` (a prefix); without NAME for every dataset. */
  readonly fitRanges?: readonly string[];
  /** Parameters to freeze: `model.role.name` (e.g. `crab.spectral.beta`) or `model.name`. */
  readonly freeze?: readonly string[];
  /** Datasets to estimate flux points for: names (prefix with `*`), or `all` (spectrum and map datasets). */
  readonly fluxPoints?: readonly string[];
  /** Flux-point energy edges `MIN:MAX:NBINS` (TeV, log); default 4 bins per decade over each dataset's fit range. */
  readonly fluxPointsEnergy?: string;
  /** Source model of the flux points and the SED (default: the first model with a spectrum). */
  readonly source?: string;
  /** Statistic of flux-point datasets: chi2 (default), distrib or profile. */
  readonly statType?: FluxPointsStatType;
  /** Two parameters `X,Y` (full names) for a 1-sigma confidence contour. */
  readonly contour?: string;
  readonly signal?: AbortSignal;
  readonly onStage?: (stage: string, seconds: number) => void;
}

/** The `result.json` of `gammats fit`. */
export interface FitCommandResult {
  fit: { success: boolean; message: string; total_stat: number; nfev: number; edm: number; covariance_valid: boolean };
  datasets: Array<{ name: string; type: string; stat_type: string; stat_sum: number; n_fit_bins: number }>;
  parameters: Array<{ model: string; name: string; value: number; error: number; unit: string; frozen: boolean }>;
  /** Covariance and correlation of the free parameters (full names), in their units. */
  covariance: { parameters: string[]; matrix: number[][]; correlation: number[][] };
  contour?: { x: string; y: string; x_values: number[]; y_values: number[]; success: boolean };
  timings_s: Record<string, number>;
  peak_rss_mb: number;
  outputs: string[];
}

interface FitRange {
  readonly pattern: string | undefined;
  readonly min: number;
  readonly max: number;
}

function optionError(key: string, message: string, expected: string): GammatsError {
  return new GammatsError("BAD_OPTION", message, { key }, expected);
}

/** Parses `--fit-range` values (`[NAME=]MIN:MAX`, TeV). */
export function parseFitRanges(values: readonly string[]): FitRange[] {
  return values.map((v) => {
    const m = /^(?:([^=]+)=)?([^:]+):([^:]+)$/.exec(v.trim());
    const min = Number(m?.[2]);
    const max = Number(m?.[3]);
    if (!m || !(min >= 0) || !(max > min))
      throw optionError("--fit-range", `bad fit range '${v}'`, "[NAME=]MIN:MAX in TeV with 0 <= MIN < MAX");
    return { pattern: m[1]?.trim(), min, max };
  });
}

/** Whether a dataset name matches a pattern (exact, or prefix when it ends in `*`). */
function matches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

/** Parses `--flux-points-energy` (`MIN:MAX:NBINS`, TeV). */
function parseEnergyEdges(text: string): Float64Array {
  const [a, b, n] = text.split(":").map(Number);
  if (!(a > 0 && b > a && Number.isInteger(n) && n >= 1))
    throw optionError("--flux-points-energy", `bad energy bins '${text}'`, "MIN:MAX:NBINS with 0 < MIN < MAX");
  return Float64Array.from({ length: n + 1 }, (_, i) => a * (b / a) ** (i / n));
}

function checkFile(path: string, key: string): void {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new GammatsError("NOT_FOUND", `'${path}' not found`, { key }, "an existing file");
}

/** The parameters named by `--freeze` / `--contour`: full names `model.role.name`, or `model.name` if unique. */
function findParameter(models: Models, name: string, key: string): Parameter {
  const names = models.parameterNames();
  const found = [...names].filter(([, full]) => {
    if (full === name) return true;
    const [model, , pname] = full.split(".");
    return `${model}.${pname}` === name;
  });
  if (found.length !== 1)
    throw optionError(
      key,
      found.length ? `parameter '${name}' is ambiguous` : `no parameter '${name}'`,
      `one of ${[...names.values()].join(", ")}`,
    );
  return found[0][0];
}

/** Reads the models file (map templates, EBL tables relative to it, `$VAR` expanded). */
function readModels(path: string, env: Record<string, string | undefined>): Models {
  checkFile(path, "--models");
  return readModelsYaml(readFileSync(path, "utf8"), path, {
    readMap: (f) => readMapFile(resolve(dirname(path), expandVars(f, env))) as WcsNDMap,
    readEbl: (f) => readEblTable(openFits(resolve(dirname(path), expandVars(f, env)))),
    readLightCurve: (f, format) => readLightCurveTable(resolve(dirname(path), expandVars(f, env)), format),
  });
}

/** Default flux-point edges of a dataset: 4 per decade over its fit range (the bins in its mask). */
function defaultEdges(d: FluxEstimationDataset): Float64Array {
  const range = fitEnergyRange(d);
  if (!range) return Float64Array.of();
  const [lo, hi] = range;
  const n = Math.max(1, Math.round(Math.log10(hi / lo) * 4));
  return Float64Array.from({ length: n + 1 }, (_, i) => lo * (hi / lo) ** (i / n));
}

function isEstimable(d: Dataset): d is Dataset & FluxEstimationDataset {
  return !(d instanceof FluxPointsDataset) && "energyAxis" in d && "sliceByIdx" in d;
}

/** Runs the joint fit of a datasets YAML and writes its outputs (see the module docs); returns result.json. */
export async function fitDatasets(datasetsPath: string, options: FitCommandOptions): Promise<FitCommandResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  let last = t0;
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (now - last) / 1000;
    last = now;
    options.onStage?.(stage, timings[stage]);
  };
  // --- everything checked before the work ---
  const env = analysisEnv();
  checkFile(datasetsPath, "DATASETS");
  parseDatasetsIndex(readFileSync(datasetsPath, "utf8"), datasetsPath);
  const models = readModels(options.modelsPath, env);
  const ranges = parseFitRanges(options.fitRanges ?? []);
  const frozen = (options.freeze ?? []).map((n) => findParameter(models, n, "--freeze"));
  const contourPars = options.contour?.split(",").map((n) => findParameter(models, n.trim(), "--contour"));
  if (contourPars && contourPars.length !== 2)
    throw optionError("--contour", `'${options.contour}' names ${contourPars.length} parameters`, "X,Y");
  const fpEdges = options.fluxPointsEnergy ? parseEnergyEdges(options.fluxPointsEnergy) : undefined;
  const source = options.source ?? [...models].find((m) => m.spectralModel)?.name;
  if (options.source) models.get(options.source);
  // --- read ---
  const datasets = readDatasets(datasetsPath, { formats: ALL_DATASET_FORMATS, env });
  for (const r of ranges) {
    const hit = datasets.toArray().filter((d) => r.pattern === undefined || matches(r.pattern, d.name));
    if (hit.length === 0)
      throw optionError("--fit-range", `no dataset matches '${r.pattern}'`, `one of ${datasets.names.join(", ")}`);
    for (const d of hit) setFitEnergyRange(d, r.min, r.max);
  }
  if (options.statType) for (const d of datasets) if (d instanceof FluxPointsDataset) d.statType = options.statType;
  const fpTargets = selectFluxPointTargets(datasets, options.fluxPoints ?? []);
  for (const p of frozen) p.frozen = true;
  datasets.models = models;
  lap("read");
  // --- fit ---
  const fit = new Fit({ optimize: { signal: options.signal } });
  const result = fit.run(datasets.toArray());
  lap("fit");
  let contour: FitCommandResult["contour"];
  if (contourPars) {
    const c = fit.statContour(datasets.toArray(), contourPars[0], contourPars[1]);
    const names = models.parameterNames();
    contour = {
      x: names.get(contourPars[0])!,
      y: names.get(contourPars[1])!,
      x_values: [...c.x],
      y_values: [...c.y],
      success: c.success,
    };
    lap("contour");
  }
  const estimated = new Map<string, FluxPoints>();
  for (const d of fpTargets) {
    if (!source) break;
    const edges = fpEdges ?? defaultEdges(d);
    if (edges.length < 2) continue;
    estimated.set(d.name, estimateFluxPoints([d], { energyEdgesTeV: edges, source, signal: options.signal }));
  }
  if (fpTargets.length) lap("flux_points");
  // --- write ---
  mkdirSync(options.outDir, { recursive: true });
  const outputs: string[] = [];
  const out = (name: string) => {
    outputs.push(name);
    return join(options.outDir, name);
  };
  const covariance = new Covariance(result.parameters, result.covariance);
  writeModelsFiles(out("models.yaml"), models, covariance);
  outputs.splice(outputs.length - 1, 0, "models_covariance.dat");
  for (const [name, fp] of estimated) writeFitsFile(out(`flux_points_${name}.fits`), fluxPointsToHdus(fp));
  if (source) {
    const data = jointSedPlotData(datasets, estimated, models.get(source), result, `${source}: joint fit`);
    const svg = sedPlotSvg(data);
    writeFileAtomic(out("sed.svg"), svg);
    writePng(out("sed.png"), svg);
  }
  if (contour && contourPars) {
    const svg = contourPlotSvg({
      x: Float64Array.from(contour.x_values),
      y: Float64Array.from(contour.y_values),
      xBest: contourPars[0].value,
      yBest: contourPars[1].value,
      xName: contour.x,
      yName: contour.y,
      xUnit: contourPars[0].unit,
      yUnit: contourPars[1].unit,
      title: "1σ confidence contour (joint fit)",
    });
    writeFileAtomic(out("contour.svg"), svg);
    writePng(out("contour.png"), svg);
  }
  lap("write");
  timings.total = (performance.now() - t0) / 1000;
  const doc = resultDocument(datasets, models, result, covariance, timings, [...outputs, "result.json"], contour);
  writeFileAtomic(join(options.outDir, "result.json"), resultJson(doc));
  return doc;
}

/** The datasets `--flux-points` names (`all`: every spectrum/map dataset); throws for names of no dataset. */
function selectFluxPointTargets(datasets: Datasets, names: readonly string[]): Array<Dataset & FluxEstimationDataset> {
  const estimable = datasets.toArray().filter(isEstimable);
  if (names.includes("all")) return estimable;
  return names.flatMap((n) => {
    const hit = estimable.filter((d) => matches(n, d.name));
    if (hit.length === 0)
      throw optionError(
        "--flux-points",
        `no spectrum or map dataset matches '${n}'`,
        `all, or one of ${estimable.map((d) => d.name).join(", ")}`,
      );
    return hit;
  });
}

/** result.json text (non-finite numbers as null). */
export function resultJson(result: unknown): string {
  return `${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`;
}

function resultDocument(
  datasets: Datasets,
  models: Models,
  result: FitResult,
  covariance: Covariance,
  timings: Record<string, number>,
  outputs: string[],
  contour: FitCommandResult["contour"],
): FitCommandResult {
  const names = models.parameterNames();
  const free = result.parameters.free;
  const sub = covariance.getSubcovariance(free);
  const n = free.length;
  const rows = (a: Float64Array) => Array.from({ length: n }, (_, i) => [...a.subarray(i * n, (i + 1) * n)]);
  return {
    fit: {
      success: result.success,
      message: result.message,
      total_stat: result.totalStat,
      nfev: result.nfev,
      edm: result.edm,
      covariance_valid: result.covarianceValid,
    },
    datasets: datasets.toArray().map((d) => ({
      name: d.name,
      type: d.tag,
      stat_type: d.statType,
      stat_sum: d.statSum(),
      n_fit_bins: maskCount(d),
    })),
    parameters: [...result.parameters].map((p) => ({
      model: names.get(p)?.split(".")[0] ?? "",
      name: p.name,
      value: p.value,
      error: p.error,
      unit: p.unit,
      frozen: p.frozen,
    })),
    covariance: {
      parameters: [...free].map((p) => names.get(p) ?? p.name),
      matrix: rows(sub.data),
      correlation: rows(sub.correlation),
    },
    contour,
    timings_s: timings,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    outputs,
  };
}

function maskCount(d: Dataset): number {
  const mask = (d as { mask?: Uint8Array }).mask;
  if (!mask) return Number.NaN;
  let n = 0;
  for (const v of mask) n += v;
  return n;
}
