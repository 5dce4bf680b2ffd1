/**
 * `gammats run`: reads an AnalysisConfig YAML (and models YAML), validates everything, runs the steps and writes the
 * outputs into a staging folder that replaces the output folder as a whole at the end: models.yaml,
 * flux_points.fits, datasets/, spectrum.svg and spectrum.png (3d: maps and figures), result.json last.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { stringify as stringifyYaml } from "yaml";
import { Analysis, type ProgressCallback } from "../../src/analysis/analysis.js";
import { type AnalysisConfig, expandVars } from "../../src/analysis/config.js";
import { checkMemoryBudget } from "../../src/analysis/memory.js";
import { analysisEnv, readAnalysisConfig, WorkerPool } from "../../src/analysis/node.js";
import { parseObsFile } from "../../src/analysis/observation-selection.js";
import { validateAnalysisConfig, validateModelsForAnalysis } from "../../src/analysis/validate.js";
import { DEFAULT_HDU_TABLE } from "../../src/data/data-store.js";
import { openDataStore } from "../../src/data/node.js";
import { infoDict, mapInfoDict, type SpectrumInfo } from "../../src/datasets/info.js";
import { MapDataset } from "../../src/datasets/map-dataset.js";
import { MapDatasetOnOff, mapOnOffInfoDict } from "../../src/datasets/map-dataset-onoff.js";
import { writeDatasets } from "../../src/datasets/node.js";
import { SpectrumDataset } from "../../src/datasets/spectrum-dataset.js";
import { fluxMapsToHdus, lightCurveToHdus } from "../../src/estimators/flux-maps-io.js";
import { fluxPointsToHdus } from "../../src/estimators/flux-points-io.js";
import { openFits, writeFileAtomic, writeFitsFile } from "../../src/fits/node.js";
import { mapDatasetToHdus } from "../../src/makers/map-dataset-io.js";
import { readMapFile } from "../../src/maps/node.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import type { Models } from "../../src/modeling/models.js";
import { modelsToYaml, readModelsYaml } from "../../src/modeling/models-io.js";
import { readPrimaryFluxTable } from "../../src/modeling/node.js";
import { readEblTable } from "../../src/modeling/spectral-models.js";
import { GammatsError } from "../../src/util/errors.js";
import type { WarningSink } from "../../src/util/warnings.js";
import { defaultMemoryBudget } from "../memory.js";
import { COMPLETION_MARKER, checkOutputFolder, withOutputFolder } from "../output-folder.js";
import { checkInputFile, checkInputFolder } from "../paths.js";
import type { TaskContext } from "../task.js";
import { resultJson } from "./run-command.js";
import { writeSkyImages } from "./sky-images.js";
import { writeSpectrumPlots } from "./spectrum-plots.js";

/** Options of `runAnalysis` (the in-process API; the CLI runs `runAnalysisTask` in a worker thread). */
export interface RunOptions {
  readonly modelsPath?: string;
  /** Output folder: replaced as a whole when the run succeeds, left as it was otherwise. */
  readonly outDir: string;
  /** Replace a non-empty `outDir` that is not a previous gammats output. */
  readonly overwrite?: boolean;
  /** Memory budget in bytes (default: `defaultMemoryBudget()`). */
  readonly maxMemoryBytes?: number;
  readonly onProgress?: ProgressCallback;
  readonly onStage?: (stage: string, seconds: number) => void;
  readonly signal?: AbortSignal;
  /** Worker threads for the per-observation work; 1 runs everything in this thread. Default: all cores. */
  readonly workers?: number;
}

/** The `result.json` document. */
export interface RunResult {
  fit?: { success: boolean; total_stat: number; nfev: number; message: string };
  /** Gammapy's `info_dict` of the dataset (stacked), or the totals over the datasets fitted jointly. */
  info: Record<string, unknown>;
  /** Joint analyses: each dataset's `info_dict`. */
  datasets_info?: SpectrumInfo[];
  parameters: Array<{ model: string; name: string; value: number; error: number; unit: string; frozen: boolean }>;
  flux_points?: Record<string, number[]>;
  timings_s: Record<string, number>;
  peak_rss_mb: number;
  warnings: string[];
  outputs: string[];
}

