/** The data of a map dataset without models (`MapDatasetParts`), shared by the 3D makers. */
import type { EDispKernelMap } from "../irf/edisp-map.js";
import type { IcrsPointing, PSFMap } from "../irf/psf-map.js";
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
