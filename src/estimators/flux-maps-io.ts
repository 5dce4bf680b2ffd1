/**
 * Flux maps (excess / TS maps) and light curves in Gammapy's FITS layouts: flux maps as one image HDU per quantity
 * (`NORM`, `SQRT_TS`, ...) each with its `<NAME>_BANDS` table and `SED_TYPE` in the primary header (Gammapy's
 * `FluxMaps.write`); light curves as a "lightcurve" table with time_min/time_max (MJD) and per-energy columns.
 */
import type { HduSpec } from "../fits/writer.js";
import { wcsMapToHdus } from "../maps/io.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { GAMMATS_VERSION } from "../util/version.js";
import type { ExcessMaps } from "./excess-map.js";
import { isUpperLimit } from "./flux-points-io.js";
import type { LightCurve } from "./light-curve.js";

/** HDUs of flux maps (SED type "likelihood"). */
export function fluxMapsToHdus(fm: ExcessMaps): HduSpec[] {
  const out: HduSpec[] = [
    {
      kind: "image",
      cards: [
        { key: "SED_TYPE", value: "likelihood" },
        { key: "N_SIGMA", value: fm.nSigma },
        { key: "N_SIGMA_UL", value: fm.nSigmaUl },
        { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}` },
        { key: "GTFORMAT", value: "gadf-flux-maps", comment: "file format" },
        { key: "GTFMTVER", value: "0.3", comment: "format version" },
      ],
    },
  ];
  for (const [name, data] of Object.entries(fm.maps)) {
    const map = new WcsNDMap(fm.geom, Float64Array.from(data), "");
    out.push(...wcsMapToHdus(map, name).slice(1));
  }
  return out;
}

/** HDUs of a light curve in Gammapy's "lightcurve" table layout (one row per time bin, cells over energy bins). */
export function lightCurveToHdus(lc: LightCurve): HduSpec[] {
  const nT = lc.points.length;
  const nE = nT ? lc.points[0].norm.length : 0;
  const nScan = nT ? lc.points[0].nScan : 0;
  const stackCol = (pick: (i: number) => ArrayLike<number>, n = nE) => {
    const a = new Float64Array(nT * n);
    for (let i = 0; i < nT; i++) a.set(pick(i), i * n);
    return a;
  };
  const col = (name: string, pick: (i: number) => ArrayLike<number>, unit = "") => ({
    name,
    data: stackCol(pick),
    unit,
    cellShape: [nE],
    tdim: true,
  });
  const p = (i: number) => lc.points[i];
  return [
    {
      kind: "image",
      cards: [
        { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}` },
        { key: "GTFORMAT", value: "lightcurve", comment: "file format" },
        { key: "GTFMTVER", value: "0.3", comment: "format version" },
      ],
    },
    {
      kind: "bintable",
      name: "LIGHT_CURVE",
      columns: [
        { name: "time_min", data: Float64Array.from(lc.timeMinMjd) },
        { name: "time_max", data: Float64Array.from(lc.timeMaxMjd) },
        col("e_ref", (i) => p(i).eRefTeV, "TeV"),
        col("e_min", (i) => p(i).eMinTeV, "TeV"),
        col("e_max", (i) => p(i).eMaxTeV, "TeV"),
        col("ref_dnde", (i) => p(i).refDnde, "cm-2 s-1 TeV-1"),
        col("ref_flux", (i) => p(i).refFlux, "cm-2 s-1"),
        col("ref_eflux", (i) => p(i).refEflux, "cm-2 s-1 TeV"),
        col("norm", (i) => p(i).norm),
        col("norm_err", (i) => p(i).normErr),
        col("norm_errn", (i) => p(i).normErrn),
        col("norm_errp", (i) => p(i).normErrp),
        col("norm_ul", (i) => p(i).normUl),
        col("ts", (i) => p(i).ts),
        col("sqrt_ts", (i) => p(i).sqrtTs),
        col("npred", (i) => p(i).npred),
        col("npred_excess", (i) => p(i).npredExcess),
        col("stat", (i) => p(i).stat),
        col("counts", (i) => p(i).counts),
        {
          name: "is_ul",
          data: Uint8Array.from(stackCol((i) => isUpperLimit(p(i)))),
          cellShape: [nE],
          tdim: true,
          logical: true,
        },
        {
          name: "success",
          data: Uint8Array.from(stackCol((i) => p(i).success)),
          cellShape: [nE],
          tdim: true,
          logical: true,
        },
        { name: "stat_scan", data: stackCol((i) => p(i).statScan, nE * nScan), cellShape: [nE, nScan] },
        { name: "norm_scan", data: stackCol((i) => p(i).normScan, nE * nScan), cellShape: [nE, nScan] },
      ],
      cards: [
        { key: "SED_TYPE", value: "likelihood" },
        { key: "TIMESYS", value: "tt" },
        { key: "TIMEUNIT", value: "d" },
      ],
    },
  ];
}
