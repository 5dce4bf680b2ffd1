/**
 * Field-of-view background normalisation (Gammapy's `FoVBackgroundMaker`): the background template of a map dataset
 * is scaled so that it predicts the counts observed outside an exclusion mask, within the safe mask.
 */
import { rint, type WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import type { MapDatasetParts } from "./map-parts.js";

/** Normalisation method: `scale` (counts / background) or `fit` (Cash likelihood fit of the norm). */
export type FovBackgroundMethod = "scale" | "fit";

/** Options of {@link fovBackground}. */
export interface FovBackgroundOptions {
  /** Default `scale`. */
  readonly method?: FovBackgroundMethod;
  /** Exclusion mask (image; nonzero = usable, 0 = excluded); pixels of the dataset outside it count as excluded. */
  readonly exclusionMask?: WcsNDMap;
  /** Minimum number of counts required outside the exclusion region (strictly more). Default 0. */
  readonly minCounts?: number;
  /** Minimum predicted background required outside the exclusion region (strictly more). Default 0. */
  readonly minNpredBackground?: number;
  /** Receives `FOV_BACKGROUND_FAILED` when the requirements are not met. */
  readonly warn?: WarningSink;
}

/** Result of the FoV background normalisation. */
export interface FovBackgroundResult {
  /** The dataset with its background multiplied by `norm` (or with an empty safe mask on failure). */
  readonly parts: MapDatasetParts;
  readonly norm: number;
  readonly normError: number;
  /** Whether the requirements were met (otherwise the safe mask is set to false everywhere, as Gammapy). */
  readonly success: boolean;
  /** Counts and background summed over the fit mask. */
  readonly countsSum: number;
  readonly backgroundSum: number;
}

/**
 * The exclusion mask at the dataset's pixel centres (nearest pixel; 0 outside the mask's image), as Gammapy's
 * `make_exclusion_mask` (`interp_to_geom` of a boolean map); C order [ny][nx].
 */
export function exclusionAtGeom(mask: WcsNDMap, geom: WcsGeom): Uint8Array {
  const image = geom.toImage();
  const { lon, lat } = image.imageCoords();
  const { x, y } = mask.geom.skyToPix(lon, lat, image.frame);
  const [nx, ny] = mask.geom.npix;
  const out = new Uint8Array(image.imageSize);
  for (let i = 0; i < out.length; i++) {
    const ix = rint(x[i]);
    const iy = rint(y[i]);
    if (ix >= 0 && ix < nx && iy >= 0 && iy < ny && Number(mask.data[iy * nx + ix]) !== 0) out[i] = 1;
  }
  return out;
}

/**
 * Normalises the background of one observation's dataset (Gammapy's `FoVBackgroundMaker.run`, without sky models):
 * over the bins that are safe, not excluded and have a finite background, norm = counts / background with error
 * sqrt(counts) / background. Method `fit` maximises the Cash likelihood of the single free norm (the spectral tilt
 * is frozen, as in Gammapy's default `pl-norm`), whose maximum and curvature error are the same closed forms.
 * When the norm is not finite, the background or counts are not above their minimum, or the residual counts are
 * not positive, the safe mask becomes false everywhere and the background is left as is.
 */
export function fovBackground(parts: MapDatasetParts, options: FovBackgroundOptions = {}): FovBackgroundResult {
  const method = options.method ?? "scale";
  if (method !== "scale" && method !== "fit")
    throw new ArgumentError(`unknown FoV background method '${method}'`, "method", "scale or fit");
  const bkg = parts.background;
  if (!bkg) throw new ArgumentError("the dataset has no background map", "background");
  const geom = parts.counts.geom;
  const n = geom.imageSize;
  const excl = options.exclusionMask ? exclusionAtGeom(options.exclusionMask, geom) : undefined;
  const safe = parts.maskSafe.data;
  let countsSum = 0;
  let bkgSum = 0;
  for (let i = 0; i < bkg.data.length; i++) {
    const b = Number(bkg.data[i]);
    if (!safe[i] || (excl && !excl[i % n]) || Number.isNaN(b)) continue;
    countsSum += Number(parts.counts.data[i]);
    bkgSum += b;
  }
  const norm = countsSum / bkgSum;
  const normError = Math.sqrt(countsSum) / bkgSum;
  const failure = !Number.isFinite(norm)
    ? "non-finite normalisation"
    : bkgSum <= (options.minNpredBackground ?? 0)
      ? `only ${Math.trunc(bkgSum)} background counts outside the exclusion mask`
      : countsSum <= (options.minCounts ?? 0)
        ? `only ${Math.trunc(countsSum)} counts outside the exclusion mask`
        : countsSum <= 0
          ? "negative residual counts"
          : undefined;
  if (failure) {
    options.warn?.({
      code: "FOV_BACKGROUND_FAILED",
      message: `FoV background failed for ${parts.name}: ${failure}`,
      path: { key: parts.name },
    });
    const maskSafe = WcsNDMap.fromGeom(parts.maskSafe.geom, { dtype: "bool" });
    return { parts: { ...parts, maskSafe }, norm: 1, normError: 0, success: false, countsSum, backgroundSum: bkgSum };
  }
  const data = new Float64Array(bkg.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Number(bkg.data[i]) * norm;
  const background = WcsNDMap.fromGeom(bkg.geom, { dtype: "float64", data, unit: bkg.unit, meta: { ...bkg.meta } });
  return {
    parts: { ...parts, background, meta: { ...parts.meta, backgroundNorm: norm, backgroundNormError: normError } },
    norm,
    normError,
    success: true,
    countsSum,
    backgroundSum: bkgSum,
  };
}
