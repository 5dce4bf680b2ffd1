/**
 * Flux points from a table of measured fluxes (Gammapy's `FluxPoints.from_table` for the "dnde", "e2dnde", "flux"
 * and "eflux" SED types, as catalogs give them): the energy axis is built as Gammapy's `gadf-sed` reader does, and
 * every quantity becomes a norm of a reference spectral model, so the points behave as estimated ones.
 */
import type { SpectralModel } from "../modeling/spectral.js";
import { ArgumentError } from "../util/errors.js";
import type { FluxPoints, SedType } from "./flux-points.js";

/** A table of measured fluxes in one SED type. Energies in TeV; values in the SED type's unit (see `SedType`). */
export interface SedTable {
  readonly sedType: SedType;
  /** Lower bin edges (TeV); with `eMaxTeV` they define the energy axis (only the last upper edge is used, as Gammapy). */
  readonly eMinTeV?: ArrayLike<number>;
  readonly eMaxTeV?: ArrayLike<number>;
  /** Reference energies (TeV), used as log-interpolated axis nodes when no edges are given. */
  readonly eRefTeV?: ArrayLike<number>;
  /** Values, shape (nBins,). */
  readonly value: ArrayLike<number>;
  readonly err?: ArrayLike<number>;
  readonly errn?: ArrayLike<number>;
  readonly errp?: ArrayLike<number>;
  readonly ul?: ArrayLike<number>;
  /** Upper-limit flags (0/1); when absent they follow Gammapy's rules (see `fluxPointsFromSed`). */
  readonly isUl?: ArrayLike<number | boolean>;
  readonly ts?: ArrayLike<number>;
  readonly sqrtTs?: ArrayLike<number>;
}

/** Meta data of SED tables (Gammapy's flux-points meta). */
export interface SedMeta {
  /** n_sigma of the errors (default 1). */
  readonly nSigma?: number;
  /** n_sigma of the upper limits (default 2). */
  readonly nSigmaUl?: number;
  /** sqrt(TS) below which a point is an upper limit when flags are derived from TS (default 2). */
  readonly sqrtTsThresholdUl?: number;
}

/**
 * Energy bins of a SED table as Gammapy's `MapAxis.from_table(format="gadf-sed-energy")`: with `eMin` and `eMax`
 * the edges are the lower edges plus the last upper edge (centres are geometric means); otherwise the reference
 * energies are log-interpolated nodes whose edges are the geometric means of neighbours (extrapolated at the ends).
 */
export function sedEnergyBins(sed: Pick<SedTable, "eMinTeV" | "eMaxTeV" | "eRefTeV">): {
  eMinTeV: Float64Array;
  eMaxTeV: Float64Array;
  eRefTeV: Float64Array;
} {
  if (sed.eMinTeV && sed.eMaxTeV) {
    const n = sed.eMinTeV.length;
    const edges = Float64Array.from({ length: n + 1 }, (_, i) => (i < n ? sed.eMinTeV![i] : sed.eMaxTeV![n - 1]));
    checkIncreasing(edges, "eMinTeV");
    return {
      eMinTeV: edges.slice(0, n),
      eMaxTeV: edges.slice(1),
      eRefTeV: Float64Array.from({ length: n }, (_, i) => Math.sqrt(edges[i] * edges[i + 1])),
    };
  }
  if (!sed.eRefTeV) throw new ArgumentError("a SED table needs eRef or eMin and eMax", "eRefTeV", "energies");
  const nodes = Float64Array.from(sed.eRefTeV);
  checkIncreasing(nodes, "eRefTeV");
  const n = nodes.length;
  const logEdge = (p: number) => {
    if (n === 1) return Math.log(nodes[0]);
    const i = Math.min(Math.max(Math.floor(p), 0), n - 2);
    return Math.log(nodes[i]) + (p - i) * (Math.log(nodes[i + 1]) - Math.log(nodes[i]));
  };
  return {
    eMinTeV: Float64Array.from({ length: n }, (_, i) => Math.exp(logEdge(i - 0.5))),
    eMaxTeV: Float64Array.from({ length: n }, (_, i) => Math.exp(logEdge(i + 0.5))),
    eRefTeV: nodes,
  };
}