/** Arguments of `runAnalysisTask` (plain data: they cross to a worker thread). */
export interface RunTaskArgs {
  readonly configPath: string;
  readonly modelsPath?: string;
  /** The (staging) folder to write into; it exists and is empty. */
  readonly outDir: string;
  /** The output folder the staging folder will replace (checked against the inputs; default `outDir`). */
  readonly out?: string;
  readonly overwrite?: boolean;
  readonly maxMemoryBytes: number;
  /** Worker threads for the per-observation work; 1 runs everything in this thread. Default: all cores. */
  readonly workers?: number;
}

/** A run's inputs, read and validated. */
export interface RunInputs {
  readonly config: AnalysisConfig;
  readonly env: Record<string, string | undefined>;
  readonly datastore: string;
  readonly exclusionPath?: string;
  readonly modelsPath?: string;
  readonly models?: Models;
  readonly obsIdsFromFile?: number[];
}

/**
 * Reads and validates everything a run needs before any data is read: the config file (types, ranges, supported
 * options), the models file (parameters, fit with the dataset type), the paths of the data store, exclusion mask and
 * obs_file. Throws the first problem as a `GammatsError` naming the file or key.
 */
export function loadRunInputs(configPath: string, modelsOption?: string): RunInputs {
  checkInputFile(configPath, "config");
  const env = analysisEnv();
  const config = readAnalysisConfig(configPath, env);
  validateAnalysisConfig(config);
  const datastore = config.string("observations.datastore");
  if (!datastore)
    throw new GammatsError("BAD_CONFIG", "no observations.datastore", {
      file: configPath,
      key: "observations.datastore",
    });
  const storeKey = { file: configPath, key: "observations.datastore" };
  if (!existsSync(datastore))
    throw new GammatsError(
      "NOT_FOUND",
      `data store '${datastore}' not found (set GAMMATS_DATA or GAMMAPY_DATA to a gammapy-data copy)`,
      { file: configPath, key: "observations.datastore" },
      "an existing folder",
    );
  checkInputFolder(datastore, storeKey);
  checkInputFile(join(datastore, DEFAULT_HDU_TABLE), storeKey);
  const exclusionPath = config.string("datasets.background.exclusion");
  if (exclusionPath) checkInputFile(exclusionPath, { file: configPath, key: "datasets.background.exclusion" });
  const obsFile = config.string("observations.obs_file");
  let obsIdsFromFile: number[] | undefined;
  if (obsFile) {
    checkInputFile(obsFile, { file: configPath, key: "observations.obs_file" });
    obsIdsFromFile = parseObsFile(readFileSync(obsFile, "utf8"), obsFile);
  }
  const modelsPath = modelsOption ?? config.string("general.models_file");
  let models: Models | undefined;
  if (modelsPath) {
    checkInputFile(modelsPath, modelsOption ? "--models" : { file: configPath, key: "general.models_file" });
    models = readModelsYaml(readFileSync(modelsPath, "utf8"), modelsPath, {
      readMap: (f) => readMapFile(resolve(dirname(modelsPath), expandVars(f, env))) as WcsNDMap,
      readEbl: (f) => readEblTable(openFits(resolve(dirname(modelsPath), expandVars(f, env)))),
      readPrimaryFlux: () => readPrimaryFluxTable(undefined, env),
    });
    validateModelsForAnalysis(models, config, modelsPath);
  }
  return { config, env, datastore, exclusionPath, modelsPath, models, obsIdsFromFile };
}

/**
 * Everything `gammats run` checks before it starts: the inputs (`loadRunInputs`), the memory the config needs against
 * the budget, and the output folder. Returns the input paths (that the output folder must not contain).
 */
export function prepareRun(
  configPath: string,
  options: { modelsPath?: string; outDir: string; overwrite?: boolean; maxMemoryBytes: number },
): RunInputs {
  const inputs = loadRunInputs(configPath, options.modelsPath);
  const listed = inputs.obsIdsFromFile?.length ?? inputs.config.list("observations.obs_ids").length;
  checkMemoryBudget(inputs.config, options.maxMemoryBytes, listed);
  checkOutputFolder(options.outDir, {
    overwrite: options.overwrite,
    inputs: [configPath, inputs.modelsPath, inputs.datastore, inputs.exclusionPath],
  });
  return inputs;
}

/** Runs the analysis of a config file (in-process) and writes its outputs; returns what result.json holds. */
export async function runAnalysis(configPath: string, options: RunOptions): Promise<RunResult> {
  const maxMemoryBytes = options.maxMemoryBytes ?? defaultMemoryBudget();
  const signal = options.signal ?? new AbortController().signal;
  const { outDir: out, overwrite, modelsPath } = options;
  return withOutputFolder(out, { overwrite }, (staging) =>
    runAnalysisTask(
      { configPath, modelsPath, outDir: staging, out, overwrite, maxMemoryBytes, workers: options.workers },
      {
        signal,
        log: () => {},
        progress: (stage, done, total) => options.onProgress?.(stage, done, total),
        warn: () => {},
      },
      options.onStage,
    ),
  );
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new GammatsError("CANCELLED", "analysis cancelled");
}

