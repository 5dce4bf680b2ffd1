/** The data of a map dataset without models (`MapDatasetParts`), shared by the 3D makers, and its plain form. */
import { EDispKernelMap } from "../irf/edisp-map.js";
import { type IcrsPointing, PSFMap } from "../irf/psf-map.js";
import { type PlainWcsMap, wcsMapFromPlain, wcsMapToPlain } from "../maps/plain.js";
import type { WcsNDMap } from "../maps/wcs-map.js";

/**
 * The maps of a map dataset (the data of Gammapy's `MapDataset` without models). Data orders are those of the
 * geometries: counts, background and safe mask [energy][ny][nx]; exposure [energy_true][ny][nx].
 */
export interface MapDatasetParts {
  readonly name: string;
  /** Counts (float32). */
  readonly counts: WcsNDMap;
  /** Exposure (m2 s) versus true energy. */
  readonly exposure?: WcsNDMap;
  /** Predicted background counts (after any FoV normalisation). */
  readonly background?: WcsNDMap;
  readonly psf?: PSFMap;
  readonly edisp?: EDispKernelMap;
  /** Safe mask (uint8 0/1) on the counts geometry. */
  readonly maskSafe: WcsNDMap;
  /** Live time (s): of the observation, or the sum over the stacked observations with a non-empty safe mask. */
  readonly livetimeS: number;
  /** Observation (on) time (s), summed when stacking. */
  readonly ontimeS: number;
  /** Observation ids, pointing and background normalisation (see `fovBackground`). */
  readonly meta: MapDatasetMeta;
}

/** Metadata of map dataset parts. */
export interface MapDatasetMeta {
  readonly obsIds: readonly number[];
  /** ICRS pointing of a single-observation dataset. */
  readonly pointing?: IcrsPointing;
  /** Normalisation applied to the background by the FoV background maker, if any. */
  readonly backgroundNorm?: number;
  readonly backgroundNormError?: number;
}

/** `MapDatasetParts` as plain data (maps in their plain form; data arrays shared), for workers and queues. */
export interface PlainMapDatasetParts {
  readonly name: string;
  readonly counts: PlainWcsMap;
  readonly exposure?: PlainWcsMap;
  readonly background?: PlainWcsMap;
  readonly psf?: { readonly irf: PlainWcsMap; readonly exposure?: PlainWcsMap };
  readonly edisp?: { readonly irf: PlainWcsMap; readonly exposure?: PlainWcsMap };
  readonly maskSafe: PlainWcsMap;
  readonly livetimeS: number;
  readonly ontimeS: number;
  readonly meta: MapDatasetMeta;
}

/** The plain form of map dataset parts (equal bit for bit when rebuilt with `mapPartsFromPlain`). */
export function mapPartsToPlain(parts: MapDatasetParts): PlainMapDatasetParts {
  const opt = (m: WcsNDMap | undefined) => m && wcsMapToPlain(m);
  const irf = (m: PSFMap | EDispKernelMap | undefined) =>
    m && { irf: wcsMapToPlain(m.irfMap), exposure: opt(m.exposureMap) };
  return {
    name: parts.name,
    counts: wcsMapToPlain(parts.counts),
    exposure: opt(parts.exposure),
    background: opt(parts.background),
    psf: irf(parts.psf),
    edisp: irf(parts.edisp),
    maskSafe: wcsMapToPlain(parts.maskSafe),
    livetimeS: parts.livetimeS,
    ontimeS: parts.ontimeS,
    meta: parts.meta,
  };
}

/** Map dataset parts from their plain form. */
export function mapPartsFromPlain(p: PlainMapDatasetParts): MapDatasetParts {
  const opt = (m: PlainWcsMap | undefined) => m && wcsMapFromPlain(m);
  return {
    name: p.name,
    counts: wcsMapFromPlain(p.counts),
    exposure: opt(p.exposure),
    background: opt(p.background),
    psf: p.psf && new PSFMap(wcsMapFromPlain(p.psf.irf), opt(p.psf.exposure)),
    edisp: p.edisp && new EDispKernelMap(wcsMapFromPlain(p.edisp.irf), opt(p.edisp.exposure)),
    maskSafe: wcsMapFromPlain(p.maskSafe),
    livetimeS: p.livetimeS,
    ontimeS: p.ontimeS,
    meta: p.meta,
  };
}
