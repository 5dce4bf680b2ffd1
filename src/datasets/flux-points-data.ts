/**
 * Flux points as data to fit (what Gammapy's `FluxPoints.from_table` makes of a "gadf-sed" table): any SED type
 * (`dnde`, `e2dnde`, `flux`, `eflux`, `likelihood`) is turned into norms of a reference model and from there into
 * dN/dE at the energy axis' centres, as Gammapy 1.0 does:
 *
 * - the energy axis is made of `e_min` and the last `e_max` when both columns exist (bin centres are the log centres
 *   of those edges, not the `e_ref` column), else of the `e_ref` nodes;
 * - the reference model is the table's own (`e_ref`, `ref_dnde`) template for `likelihood` tables, else a power law of
 *   index 2 (1e-12 cm-2 s-1 TeV-1 at 1 TeV): `norm = value / reference value`, `dnde = norm * reference dN/dE`;
 * - norms of points flagged `success = false` are NaN; `is_ul` is the column when present, else `sqrt_ts < 2` when
 *   there are TS and upper limits, else "has an upper limit", else "norm is NaN".
 *
 * Arrays have one element per point (nPoints,); scans are (nPoints x nScan) row-major.
 */
import { MapAxis } from "../maps/axis.js";
import { createSpectralModel, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { TemplateSpectralModel } from "../modeling/spectral-models.js";
import { GammatsError } from "../util/errors.js";
import { toFloat64 } from "../util/ndarray.js";
import type { Table, TableColumn } from "../util/table.js";
import { unitConversionFactor } from "../util/units.js";

/** Gammapy's SED types. */
export type FluxPointsSedType = "dnde" | "e2dnde" | "flux" | "eflux" | "likelihood";

/** Columns each SED type needs, in the order Gammapy guesses the type from a table's columns. */
const REQUIRED_COLUMNS: ReadonlyArray<readonly [FluxPointsSedType, readonly string[]]> = [
  ["dnde", ["e_ref", "dnde"]],
  ["e2dnde", ["e_ref", "e2dnde"]],
  ["flux", ["e_min", "e_max", "flux"]],
  ["eflux", ["e_min", "e_max", "eflux"]],
  ["likelihood", ["e_min", "e_max", "e_ref", "ref_dnde", "norm"]],
];

/** Canonical unit of each SED quantity (values are converted to it). */
const SED_UNITS: Readonly<Record<Exclude<FluxPointsSedType, "likelihood">, string>> = {
  dnde: "cm-2 s-1 TeV-1",
  e2dnde: "TeV cm-2 s-1",
  flux: "cm-2 s-1",
  eflux: "TeV cm-2 s-1",
};

/** Gammapy's default `sqrt_ts` threshold below which a point with an upper limit is an upper limit. */
const SQRT_TS_THRESHOLD_UL = 2;

/** Flux points ready to fit: dN/dE and its errors at the energy axis' centres. */
export interface FluxPointsData {
  /** The SED type of the table they were read from. */
  readonly sedTypeInit: FluxPointsSedType;
  /** Energy axis (edges from e_min/e_max, or e_ref nodes), TeV. */
  readonly energyAxis: MapAxis;
  /** Reference energies: the axis centres (TeV). */
  readonly eRefTeV: Float64Array;
  /** Bin edges (TeV); for an e_ref-only table, the axis' derived edges. */
  readonly eMinTeV: Float64Array;
  readonly eMaxTeV: Float64Array;
  /** dN/dE of the reference model at eRef (cm-2 s-1 TeV-1). */
  readonly dndeRef: Float64Array;
  /** Norms relative to the reference model (dimensionless); missing quantities are undefined. */
  readonly norm: Float64Array;
  readonly normErr?: Float64Array;
  readonly normErrn?: Float64Array;
  readonly normErrp?: Float64Array;
  readonly normUl?: Float64Array;
  /** 1 where the point is an upper limit. */
  readonly isUl: Uint8Array;
  /** Likelihood profiles: norm values (nScan,) shared by all points and stat (nPoints x nScan), with best-fit stat. */
  readonly normScan?: Float64Array;
  readonly statScan?: Float64Array;
  readonly stat?: Float64Array;
  readonly sqrtTs?: Float64Array;
  /** Masks stored with the table (Gammapy's FluxPointsDataset files), 1 = used. */
  readonly maskSafe?: Uint8Array;
  readonly maskFit?: Uint8Array;
}

/** dN/dE = norm x reference dN/dE (cm-2 s-1 TeV-1) of a norm quantity; undefined when absent. */
export function dndeOf(data: FluxPointsData, norms: Float64Array | undefined): Float64Array | undefined {
  return norms && Float64Array.from(norms, (v, i) => v * data.dndeRef[i]);
}

function badTable(message: string, key: string, file?: string, expected?: string): GammatsError {
  return new GammatsError("BAD_FLUX_POINTS", message, { file, key }, expected);
}

/** Gammapy's `table_standardise_units_copy`: "ph" / "photon" factors are dropped from units. */
function standardUnit(unit: string | undefined): string {
  return (unit ?? "")
    .replace(/\b(ph|photon)s?\b/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function scalarColumn(table: Table, name: string, unit: string | undefined, file?: string): Float64Array {
  const c = table.column(name);
  const per = (c.cellShape ?? []).reduce((a, b) => a * b, 1);
  if (per !== 1)
    throw badTable(`column ${name} has cells of shape [${c.cellShape}]`, name, file, "one value per flux point");
  if (Array.isArray(c.data)) throw badTable(`column ${name} is not numeric`, name, file, "numbers");
  const values = toFloat64(c.data);
  if (unit === undefined) return values;
  let f: number;
  try {
    f = unitConversionFactor(standardUnit(c.unit) || unit, unit);
  } catch {
    throw badTable(`column ${name} has unit '${c.unit}'`, name, file, `a unit convertible to ${unit}`);
  }
  if (f !== 1) for (let i = 0; i < values.length; i++) values[i] *= f;
  return values;
}

function logicalColumn(table: Table, name: string, file?: string): Uint8Array {
  const c: TableColumn = table.column(name);
  if (Array.isArray(c.data)) {
    return Uint8Array.from(c.data as string[], (s) => (/^(true|t|1)$/i.test(s.trim()) ? 1 : 0));
  }
  const v = scalarColumn(table, name, undefined, file);
  return Uint8Array.from(v, (x) => (x ? 1 : 0));
}

/** The SED type of a table: its SED_TYPE keyword, else the first type whose required columns it has. */
export function sedTypeOf(table: Table, file?: string): FluxPointsSedType {
  const meta = table.meta.SED_TYPE;
  if (typeof meta === "string" && meta.trim()) {
    const t = meta.trim().toLowerCase();
    if (REQUIRED_COLUMNS.some(([s]) => s === t)) return t as FluxPointsSedType;
    throw badTable(`unknown SED_TYPE '${meta}'`, "SED_TYPE", file, REQUIRED_COLUMNS.map(([s]) => s).join(", "));
  }
  for (const [type, cols] of REQUIRED_COLUMNS) if (cols.every((c) => table.has(c))) return type;
  throw badTable(
    `cannot tell the SED type from the columns ${table.colnames.join(", ")}`,
    "SED_TYPE",
    file,
    "e_ref + dnde, e_ref + e2dnde, e_min + e_max + flux or eflux, or a likelihood table",
  );
}

/** The energy axis of a gadf-sed table: e_min and the last e_max, else the e_ref nodes (log interpolation). */
function energyAxisOf(table: Table, file?: string): MapAxis {
  try {
    if (table.has("e_min") && table.has("e_max")) {
      const lo = scalarColumn(table, "e_min", "TeV", file);
      const hi = scalarColumn(table, "e_max", "TeV", file);
      const edges = new Float64Array(lo.length + 1);
      edges.set(lo);
      edges[lo.length] = hi[hi.length - 1];
      return MapAxis.fromEnergyEdges(edges);
    }
    if (table.has("e_ref")) {
      return MapAxis.fromNodes(scalarColumn(table, "e_ref", "TeV", file), {
        name: "energy",
        interp: "log",
        unit: "TeV",
      });
    }
  } catch (err) {
    if (err instanceof GammatsError && err.code === "BAD_FLUX_POINTS") throw err;
    throw badTable(`bad energies: ${(err as Error).message}`, "e_ref", file, "increasing positive energies");
  }
  throw badTable("no e_ref, or e_min and e_max columns", "e_ref", file, "energy columns");
}

/** Reference values of the reference model per SED type, at the axis. */
function referenceValues(
  model: SpectralModel,
  axis: MapAxis,
  sedType: Exclude<FluxPointsSedType, "likelihood">,
): Float64Array {
  const e = axis.center;
  if (sedType === "dnde") return model.evaluate(e);
  if (sedType === "e2dnde") return model.evaluate(e).map((v, i) => v * e[i] * e[i]);
  if (sedType === "flux") return model.integral(axis.edgesMin, axis.edgesMax);
  return model.energyFlux(axis.edgesMin, axis.edgesMax);
}

/** Options of `fluxPointsDataFromTable`. */
export interface FluxPointsTableOptions {
  /** SED type (default: the table's SED_TYPE, else guessed from the columns). */
  readonly sedType?: FluxPointsSedType;
  /** Reference model for non-likelihood tables (default: power law of index 2). */
  readonly referenceModel?: SpectralModel;
  /** File name for error messages. */
  readonly file?: string;
}

/**
 * Flux points from a "gadf-sed" table (Gammapy's `FluxPoints.from_table`), including the `mask_safe`/`mask_fit`
 * columns of Gammapy's `FluxPointsDataset` files. Throws `GammatsError` `BAD_FLUX_POINTS` naming the column for a
 * table that is not flux points.
 */
export function fluxPointsDataFromTable(table: Table, options: FluxPointsTableOptions = {}): FluxPointsData {
  const file = options.file;
  if (table.nrows === 0) throw badTable("the table has no rows", "e_ref", file, "at least one flux point");
  const sedType = options.sedType ?? sedTypeOf(table, file);
  const axis = energyAxisOf(table, file);
  const has = (name: string) => table.has(name);
  const col = (name: string, unit?: string) => (has(name) ? scalarColumn(table, name, unit, file) : undefined);
  let norm: Float64Array;
  let normErr: Float64Array | undefined;
  let normErrn: Float64Array | undefined;
  let normErrp: Float64Array | undefined;
  let normUl: Float64Array | undefined;
  let reference: SpectralModel;
  if (sedType === "likelihood") {
    for (const c of ["e_ref", "ref_dnde", "norm"])
      if (!has(c)) throw badTable(`a likelihood table needs column ${c}`, c, file, "e_ref, ref_dnde and norm");
    reference = new TemplateSpectralModel(col("e_ref", "TeV")!, col("ref_dnde", SED_UNITS.dnde)!);
    norm = col("norm")!;
    normErr = col("norm_err");
    normErrn = col("norm_errn");
    normErrp = col("norm_errp");
    normUl = col("norm_ul");
  } else {
    if (!has(sedType)) throw badTable(`no column ${sedType}`, sedType, file, `the ${sedType} column of the SED type`);
    reference = options.referenceModel ?? createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12, reference: 1 });
    const factor = referenceValues(reference, axis, sedType);
    const unit = SED_UNITS[sedType];
    const toNorm = (name: string) => {
      const v = col(name, unit);
      if (v) for (let i = 0; i < v.length; i++) v[i] /= factor[i];
      return v;
    };
    norm = toNorm(sedType)!;
    normErr = toNorm(`${sedType}_err`);
    normErrn = toNorm(`${sedType}_errn`);
    normErrp = toNorm(`${sedType}_errp`);
    normUl = toNorm(`${sedType}_ul`);
  }
  if (norm.length !== axis.nbin)
    throw badTable(`${norm.length} values for ${axis.nbin} energy bins`, sedType, file, "one value per energy bin");
  // Gammapy's `_filter_convergence_failure`: points that did not converge have NaN norm and error
  if (has("success")) {
    const ok = logicalColumn(table, "success", file);
    for (let i = 0; i < ok.length; i++)
      if (!ok[i]) {
        norm[i] = Number.NaN;
        if (normErr) normErr[i] = Number.NaN;
      }
  }
  let sqrtTs = col("sqrt_ts");
  const ts = col("ts");
  if (!sqrtTs && ts) sqrtTs = ts.map((v, i) => (norm[i] > 0 ? 1 : -1) * Math.sqrt(v));
  let isUl: Uint8Array;
  if (has("is_ul")) isUl = logicalColumn(table, "is_ul", file);
  else if (sqrtTs && normUl) isUl = Uint8Array.from(sqrtTs, (v) => (v < SQRT_TS_THRESHOLD_UL ? 1 : 0));
  else if (normUl) isUl = Uint8Array.from(normUl, (v) => (Number.isFinite(v) ? 1 : 0));
  else isUl = Uint8Array.from(norm, (v) => (Number.isNaN(v) ? 1 : 0));
  const scans = readScans(table, axis.nbin, file);
  return {
    sedTypeInit: sedType,
    energyAxis: axis,
    eRefTeV: axis.center,
    eMinTeV: axis.edgesMin,
    eMaxTeV: axis.edgesMax,
    dndeRef: reference.evaluate(axis.center),
    norm,
    normErr,
    normErrn,
    normErrp,
    normUl,
    isUl,
    ...scans,
    stat: col("stat") ?? (has("loglike") ? col("loglike")!.map((v) => 2 * v) : undefined),
    sqrtTs,
    maskSafe: has("mask_safe") ? logicalColumn(table, "mask_safe", file) : undefined,
    maskFit: has("mask_fit") ? logicalColumn(table, "mask_fit", file) : undefined,
  };
}

/** The likelihood scans (norm_scan from the first row, as Gammapy; stat_scan or 2 dloglike_scan). */
function readScans(table: Table, nPoints: number, file?: string): { normScan?: Float64Array; statScan?: Float64Array } {
  const statName = table.has("stat_scan") ? "stat_scan" : table.has("dloglike_scan") ? "dloglike_scan" : undefined;
  if (!table.has("norm_scan") || !statName) return {};
  const normCol = table.column("norm_scan");
  const statCol = table.column(statName);
  if (Array.isArray(normCol.data) || Array.isArray(statCol.data))
    throw badTable("scan columns are not numeric", statName, file, "numbers");
  const nScan = normCol.data.length / nPoints;
  if (!Number.isInteger(nScan) || statCol.data.length !== nPoints * nScan)
    throw badTable(
      `${statName} has ${statCol.data.length} values`,
      statName,
      file,
      `${nPoints} x ${nScan} (as norm_scan)`,
    );
  const statScan = toFloat64(statCol.data);
  if (statName === "dloglike_scan") for (let i = 0; i < statScan.length; i++) statScan[i] *= 2;
  return { normScan: toFloat64(normCol.data).slice(0, nScan), statScan };
}