/**
 * The work of `gammats run` (a task, see cli/task.ts): validate everything (`prepareRun`), reduce, fit, estimate, then
 * write every output into `args.outDir`, `result.json` last. Checks the abort signal between steps and files.
 */
export async function runAnalysisTask(
  args: RunTaskArgs,
  context: TaskContext,
  onStage: (stage: string, seconds: number) => void = (stage, seconds) =>
    context.log(`${stage} done in ${seconds.toFixed(2)} s`),
): Promise<RunResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const outputs: string[] = [];
  const { signal } = context;
  let last = t0;
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (now - last) / 1000;
    last = now;
    onStage(stage, timings[stage]);
    throwIfCancelled(signal);
  };
  const { config, datastore, exclusionPath, models, obsIdsFromFile } = prepareRun(args.configPath, {
    modelsPath: args.modelsPath,
    outDir: args.out ?? args.outDir,
    overwrite: args.overwrite,
    maxMemoryBytes: args.maxMemoryBytes,
  });
  throwIfCancelled(signal);
  const warnings: string[] = [];
  const sink: WarningSink = (w) => {
    warnings.push(w.message);
    context.warn(w.message);
  };
  const exclusionMask = exclusionPath ? (readMapFile(exclusionPath) as WcsNDMap) : undefined;
  const workers = args.workers ?? availableParallelism();
  const pool = workers > 1 ? new WorkerPool({ size: workers }) : undefined;
  const analysis = new Analysis(config, {
    // observations are reduced one after the other: one open file at a time keeps the memory low
    dataStore: openDataStore(datastore, { cacheSize: 1 }),
    exclusionMask,
    onProgress: context.progress,
    signal,
    obsIdsFromFile,
    warn: sink,
    executor: pool,
  });
  try {
    analysis.getObservations();
    checkMemoryBudget(config, args.maxMemoryBytes, analysis.observations.length, workers);
    lap("observations");
    await analysis.getDatasets();
    await pool?.close();
    // the observations are released once reduced; collect them now when the CLI exposes gc
    (globalThis as { gc?: () => void }).gc?.();
    lap("datasets");
    if (analysis.type === "3d") {
      if (analysis.datasets.length === 1) {
        analysis.getExcessMap();
        lap("excess_map");
      } else {
        // as Gammapy's Analysis.get_excess_map, which needs stacked datasets
        sink({
          code: "EXCESS_MAP_SKIPPED",
          message: `excess map skipped: ${analysis.datasets.length} datasets are fitted jointly (datasets.stack: false)`,
          path: { file: args.configPath, key: "excess_map" },
        });
      }
    }
    if (models) {
      analysis.setModels(models);
      const fit = await analysis.runFit();
      if (!fit.success)
        sink({ code: "FIT_NOT_CONVERGED", message: `the fit did not converge: ${fit.message}`, path: { key: "fit" } });
      lap("fit");
      if (config.number("flux_points.energy.nbins") !== undefined) {
        await analysis.getFluxPoints();
        lap("flux_points");
      }
      if (config.quantity("light_curve.energy_edges.min", "TeV") !== undefined) {
        await analysis.getLightCurve();
        lap("light_curve");
      }
    }
  } finally {
    // flux points and light curves run on the pool again (its threads restart): stop them, or the process never exits
    await pool?.close();
  }
  // collect the estimation's garbage before the figures are rendered (the renderer's buffers come on top)
  (globalThis as { gc?: () => void }).gc?.();
  const outDir = args.outDir;
  const out = (name: string) => {
    throwIfCancelled(signal);
    outputs.push(name);
    return join(outDir, name);
  };
  const spectra = analysis.datasets.filter((d): d is SpectrumDataset => d instanceof SpectrumDataset);
  if (spectra.length) {
    writeDatasets(join(outDir, "datasets"), spectra);
    outputs.push("datasets/");
  }
  if (analysis.mapParts.length) {
    const dir = join(outDir, "datasets");
    mkdirSync(dir, { recursive: true });
    const entries = analysis.mapParts.map((p, i) => {
      const filename = `${p.name}.fits`;
      writeFitsFile(join(dir, filename), mapDatasetToHdus(p, (analysis.datasets[i] as MapDataset).maskFit));
      return { name: p.name, type: "MapDataset", filename };
    });
    writeFileAtomic(join(dir, "_datasets.yaml"), stringifyYaml({ datasets: entries }));
    outputs.push("datasets/");
  }
  if (analysis.excessMap) writeFitsFile(out("excess_map.fits"), fluxMapsToHdus(analysis.excessMap));
  if (analysis.lightCurve) writeFitsFile(out("light_curve.fits"), lightCurveToHdus(analysis.lightCurve));
  const maps = analysis.datasets.filter((d): d is MapDataset => d instanceof MapDataset);
  throwIfCancelled(signal);
  if (maps.length === 1) outputs.push(...writeSkyImages(outDir, maps[0], analysis.excessMap));
  if (analysis.models) writeFileAtomic(out("models.yaml"), modelsToYaml(analysis.models));
  if (analysis.fluxPoints) {
    writeFitsFile(out("flux_points.fits"), fluxPointsToHdus(analysis.fluxPoints));
    if (analysis.models && analysis.fitResult && analysis.type === "1d") {
      const source = config.string("flux_points.source") ?? "source";
      throwIfCancelled(signal);
      outputs.push(...writeSpectrumPlots(outDir, analysis, source));
    }
  }
  lap("write");
  timings.total = (performance.now() - t0) / 1000;
  const infos = analysis.datasets.map(datasetInfo);
  const names = analysis.models?.parameterNames();
  const fp = analysis.fluxPoints;
  const result: RunResult = {
    fit: analysis.fitResult && {
      success: analysis.fitResult.success,
      total_stat: analysis.fitResult.totalStat,
      nfev: analysis.fitResult.nfev,
      message: analysis.fitResult.message,
    },
    info: infos.length === 1 ? { ...infos[0] } : jointInfo(infos),
    ...(infos.length > 1 ? { datasets_info: infos } : {}),
    parameters: analysis.models
      ? [...analysis.models.parameters].map((p) => ({
          model: names?.get(p)?.split(".")[0] ?? "",
          name: p.name,
          value: p.value,
          error: p.error,
          unit: p.unit,
          frozen: p.frozen,
        }))
      : [],
    flux_points: fp && {
      e_ref: [...fp.eRefTeV],
      e_min: [...fp.eMinTeV],
      e_max: [...fp.eMaxTeV],
      dnde: [...fp.norm].map((v, i) => v * fp.refDnde[i]),
      dnde_err: [...fp.normErr].map((v, i) => v * fp.refDnde[i]),
      dnde_ul: [...fp.normUl].map((v, i) => v * fp.refDnde[i]),
      ts: [...fp.ts],
      sqrt_ts: [...fp.sqrtTs],
    },
    timings_s: timings,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    warnings,
    outputs: [...outputs, "result.json"],
  };
  writeFileAtomic(out(COMPLETION_MARKER), resultJson(result));
  return result;
}

