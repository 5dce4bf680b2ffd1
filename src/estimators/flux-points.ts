/**
 * Flux points of a source from spectrum datasets (Gammapy's `FluxPointsEstimator` with `FluxEstimator`): in each
 * energy bin the source's best-fit spectral model is scaled by a free `norm` (other parameters frozen unless
 * `reoptimize`), fitted, and its TS, asymmetric errors, upper limit and likelihood profile are computed.
 */
import type { MapAxis } from "../maps/axis.js";
import { Fit, totalStat } from "../modeling/fit.js";
import { Models, SkyModel } from "../modeling/models.js";
import { Parameters } from "../modeling/parameter.js";
import type { SpectralModel } from "../modeling/spectral.js";
import { ScaleSpectralModel } from "../modeling/spectral-models.js";
import { ArgumentError, GammatsError } from "../util/errors.js";

/** What flux points need from a dataset (spectrum and map datasets both provide it). */
export interface FluxEstimationDataset {
  readonly name: string;
  models: Models | undefined;
  readonly energyAxis: MapAxis;
  readonly counts: ArrayLike<number> | { readonly data: ArrayLike<number | bigint> };
  readonly mask: Uint8Array;
  sliceByIdx(start: number, stop: number): FluxEstimationDataset;
  npred(): Float64Array;
  npredSignal(modelName?: string): Float64Array;
  statSum(): number;
}

function countsData(d: FluxEstimationDataset): ArrayLike<number> {
  const c = d.counts;
  return ("data" in c ? c.data : c) as ArrayLike<number>;
}

/** Options of `estimateFluxPoints` (Gammapy's defaults). */
export interface FluxPointsOptions {
  /** Energy bin edges (TeV). */
  readonly energyEdgesTeV: ArrayLike<number>;
  /** Name of the source model. */
  readonly source: string;
  readonly nSigma?: number;
  readonly nSigmaUl?: number;
  /** Norm scan range and number of values (log-spaced). */
  readonly normMin?: number;
  readonly normMax?: number;
  readonly normNValues?: number;
  /** Re-optimise the other free parameters for each norm value. */
  readonly reoptimize?: boolean;
  /** Optional quantities: "errn-errp", "ul", "scan" (default all). */
  readonly selectionOptional?: ReadonlyArray<"errn-errp" | "ul" | "scan">;
  /** Called after each energy bin (for progress). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Flux points in Gammapy's "likelihood" SED representation: norms of a reference model per bin. Arrays (nBins,). */
export interface FluxPoints {
  readonly eMinTeV: Float64Array;
  readonly eMaxTeV: Float64Array;
  readonly eRefTeV: Float64Array;
  /** Reference model dN/dE at eRef (cm-2 s-1 TeV-1), integral flux (cm-2 s-1) and energy flux (TeV cm-2 s-1). */
  readonly refDnde: Float64Array;
  readonly refFlux: Float64Array;
  readonly refEflux: Float64Array;
  readonly norm: Float64Array;
  readonly normErr: Float64Array;
  readonly normErrn: Float64Array;
  readonly normErrp: Float64Array;
  readonly normUl: Float64Array;
  readonly ts: Float64Array;
  readonly sqrtTs: Float64Array;
  readonly stat: Float64Array;
  readonly npred: Float64Array;
  readonly npredExcess: Float64Array;
  readonly counts: Float64Array;
  readonly success: Uint8Array;
  /** Scan values of the norm (nBins x nScan) and the statistic there (nBins x nScan). */
  readonly normScan: Float64Array;
  readonly statScan: Float64Array;
  readonly nScan: number;
  /** The n_sigma used for errors and upper limits. */
  readonly nSigma: number;
  readonly nSigmaUl: number;
  /** Which points are upper limits, when given by the source of the points (e.g. a catalog); shape (nBins,). */
  readonly isUl?: Uint8Array;
}

/** SED quantities Gammapy derives from the norms. */
export type SedType = "dnde" | "e2dnde" | "flux" | "eflux";

/** A flux-point quantity in an SED type: value, error, errn, errp, ul (units: dnde cm-2 s-1 TeV-1, e2dnde TeV cm-2 s-1, flux cm-2 s-1, eflux TeV cm-2 s-1). */
export function sedQuantities(fp: FluxPoints, sedType: SedType) {
  const n = fp.norm.length;
  const ref = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ref[i] =
      sedType === "dnde"
        ? fp.refDnde[i]
        : sedType === "e2dnde"
          ? fp.refDnde[i] * fp.eRefTeV[i] ** 2
          : sedType === "flux"
            ? fp.refFlux[i]
            : fp.refEflux[i];
  }
  const times = (a: Float64Array) => a.map((v, i) => v * ref[i]);
  return {
    value: times(fp.norm),
    err: times(fp.normErr),
    errn: times(fp.normErrn),
    errp: times(fp.normErrp),
    ul: times(fp.normUl),
  };
}

