/**
 * Ring background (Gammapy 1.0's `RingBackgroundMaker`): the OFF counts of each pixel are the counts in a ring around
 * it (astropy's `Ring2DKernel`, peak-normalised: ones at pixel offsets with r_in <= r <= r_in + width, in pixels of
 * the first axis' scale) outside an exclusion mask, and the OFF acceptance is the background template summed over the
 * same ring pixels; the ON acceptance is the background template itself. Applied to every energy plane of the
 * dataset (an image dataset has one). Pixels without OFF acceptance are removed from the safe mask.
 */
import { MapDataset } from "../datasets/map-dataset.js";
import { MapDatasetOnOff } from "../datasets/map-dataset-onoff.js";
import { convolveSame } from "../maps/convolve.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { exclusionAtGeom } from "./fov-background.js";
import type { MapDatasetParts } from "./map.js";
import { mapDatasetFromParts } from "./to-dataset.js";

/** A square kernel: `data` (size x size, C order), `size` odd. */
export interface SquareKernel {
  readonly data: Float64Array;
  readonly size: number;
}

/**
 * astropy's `Ring2DKernel(rIn, width)` normalised to its peak: size the odd integer >= 2 (rIn + width), ones where
 * the pixel-centre offset r satisfies rIn^2 <= r^2 <= (rIn + width)^2 (radii in pixels), zeros elsewhere.
 */
export function ringKernel(rInPix: number, widthPix: number): SquareKernel {
  if (!(rInPix >= 0) || !(widthPix > 0))
    throw new ArgumentError(`ring radii ${rInPix}, ${widthPix} px`, "ring", "r_in >= 0 and width > 0");
  const rOut = rInPix + widthPix;
  const c = Math.ceil(2 * rOut);
  const size = c % 2 === 0 ? c + 1 : c;
  const h = (size - 1) / 2;
  const data = new Float64Array(size * size);
  const rIn2 = rInPix * rInPix;
  const rOut2 = rOut * rOut;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const rr = (x - h) ** 2 + (y - h) ** 2;
      if (rr >= rIn2 && rr <= rOut2) data[y * size + x] = 1;
    }
  return { data, size };
}

/** OFF maps of the ring method, flat like the dataset's counts. */
export interface RingOffMaps {
  /** Ring sum of the counts outside the exclusion region. */
  readonly countsOff: Float64Array;
  /** Ring sum of the background template outside the exclusion region. */
  readonly acceptanceOff: Float64Array;
}

/** The ring background maker (Gammapy's `RingBackgroundMaker`). */
export class RingBackgroundMaker {
  /** Inner ring radius (deg). */
  readonly rInnerDeg: number;
  /** Ring width (deg). */
  readonly widthDeg: number;
  /** Exclusion mask image (nonzero = usable); none means no exclusion. */
  readonly exclusionMask: WcsNDMap | undefined;

  /**
   * @param rInnerDeg inner radius (deg)
   * @param widthDeg width (deg)
   * @param exclusionMask exclusion mask (nonzero = usable), read at the dataset's pixel centres (nearest pixel;
   *   outside its image = excluded)
   */
  constructor(rInnerDeg: number, widthDeg: number, exclusionMask?: WcsNDMap) {
    this.rInnerDeg = rInnerDeg;
    this.widthDeg = widthDeg;
    this.exclusionMask = exclusionMask;
  }

  /** The ring kernel on `geom`'s pixels (radii divided by the first pixel scale, as Gammapy). */
  kernel(geom: WcsGeom): SquareKernel {
    const scale = geom.pixelScales[0];
    return ringKernel(this.rInnerDeg / scale, this.widthDeg / scale);
  }

  /** The OFF counts and OFF acceptance (Gammapy's `make_maps_off`), per energy plane. */
  makeMapsOff(dataset: MapDataset): RingOffMaps {
    const geom = dataset.geom;
    const [nx, ny] = geom.npix;
    const npix = nx * ny;
    const excl = this.exclusionMask ? exclusionAtGeom(this.exclusionMask, geom) : new Uint8Array(npix).fill(1);
    const k = this.kernel(geom);
    const counts = dataset.counts.data;
    const background = dataset.npredBackground();
    const n = counts.length;
    const countsOff = new Float64Array(n);
    const acceptanceOff = new Float64Array(n);
    const img = new Float64Array(npix);
    for (let o = 0; o < n; o += npix) {
      for (let i = 0; i < npix; i++) img[i] = excl[i] ? Number(counts[o + i]) : 0;
      convolveSame(img, ny, nx, k.data, k.size, k.size, countsOff.subarray(o, o + npix));
      for (let i = 0; i < npix; i++) img[i] = excl[i] ? background[o + i] : 0;
      convolveSame(img, ny, nx, k.data, k.size, k.size, acceptanceOff.subarray(o, o + npix));
    }
    return { countsOff, acceptanceOff };
  }

  /**
   * The on-off dataset of a map dataset (or reduced parts): OFF maps from the ring, acceptance = the dataset's
   * predicted background, safe mask without the pixels whose OFF acceptance is <= 0 (Gammapy's `run`).
   */
  run(dataset: MapDataset | MapDatasetParts): MapDatasetOnOff {
    const d = dataset instanceof MapDataset ? dataset : mapDatasetFromParts(dataset);
    if (!d.background) throw new ArgumentError(`dataset '${d.name}' has no background`, "background", "a template");
    const { countsOff, acceptanceOff } = this.makeMapsOff(d);
    const onOff = new MapDatasetOnOff({ dataset: d, countsOff, acceptance: d.npredBackground(), acceptanceOff });
    const safe = d.maskSafe.slice();
    for (let i = 0; i < safe.length; i++) if (acceptanceOff[i] <= 0) safe[i] = 0;
    onOff.maskSafe = safe;
    return onOff;
  }
}
