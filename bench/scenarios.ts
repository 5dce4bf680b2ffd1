/**
 * The scenarios of the benchmark suite (bench/suite.ts), as data. Each runs as whole processes side by side:
 * gammats (`gammats run CONFIG --models MODELS`, or a script) and Gammapy 1.0 (bench/gammapy_run.py with the same
 * AnalysisConfig and models YAML, or the matching script), on the same data. Paths are relative to the repository
 * root (both sides run there); `set` overrides config keys (dotted paths; `null` removes a section), and the config
 * actually read is written to bench/results/configs/<name>.yaml.
 */

/** A CLI feature a scenario needs; scenarios whose features are missing are listed as waiting. */
export type Feature = "workers" | "simulate-irf";

/** Agreement tolerances (see `compare` in bench/suite.ts). */
export interface Tolerance {
  /**
   * Each free parameter: |Δ| ≤ rel · |Gammapy value|, or ≤ converged · σ (σ: Gammapy's error) when that is larger,
   * and in any case ≤ sigma · σ. MIGRAD stops within EDM 2e-4 of the minimum (tol 0.1), where parameters can still
   * move by about sqrt(2 EDM) = 0.02 σ: two converged fits of the same likelihood can differ that much.
   */
  rel: number;
  converged: number;
  sigma: number;
  /** Each free parameter's error: relative difference. */
  errorRel: number;
  /** Total fit statistic: absolute difference. */
  stat: number;
  /** Flux points (dnde), light-curve points (norm) and the TS-map peak: relative difference per point. */
  pointsRel: number;
}

/** Default tolerances, stated in the results table. */
export const DEFAULT_TOLERANCE: Tolerance = {
  rel: 1e-3,
  converged: 0.02,
  sigma: 0.1,
  errorRel: 0.02,
  stat: 0.01,
  pointsRel: 1e-2,
};

/** A data store written by `gammats simulate` before the scenario runs (not timed; reused when present). */
export interface SimulatedStore {
  /** Output folder, relative to the repository root. */
  dir: string;
  nObs: number;
  seed: number;
  /** A real IRF file (`gammats simulate --irf`), relative to the data directory. */
  irf?: string;
}

/** One benchmark scenario. */
export interface Scenario {
  name: string;
  /** One line for the results table. */
  title: string;
  /** AnalysisConfig YAML read by both sides. */
  config: string;
  /** Config overrides: dotted key -> value (`null` deletes the key). */
  set?: Record<string, unknown>;
  /** Models YAML (both sides). */
  models?: string;
  /** Side scripts taking `CONFIG [MODELS]` instead of `gammats run` and bench/gammapy_run.py. */
  scripts?: { gammats: string; gammapy: string };
  /** Worker count: `gammats run --workers N` and Gammapy's `general.n_jobs: N`. */
  workers?: number;
  /** Member of a scaling series: series name and number of runs (the plot's x axis). */
  series?: { name: string; runs: number };
  needs?: Feature[];
  store?: SimulatedStore;
  tolerance?: Partial<Tolerance>;
}

const CRAB_1D = "examples/crab-1d.yaml";
const CRAB_3D = "examples/crab-3d.yaml";
const PKS2155_RUNS = [
  33787, 33788, 33789, 33790, 33791, 33792, 33793, 33794, 33795, 33796, 33797, 33798, 33799, 33800, 33801, 47802, 47803,
  47804, 47827, 47828, 47829,
];
/** The CTA-like store (Prod5 South IRFs, as Gammapy's CTA simulation notebooks), and a 64-run generic store. */
const CTA_STORE: SimulatedStore = {
  dir: "bench/.cache/cta-prod5-south",
  nObs: 4,
  seed: 1,
  irf: "cta-caldb/Prod5-South-20deg-AverageAz-14MSTs37SSTs.180000s-v0.1.fits.gz",
};
const SIM_STORE: SimulatedStore = { dir: "bench/.cache/sim-64", nObs: 64, seed: 1 };
/** 3D configs without the light curve (Gammapy's `Analysis` makes it per run only for unstacked datasets). */
const NO_LIGHT_CURVE = { light_curve: null };
const JOINT = { "datasets.stack": false, excess_map: null };