/**
 * Index range [start, stop) of reco-energy bins grouped into [eMin, eMax] (TeV): each edge is rounded to the nearest
 * axis edge in pixel space, as Gammapy's `MapAxis.group_table` (numpy rounds ties to even: an edge exactly between
 * two axis edges goes to the even one).
 */
export function energyGroupRange(axis: MapAxis, eMinTeV: number, eMaxTeV: number): [number, number] {
  const pix = axis.coordToPix([eMinTeV, eMaxTeV]);
  const edge = (p: number) => roundHalfEven(Math.min(Math.max(p, -0.5), axis.nbin - 0.5) + 0.5);
  return [edge(pix[0]), edge(pix[1])];
}

/** numpy's `round`: to the nearest integer, ties (within 1e-9) to even. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (Math.abs(d - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return Math.round(v);
}

function logspace(min: number, max: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(Math.log(min) + ((Math.log(max) - Math.log(min)) * i) / (n - 1));
  return out;
}

function maskedSum(values: ArrayLike<number>, mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) s += values[i];
  return s;
}

/**
 * All the datasets' models, each once, in order of first appearance (joint datasets each carry the shared source
 * models and their own background model); undefined when the first dataset has none.
 */
function unionOfModels(datasets: readonly FluxEstimationDataset[]): Models | undefined {
  if (!datasets[0]?.models) return undefined;
  const seen = new Set<SkyModel>();
  for (const d of datasets) for (const m of d.models ?? []) seen.add(m);
  return new Models(seen);
}