function checkIncreasing(values: Float64Array, key: string): void {
  for (let i = 0; i < values.length; i++)
    if (!(values[i] > 0) || (i > 0 && !(values[i] > values[i - 1])))
      throw new ArgumentError(`energies are not positive and increasing at index ${i}`, key, "increasing energies");
}

/**
 * Flux points from a SED table and a reference spectral model (Gammapy's `FluxPoints.from_table`): norms are the
 * values divided by the reference model's dnde at the bin centre, e2dnde there, integral flux or energy flux over the
 * bin. Upper-limit flags: as given; else sqrt(TS) below the threshold when TS and upper limits are given; else
 * whether the upper limit is finite when upper limits are given; else whether the norm is NaN. Missing quantities
 * (TS, counts, likelihood scan) are NaN.
 */
export function fluxPointsFromSed(sed: SedTable, reference: SpectralModel, meta: SedMeta = {}): FluxPoints {
  const bins = sedEnergyBins(sed);
  const n = bins.eRefTeV.length;
  if (sed.value.length !== n)
    throw new ArgumentError(`${sed.value.length} values for ${n} energy bins`, "value", "one value per bin");
  const refDnde = reference.evaluate(bins.eRefTeV);
  const refFlux = reference.integral(bins.eMinTeV, bins.eMaxTeV);
  const refEflux = reference.energyFlux(bins.eMinTeV, bins.eMaxTeV);
  const ref = Float64Array.from({ length: n }, (_, i) =>
    sed.sedType === "dnde"
      ? refDnde[i]
      : sed.sedType === "e2dnde"
        ? refDnde[i] * bins.eRefTeV[i] ** 2
        : sed.sedType === "flux"
          ? refFlux[i]
          : refEflux[i],
  );
  const nan = () => new Float64Array(n).fill(Number.NaN);
  const norm = (values: ArrayLike<number> | undefined) =>
    values ? Float64Array.from({ length: n }, (_, i) => values[i] / ref[i]) : nan();
  const fp = {
    ...bins,
    refDnde,
    refFlux,
    refEflux,
    norm: norm(sed.value),
    normErr: norm(sed.err),
    normErrn: norm(sed.errn),
    normErrp: norm(sed.errp),
    normUl: norm(sed.ul),
    ts: sed.ts ? Float64Array.from(sed.ts) : sed.sqrtTs ? Float64Array.from(sed.sqrtTs, (v) => v * v) : nan(),
    sqrtTs: sed.sqrtTs ? Float64Array.from(sed.sqrtTs) : sed.ts ? Float64Array.from(sed.ts, Math.sqrt) : nan(),
    stat: nan(),
    npred: nan(),
    npredExcess: nan(),
    counts: nan(),
    success: new Uint8Array(n).fill(1),
    normScan: new Float64Array(0),
    statScan: new Float64Array(0),
    nScan: 0,
    nSigma: meta.nSigma ?? 1,
    nSigmaUl: meta.nSigmaUl ?? 2,
  };
  const threshold = meta.sqrtTsThresholdUl ?? 2;
  const isUl = sed.isUl
    ? Uint8Array.from(sed.isUl as ArrayLike<number>, (v) => (v ? 1 : 0))
    : (sed.ts || sed.sqrtTs) && sed.ul
      ? Uint8Array.from(fp.sqrtTs, (v) => (v < threshold ? 1 : 0))
      : sed.ul
        ? Uint8Array.from(fp.normUl, (v) => (Number.isFinite(v) ? 1 : 0))
        : Uint8Array.from(fp.norm, (v) => (Number.isNaN(v) ? 1 : 0));
  return { ...fp, isUl };
}
