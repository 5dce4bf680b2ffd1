/**
 * Flux points in Gammapy's "gadf-sed" FITS layout, SED type "likelihood": one BINTABLE with e_ref/e_min/e_max,
 * reference fluxes, norms with errors, TS, counts and the likelihood scan; `SED_TYPE` in the header.
 */
import type { HduSpec } from "../fits/writer.js";
import { GAMMATS_VERSION } from "../util/version.js";
import type { FluxPoints } from "./flux-points.js";

/** Gammapy's default `sqrt_ts` threshold below which a point is shown as an upper limit. */
export const SQRT_TS_THRESHOLD_UL = 2;

/** Which points are upper limits: `fp.isUl` when given, else sqrt_ts below the threshold or not finite. Shape (nBins,). */
export function isUpperLimit(fp: FluxPoints, threshold = SQRT_TS_THRESHOLD_UL): Uint8Array {
  if (fp.isUl) return fp.isUl;
  return Uint8Array.from(fp.sqrtTs, (v) => (Number.isFinite(v) && v >= threshold ? 0 : 1));
}

/** HDUs (empty primary + FLUX_POINTS table) of flux points as Gammapy's `FluxPoints.write(sed_type="likelihood")`. */
export function fluxPointsToHdus(fp: FluxPoints): HduSpec[] {
  const col = (name: string, data: Float64Array, unit = "", cellShape?: number[]) => ({
    name,
    data,
    unit,
    cellShape,
    tdim: cellShape !== undefined,
  });
  return [
    {
      kind: "image",
      cards: [
        { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}` },
        { key: "GTFORMAT", value: "gadf-sed", comment: "file format" },
        { key: "GTFMTVER", value: "0.3", comment: "format version" },
      ],
    },
    {
      kind: "bintable",
      name: "FLUX_POINTS",
      columns: [
        col("e_ref", fp.eRefTeV, "TeV"),
        col("e_min", fp.eMinTeV, "TeV"),
        col("e_max", fp.eMaxTeV, "TeV"),
        col("ref_dnde", fp.refDnde, "cm-2 s-1 TeV-1"),
        col("ref_flux", fp.refFlux, "cm-2 s-1"),
        col("ref_eflux", fp.refEflux, "cm-2 s-1 TeV"),
        col("norm", fp.norm),
        col("norm_err", fp.normErr),
        col("norm_errn", fp.normErrn),
        col("norm_errp", fp.normErrp),
        col("norm_ul", fp.normUl),
        col("ts", fp.ts),
        col("sqrt_ts", fp.sqrtTs),
        col("npred", fp.npred, "", [1]),
        col("npred_excess", fp.npredExcess, "", [1]),
        col("stat", fp.stat),
        { name: "is_ul", data: isUpperLimit(fp), logical: true },
        col("counts", fp.counts, "", [1]),
        { name: "success", data: fp.success, logical: true },
        col("stat_scan", fp.statScan, "", [fp.nScan]),
        col("norm_scan", fp.normScan, "", [fp.nScan]),
      ],
      cards: [
        { key: "SED_TYPE", value: "likelihood" },
        { key: "N_SIGMA", value: fp.nSigma },
        { key: "N_SIGMA_UL", value: fp.nSigmaUl },
      ],
    },
  ];
}