const scenarios: Scenario[] = [
  {
    name: "spectrum_1d",
    title: "1D Crab, 4 runs, stacked, reflected regions, PL fit, 6 flux points",
    config: CRAB_1D,
    models: "examples/crab-1d-models.yaml",
  },
  {
    name: "spectrum_1d_joint",
    title: "1D PKS 2155-304, 21 runs, joint (stack: false), PL fit, 6 flux points",
    config: "bench/configs/pks2155-1d-joint.yaml",
    models: "bench/configs/pks2155-1d-models.yaml",
  },
  {
    name: "analysis_3d",
    title: "3D Crab, 4 runs, stacked, point source fit, excess map, 4 flux points",
    config: CRAB_3D,
    set: NO_LIGHT_CURVE,
    models: "examples/crab-3d-models.yaml",
  },
  {
    name: "analysis_3d_joint",
    title: "3D Crab, 4 runs, joint (stack: false), point source fit, 4 flux points",
    config: CRAB_3D,
    set: { ...JOINT, ...NO_LIGHT_CURVE },
    models: "examples/crab-3d-models.yaml",
  },
  {
    name: "lightcurve_1d",
    title: "1D Crab, 4 runs, joint fit, light curve per run (1-10 TeV)",
    config: CRAB_1D,
    set: {
      "datasets.stack": false,
      flux_points: null,
      light_curve: { energy_edges: { min: "1 TeV", max: "10 TeV", nbins: 1 }, source: "crab" },
    },
    models: "examples/crab-1d-models.yaml",
  },
  {
    name: "lightcurve_3d",
    title: "3D Crab, 4 runs, joint fit, light curve per run (1-10 TeV)",
    config: CRAB_3D,
    set: { ...JOINT, flux_points: null },
    models: "examples/crab-3d-models.yaml",
  },
  {
    name: "tsmap",
    title: "3D Crab, 4 runs, stacked: TS map (point source, PL index 2, Gammapy's defaults)",
    config: CRAB_3D,
    scripts: { gammats: "bench/tsmap.ts", gammapy: "bench/ts_map_gammapy.py" },
  },
  {
    name: "extended_gauss",
    title: "3D MSH 15-52, 19 runs, stacked, Gaussian source fit, 4 flux points",
    config: "bench/configs/msh1552-3d.yaml",
    models: "bench/configs/msh1552-gauss-models.yaml",
  },
  {
    name: "extended_disk",
    title: "3D RX J1713.7-3946, 12 runs, stacked, disk source fit, 4 flux points",
    config: "bench/configs/rxj1713-3d.yaml",
    models: "bench/configs/rxj1713-disk-models.yaml",
  },
  {
    name: "cta_sim",
    title: "3D CTA-like store (Prod5 South IRFs, 4 simulated runs), stacked, point source fit",
    config: CRAB_3D,
    set: { ...NO_LIGHT_CURVE, "observations.datastore": CTA_STORE.dir, "observations.obs_ids": [1, 2, 3, 4] },
    models: "examples/crab-3d-models.yaml",
    needs: ["simulate-irf"],
    store: CTA_STORE,
  },
];

/** Scaling series: 3D stacked point-source analyses over 1, 4, 16 ... runs, with 1 and 2 workers. */
for (const workers of [1, 2]) {
  for (const n of [1, 4, 16, PKS2155_RUNS.length])
    scenarios.push({
      name: `scaling_dr1_${n}_w${workers}`,
      title: `3D PKS 2155-304, first ${n} of its ${PKS2155_RUNS.length} DR1 runs, stacked, point source fit, ${workers === 1 ? "1 worker" : `${workers} workers`}`,
      config: "bench/configs/pks2155-3d.yaml",
      set: { "observations.obs_ids": PKS2155_RUNS.slice(0, n), "general.n_jobs": workers },
      models: "bench/configs/pks2155-3d-models.yaml",
      workers,
      series: { name: "H.E.S.S. DR1 PKS 2155-304", runs: n },
      needs: workers > 1 ? ["workers"] : undefined,
    });
  for (const n of [1, 4, 16, 64])
    scenarios.push({
      name: `scaling_sim_${n}_w${workers}`,
      title: `3D simulated Crab-like store (gammats simulate), ${n} runs, stacked, point source fit, ${workers === 1 ? "1 worker" : `${workers} workers`}`,
      config: CRAB_3D,
      set: {
        ...NO_LIGHT_CURVE,
        flux_points: null,
        "observations.datastore": SIM_STORE.dir,
        "observations.obs_ids": Array.from({ length: n }, (_, i) => i + 1),
        "general.n_jobs": workers,
      },
      models: "examples/crab-3d-models.yaml",
      workers,
      series: { name: "simulated store", runs: n },
      needs: workers > 1 ? ["workers"] : undefined,
      store: SIM_STORE,
    });
}

export const SCENARIOS: readonly Scenario[] = scenarios;
