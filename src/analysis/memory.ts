/**
 * An estimate of the memory an analysis config needs, from its geometry alone (no data read), to refuse configs that
 * would allocate far more than the machine has (10^5 x 10^5 pixels, 10^7 energy bins ...) before any work starts.
 * The coefficients are upper bounds measured on `gammats run` of the H.E.S.S. Crab configs (peak RSS against the
 * number of pixel-energy bins): a 3D run holds about 80-120 bytes per (pixel x (2 reco + 1 true) energy bin) of the
 * stacked geometry, plus the per-observation maps kept for light curves.
 */
import { GammatsError } from "../util/errors.js";
import type { AnalysisConfig } from "./config.js";

/** What an analysis needs, in bytes, and which part dominates (for the message). */
export interface MemoryEstimate {
  readonly bytes: number;
  /** Human description of the dominant term, e.g. "a 1000 x 1000 pixel map with 10 + 20 energy bins". */
  readonly dominant: string;
}

/** Node, the modules and one observation's events and IRFs. */
const BASE_BYTES = 200e6;
/** Bytes per (pixel x energy bin) of the stacked 3D dataset and everything computed on it (fit, maps, figures). */
const STACKED_BYTES_PER_BIN = 160;
/** Bytes per (pixel x energy bin) of one observation's map dataset kept after the reduction. */
const RUN_BYTES_PER_BIN = 48;
/** Each worker thread beyond the first: its heap, modules, and the observation it reduces. */
const WORKER_BYTES = 150e6;
/** PSF map: bytes per (IRF pixel x true-energy bin) (about 70 radius bins of float64). */
const PSF_BYTES_PER_BIN = 70 * 8;

/** `n` bytes as text with a binary unit, e.g. "1.5 GiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toPrecision(3)} ${units[u]}`;
}

/** Number of pixels of a width at a bin size, as `WcsGeom.create` rounds it. */
function pixels(widthDeg: number, binszDeg: number): number {
  return Math.max(1, Math.round(widthDeg / binszDeg));
}

/**
 * Memory estimate of a validated config for `nObservations` observations reduced by `workers` threads. 1D: the energy dispersion matrices (true x
 * reco energy bins) of each observation and of the stacked dataset; 3D: the stacked maps, the per-observation cutouts
 * (2 x offset_max wide, at most the map) and the PSF and dispersion maps on the IRF grid.
 */
export function estimateAnalysisMemory(config: AnalysisConfig, nObservations = 1, workers = 1): MemoryEstimate {
  const extraWorkers = (Math.min(workers, Math.max(1, nObservations)) - 1) * WORKER_BYTES;
  const ne = config.number("datasets.geom.axes.energy.nbins") ?? 1;
  const nt = config.number("datasets.geom.axes.energy_true.nbins") ?? 1;
  const n = Math.max(1, nObservations);
  if (config.string("datasets.type") !== "3d") {
    // per observation and stacked: dispersion matrix (float64), plus a few vectors
    const bytes = BASE_BYTES + extraWorkers + (n + 2) * (nt * ne * 8 + 16 * (nt + ne) * 8);
    return { bytes, dominant: `${n} observations with ${ne} reco x ${nt} true energy bins` };
  }
  const binsz = config.quantity("datasets.geom.wcs.binsize", "deg") ?? 0.02;
  const nx = pixels(config.quantity("datasets.geom.wcs.width.width", "deg") ?? 5, binsz);
  const ny = pixels(config.quantity("datasets.geom.wcs.width.height", "deg") ?? 5, binsz);
  const offsetMax = config.quantity("datasets.geom.selection.offset_max", "deg") ?? 2.5;
  const cut = pixels(2 * offsetMax, binsz);
  const runPixels = Math.min(nx, cut) * Math.min(ny, cut);
  const binsIrf = config.quantity("datasets.geom.wcs.binsize_irf", "deg") ?? 0.2;
  const irfPixels =
    pixels(config.quantity("datasets.geom.wcs.width.width", "deg") ?? 5, binsIrf) *
    pixels(config.quantity("datasets.geom.wcs.width.height", "deg") ?? 5, binsIrf);
  const bins = 2 * ne + nt;
  // datasets.stack: false fits every observation's dataset jointly: each holds what the stacked one would
  const perRun = config.get("datasets.stack") === false ? STACKED_BYTES_PER_BIN : RUN_BYTES_PER_BIN;
  const bytes =
    BASE_BYTES +
    extraWorkers +
    nx * ny * bins * STACKED_BYTES_PER_BIN +
    n * runPixels * bins * perRun +
    2 * irfPixels * nt * (PSF_BYTES_PER_BIN + ne * 8);
  return {
    bytes,
    dominant: `a ${nx} x ${ny} pixel map with ${ne} reco + ${nt} true energy bins${n > 1 ? `, ${n} observations` : ""}`,
  };
}

/**
 * Throws `TOO_LARGE` (naming the geometry and the budget) when the estimate exceeds `budgetBytes` (see
 * `estimateAnalysisMemory` for the other arguments).
 * @param budgetBytes the memory budget (e.g. `--max-memory`)
 */
export function checkMemoryBudget(config: AnalysisConfig, budgetBytes: number, nObservations = 1, workers = 1): void {
  const e = estimateAnalysisMemory(config, nObservations, workers);
  if (e.bytes > budgetBytes)
    throw new GammatsError(
      "TOO_LARGE",
      `${e.dominant} needs about ${formatBytes(e.bytes)} of memory, more than the budget of ${formatBytes(budgetBytes)}`,
      { file: config.file, key: config.string("datasets.type") === "3d" ? "datasets.geom" : "datasets.geom.axes" },
      "a smaller geometry or fewer bins, or a larger --max-memory",
    );
}
