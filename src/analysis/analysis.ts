/**
 * The config-driven analysis (Gammapy's `Analysis`): select observations, reduce them to datasets (1d: on-off
 * spectrum datasets with reflected regions and safe masks; 3d: map datasets with FoV background), optionally stacked;
 * excess maps (3d), fit models, estimate flux points and light curves.
 * Steps are methods so callers can time them; long steps report progress and honour an `AbortSignal`.
 */
import { Time } from "../coords/time.js";
import type { DataStore } from "../data/data-store.js";
import type { Observation } from "../data/observation.js";
import {
  MapDataset,
  type SpectrumDataset,
  spectrumDatasetFromPlain,
  stackSpectrumDatasets,
} from "../datasets/index.js";
import { MapDatasetOnOff } from "../datasets/map-dataset-onoff.js";
import { type ExcessMaps, estimateExcessMap } from "../estimators/excess-map.js";
import { estimateExcessMapOnOff } from "../estimators/excess-map-onoff.js";
import { concatFluxPoints, estimateFluxPoints, type FluxPoints } from "../estimators/flux-points.js";
import { type LightCurve, lightCurveBins, lightCurveOf } from "../estimators/light-curve.js";
import {
  energyMask,
  type MapDatasetParts,
  mapDatasetFromParts,
  type PlainMapDataset,
  plainMapDataset,
} from "../makers/index.js";
import { MapAxis } from "../maps/axis.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { Fit, type FitResult } from "../modeling/fit.js";
import { FoVBackgroundModel, Models } from "../modeling/models.js";
import { modelsToYaml } from "../modeling/models-io.js";
import { AnalyticSpectralModel } from "../modeling/spectral.js";
import { PowerLawNorm } from "../modeling/spectral-models.js";
import { GammatsError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import type { AnalysisConfig } from "./config.js";
import { type FluxPointsTaskOptions, fluxPointsTask } from "./estimation.js";
import { combineMapRuns, type MapRun, mapReductionPlan, mapRunFromPlain, reduceMapRunTask } from "./map-reduction.js";
import { selectObservations } from "./observation-selection.js";
import { reduceSpectrumRunTask, spectrumReductionPlan } from "./spectrum-reduction.js";
import { SessionDatasets } from "./stat-session.js";
import { type Executor, InlineExecutor, mapTasks } from "./tasks.js";
import { validateAnalysisConfig } from "./validate.js";

/** Progress of a step: stage name and counts. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

/** Options of `Analysis`. */
export interface AnalysisOptions {
  readonly dataStore: DataStore;
  /** Exclusion mask for reflected regions (read by the caller from `datasets.background.exclusion`). */
  readonly exclusionMask?: WcsNDMap;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  readonly warn?: WarningSink;
  /**
   * Runs the per-observation tasks (e.g. a `WorkerPool` of `gammats/analysis/node`); default: one after the other
   * in this thread, on `dataStore` and `exclusionMask`. Results do not depend on it.
   */
  readonly executor?: Executor;
  /** Ids read from `observations.obs_file` (the core reads no files; see `parseObsFile`). */
  readonly obsIdsFromFile?: readonly number[];
}

/** A 1D analysis driven by an `AnalysisConfig`. */
export class Analysis {
  readonly config: AnalysisConfig;
  readonly options: AnalysisOptions;
  readonly type: "1d" | "3d";
  observations: Observation[] = [];
  datasets: Array<SpectrumDataset | MapDataset | MapDatasetOnOff> = [];
  /** The per-observation datasets (before stacking), for light curves. */
  runDatasets: Array<SpectrumDataset | MapDataset> = [];
  /** 3d: the maps of `datasets` (same order), with their PSF and EDisp maps, for writing. */
  mapParts: MapDatasetParts[] = [];
  excessMap: ExcessMaps | undefined;
  lightCurve: LightCurve | undefined;
  models: Models | undefined;
  fitResult: FitResult | undefined;
  fluxPoints: FluxPoints | undefined;
  private readonly observationTimes = new Map<string, { startMjd: number; stopMjd: number }>();

  constructor(config: AnalysisConfig, options: AnalysisOptions) {
    this.config = config;
    this.options = options;
    const type = config.string("datasets.type");
    if (type !== "1d" && type !== "3d")
      throw new GammatsError(
        "BAD_CONFIG",
        `datasets.type '${type}'`,
        { file: config.file, key: "datasets.type" },
        "1d or 3d",
      );
    this.type = type;
    validateAnalysisConfig(config);
  }

  /** The executor of the options, or one that runs the tasks here on the options' data store and exclusion mask. */
  private executor(): Executor {
    return (
      this.options.executor ??
      new InlineExecutor({
        dataStore: () => this.options.dataStore,
        map: (location) => {
          if (!this.options.exclusionMask)
            throw new GammatsError("NOT_FOUND", "no exclusion mask was given to the analysis", { file: location });
          return this.options.exclusionMask;
        },
      })
    );
  }

  /**
   * Selects observations as Gammapy: obs_ids (or obs_file; all when empty), then cone and time selections, requiring
   * `required_irf` (see `selectObservations` for what is an error and what a warning).
   */
  getObservations(): Observation[] {
    this.observations = selectObservations(this.config, this.options.dataStore, {
      obsIdsFromFile: this.options.obsIdsFromFile,
      warn: this.options.warn,
    });
    return this.observations;
  }

  /**
   * Reduces the observations to on-off spectrum datasets (stacked when `datasets.stack`). Yields to the event loop
   * between observations so that progress is shown and cancellation (the `signal`) takes effect.
   */
  async getDatasets(): Promise<Array<SpectrumDataset | MapDataset | MapDatasetOnOff>> {
    const c = this.config;
    if (this.observations.length === 0) this.getObservations();
    const observations = this.observations;
    if (this.type === "3d") {
      const plan = mapReductionPlan(c);
      const runs: MapRun[] = [];
      const inputs = observations.map((o) => ({ config: c.tree, file: c.file, obsId: o.obsId }));
      await this.executor().forEach(
        reduceMapRunTask,
        inputs,
        (out) => {
          for (const w of out.warnings) this.options.warn?.(w);
          runs.push(mapRunFromPlain(out));
        },
        {
          signal: this.options.signal,
          onProgress: (done, total) => this.options.onProgress?.("datasets", done, total),
        },
      );
      const { datasets, parts } = combineMapRuns(plan, runs, this.options.exclusionMask);
      this.datasets = datasets;
      // light curves: per-run datasets (those of a joint analysis, with their own background models)
      this.runDatasets = plan.stack ? runs.map((r) => mapDatasetFromParts(r.parts)) : (datasets as MapDataset[]);
      this.mapParts = parts;
      this.releaseObservations();
      return this.datasets;
    }
    const plan = spectrumReductionPlan(c);
    const out: SpectrumDataset[] = [];
    const inputs = observations.map((o) => ({ config: c.tree, file: c.file, obsId: o.obsId }));
    await this.executor().forEach(
      reduceSpectrumRunTask,
      inputs,
      (r) => {
        for (const w of r.warnings) this.options.warn?.(w);
        out.push(spectrumDatasetFromPlain(r.dataset));
      },
      { signal: this.options.signal, onProgress: (done, total) => this.options.onProgress?.("datasets", done, total) },
    );
    this.runDatasets = out;
    this.datasets = plan.stack ? [stackSpectrumDatasets(out, "stacked")] : out;
    this.releaseObservations();
    return this.datasets;
  }

  /**
   * Drops the loaded observations (events, IRFs) and closes the data store's cached files once the datasets are made:
   * later steps need only the datasets, so their memory is returned.
   */
  releaseObservations(): void {
    for (const o of this.observations)
      this.observationTimes.set(String(o.obsId), { startMjd: o.tstart.mjd("tt"), stopMjd: o.tstop.mjd("tt") });
    this.observations = [];
    this.options.dataStore.files.clear?.();
  }

  /**
   * Sets the models on all datasets; map datasets without a background model get a `FoVBackgroundModel`
   * (`<name>-bkg`), as Gammapy's `Analysis.set_models`, whose norm starts at the run's FoV normalisation in joint
   * analyses (1 for a stacked dataset, whose background is normalised before stacking).
   */
  setModels(models: Models): void {
    const extra = this.datasets
      .filter(
        (d) =>
          d instanceof MapDataset && ![...models].some((m) => m instanceof FoVBackgroundModel && m.appliesTo(d.name)),
      )
      .map((d) => {
        // a run of a joint analysis starts from its FoV normalisation, as Gammapy's FoVBackgroundMaker leaves it
        const meta = this.mapParts.find((p) => p.name === d.name)?.meta;
        const spectral = new AnalyticSpectralModel(PowerLawNorm);
        if (meta?.backgroundNorm !== undefined) {
          const norm = spectral.parameters.get("norm");
          norm.value = meta.backgroundNorm;
          norm.error = meta.backgroundNormError ?? 0;
        }
        return new FoVBackgroundModel(d.name, spectral);
      });
    this.models = extra.length ? new Models([...models, ...extra]) : models;
    for (const d of this.datasets) d.models = this.models.forDataset(d.name);
  }

  /** Excess and significance maps of the (stacked) map dataset with `excess_map` settings (before models are set). */
  getExcessMap(): ExcessMaps {
    const c = this.config;
    const d = this.datasets[0];
    if (!(d instanceof MapDataset || d instanceof MapDatasetOnOff) || this.datasets.length !== 1)
      throw new GammatsError("BAD_CONFIG", "the excess map needs one stacked map dataset", {
        file: c.file,
        key: "excess_map",
      });
    const eMin = c.quantity("excess_map.energy_edges.min", "TeV");
    const eMax = c.quantity("excess_map.energy_edges.max", "TeV");
    const nbins = c.number("excess_map.energy_edges.nbins");
    const params = c.mapping("excess_map.parameters");
    const estimate = (opts: Parameters<typeof estimateExcessMap>[1]) =>
      d instanceof MapDatasetOnOff ? estimateExcessMapOnOff(d, opts) : estimateExcessMap(d, opts);
    this.excessMap = estimate({
      correlationRadiusDeg: c.quantity("excess_map.correlation_radius", "deg"),
      energyEdgesTeV:
        eMin !== undefined && eMax !== undefined && nbins
          ? MapAxis.fromEnergyBounds(eMin, eMax, nbins).edges
          : undefined,
      selectionOptional: Array.isArray(params.selection_optional)
        ? (params.selection_optional.map(String) as never)
        : params.selection_optional === "all"
          ? ["errn-errp", "ul"]
          : undefined,
    });
    return this.excessMap;
  }

  /**
   * Light curve of `light_curve.source`: one point per observation or per `light_curve.time_intervals` interval,
   * from the per-observation datasets; map datasets' intervals run as tasks of the executor.
   */
  async getLightCurve(): Promise<LightCurve> {
    const c = this.config;
    const models = this.models;
    if (!models) throw new GammatsError("NO_MODELS", "no models set", { key: "models" });
    const eMin = c.quantity("light_curve.energy_edges.min", "TeV");
    const eMax = c.quantity("light_curve.energy_edges.max", "TeV");
    const nbins = c.number("light_curve.energy_edges.nbins");
    const datasets = this.runDatasets;
    const starts = c.list("light_curve.time_intervals.start").map(String);
    const stops = c.list("light_curve.time_intervals.stop").map(String);
    if (starts.length !== stops.length)
      throw new GammatsError(
        "BAD_CONFIG",
        "light_curve.time_intervals needs as many stops as starts",
        { file: c.file, key: "light_curve.time_intervals" },
        "start and stop lists of equal length",
      );
    const intervals = starts.length
      ? starts.map((t, i) => ({ startMjd: parseTimeMjd(t), stopMjd: parseTimeMjd(stops[i]) }))
      : undefined;
    const options: FluxPointsTaskOptions = {
      source: c.string("light_curve.source") ?? "source",
      energyEdgesTeV:
        eMin !== undefined && eMax !== undefined && nbins
          ? MapAxis.fromEnergyBounds(eMin, eMax, nbins).edges
          : [eMin ?? 0, eMax ?? Infinity],
    };
    const bins = lightCurveBins(this.timesOf(datasets), intervals);
    const plain = this.plainMapDatasets(datasets);
    for (const d of datasets) d.models = models.forDataset(d.name);
    const points = plain
      ? await this.fluxPointsTasks(
          "light_curve",
          bins.map((b) => ({ datasets: b.datasets.map((i) => plain[i]), options })),
        )
      : bins.map((b, k) => {
          const fp = estimateFluxPoints(
            b.datasets.map((i) => datasets[i]),
            { ...options, signal: this.options.signal },
          );
          this.options.onProgress?.("light_curve", k + 1, bins.length);
          return fp;
        });
    this.lightCurve = lightCurveOf(bins, points);
    return this.lightCurve;
  }

  /** Flux points of map datasets, one `flux-points` task per item, run by the executor in order. */
  private fluxPointsTasks(
    stage: string,
    items: ReadonlyArray<{ datasets: readonly PlainMapDataset[]; options: FluxPointsTaskOptions }>,
  ): Promise<FluxPoints[]> {
    const models = modelsToYaml(this.models!);
    return mapTasks(
      this.executor(),
      fluxPointsTask,
      items.map((it) => ({ ...it, models })),
      {
        signal: this.options.signal,
        onProgress: (done, total) => this.options.onProgress?.(stage, done, total),
      },
    );
  }

  /** The plain forms of map datasets made from reduced parts (same order), or undefined for other datasets. */
  private plainMapDatasets(
    datasets: ReadonlyArray<SpectrumDataset | MapDataset | MapDatasetOnOff>,
  ): PlainMapDataset[] | undefined {
    const plain = datasets.map((d) => (d instanceof MapDataset ? plainMapDataset(d) : undefined));
    return plain.every((p) => p !== undefined) ? plain : undefined;
  }

  /** Start and stop (MJD, TT) of each dataset's observation. */
  private timesOf(datasets: ReadonlyArray<{ name: string }>): Array<{ startMjd: number; stopMjd: number }> {
    return datasets.map((d) => {
      const t = this.observationTimes.get(d.name);
      if (!t) throw new GammatsError("NOT_FOUND", `no observation times for dataset '${d.name}'`, { key: d.name });
      return t;
    });
  }

  /**
   * Fits the models in `fit.fit_range` (sets each dataset's fit mask). Several map datasets are evaluated on the
   * executor's workers when it can hold them (`openStatSession`); the map datasets of a joint fit then start their
   * later evaluations afresh, with or without workers, so that the numbers do not depend on them.
   */
  async runFit(): Promise<FitResult> {
    if (!this.models)
      throw new GammatsError(
        "NO_MODELS",
        "no models set",
        { key: "models" },
        "models from --models or general.models_file",
      );
    const c = this.config;
    const eMin = c.quantity("fit.fit_range.min", "TeV");
    const eMax = c.quantity("fit.fit_range.max", "TeV");
    for (const d of this.datasets) {
      const m = energyMask(d.energyAxis.edges, eMin, eMax);
      if (d instanceof MapDataset || d instanceof MapDatasetOnOff) {
        // broadcast the energy mask over the image
        const npix = d.counts.geom.imageSize;
        const cube = new Uint8Array(m.length * npix);
        for (let e = 0; e < m.length; e++) cube.fill(m[e], e * npix, (e + 1) * npix);
        d.maskFit = cube;
      } else d.maskFit = m;
    }
    let bins = 0;
    for (const d of this.datasets) for (const v of d.mask) bins += v;
    if (bins === 0)
      throw new GammatsError(
        "EMPTY_FIT",
        `no bin is inside both the fit range (${eMin ?? "-inf"} - ${eMax ?? "inf"} TeV) and the safe mask of the datasets`,
        { file: c.file, key: "fit.fit_range" },
        "a fit range that overlaps the safe energy range",
      );
    const fit = new Fit({ optimize: { signal: this.options.signal } });
    const executor = this.executor();
    const plain = this.datasets.length > 1 ? this.plainMapDatasets(this.datasets) : undefined;
    if (plain && executor.concurrency > 1 && executor.openStatSession) {
      const models = new Models(new Set(this.datasets.flatMap((d) => [...(d.models ?? [])])));
      const session = await executor.openStatSession(plain, modelsToYaml(models));
      try {
        this.fitResult = fit.run([new SessionDatasets(session, models)]);
      } finally {
        await session.close();
      }
    } else this.fitResult = fit.run(this.datasets);
    if (this.datasets.length > 1) for (const d of this.datasets) if (d instanceof MapDataset) d.clearEvaluators();
    return this.fitResult;
  }

  /**
   * Flux points of `flux_points.source` on `flux_points.energy` edges; for map datasets each energy bin is a task of
   * the executor.
   */
  async getFluxPoints(): Promise<FluxPoints> {
    const c = this.config;
    const eMin = c.quantity("flux_points.energy.min", "TeV");
    const eMax = c.quantity("flux_points.energy.max", "TeV");
    const nbins = c.number("flux_points.energy.nbins");
    if (eMin === undefined || eMax === undefined || nbins === undefined)
      throw new GammatsError("BAD_CONFIG", "flux_points.energy needs min, max and nbins", {
        file: c.file,
        key: "flux_points.energy",
      });
    const params = c.mapping("flux_points.parameters");
    const sel = params.selection_optional;
    const selection =
      sel === "all" || sel === undefined ? undefined : Array.isArray(sel) ? (sel.map(String) as never) : [];
    const edges = MapAxis.fromEnergyBounds(eMin, eMax, nbins).edges;
    const options: FluxPointsTaskOptions = {
      energyEdgesTeV: edges,
      source: c.string("flux_points.source") ?? "source",
      selectionOptional: selection,
      nSigma: typeof params.n_sigma === "number" ? params.n_sigma : undefined,
      nSigmaUl: typeof params.n_sigma_ul === "number" ? params.n_sigma_ul : undefined,
      reoptimize: params.reoptimize === true,
    };
    const plain = this.plainMapDatasets(this.datasets);
    this.fluxPoints = plain
      ? concatFluxPoints(
          await this.fluxPointsTasks(
            "flux_points",
            Array.from({ length: nbins }, (_, b) => ({
              datasets: plain,
              options: { ...options, energyEdgesTeV: [edges[b], edges[b + 1]] },
            })),
          ),
        )
      : estimateFluxPoints(this.datasets, {
          ...options,
          onProgress: (done, total) => this.options.onProgress?.("flux_points", done, total),
          signal: this.options.signal,
        });
    return this.fluxPoints;
  }
}

/** A config time: MJD (a number, TT) or an ISO string (UTC, as astropy's default), as MJD TT. */
function parseTimeMjd(text: string): number {
  const n = Number(text);
  return Number.isFinite(n) ? n : Time.fromIso(text, "utc").mjd("tt");
}
