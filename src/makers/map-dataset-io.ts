/**
 * Map datasets in Gammapy's FITS layout (`MapDataset.write`): one image HDU per map with its `<NAME>_BANDS` table —
 * COUNTS, EXPOSURE, BACKGROUND, EDISP + EDISP_EXPOSURE, PSF + PSF_EXPOSURE, MASK_SAFE (and MASK_FIT) — after an empty
 * primary HDU carrying the format name and version. Written files carry CHECKSUM/DATASUM (see `writeFits`).
 */
import type { HduSpec } from "../fits/writer.js";
import { wcsMapToHdus } from "../maps/io.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { GAMMATS_VERSION } from "../util/version.js";
import type { MapDatasetParts } from "./map.js";

/** HDUs of a map dataset (Gammapy's `MapDataset.to_hdulist` layout). `maskFit` is optional, flat like counts. */
export function mapDatasetToHdus(parts: MapDatasetParts, maskFit?: Uint8Array): HduSpec[] {
  const out: HduSpec[] = [
    {
      kind: "image",
      cards: [
        { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}` },
        { key: "GTFORMAT", value: "gadf-map-dataset", comment: "file format" },
        { key: "GTFMTVER", value: "0.3", comment: "format version" },
        { key: "NAME", value: parts.name },
        { key: "LIVETIME", value: parts.livetimeS, comment: "[s]" },
        { key: "ONTIME", value: parts.ontimeS, comment: "[s]" },
      ],
    },
  ];
  const add = (map: WcsNDMap | undefined, name: string) => {
    if (map) out.push(...wcsMapToHdus(map, name).slice(1));
  };
  add(parts.counts, "COUNTS");
  add(parts.exposure, "EXPOSURE");
  add(parts.background, "BACKGROUND");
  add(parts.edisp?.irfMap, "EDISP");
  add(parts.edisp?.exposureMap, "EDISP_EXPOSURE");
  add(parts.psf?.irfMap, "PSF");
  add(parts.psf?.exposureMap, "PSF_EXPOSURE");
  add(parts.maskSafe, "MASK_SAFE");
  if (maskFit) {
    const m = new WcsNDMap(parts.counts.geom, Uint8Array.from(maskFit), "", {}, true);
    add(m, "MASK_FIT");
  }
  return out;
}
