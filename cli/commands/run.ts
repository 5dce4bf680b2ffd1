/**
 * `gammats run`: reads an AnalysisConfig YAML (and models YAML), runs the steps and writes the outputs atomically
 * into a directory: models.yaml, flux_points.fits, datasets/, result.json, spectrum.svg and spectrum.png.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { stringify as stringifyYaml } from "yaml";
import { Analysis, type ProgressCallback } from "../../src/analysis/analysis.js";
import { expandVars } from "../../src/analysis/config.js";
import { analysisEnv, readAnalysisConfig, WorkerPool } from "../../src/analysis/node.js";
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
import { modelsToYaml, readModelsYaml } from "../../src/modeling/models-io.js";
import { readPrimaryFluxTable } from "../../src/modeling/node.js";
import { readEblTable } from "../../src/modeling/spectral-models.js";
import { GammatsError } from "../../src/util/errors.js";
import { collectWarnings } from "../../src/util/warnings.js";
import { writeSkyImages } from "./sky-images.js";
import { writeSpectrumPlots } from "./spectrum-plots.js";

/** Options of `runAnalysis`. */
export interface RunOptions {
  readonly modelsPath?: string;
  readonly outDir: string;
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

/** Runs the analysis of a config file and writes its outputs; returns what result.json holds. */
export async function runAnalysis(configPath: string, options: RunOptions): Promise<RunResult> {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const outputs: string[] = [];
  let last = t0;
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (now - last) / 1000;
    last = now;
    options.onStage?.(stage, timings[stage]);
  };
  const env = analysisEnv();
  const config = readAnalysisConfig(configPath, env);
  const { sink, warnings } = collectWarnings();
  const datastore = config.string("observations.datastore");
  if (!datastore)
    throw new GammatsError("BAD_CONFIG", "no observations.datastore", {
      file: configPath,
      key: "observations.datastore",
    });
  if (!existsSync(datastore))
    throw new GammatsError(
      "NOT_FOUND",
      `data store '${datastore}' not found (set GAMMATS_DATA or GAMMAPY_DATA to a gammapy-data copy)`,
      { file: configPath, key: "observations.datastore" },
      "an existing folder",
    );
  const exclusionPath = config.string("datasets.background.exclusion");
  const exclusionMask = exclusionPath ? (readMapFile(exclusionPath) as WcsNDMap) : undefined;
  const workers = options.workers ?? availableParallelism();
  const pool = workers > 1 ? new WorkerPool({ size: workers }) : undefined;
  const analysis = new Analysis(config, {
    // observations are reduced one after the other: one open file at a time keeps the memory low
    dataStore: openDataStore(datastore, { cacheSize: 1 }),
    exclusionMask,
    onProgress: options.onProgress,
    signal: options.signal,
    warn: sink,
    executor: pool,
  });
  analysis.getObservations();
  lap("observations");
  try {
    await analysis.getDatasets();
  } finally {
    await pool?.close();
  }
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
        path: { file: configPath, key: "excess_map" },
      });
    }
  }
  const modelsPath = options.modelsPath ?? config.string("general.models_file");
  if (modelsPath) {
    const modelsFile = modelsPath;
    analysis.setModels(
      readModelsYaml(readFileSync(modelsFile, "utf8"), modelsFile, {
        readMap: (f) => readMapFile(resolve(dirname(modelsFile), expandVars(f, env))) as WcsNDMap,
        readEbl: (f) => readEblTable(openFits(resolve(dirname(modelsFile), expandVars(f, env)))),
        readPrimaryFlux: () => readPrimaryFluxTable(undefined, env),
      }),
    );
    analysis.runFit();
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
  // flux points and light curves run on the pool again (its threads restart): stop them, or the process never exits
  await pool?.close();
  // collect the estimation's garbage before the figures are rendered (the renderer's buffers come on top)
  (globalThis as { gc?: () => void }).gc?.();
  mkdirSync(options.outDir, { recursive: true });
  const out = (name: string) => {
    outputs.push(name);
    return join(options.outDir, name);
  };
  const spectra = analysis.datasets.filter((d): d is SpectrumDataset => d instanceof SpectrumDataset);
  if (spectra.length) {
    writeDatasets(join(options.outDir, "datasets"), spectra);
    outputs.push("datasets/");
  }
  if (analysis.mapParts.length) {
    const dir = join(options.outDir, "datasets");
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
  if (maps.length === 1) outputs.push(...writeSkyImages(options.outDir, maps[0], analysis.excessMap));
  if (analysis.models) writeFileAtomic(out("models.yaml"), modelsToYaml(analysis.models));
  if (analysis.fluxPoints) {
    writeFitsFile(out("flux_points.fits"), fluxPointsToHdus(analysis.fluxPoints));
    if (analysis.models && analysis.fitResult && analysis.type === "1d") {
      const source = config.string("flux_points.source") ?? "source";
      outputs.push(...writeSpectrumPlots(options.outDir, analysis, source));
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
    warnings: warnings.map((w) => w.message),
    outputs: [...outputs, "result.json"],
  };
  writeFileAtomic(
    out("result.json"),
    `${JSON.stringify(result, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`,
  );
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
