/**
 * Gammapy's `FluxPointsDataset`: flux points fitted with the spectral part of sky models. The model prediction is the
 * sum of the applicable models' dN/dE at the points' reference energies (times the temporal model's mean over the
 * points' GTIs when both exist). Three statistics, as Gammapy (>= 1.3 for `distrib` and `profile`):
 *
 * - `chi2` (default, Gammapy 1.0): ((dnde - model) / sigma)^2 with sigma = dnde_err, else (errn + errp) / 2; upper
 *   limits and points without a finite dN/dE are left out.
 * - `distrib`: asymmetric Gaussians (errp above the point, errn below, err where those are missing) and, for upper
 *   limits, 2 ln(erfc((ul - model) / ul) / erfc(ul / ul)) (the normal distribution integrated up to the limit,
 *   eq. C7 of Mohanty et al. 2013); NaN terms count 0.
 * - `profile`: the points' likelihood profiles |stat_scan - stat| interpolated (scipy's quadratic spline, with
 *   extrapolation) at norm = model / reference dN/dE; points whose profile is not finite are left out.
 *
 * Gammapy 1.0 keeps points whose dN/dE is NaN in the chi2 (and so returns NaN); here they are left out as in later
 * Gammapy (`mask_valid`).
 */
import erfc from "@stdlib/math-base-special-erfc";
import type { GTI } from "../data/gti.js";
import { FoVBackgroundModel, type Models } from "../modeling/models.js";
import { ArgumentError } from "../util/errors.js";
import { QuadraticSpline } from "../util/spline.js";
import type { Dataset } from "./dataset.js";
import { dndeOf, type FluxPointsData } from "./flux-points-data.js";
import { temporalNorm } from "./temporal-norm.js";

/** The statistics of a flux-points dataset. */
export type FluxPointsStatType = "chi2" | "distrib" | "profile";

/** Contents of a flux-points dataset. */
export interface FluxPointsDatasetInit {
  readonly name: string;
  readonly data: FluxPointsData;
  /** Safe mask per point (1 = used); default the data's stored mask, else all points. */
  readonly maskSafe?: Uint8Array;
  readonly maskFit?: Uint8Array;
  readonly statType?: FluxPointsStatType;
  /** Good time intervals of the points (for temporal models). */
  readonly gti?: GTI;
}

/** Flux points with a chi2-like statistic against sky models' spectra. */
export class FluxPointsDataset implements Dataset {
  name: string;
  readonly data: FluxPointsData;
  maskSafe: Uint8Array;
  maskFit: Uint8Array | undefined;
  readonly gti: GTI | undefined;
  models: Models | undefined;
  /** dN/dE and its errors at the reference energies (cm-2 s-1 TeV-1; undefined where the table has none). */
  readonly dnde: Float64Array;
  readonly dndeErr: Float64Array | undefined;
  readonly dndeErrn: Float64Array | undefined;
  readonly dndeErrp: Float64Array | undefined;
  readonly dndeUl: Float64Array | undefined;
  private _statType: FluxPointsStatType = "chi2";
  private valid = new Uint8Array(0);
  private profiles: Array<QuadraticSpline | undefined> = [];

  constructor(init: FluxPointsDatasetInit) {
    const n = init.data.norm.length;
    for (const [key, m] of [
      ["maskSafe", init.maskSafe],
      ["maskFit", init.maskFit],
    ] as const)
      if (m && m.length !== n) throw new ArgumentError(`${key} has ${m.length} elements`, key, `${n} (one per point)`);
    this.name = init.name;
    this.data = init.data;
    this.maskSafe = init.maskSafe ?? init.data.maskSafe ?? new Uint8Array(n).fill(1);
    this.maskFit = init.maskFit ?? init.data.maskFit;
    this.gti = init.gti;
    this.dnde = dndeOf(init.data, init.data.norm)!;
    this.dndeErr = dndeOf(init.data, init.data.normErr);
    this.dndeErrn = dndeOf(init.data, init.data.normErrn);
    this.dndeErrp = dndeOf(init.data, init.data.normErrp);
    this.dndeUl = dndeOf(init.data, init.data.normUl);
    this.statType = init.statType ?? "chi2";
  }

  /** Gammapy's type name. */
  get tag(): string {
    return "FluxPointsDataset";
  }