/** Estimates flux points of `options.source` from datasets that carry fitted models. */
export function estimateFluxPoints(datasets: readonly FluxEstimationDataset[], options: FluxPointsOptions): FluxPoints {
  const edges = options.energyEdgesTeV;
  const nBins = edges.length - 1;
  if (nBins < 1) throw new ArgumentError("need at least two energy edges", "energyEdgesTeV");
  const models = unionOfModels(datasets);
  if (!models)
    throw new GammatsError("NO_MODELS", "datasets have no models", { key: "models" }, "a fitted source model");
  const source = models.get(options.source);
  const ref: SpectralModel = source.spectralModel;
  const nSigma = options.nSigma ?? 1;
  const nSigmaUl = options.nSigmaUl ?? 2;
  const optional = new Set(options.selectionOptional ?? ["errn-errp", "ul", "scan"]);
  const scanValues = logspace(options.normMin ?? 0.2, options.normMax ?? 5, options.normNValues ?? 11);
  const nScan = scanValues.length;
  const f = () => new Float64Array(nBins).fill(Number.NaN);
  const out = {
    eMinTeV: f(),
    eMaxTeV: f(),
    eRefTeV: f(),
    refDnde: f(),
    refFlux: f(),
    refEflux: f(),
    norm: f(),
    normErr: f(),
    normErrn: f(),
    normErrp: f(),
    normUl: f(),
    ts: f(),
    sqrtTs: f(),
    stat: f(),
    npred: f(),
    npredExcess: f(),
    counts: f(),
    success: new Uint8Array(nBins),
    normScan: new Float64Array(nBins * nScan),
    statScan: new Float64Array(nBins * nScan).fill(Number.NaN),
    nScan,
    nSigma,
    nSigmaUl,
  };
  const fit = new Fit({ optimize: { signal: options.signal } });
  const allParams = models.parameters;
  for (let b = 0; b < nBins; b++) {
    if (options.signal?.aborted) throw new GammatsError("CANCELLED", "flux point estimation cancelled");
    out.normScan.set(scanValues, b * nScan);
    const axis = datasets[0].energyAxis;
    const [start, stop] = energyGroupRange(axis, edges[b], edges[b + 1]);
    const axisEdges = axis.edges;
    out.eMinTeV[b] = axisEdges[start];
    out.eMaxTeV[b] = axisEdges[stop];
    out.eRefTeV[b] = Math.sqrt(axisEdges[start] * axisEdges[stop]);
    out.refDnde[b] = ref.evaluate([out.eRefTeV[b]])[0];
    out.refFlux[b] = ref.integral([out.eMinTeV[b]], [out.eMaxTeV[b]])[0];
    out.refEflux[b] = ref.energyFlux([out.eMinTeV[b]], [out.eMaxTeV[b]])[0];
    if (stop <= start) continue;
    const scale = new ScaleSpectralModel(ref);
    const norm = scale.parameters.at(0);
    norm.interp = "log";
    const binModels = new Models(
      [...models].map((m) =>
        m.name === options.source
          ? new SkyModel({
              name: m.name,
              spectralModel: scale,
              spatialModel: m.spatialModel,
              datasetsNames: m.datasetsNames,
            })
          : m,
      ),
    );
    const sliced = datasets.map((d) => {
      const s = d.sliceByIdx(start, stop);
      s.models = binModels.forDataset(d.name);
      return s;
    });
    const contributes = sliced.some((d) => d.mask.some((v) => v === 1));
    const frozen = [...allParams].map((p) => p.frozen);
    const reopt = options.reoptimize ?? false;
    try {
      if (!reopt) for (const p of allParams) p.frozen = true;
      if (contributes) {
        const r = fit.run(sliced);
        out.norm[b] = norm.value;
        out.normErr[b] = norm.error * nSigma;
        out.stat[b] = r.totalStat;
        out.success[b] = r.success ? 1 : 0;
        const params = new Parameters([...binModels.parameters]);
        const stat = totalStat(sliced, params);
        const best = norm.value;
        norm.value = 0;
        out.ts[b] = totalStat(sliced, params) - stat;
        norm.value = best;
        out.sqrtTs[b] = Math.sign(best) * Math.sqrt(Math.max(out.ts[b], 0));
        let npred = 0;
        let npredExcess = 0;
        let counts = 0;
        for (const d of sliced) {
          const m = d.mask;
          npred += maskedSum(d.npred(), m);
          npredExcess += maskedSum(d.npredSignal(options.source), m);
          counts += maskedSum(countsData(d), m);
        }
        out.npred[b] = npred;
        out.npredExcess[b] = npredExcess;
        out.counts[b] = counts;
        if (optional.has("errn-errp")) {
          const c = fit.confidence(sliced, norm, nSigma);
          out.normErrn[b] = c.errn;
          out.normErrp[b] = c.errp;
          norm.value = best;
        }
        if (optional.has("ul")) {
          const c = fit.confidence(sliced, norm, nSigmaUl);
          out.normUl[b] = best + c.errp;
          norm.value = best;
        }
        if (optional.has("scan")) out.statScan.set(fit.statProfile(sliced, norm, scanValues, reopt), b * nScan);
      }
    } finally {
      allParams.toArray().forEach((p, i) => {
        p.frozen = frozen[i];
      });
    }
    options.onProgress?.(b + 1, nBins);
  }
  return out;
}

/**
 * Flux points of consecutive energy bins (each a `FluxPoints` of its own, same scan and n_sigma) as one set, in the
 * order given.
 */
export function concatFluxPoints(parts: readonly FluxPoints[]): FluxPoints {
  if (parts.length === 0) throw new ArgumentError("no flux points to concatenate", "parts");
  const first = parts[0];
  const cat = <T extends Float64Array | Uint8Array>(pick: (p: FluxPoints) => T): T => {
    const arrays = parts.map(pick);
    const out = new (arrays[0].constructor as new (n: number) => T)(arrays.reduce((n, a) => n + a.length, 0));
    let o = 0;
    for (const a of arrays) {
      out.set(a, o);
      o += a.length;
    }
    return out;
  };
  return {
    eMinTeV: cat((p) => p.eMinTeV),
    eMaxTeV: cat((p) => p.eMaxTeV),
    eRefTeV: cat((p) => p.eRefTeV),
    refDnde: cat((p) => p.refDnde),
    refFlux: cat((p) => p.refFlux),
    refEflux: cat((p) => p.refEflux),
    norm: cat((p) => p.norm),
    normErr: cat((p) => p.normErr),
    normErrn: cat((p) => p.normErrn),
    normErrp: cat((p) => p.normErrp),
    normUl: cat((p) => p.normUl),
    ts: cat((p) => p.ts),
    sqrtTs: cat((p) => p.sqrtTs),
    stat: cat((p) => p.stat),
    npred: cat((p) => p.npred),
    npredExcess: cat((p) => p.npredExcess),
    counts: cat((p) => p.counts),
    success: cat((p) => p.success),
    normScan: cat((p) => p.normScan),
    statScan: cat((p) => p.statScan),
    nScan: first.nScan,
    nSigma: first.nSigma,
    nSigmaUl: first.nSigmaUl,
  };
}