/** Gammapy's `info_dict` of a dataset of any kind. */
function datasetInfo(d: SpectrumDataset | MapDataset | MapDatasetOnOff): SpectrumInfo {
  return d instanceof MapDataset ? mapInfoDict(d) : d instanceof MapDatasetOnOff ? mapOnOffInfoDict(d) : infoDict(d);
}

/** Totals over jointly fitted datasets: counts, background, predictions, times, bins and statistic summed. */
function jointInfo(infos: readonly SpectrumInfo[]): Record<string, unknown> {
  const sum = (key: keyof SpectrumInfo) => infos.reduce((s, r) => s + Number(r[key] ?? 0), 0);
  const livetime = sum("livetime");
  return {
    name: "joint",
    n_datasets: infos.length,
    counts: sum("counts"),
    excess: sum("excess"),
    background: sum("background"),
    npred: sum("npred"),
    npred_background: sum("npred_background"),
    npred_signal: sum("npred_signal"),
    exposure_min: Math.min(...infos.map((r) => r.exposure_min)),
    exposure_max: Math.max(...infos.map((r) => r.exposure_max)),
    livetime,
    ontime: sum("ontime"),
    counts_rate: sum("counts") / livetime,
    background_rate: sum("background") / livetime,
    excess_rate: sum("excess") / livetime,
    n_bins: sum("n_bins"),
    n_fit_bins: sum("n_fit_bins"),
    stat_type: infos[0].stat_type,
    stat_sum: sum("stat_sum"),
  };
}