  /** The statistic (see the module docs); setting it recomputes which points are valid. */
  get statType(): FluxPointsStatType {
    return this._statType;
  }
  set statType(type: FluxPointsStatType) {
    const n = this.dnde.length;
    const isUl = this.data.isUl;
    if (type === "chi2") {
      if (!this.dndeErr && !(this.dndeErrn && this.dndeErrp))
        throw new ArgumentError(`flux points '${this.name}' have no errors`, "dnde_err", "dnde_err or errn/errp");
      this.valid = Uint8Array.from(this.dnde, (v, i) => (!isUl[i] && Number.isFinite(v) ? 1 : 0));
    } else if (type === "distrib") {
      const ul = this.dndeUl;
      this.valid = Uint8Array.from(this.dnde, (v, i) =>
        (isUl[i] && ul && Number.isFinite(ul[i])) || Number.isFinite(v) ? 1 : 0,
      );
    } else if (type === "profile") {
      const { normScan, statScan, stat } = this.data;
      if (!normScan || !statScan)
        throw new ArgumentError(`flux points '${this.name}' have no likelihood scan`, "stat_scan", "stat_scan");
      const m = normScan.length;
      this.valid = new Uint8Array(n);
      this.profiles = Array.from({ length: n }, (_, i) => {
        const y = Float64Array.from(statScan.subarray(i * m, (i + 1) * m), (v) => Math.abs(v - (stat ? stat[i] : 0)));
        if (!y.every(Number.isFinite)) return undefined;
        this.valid[i] = 1;
        return new QuadraticSpline(normScan, y);
      });
    } else throw new ArgumentError(`unknown stat_type '${type}'`, "statType", "chi2, distrib or profile");
    this._statType = type;
  }

  /** Points that enter the statistic: safe, valid for the statistic, and in the fit mask. */
  get mask(): Uint8Array {
    const m = Uint8Array.from(this.maskSafe, (v, i) => (v && this.valid[i] ? 1 : 0));
    if (this.maskFit) for (let i = 0; i < m.length; i++) m[i] &= this.maskFit[i];
    return m;
  }

  /** Predicted dN/dE at the reference energies (cm-2 s-1 TeV-1), summed over the applicable models. */
  fluxPred(): Float64Array {
    const e = this.data.eRefTeV;
    const out = new Float64Array(e.length);
    if (!this.models) return out;
    const buf = new Float64Array(e.length);
    for (const m of this.models) {
      if (m instanceof FoVBackgroundModel || !m.appliesTo(this.name)) continue;
      m.spectralModel.evaluate(e, buf);
      // Gammapy 1.0 applies the temporal model only when the points have GTIs
      const scale = this.gti ? temporalNorm(m, this.gti, this.name) : 1;
      for (let i = 0; i < e.length; i++) out[i] += buf[i] * scale;
    }
    return out;
  }

  /** Statistic per point (Gammapy's `stat_array`), shape (nPoints,). */
  statArray(): Float64Array {
    const model = this.fluxPred();
    const n = model.length;
    const out = new Float64Array(n);
    const d = this.dnde;
    if (this._statType === "chi2") {
      for (let i = 0; i < n; i++) {
        const sigma = this.dndeErr ? this.dndeErr[i] : (this.dndeErrn![i] + this.dndeErrp![i]) / 2;
        out[i] = ((d[i] - model[i]) / sigma) ** 2;
      }
    } else if (this._statType === "distrib") {
      for (let i = 0; i < n; i++) {
        let s = Number.NaN;
        if (this.data.isUl[i] && this.dndeUl) {
          const ul = this.dndeUl[i];
          s = 2 * Math.log(erfc((ul - model[i]) / ul) / erfc(ul / ul));
        } else if (!Number.isNaN(d[i])) {
          const side = model[i] >= d[i] ? this.dndeErrp : this.dndeErrn;
          let scale = side ? side[i] : Number.NaN;
          if (Number.isNaN(scale) && this.dndeErr) scale = this.dndeErr[i];
          s = ((model[i] - d[i]) / scale) ** 2;
        }
        out[i] = Number.isNaN(s) ? 0 : s;
      }
    } else {
      const ref = this.data.dndeRef;
      for (let i = 0; i < n; i++) out[i] = this.profiles[i]?.at(model[i] / ref[i]) ?? Number.NaN;
    }
    return out;
  }

  /** Statistic summed over the mask. */
  statSum(): number {
    const s = this.statArray();
    const mask = this.mask;
    let sum = 0;
    for (let i = 0; i < s.length; i++) if (mask[i]) sum += s[i];
    return sum;
  }

  /** Residuals per point: data - model (`diff`) or (data - model) / model (`diff/model`); NaN for upper limits. */
  residuals(method: "diff" | "diff/model" = "diff"): Float64Array {
    const model = this.fluxPred();
    return Float64Array.from(this.dnde, (v, i) => {
      if (this.data.isUl[i]) return Number.NaN;
      return method === "diff" ? v - model[i] : (v - model[i]) / model[i];
    });
  }
}
